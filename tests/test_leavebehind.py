import datetime as dt

import pytest

from insights.outputs import leavebehind
from insights.pitch import talk
from insights.pitch.plan import Pair, Pitch
from tests import documents, factory

TODAY = dt.date(2026, 11, 25)


def read_back(tmp_path, made):
    path = tmp_path / "leave.pdf"
    path.write_bytes(leavebehind.build_pdf(made))
    pages = documents.pdf_text(path)
    return pages, " ".join(" ".join(pages).split())


def test_pdf_has_a_cover_points_pairs_sources_and_the_next_step(tmp_path, catalog):
    made = talk.resolve_talk(
        Pitch("For Acme", "Acme Corp", ("test-c2", Pair("test-c3", "test-c4"), "test-c6")),
        catalog.claims,
        TODAY,
        factory.verify_rule(),
    )
    pages, text = read_back(tmp_path, made)
    assert " ".join(pages[0].split()) == "For Acme Prepared for Acme Corp 25 Nov 2026"
    assert (
        "Talking points 1. Firms Acme and Zenith. "
        "Source: Example Research (vendor blog), Mar 2020, ¶1 "
        "2. Claim test-c6 says something. Source: Example Research (vendor blog), Mar 2020, ¶2"
    ) in text
    assert (
        "Objections and answers Objection Claim test-c3 says something. "
        "Source: Example Research (vendor blog), Mar 2020, ¶1 "
        "Answer Claim test-c4 says something."
    ) in text
    assert (
        "Sources A test source Example Research (then Old Example), 15 Mar 2020 · vendor blog "
        "https://example.test/report"
    ) in text
    assert "Next step Contact your account team" in text
    assert "example.test/talk" not in text
    for rep_only in ("verify", "years old", "Bias", "interest in the region"):
        assert rep_only not in text


@pytest.mark.parametrize(
    "hostile",
    [
        '#set page(fill: red) *bold* _em_ $x$ <label> @ref `raw` \\ "quote" // comment',
        '"); #panic("x") #(1+1)',
        "]] ] [ #{ } #let x = 1",
    ],
)
def test_text_from_data_is_text_never_markup(tmp_path, hostile):
    data = factory.pack()
    data["claims"][0]["text"] = hostile
    data["figures"] = [factory.figure("f1", measure_label=hostile)]
    catalog = factory.catalog_of(data)
    made = talk.resolve_talk(
        Pitch(title=hostile, prospect=hostile, items=("test-c1",)),
        catalog.claims,
        TODAY,
        factory.verify_rule(),
        figures=catalog.figures,
    )
    _, text = read_back(tmp_path, made)
    flat = " ".join(hostile.split())
    # Cover title, prospect, the point, the figure (and the footer title).
    assert text.count(flat) >= 4


def resolve_figures(data, items):
    catalog = factory.catalog_of(data)
    pitch = Pitch(items=items)
    return talk.resolve_talk(pitch, catalog.claims, TODAY, factory.verify_rule(3), catalog.figures)


FIGURE_LINES = [
    ("300,000", "Tech specialists, Alpha City, 2023", 1),
    ("240,227", "Tech specialists, Beta Land, 2023", 1),
    ("about 120,500", "Tech specialists, Gamma Bay, 2023", 1),
    ("USD 29 billion", "Foreign direct investment, Alpha City, first half of 2023", 2),
    ("42%", "Growth of tech wages, Alpha City, the last five years", 1),
    ("no. 23", "Rank among the metro areas of the Americas, Alpha City, period not stated", 2),
    ("more than $20 billion", "Exports, Alpha City, at publication", 2),
]


@pytest.fixture(scope="module")
def figures_text(tmp_path_factory):
    """The leave-behind of a pitch on every factory figure, as pdftotext reads it."""
    made = resolve_figures(factory.figures_pack(), ("test-c1", "test-c2", "test-c6"))
    return read_back(tmp_path_factory.mktemp("figures"), made)[1]


@pytest.mark.parametrize(("shown", "what", "paragraph"), FIGURE_LINES)
def test_every_figure_is_in_the_pdf_with_its_source_line(figures_text, shown, what, paragraph):
    source = f"Source: Example Research (vendor blog), Mar 2020, ¶{paragraph}"
    assert f"{shown} — {what} {source}" in figures_text


def test_the_figures_section_sits_between_the_objections_and_the_sources(figures_text):
    at = [figures_text.index(h) for h in ("Talking points", "Figures", "Sources", "Next step")]
    assert at == sorted(at)
    for rep_only in ("verify", "years old", "Bias", "interest in the region"):
        assert rep_only not in figures_text


@pytest.mark.parametrize(
    ("data", "items"),
    [(factory.pack(), ("test-c1", "test-c2")), (factory.figures_pack(), ("test-c3",))],
    ids=["no figures", "none pitched"],
)
def test_no_figure_no_figures_section(tmp_path, data, items):
    _, text = read_back(tmp_path, resolve_figures(data, items))
    assert "Figures" not in text
    assert "Sources" in text


LOGO = (factory.ROOT / "seller-logo.example.png").read_bytes()


@pytest.mark.parametrize(("logo", "pages"), [(LOGO, [1]), (None, [])])
def test_the_cover_carries_the_sellers_logo_when_the_profile_has_one(
    tmp_path, catalog, logo, pages
):
    made = talk.resolve_talk(
        Pitch("For Acme", "Acme Corp", ("test-c2",)), catalog.claims, TODAY, factory.verify_rule()
    )
    closing = talk.Closing(company="Northwind Cloud", logo=logo)
    path = tmp_path / "leave.pdf"
    path.write_bytes(leavebehind.build_pdf(talk.with_closing(made, closing)))
    assert documents.pdf_image_pages(path) == pages
    cover = " ".join(documents.pdf_text(path)[0].split())
    assert cover == "For Acme Prepared for Acme Corp By Northwind Cloud 25 Nov 2026"
