import csv
import datetime as dt
import html
import io
import json
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from insights.outputs import export
from insights.pitch import talk
from insights.pitch.plan import Pair, Pitch
from tests import factory


def test_claims_table_has_readable_columns_and_age(catalog):
    table = export.make_claims_table(catalog.claims, dt.date(2026, 11, 25))
    assert list(table.columns) == list(export.TABLE_COLUMNS.values())
    assert table.loc[0, "Age"] == "as of Mar 2020 — 6 years old: verify before presenting"
    assert table.loc[0, "Source"] == "Example Research (then Old Example), 15 Mar 2020, ¶1"


def test_a_claims_table_of_a_few_rows_carries_only_their_values(catalog):
    # The catalog's columns are categories; a table of one claim must not hold every claim's
    # text as its dictionary (what st.dataframe sends the browser).
    table = export.make_claims_table(catalog.claims.iloc[:1], dt.date(2026, 11, 25))
    assert [c for c in table.columns if isinstance(table[c].dtype, pd.CategoricalDtype)] == []
    assert table.loc[0, "Claim"] == catalog.claims["text"].iloc[0]


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (3, 3),
        (-2.5, -2.5),
        # Issue 15, case 6: a spreadsheet splitting on ";" would start a cell with "=".
        ("Acme;=1+1", "Acme;'=1+1"),
        ("Acme, +1 555", "Acme, '+1 555"),
        ("a\t@SUM(A1)", "a\t'@SUM(A1)"),
        ("a\t\tb", "a\t'\tb"),
        ("line one\n=cmd|' /C calc'!A0", "line one\n'=cmd|' /C calc'!A0"),
        ("  =1", "  '=1"),
        ("ok - fine; a-b, c=d", "ok - fine; a-b, c=d"),
    ],
)
def test_neutralise_cell(cell, safe):
    assert export.neutralise_cell(cell) == safe


def test_csv_round_trips_and_neutralises():
    table = pd.DataFrame({"Claim": ["=1+1", "ok, with comma", "Acme;=1+1"], "ID": ["a", "b", "c"]})
    raw = export.to_csv_bytes(table).decode("utf-8")
    # Every cell is quoted, the header too.
    assert raw.splitlines() == [
        '"Claim","ID"',
        '"\'=1+1","a"',
        '"ok, with comma","b"',
        '"Acme;\'=1+1","c"',
    ]
    back = pd.read_csv(io.StringIO(raw))
    assert list(back["Claim"]) == ["'=1+1", "ok, with comma", "Acme;'=1+1"]
    assert list(back["ID"]) == ["a", "b", "c"]


_CSV_PARTS = st.sampled_from([*export.FORMULA_PREFIXES, *export.CELL_BREAKS, " ", "'", '"', "x"])


@given(st.lists(st.lists(_CSV_PARTS, max_size=12).map("".join) | st.text(max_size=30)))
def test_no_way_of_splitting_a_csv_cell_starts_a_formula(cells):
    table = pd.DataFrame({"cell": cells}, dtype=object)
    raw = export.to_csv_bytes(table).decode("utf-8")
    back = list(csv.reader(io.StringIO(raw)))
    # What a CSV reader reads back is each cell neutralised, every field quoted in the file.
    assert back == [["cell"], *([export.neutralise_cell(c)] for c in cells)]
    for cell in cells:
        safe = export.neutralise_cell(cell)
        assert safe.replace("'", "") == cell.replace("'", "")
        # Split wherever a spreadsheet might: no piece starts a formula, spaces aside.
        for piece in re.split("[" + re.escape("".join(export.CELL_BREAKS)) + "]", safe):
            assert not piece.lstrip(" ").startswith(export.FORMULA_PREFIXES[:4]), (cell, safe)


def test_json_round_trips(catalog):
    table = export.make_claims_table(catalog.claims, dt.date(2026, 11, 25))
    records = json.loads(export.to_json_bytes(table))
    assert records == table.to_dict("records")


TODAY = dt.date(2026, 11, 25)


def resolve(catalog, items, **names):
    return talk.resolve_talk(Pitch(items=items, **names), catalog.claims, catalog.calls, TODAY)


def test_markdown_one_pager_gives_each_point_its_source_line(catalog):
    made = resolve(
        catalog,
        ("test-c2", Pair("test-c3", "test-c4"), "test-c6"),
        title="For Acme",
        prospect="Acme",
    )
    lines = export.to_markdown(made).splitlines()
    line = "   *Source: Example Research (vendor blog), Mar 2020, ¶{n}*"
    assert lines[:14] == [
        "# For Acme",
        "",
        "Prepared for Acme, 25 Nov 2026",
        "",
        "## Talking points",
        "",
        "1. Firms Acme and Zenith.  ",
        line.format(n=1),
        "2. **Objection:** Claim test-c3 says something.  ",
        line.format(n=1) + "  ",
        "   **Answer:** Claim test-c4 says something.  ",
        line.format(n=1),
        "3. Claim test-c6 says something.  ",
        line.format(n=2),
    ]
    assert lines[14:] == [
        "",
        "## Next step",
        "",
        "Talk to us.",
        "",
        "- Talk: <https://example.test/talk>",
        "",
        "## Sources",
        "",
        "- A test source, Example Research (then Old Example), 15 Mar 2020 (vendor blog): "
        "<https://example.test/report>",
    ]


def test_markdown_never_shows_the_reps_checks(catalog):
    text = export.to_markdown(resolve(catalog, ("test-c1", Pair("test-c3", "test-c4"))))
    for rep_only in ("verify", "years old", "Bias", "interest in the region"):
        assert rep_only not in text


HOSTILE_TEXTS = (
    "[^9] **x** [a](javascript:alert(1)) <b>bold</b> `code` ~~gone~~",
    "_under_ and snake_case and __init__ &amp; &#65; a \\* b \\",
    "- starts like a list",
    "# starts like a heading #",
    "> starts like a quote",
    "2017. Starts like a numbered item",
    "+ plus and 3) parenthesis",
    "---",
    "Ends with a hash #",
)


def render_markdown(text: str) -> str:
    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)


@pytest.mark.parametrize("hostile", HOSTILE_TEXTS)
def test_markdown_renders_every_text_back_exactly(hostile):
    data = factory.pack()
    data["claims"][0]["text"] = hostile
    catalog = factory.catalog_of(data)
    made = resolve(catalog, ("test-c1", Pair("test-c3", "test-c4")), title=hostile)
    rendered = render_markdown(export.to_markdown(made))
    assert f"<h1>{html.escape(hostile)}</h1>" in rendered
    assert f"<li>{html.escape(hostile)}<br />" in rendered
    for point in made.points:
        assert f"<em>{html.escape(point.source_line)}</em>" in rendered
    tags = set(re.findall(r"</?([a-z0-9]+)", rendered))
    assert tags <= {"h1", "h2", "p", "ol", "ul", "li", "strong", "em", "br", "a"}


ORDINARY_TEXTS = (
    "Companies look beyond the Bay Area, and Mexico's tech hub: Guadalajara (IBM, HP).",
    'Alpha is 5% cheaper; "nearshoring" helps — see 2017/2018! Why? Costs + time = value.',
    "Words with under_scores, a #hashtag, 3 > 2, and 1.5x growth.",
)


@pytest.mark.parametrize("ordinary", ORDINARY_TEXTS)
def test_markdown_leaves_ordinary_text_unescaped(ordinary):
    data = factory.pack()
    data["claims"][0]["text"] = ordinary
    catalog = factory.catalog_of(data)
    text = export.to_markdown(resolve(catalog, ("test-c1",), title=ordinary, prospect="Acme"))
    assert re.search(r"\\[\w!-/:-@\[-`{-~]", text) is None, text
    assert f"1. {ordinary}  " in text.splitlines()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://example.test/report", "<https://example.test/report>"),
        ("https://example.test/a%3Cb", "<https://example.test/a%3Cb>"),
        ("https://example.test/a b>", "https://example.test/a b>"),
    ],
)
def test_links_are_autolinks_only_when_safe(url, shown):
    assert export._link(url) == shown


def test_pitch_table_has_every_field_in_pitch_order(catalog):
    made = resolve(catalog, ("test-c6", Pair("test-c3", "test-c4")))
    table = export.make_pitch_table(made, catalog.claims)
    claim_fields = [c for c in catalog.claims.columns if c not in export.INTERNAL_COLUMNS]
    assert list(table.columns) == ["position", "role", *claim_fields, "age", "verify", "figures"]
    assert table[["position", "role", "id"]].to_dict("records") == [
        {"position": 1, "role": "talking point", "id": "test-c6"},
        {"position": 2, "role": "objection", "id": "test-c3"},
        {"position": 2, "role": "answer", "id": "test-c4"},
    ]
    assert list(table["published"]) == ["2020-03-15"] * 3
    assert list(table["verify"]) == [True] * 3


def test_pitch_csv_round_trips_with_formulas_neutralised():
    data = factory.pack()
    data["claims"][0]["text"] = '=HYPERLINK("http://evil.test")'
    data["claims"][1]["text"] = '-2 is, "quoted"\nand multi-line'
    catalog = factory.catalog_of(data)
    table = export.make_pitch_table(resolve(catalog, ("test-c1", "test-c2")), catalog.claims)
    back = pd.read_csv(io.BytesIO(export.to_csv_bytes(table)), keep_default_na=False)
    assert list(back.columns) == list(table.columns)
    assert list(back["text"]) == [
        '\'=HYPERLINK("http://evil.test")',
        '\'-2 is, "quoted"\nand multi-line',
    ]
    assert back["id"].tolist() == ["test-c1", "test-c2"]
    assert back["as_of"].tolist() == ["2020-03-15", "2020-03-15"]


def test_pitch_json_round_trips(catalog):
    made = resolve(catalog, ("test-c6", Pair("test-c3", "test-c4")))
    table = export.make_pitch_table(made, catalog.claims)
    records = json.loads(export.to_json_bytes(table))
    assert records == table.to_dict("records")
    assert records[0]["as_of"] == "2020-03-15"
    assert records[1]["role"] == "objection"


@pytest.mark.parametrize(
    ("title", "prospect", "name"),
    [
        ("Mexico: talking points", "Acme", "mexico-talking-points-acme.pptx"),
        ("Ñandú & Co / ../../etc", "", "nandu-co-etc.pptx"),
        ("¿?", "", "pitch.pptx"),
        ("x" * 100, "", "x" * 60 + ".pptx"),
    ],
)
def test_file_name_is_plain(catalog, title, prospect, name):
    made = resolve(catalog, ("test-c1",), title=title, prospect=prospect)
    assert export.make_file_name(made, "pptx") == name


def resolve_figures(data, items, **names):
    catalog = factory.catalog_of(data)
    pitch = Pitch(items=items, **names)
    made = talk.resolve_talk(pitch, catalog.claims, catalog.calls, TODAY, 3, catalog.figures)
    return made, catalog


FIGURES_ITEMS = ("test-c1", "test-c2", Pair("test-c3", "test-c4"), "test-c6")


def test_markdown_lists_the_figures_with_their_source_lines_before_the_next_step():
    made, _ = resolve_figures(factory.figures_pack(), FIGURES_ITEMS)
    lines = export.to_markdown(made).splitlines()
    start = lines.index("## Figures")
    line = "  *Source: Example Research (vendor blog), Mar 2020, ¶{n}*"
    assert lines[start : start + 16] == [
        "## Figures",
        "",
        "- **300,000** — Tech specialists, Alpha City, 2023  ",
        line.format(n=1),
        "- **240,227** — Tech specialists, Beta Land, 2023  ",
        line.format(n=1),
        "- **about 120,500** — Tech specialists, Gamma Bay, 2023  ",
        line.format(n=1),
        "- **USD 29 billion** — Foreign direct investment, Alpha City, first half of 2023  ",
        line.format(n=2),
        "- **42%** — Growth of tech wages, Alpha City, the last five years  ",
        line.format(n=1),
        "- **no. 23** — Rank among the metro areas of the Americas, Alpha City, "
        "period not stated  ",
        line.format(n=2),
        "- **more than $20 billion** — Exports, Alpha City, at publication  ",
        line.format(n=2),
    ]
    assert lines[start + 16 : start + 18] == ["", "## Next step"]
    assert lines.index("## Talking points") < start


@pytest.mark.parametrize(
    ("data", "items"),
    [(factory.pack(), FIGURES_ITEMS), (factory.figures_pack(), ("test-c3",))],
    ids=["no figures", "none pitched"],
)
def test_no_figure_no_figures_section_or_figures_in_the_data(data, items):
    made, catalog = resolve_figures(data, items)
    assert "## Figures" not in export.to_markdown(made)
    table = export.make_pitch_table(made, catalog.claims)
    assert set(table["figures"]) == {""}
    assert {
        len(r["figures"]) for r in json.loads(export.to_pitch_json_bytes(made, catalog.claims))
    } == {0}


def test_markdown_figures_render_back_exactly_and_read_as_text():
    made, _ = resolve_figures(factory.figures_pack(), FIGURES_ITEMS)
    text = export.to_markdown(made)
    assert re.search(r"\\[\w!-/:-@\[-`{-~]", text) is None, text
    rendered = render_markdown(text)
    for figure in made.figures:
        what = f"{figure.measure_label}, {figure.place_name}, {figure.when}"
        assert (
            f"<li><strong>{html.escape(figure.shown)}</strong> — {html.escape(what)}<br />\n"
            f"<em>{html.escape(figure.source_line)}</em></li>"
        ) in rendered


@pytest.mark.parametrize("hostile", HOSTILE_TEXTS)
def test_markdown_figures_hold_any_text_as_text(hostile):
    data = factory.pack(figures=[factory.figure("f1", measure_label=hostile, period=hostile)])
    made, _ = resolve_figures(data, ("test-c1",))
    rendered = render_markdown(export.to_markdown(made))
    what = html.escape(f"{hostile}, Alpha City, {hostile}")
    assert f"<li><strong>300,000</strong> — {what}<br />" in rendered
    tags = set(re.findall(r"</?([a-z0-9]+)", rendered))
    assert tags <= {"h1", "h2", "p", "ol", "ul", "li", "strong", "em", "br", "a"}


def test_pitch_csv_gives_each_claim_its_figures_as_text():
    made, catalog = resolve_figures(factory.figures_pack(), ("test-c2", "test-c3"))
    raw = export.to_csv_bytes(export.make_pitch_table(made, catalog.claims))
    back = pd.read_csv(io.BytesIO(raw), keep_default_na=False)
    cite = "Example Research (then Old Example), 15 Mar 2020, ¶{n}"
    assert back[["id", "figures"]].to_dict("records") == [
        {
            "id": "test-c2",
            "figures": f"Foreign direct investment: USD 29 billion (Alpha City, first half of "
            f"2023; {cite.format(n=2)}); Growth of tech wages: 42% (Alpha City, the last five "
            f"years; {cite.format(n=1)})",
        },
        {"id": "test-c3", "figures": ""},
    ]


def test_pitch_json_gives_each_claim_its_figures_as_typed_records():
    made, catalog = resolve_figures(factory.figures_pack(), ("test-c6", "test-c1"))
    records = json.loads(export.to_pitch_json_bytes(made, catalog.claims))
    assert [[f["id"] for f in r["figures"]] for r in records] == [
        ["fig-rank", "fig-exports"],
        ["fig-alpha", "fig-beta", "fig-gamma"],
    ]
    assert records[0]["figures"][1] == {
        "id": "fig-exports",
        "measure": "exports",
        "measure_label": "Exports",
        "value": 20.0,
        "unit": "money",
        "currency": "$",
        "scale": "billion",
        "qualifier": "more than",
        "figure": "more than $20 billion",
        "place": "alpha",
        "place_name": "Alpha City",
        "period": "at publication",
        "as_of": "2020-03-15",
        "claim": "test-c6",
        "paragraph": 2,
        "citation": "Example Research (then Old Example), 15 Mar 2020, ¶2",
        "source_line": "Source: Example Research (vendor blog), Mar 2020, ¶2",
        "age": "as of Mar 2020 — 6 years old: verify before presenting",
        "verify": True,
    }
    assert records[0]["figures"][0]["period"] is None
    # Everything else is the pitch table's, as CSV carries it.
    table = export.make_pitch_table(made, catalog.claims).drop(columns="figures")
    assert [{k: v for k, v in r.items() if k != "figures"} for r in records] == table.to_dict(
        "records"
    )
