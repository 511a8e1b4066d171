import pytest

from insights.content import load, numbers
from insights.errors import PackError
from tests import factory


@pytest.mark.parametrize(
    ("value", "text", "found"),
    [
        (1.5, "about 1.5 million", True),
        (1.5, "unos 1,5 millones", True),
        (1400, "some 1,400 firms", True),
        (1400, "unas 1.400 empresas", True),
        (45, "45 firms", True),
        (45, "450 firms", False),
        (45, "4.5 firms", False),
        (240227, "tiene 240.227.", True),
        (240227, "tiene 240.227", True),
        (29, "a record USD29bn", True),
        (23, "the 23rd in all", True),
        (110696, "110,696km of lines", True),
        (53, "dropped by 53% annually", True),
        (300000, "300,000 especialistas", True),
        (300, "300,000 especialistas", True),  # "300,000" read as Spanish 300.000 is 300
        (1.6, "1.6 million", True),
        (16, "1.6 million", False),
        (8, "eight of the top 10", False),
    ],
)
def test_is_number_in_reads_english_and_spanish_notation(value, text, found):
    assert numbers.is_number_in(value, text) is found


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        ((300000, "count"), "300,000"),
        ((1.6, "count", None, "million"), "1.6 million"),
        ((70, "count", None, None, "more than"), "more than 70"),
        ((29, "money", "USD", "billion"), "USD 29 billion"),
        ((20, "money", "$", "billion", "more than"), "more than $20 billion"),
        ((42, "percent"), "42%"),
        ((23, "rank"), "no. 23"),
        ((50, "rank", None, None, "within the top"), "within the top 50"),
    ],
)
def test_format_figure(args, shown):
    assert numbers.format_figure(*args) == shown


def test_read_source_text_numbers_paragraphs_after_the_header(tmp_path):
    text = numbers.read_source_text(factory.write_source_text(tmp_path))
    assert text.url == "https://example.test/report"
    assert text.header["language"] == "en"
    assert text.paragraphs[2] == "Costs rose."
    assert len(text.paragraphs) == 3


def test_a_source_text_without_a_header_end_is_refused(tmp_path):
    path = factory.write_source_text(tmp_path, "url: x\nno end\n")
    with pytest.raises(PackError, match="no '---' line ends the header"):
        numbers.read_source_text(path)


def _checked(tmp_path, *figures):
    data = factory.pack(figures=list(figures))
    pack, problems = load.check_pack_text(factory.dump(data), "p.yaml")
    assert problems == []
    sources = numbers.read_source_dir(factory.write_source_text(tmp_path / "src").parent)
    return numbers.check_figures([("p.yaml", pack)], sources)


@pytest.mark.parametrize(
    ("figure", "problems"),
    [
        (factory.figure("f1"), []),
        (factory.figure("f2", value=1.5, scale="million"), []),
        (factory.figure("f3", value=24050, paragraph=2, place="beta"), []),
        (factory.figure("f4", value=42, unit="percent", paragraph=2), []),
        (
            factory.figure("f5", value=300001),
            [
                PackError(
                    "p.yaml", "figures[0].value", "300,001 is not in paragraph 1 of 01-example.txt"
                )
            ],
        ),
        (
            factory.figure("f6", value=42, unit="percent", paragraph=1),
            [PackError("p.yaml", "figures[0].value", "42 is not in paragraph 1 of 01-example.txt")],
        ),
    ],
)
def test_check_figures_finds_each_number_in_its_paragraph(tmp_path, figure, problems):
    assert _checked(tmp_path, figure) == problems


def test_a_cited_paragraph_past_the_source_text_is_named(tmp_path):
    data = factory.pack(
        source={
            **factory.SOURCE,
            "paragraphs": [{"number": n, "gist": "G."} for n in (1, 2, 3, 4)],
        },
        figures=[factory.figure("f1", paragraph=4)],
    )
    pack, _ = load.check_pack_text(factory.dump(data), "p.yaml")
    sources = numbers.read_source_dir(factory.write_source_text(tmp_path).parent)
    assert numbers.check_figures([("p.yaml", pack)], sources) == [
        PackError("p.yaml", "figures[0].paragraph", "01-example.txt has no paragraph 4")
    ]


def test_a_pack_with_figures_and_no_source_text_is_named(tmp_path):
    data = factory.other_pack(figures=[factory.figure("f1", claim="newer-c1")])
    pack, _ = load.check_pack_text(factory.dump(data), "p.yaml")
    sources = numbers.read_source_dir(factory.write_source_text(tmp_path).parent)
    assert numbers.check_figures([("p.yaml", pack)], sources) == [
        PackError("p.yaml", "source.url", "no source text with this URL to check figures against")
    ]


def _figures():
    newer = factory.other_pack(
        figures=[
            factory.figure("f1", claim="newer-c1", qualifier="more than"),
            factory.figure("f2", claim="newer-c3", place="beta", value=250000),
            factory.figure(
                "f3",
                claim="newer-c1",
                measure="exports",
                measure_label="Exports",
                unit="money",
                currency="USD",
                value=29,
                scale="billion",
                period=None,
            ),
        ]
    )
    return factory.catalog_of(newer)


def test_make_figure_table_reads_each_figure_with_its_source():
    table = numbers.make_figure_table(_figures().figures)
    assert table.to_dict("records")[2] == {
        "Place": "Alpha City",
        "Measure": "Exports",
        "Figure": "USD 29 billion",
        "Period": "period not stated",
        "Source": "Newer Analytics, 3 May 2024, ¶1",
    }
    assert list(table["Figure"][:2]) == ["more than 300,000", "250,000"]


def test_only_measures_with_several_places_or_periods_are_chartable():
    assert numbers.list_comparable_measures(_figures().figures) == {
        "tech-specialists": "Tech specialists"
    }


def test_figures_in_view_rest_on_claims_in_view():
    catalog = _figures()
    alpha = catalog.claims[catalog.claims["id"] == "newer-c1"]
    assert list(numbers.keep_figures_in_view(catalog.figures, alpha)["id"]) == ["f1", "f3"]


def test_pair_figures_sets_shared_measures_side_by_side():
    figures = _figures().figures
    paired = numbers.pair_figures(
        figures[figures["place"] == "alpha"], figures[figures["place"] == "beta"]
    )
    assert paired.to_dict("records") == [
        {
            "Measure": "Tech specialists",
            "Counted within": "boundary not stated",
            "Left": "more than 300,000 (Alpha City, 2023; Newer Analytics, 3 May 2024, ¶1)",
            "Right": "250,000 (Beta Land, 2023; Newer Analytics, 3 May 2024, ¶1)",
        },
        # A measure one side lacks shows the gap rather than no row.
        {
            "Measure": "Exports",
            "Counted within": "boundary not stated",
            "Left": "USD 29 billion (Alpha City, period not stated; "
            "Newer Analytics, 3 May 2024, ¶1)",
            "Right": "no figure for the right side in these sources",
        },
    ]


@pytest.mark.parametrize(
    ("per_cell", "left"),
    [
        (1, "more than 300,000 (Alpha City, 2023; Newer Analytics, 3 May 2024, ¶1); and 1 more"),
        (
            2,
            "more than 300,000 (Alpha City, 2023; Newer Analytics, 3 May 2024, ¶1); "
            "250,000 (Beta Land, 2023; Newer Analytics, 3 May 2024, ¶1)",
        ),
    ],
)
def test_pair_figures_lists_a_few_figures_per_cell_and_counts_the_rest(per_cell, left):
    figures = _figures().figures
    tech = figures[figures["measure"] == figures["measure"].iloc[0]]
    paired = numbers.pair_figures(tech, figures[figures["place"] == "beta"], per_cell)
    assert paired["Left"].tolist()[0] == left


def test_pair_figures_keeps_each_measure_beside_its_own_label():
    newer = factory.other_pack(
        figures=[
            factory.figure("f1", claim="newer-c1", qualifier="more than"),
            factory.figure(
                "f2", claim="newer-c1", measure="exports", measure_label="Exports", value=29
            ),
            factory.figure("f3", claim="newer-c1", measure="left-only", measure_label="Alone"),
            factory.figure(
                "f4", claim="newer-c3", place="beta", measure="exports", measure_label="Exports"
            ),
            factory.figure("f5", claim="newer-c3", place="beta", value=250000),
        ]
    )
    figures = factory.catalog_of(newer).figures
    paired = numbers.pair_figures(
        figures[figures["place"] == "alpha"],
        figures[figures["place"] == "beta"],
        left_label="Alpha City",
        right_label="Beta Land",
    )
    # Measures both give first, in the left side's order; then one side's alone, with its gap.
    assert paired["Measure"].tolist() == ["Tech specialists", "Exports", "Alone"]
    assert [cell.split(" (")[0] for cell in paired["Left"]] == [
        "more than 300,000",
        "29",
        "300,000",
    ]
    assert [cell.split(" (")[1][:9] for cell in paired["Right"][:2]] == ["Beta Land"] * 2
    assert paired["Right"].tolist()[0].startswith("250,000 (Beta Land")
    assert paired["Right"].tolist()[2] == "no figure for Beta Land in these sources"


@pytest.mark.parametrize(
    ("left_boundary", "right_boundary", "rows"),
    [
        ("municipality", "municipality", 1),
        ("municipality", "metro area", 2),
        ("metro area", None, 2),
        ("not stated", None, 1),  # "not stated" and no boundary given say the same
    ],
)
def test_pair_figures_never_sets_different_boundaries_side_by_side(
    left_boundary, right_boundary, rows
):
    newer = factory.other_pack(
        figures=[
            factory.figure("f1", claim="newer-c1", measure="population", boundary=left_boundary),
            factory.figure(
                "f2", claim="newer-c3", place="beta", measure="population", boundary=right_boundary
            ),
        ]
    )
    figures = factory.catalog_of(newer).figures
    paired = numbers.pair_figures(figures.iloc[:1], figures.iloc[1:], 3, "Alpha City", "Beta Land")
    assert len(paired) == rows
    for row in paired.to_dict("records"):
        both = "no figure" not in row["Left"] and "no figure" not in row["Right"]
        assert both == (rows == 1)
