"""Filters over the claims frame: each gives a row mask and the words that describe it."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from insights.view.facets import FACETS, Facet, Vocabulary
from insights.view.selection import Selection

DRAFTS_PHRASE = "including drafts"


@dataclass(frozen=True)
class Clause:
    """One filter's rows (a boolean mask) and its phrase; stance phrases go before "claims"."""

    mask: np.ndarray
    phrase: str
    before_noun: bool = False


@dataclass(frozen=True)
class Filtered:
    """The rows a view shows and the sentence that says what they are."""

    frame: pd.DataFrame
    sentence: str


def join_or(words: Sequence[str]) -> str:
    """Join words as a reader would: ``a``, ``a or b``, ``a, b or c``."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


def facet_clause(
    frame: pd.DataFrame, facet: Facet, values: Sequence[str], vocab: Vocabulary
) -> Clause:
    """Keep claims whose facet column (or, where a claim names several, any of them) matches."""
    words = join_or([vocab.label(facet.name, v) for v in values])
    return Clause(match_values(frame, facet, values), facet.phrase.format(words), facet.before_noun)


def match_values(frame: pd.DataFrame, facet: Facet, values: Sequence[str]) -> np.ndarray:
    """Return which claims hold any of the values in the facet's column or further values."""
    mask = _isin(frame[facet.column], values)
    if facet.every_column is None or facet.many_column is None:
        return mask
    # Most claims name one value: only the few naming several are looked at one by one.
    several = frame[facet.many_column].to_numpy(dtype=bool)
    wanted = frozenset(values)
    spots = np.flatnonzero(several)
    # Read at those rows alone: the whole column as objects is one per claim.
    named = frame[facet.every_column].array.take(spots).tolist()
    hits = [not wanted.isdisjoint(ids) for ids in named]
    mask = mask.copy()
    mask[spots[np.asarray(hits, dtype=bool)]] = True
    return mask


def keep_values(frame: pd.DataFrame, column: str, values: Sequence[str]) -> pd.DataFrame:
    """Keep the rows whose column holds one of the values (a page's strengths, its challenges)."""
    return frame.take(locate_values(frame, column, values))


def match_column(frame: pd.DataFrame, column: str, values: Collection[str]) -> np.ndarray:
    """Tell, for each row, whether its column holds one of the values."""
    return _isin(frame[column], list(values))


def locate_values(frame: pd.DataFrame, column: str, values: Sequence[str]) -> np.ndarray:
    """Return the positions of the rows whose column holds one of the values."""
    return np.flatnonzero(_isin(frame[column], values))


def drop_values(frame: pd.DataFrame, column: str, values: Sequence[str]) -> pd.DataFrame:
    """Keep the rows whose column holds none of the values."""
    return frame.take(np.flatnonzero(~_isin(frame[column], values)))


def find_values(frame: pd.DataFrame, column: str, values: Sequence[str]) -> pd.Index:
    """Return the row labels of the rows whose column holds one of the values."""
    return frame.index[_isin(frame[column], values)]


def _isin(column: pd.Series, values: Sequence[str]) -> np.ndarray:
    # A category column is matched on its small integer codes: no string is hashed per row.
    # Each value's code is looked up in the categories' own hash table: an Index made of the
    # values would cost more than the match (pandas 3 gives it a str dtype, which the object
    # categories are then matched against through a cast).
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = column.dtype.categories
        # Categories are unique, so each is found at one position.
        wanted = [cast(int, categories.get_loc(v)) for v in values if v in categories]
        return _match_codes(column.array.codes, wanted, len(categories))
    return column.isin(values).to_numpy(dtype=bool)


# One comparison is one quick pass over the codes; a lookup table is one gather, which costs
# about as much as this many comparisons (np.isin, which converts the codes, costs more).
_COMPARISONS_BEFORE_TABLE = 16


def _match_codes(codes: np.ndarray, wanted: Sequence[int], categories: int) -> np.ndarray:
    if len(wanted) <= _COMPARISONS_BEFORE_TABLE:
        mask = np.zeros(len(codes), dtype=bool)
        for code in wanted:
            mask |= codes == code
        return mask
    present = np.zeros(categories + 1, dtype=bool)  # the extra last slot answers -1 (missing)
    present[list(wanted)] = True
    return present.take(codes)


def search_clause(frame: pd.DataFrame, text: str) -> Clause:
    """Keep claims whose text, place, theme or id contains the words, ignoring case."""
    mask = frame["search_text"].str.contains(text.casefold(), regex=False)
    return Clause(mask.to_numpy(dtype=bool), f"matching \u201c{text}\u201d")


def selection_clauses(frame: pd.DataFrame, selection: Selection, vocab: Vocabulary) -> list[Clause]:
    """Return one clause per facet that the selection narrows, then the search."""
    clauses = [
        facet_clause(frame, facet, values, vocab)
        for facet in FACETS
        if (values := selection.values(facet.name))
    ]
    if selection.text:
        clauses.append(search_clause(frame, selection.text))
    return clauses


def describe(count: int, clauses: Sequence[Clause], drafts: bool = False) -> str:
    """Say what a filtered view holds, e.g. ``3 challenge claims about Mexico``."""
    noun = "claim" if count == 1 else "claims"
    before = [c.phrase for c in clauses if c.before_noun]
    after = [c.phrase for c in clauses if not c.before_noun]
    return " ".join([str(count), *before, noun, *after, *([DRAFTS_PHRASE] if drafts else [])])


def apply_filters(
    frame: pd.DataFrame, vocab: Vocabulary, *selections: Selection, drafts: bool = False
) -> Filtered:
    """Keep the claims that every selection allows, with the sentence that describes them."""
    clauses = [c for s in selections for c in selection_clauses(frame, s, vocab)]
    # A page that narrows to what the sidebar already selects should not say it twice.
    clauses = list({c.phrase: c for c in clauses}.values())
    if not clauses:
        # Nothing to narrow: a shallow copy costs nothing, and copy-on-write still keeps a
        # change to it from reaching the frame it came from.
        return Filtered(frame.copy(deep=False), describe(len(frame), clauses, drafts))
    mask = clauses[0].mask
    for clause in clauses[1:]:
        mask = mask & clause.mask
    # Narrowing a view to what it already holds keeps every row: no need to copy them.
    kept = frame.copy(deep=False) if mask.all() else frame.take(np.flatnonzero(mask))
    return Filtered(kept, describe(len(kept), clauses, drafts))


def keep_headlines(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the claims their pack marks as headlines."""
    return frame.take(np.flatnonzero(frame["headline"].to_numpy(dtype=bool)))
