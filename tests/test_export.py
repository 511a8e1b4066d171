import csv
import datetime as dt
import io
import json
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from insights import export, talk
from insights.pitch import Pair, Pitch
from tests import factory


def test_claims_table_has_readable_columns_and_age(catalog):
    table = export.make_claims_table(catalog.claims, dt.date(2026, 11, 25))
    assert list(table.columns) == list(export.TABLE_COLUMNS.values())
    assert table.loc[0, "Age"] == "as of Mar 2020 — 6 years old: verify before presenting"
    assert table.loc[0, "Source"] == "Example Research (then Old Example), 15 Mar 2020, ¶1"


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


def footnotes(markdown: str) -> tuple[list[str], dict[str, str]]:
    """The footnote references in the body, and the definitions by label."""
    body, _, _ = markdown.partition("\n[^1]:")
    refs = re.findall(r"\[\^(\d+)\](?!:)", body)
    defs = dict(re.findall(r"^\[\^(\d+)\]: (.*)$", markdown, flags=re.MULTILINE))
    return refs, defs


def test_markdown_one_pager_cites_every_point_in_a_footnote(catalog):
    made = resolve(
        catalog,
        ("test-c2", Pair("test-c3", "test-c4"), "test-c6"),
        title="For Acme",
        prospect="Acme",
    )
    text = export.to_markdown(made)
    refs, defs = footnotes(text)
    assert refs == ["1", "2", "3", "4"]
    assert set(defs) == set(refs)
    assert defs["1"] == (
        r"Example Research \(then Old Example\)\, 15 Mar 2020\, ¶1 · as of Mar 2020 — 6 years "
        r"old\: verify before presenting"
    )
    assert defs["4"].startswith(r"Example Research \(then Old Example\)\, 15 Mar 2020\, ¶2 ·")
    lines = text.splitlines()
    assert lines[:7] == [
        "# For Acme",
        "",
        "Prepared for Acme, 25 Nov 2026",
        "",
        "## Talking points",
        "",
        r"1. Firms Acme and Zenith\.[^1]",
    ]
    assert lines[7:10] == [
        r"2. **Objection:** Claim test\-c3 says something\.[^2]",
        r"   - **What the source answers:** Claim test\-c4 says something\.[^3]",
        r"3. Claim test\-c6 says something\.[^4]",
    ]
    assert "- Talk: <https://example.test/talk> (¶3)" in lines
    assert (
        r"- **A test source**, Example Research \(then Old Example\), 15 Mar 2020 (vendor blog): "
        r"<https://example.test/report>. Bias: Written by a vendor with an interest in the region\."
    ) in lines
    assert "| Talent \\& education | 1 | 0 | 0 |" in lines


def test_markdown_reuses_a_footnote_for_a_repeated_claim(catalog):
    text = export.to_markdown(resolve(catalog, ("test-c3", Pair("test-c3", "test-c4"))))
    refs, defs = footnotes(text)
    assert refs == ["1", "1", "2"]
    assert sorted(defs) == ["1", "2"]


def test_markdown_escapes_what_markdown_would_interpret():
    data = factory.pack()
    data["claims"][0]["text"] = "[^9] **x** [a](javascript:alert(1)) <b>"
    data["source"]["url"] = "https://example.test/a_b?c=<d>"
    catalog = factory.catalog_of(data)
    text = export.to_markdown(resolve(catalog, ("test-c1",), title="# <h1>"))
    assert text.startswith("# \\# \\<h1\\>\n")
    assert r"1. \[\^9\] \*\*x\*\* \[a\]\(javascript\:alert\(1\)\) \<b\>[^1]" in text
    refs, defs = footnotes(text)
    assert (refs, list(defs)) == (["1"], ["1"])
    assert "<b>" not in text
    assert "](" not in text


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("https://example.test/report", "<https://example.test/report>"),
        ("https://example.test/a%3Cb", "<https://example.test/a%3Cb>"),
        ("https://example.test/a b>", "https\\:\u2060\\/\\/example\\.test\\/a b\\>"),
    ],
)
def test_links_are_autolinks_only_when_safe(url, shown):
    assert export._link(url) == shown


def test_pitch_table_has_every_field_in_pitch_order(catalog):
    made = resolve(catalog, ("test-c6", Pair("test-c3", "test-c4")))
    table = export.make_pitch_table(made, catalog.claims)
    claim_fields = [c for c in catalog.claims.columns if c not in export.INTERNAL_COLUMNS]
    assert list(table.columns) == ["position", "role", *claim_fields, "age", "verify"]
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
