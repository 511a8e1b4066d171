"""Bounded lists: which slice of a long list a page shows, and the line that says so."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

# Cards are tall, table rows short: a page shows this many of each.
CARDS_PER_PAGE = 10
ROWS_PER_PAGE = 50
# A side of a comparison is half a page wide and shows two lists: fewer cards each.
SIDE_CARDS_PER_PAGE = 3
# What both sides of a comparison share: two lists side by side, a few more cards each.
SHARED_CARDS_PER_PAGE = 4
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


def count_groups(frame: pd.DataFrame, column: str) -> int:
    """Return how many distinct values a column holds (the items of a grouped list)."""
    return int(frame[column].nunique())


def take_groups(frame: pd.DataFrame, column: str, span: PageSpan) -> pd.DataFrame:
    """Return the rows whose value in column is one of the page's groups, in order of appearance."""
    keys = frame[column].drop_duplicates().iloc[span.start : span.stop]
    return frame[frame[column].isin(keys)]
