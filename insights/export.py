"""Tables as shown and downloads of exactly those tables."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from insights import citation
from insights.model import SOURCE_KINDS

TABLE_COLUMNS = {
    "id": "ID",
    "text": "Claim",
    "theme_label": "Theme",
    "place_name": "Place",
    "stance_label": "Stance",
    "citation": "Source",
    "age": "Age",
    "source_kind_label": "Source kind",
    "url": "Source URL",
}
# Spreadsheets run a cell that starts with one of these as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def make_claims_table(claims: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Return the claims as the explorer shows them: readable columns, age computed for today."""
    ages = [citation.describe_age(d, today) for d in claims["as_of"]]
    kinds = claims["source_kind"].map(SOURCE_KINDS)
    table = claims.assign(age=ages, source_kind_label=kinds)[list(TABLE_COLUMNS)]
    return table.rename(columns=TABLE_COLUMNS).reset_index(drop=True)


def neutralise_cell(value: object) -> object:
    """Prefix a quote to text a spreadsheet would read as a formula; other values pass through."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """Return the table as UTF-8 CSV with formula-like cells neutralised."""
    safe = table.map(neutralise_cell)
    return safe.to_csv(index=False).encode("utf-8")


def to_json_bytes(table: pd.DataFrame) -> bytes:
    """Return the table as a JSON array of records, dates in ISO form."""
    return table.to_json(orient="records", force_ascii=False, date_format="iso", indent=2).encode(
        "utf-8"
    )
