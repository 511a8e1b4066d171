import datetime as dt
import io
import json

import pandas as pd
import pytest

from insights import export


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
    ],
)
def test_neutralise_cell(cell, safe):
    assert export.neutralise_cell(cell) == safe


def test_csv_round_trips_and_neutralises():
    table = pd.DataFrame({"Claim": ["=1+1", "ok, with comma"], "ID": ["a", "b"]})
    back = pd.read_csv(io.BytesIO(export.to_csv_bytes(table)))
    assert list(back["Claim"]) == ["'=1+1", "ok, with comma"]
    assert list(back["ID"]) == ["a", "b"]


def test_json_round_trips(catalog):
    table = export.make_claims_table(catalog.claims, dt.date(2026, 11, 25))
    records = json.loads(export.to_json_bytes(table))
    assert records == table.to_dict("records")
