"""Bounded lists: which slice of a long list a page shows, and the line that says so."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

# Cards are tall, table rows short: a page shows this many of each.
CARDS_PER_PAGE = 10
ROWS_PER_PAGE = 50
# A side of a comparison is half a page wide and shows two lists: fewer cards each.
SIDE_CARDS_PER_PAGE = 3
# A challenge beside its answers is a pair of cards or more.
PAIRS_PER_PAGE = 5
# Claims to pick from for a pitch: compact cards, and a page's worth can be added at once.
PICKS_PER_PAGE = 10


@dataclass(frozen=True)
class PageSpan:
    """One page of a list: its number (from 1), how many pages, and the rows it covers."""

    number: int
    pages: int
    start: int
    stop: int
    total: int

    def describe(self, noun: str) -> str:
        """Say what is shown, e.g. ``showing 51 to 100 of 3,400 claims``."""
        if self.total <= self.stop - self.start:
            return f"showing all {self.total:,} {noun}"
        return f"showing {self.start + 1:,} to {self.stop:,} of {self.total:,} {noun}"


def count_pages(total: int, size: int) -> int:
    """Return how many pages a list of total items needs (at least one)."""
    return max(1, math.ceil(total / size))


def locate(total: int, number: int, size: int) -> PageSpan:
    """Return page ``number`` of a list, clamped to the pages that exist."""
    if size < 1:
        raise ValueError("a page holds at least one item")
    pages = count_pages(total, size)
    number = min(max(int(number), 1), pages)
    start = min((number - 1) * size, total)
    return PageSpan(number, pages, start, min(start + size, total), total)


def take(frame: pd.DataFrame, span: PageSpan) -> pd.DataFrame:
    """Return the rows of a frame that a page shows."""
    return frame.iloc[span.start : span.stop]


def take_rows(frame: pd.DataFrame, rows: np.ndarray, span: PageSpan) -> pd.DataFrame:
    """Return the rows at the page's share of these row positions, in their order."""
    # Only the page's rows are copied: the positions of a long list cost nothing to slice.
    return frame.take(rows[span.start : span.stop])


def count_groups(frame: pd.DataFrame, column: str) -> int:
    """Return how many distinct values a column holds (the items of a grouped list)."""
    return int(frame[column].nunique())


def take_groups(frame: pd.DataFrame, column: str, span: PageSpan) -> pd.DataFrame:
    """Return the rows whose value in column is one of the page's groups, in order of appearance."""
    keys = frame[column].drop_duplicates().iloc[span.start : span.stop]
    return frame[frame[column].isin(keys)]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a frame's rows as dicts keyed by column name, to show one by one."""
    # Column by column: DataFrame.to_dict boxes every cell on its own, and one object array of
    # the frame converts each category column's whole dictionary (every claim's text at 100k).
    names = [str(name) for name in frame.columns]
    columns = [_read_values(column.array) for _, column in frame.items()]
    return [dict(zip(names, row, strict=True)) for row in zip(*columns, strict=True)]


def read_page(
    frame: pd.DataFrame,
    span: PageSpan,
    fields: Sequence[str],
    rows: np.ndarray | None = None,
) -> list[dict[str, Any]]:
    """Return a page of the frame's rows (or of these row positions) as dicts of the fields."""
    picked = np.arange(span.start, span.stop) if rows is None else rows[span.start : span.stop]
    return read_rows(frame, fields, picked)


def read_rows(frame: pd.DataFrame, fields: Sequence[str], rows: np.ndarray) -> list[dict[str, Any]]:
    """Return the frame's rows at these positions as dicts of the fields."""
    columns = read_columns(frame, fields, rows)
    return [dict(zip(fields, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def read_columns(
    frame: pd.DataFrame, fields: Sequence[str], rows: np.ndarray | None = None
) -> dict[str, list[Any]]:
    """Return the fields' plain values at these row positions (every row when None)."""
    # A card reads a few of a claim's columns: taking those columns at the page's rows costs
    # a small fraction of copying the rows of every column first, or of the list they are in.
    return {
        name: _read_values(frame[name].array if rows is None else frame[name].array.take(rows))
        for name in fields
    }


def _read_values(array: Any) -> list[Any]:
    # A category of Python objects is read through its codes, never its whole dictionary
    # (every claim's text of a large catalog); a missing value reads as NaN, as
    # Categorical.tolist gives.
    if isinstance(array, pd.Categorical) and array.categories.dtype == object:
        codes = array.codes
        values = array.categories.to_numpy()[codes]
        missing = codes < 0
        if missing.any():
            values[missing] = np.nan
        return values.tolist()
    if isinstance(array, pd.arrays.NumpyExtensionArray):
        # Through numpy: Python ints, floats and bools, as Series.tolist gives, not numpy's.
        return list(array.to_numpy().tolist())
    return list(array.tolist())
