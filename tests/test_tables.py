"""Tests for insights.outputs.tables."""

import csv
import datetime as dt
import io
import json
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from insights.outputs import tables
from insights.pitch import talk
from insights.pitch.plan import Pair, Pitch
from tests import factory

_CSV_PARTS = st.sampled_from([*tables.FORMULA_PREFIXES, *tables.CELL_BREAKS, " ", "'", '"', "x"])


TODAY = dt.date(2026, 11, 25)


def resolve(catalog, items, **names):
    return talk.resolve_talk(
        Pitch(items=items, **names), catalog.claims, TODAY, factory.verify_rule()
    )


def resolve_figures(data, items, **names):
    catalog = factory.catalog_of(data)
    pitch = Pitch(items=items, **names)
    made = talk.resolve_talk(pitch, catalog.claims, TODAY, factory.verify_rule(3), catalog.figures)
    return made, catalog


def test_claims_table_has_readable_columns_and_age(catalog):
    table = tables.make_claims_table(catalog.claims, dt.date(2026, 11, 25), factory.verify_rule())
    assert list(table.columns) == list(tables.TABLE_COLUMNS.values())
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
    assert tables.neutralise_cell(cell) == safe


def test_csv_round_trips_and_neutralises():
    table = pd.DataFrame({"Claim": ["=1+1", "ok, with comma", "Acme;=1+1"], "ID": ["a", "b", "c"]})
    raw = tables.to_csv_bytes(table).decode("utf-8")
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


@given(st.lists(st.lists(_CSV_PARTS, max_size=12).map("".join) | st.text(max_size=30)))
def test_no_way_of_splitting_a_csv_cell_starts_a_formula(cells):
    table = pd.DataFrame({"cell": cells}, dtype=object)
    raw = tables.to_csv_bytes(table).decode("utf-8")
    back = list(csv.reader(io.StringIO(raw)))
    # What a CSV reader reads back is each cell neutralised, every field quoted in the file.
    assert back == [["cell"], *([tables.neutralise_cell(c)] for c in cells)]
    for cell in cells:
        safe = tables.neutralise_cell(cell)
        assert safe.replace("'", "") == cell.replace("'", "")
        # Split wherever a spreadsheet might: no piece starts a formula, spaces aside.
        for piece in re.split("[" + re.escape("".join(tables.CELL_BREAKS)) + "]", safe):
            assert not piece.lstrip(" ").startswith(tables.FORMULA_PREFIXES[:4]), (cell, safe)


def test_json_round_trips(catalog):
    table = tables.make_claims_table(catalog.claims, dt.date(2026, 11, 25), factory.verify_rule())
    records = json.loads(tables.to_json_bytes(table))
    assert records == table.to_dict("records")


def test_pitch_table_has_every_field_in_pitch_order(catalog):
    made = resolve(catalog, ("test-c6", Pair("test-c3", "test-c4")))
    table = tables.make_pitch_table(made, catalog.claims)
    claim_fields = [c for c in catalog.claims.columns if c not in tables.INTERNAL_COLUMNS]
    assert list(table.columns) == [
        *("position", "role", *claim_fields),
        *("said_by", "age", "verify", "our_note", "figures"),
    ]
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
    table = tables.make_pitch_table(resolve(catalog, ("test-c1", "test-c2")), catalog.claims)
    back = pd.read_csv(io.BytesIO(tables.to_csv_bytes(table)), keep_default_na=False)
    assert list(back.columns) == list(table.columns)
    assert list(back["text"]) == [
        '\'=HYPERLINK("http://evil.test")',
        '\'-2 is, "quoted"\nand multi-line',
    ]
    assert back["id"].tolist() == ["test-c1", "test-c2"]
    assert back["as_of"].tolist() == ["2020-03-15", "2020-03-15"]


def test_pitch_json_round_trips(catalog):
    made = resolve(catalog, ("test-c6", Pair("test-c3", "test-c4")))
    table = tables.make_pitch_table(made, catalog.claims)
    records = json.loads(tables.to_json_bytes(table))
    assert records == table.to_dict("records")
    assert records[0]["as_of"] == "2020-03-15"
    assert records[1]["role"] == "objection"


def test_pitch_csv_gives_each_claim_its_figures_as_text():
    made, catalog = resolve_figures(factory.figures_pack(), ("test-c2", "test-c3"))
    raw = tables.to_csv_bytes(tables.make_pitch_table(made, catalog.claims))
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
    records = json.loads(tables.to_pitch_json_bytes(made, catalog.claims))
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
    table = tables.make_pitch_table(made, catalog.claims).drop(columns="figures")
    assert [{k: v for k, v in r.items() if k != "figures"} for r in records] == table.to_dict(
        "records"
    )


# The team's upkeep of a claim: who owns it, when it was reviewed, when it is due, its status.
UPKEEP = {"owner": "Ana Ruiz", "reviewed_on": "2025-03-02", "review_due": "2026-03-01"}


@pytest.mark.parametrize(
    ("copy", "kept"),
    [(talk.Copy.REP, True), (talk.Copy.PROSPECT, False)],
)
def test_only_the_reps_copy_carries_how_the_team_keeps_the_content(copy, kept):
    team = {"owner": "Ana Ruiz", "reviewed_on": "2025-03-02", "review_by": "2026-03-01"}
    catalog = factory.catalog_of(factory.pack(team=team))
    made = resolve(catalog, ("test-c1",))
    rows = json.loads(tables.to_pitch_json_bytes(made, catalog.claims, copy))
    header = tables.to_csv_bytes(tables.make_pitch_table(made, catalog.claims, copy))
    columns = next(csv.reader(io.StringIO(header.decode("utf-8"))))
    for field in (*UPKEEP, "status"):
        assert (field in rows[0], field in columns) == (kept, kept), field
    if kept:
        assert {f: rows[0][f] for f in UPKEEP} == UPKEEP
        assert rows[0]["status"] == "published"
    # The sourced facts stay in both: the claim, its citation and its evidence.
    for field in ("text", "citation", "evidence"):
        assert field in rows[0]
