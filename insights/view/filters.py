"""Filters over the claims frame: each gives a row mask and the words that describe it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from insights.view.facets import FACETS, Facet, Vocabulary
from insights.view.selection import Selection

DRAFTS_PHRASE = "including drafts"


@dataclass(frozen=True)
class Clause:
    """One filter's rows (a boolean mask) and its phrase; stance phrases go before "claims"."""

    mask: pd.Series
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


def match_values(frame: pd.DataFrame, facet: Facet, values: Sequence[str]) -> pd.Series:
    """Return which claims hold any of the values in the facet's column or further values."""
    mask = frame[facet.column].isin(values)
    if facet.every_column is None or facet.many_column is None:
        return mask
    wanted = frozenset(values)
    several = frame.loc[frame[facet.many_column], facet.every_column]
    return mask | several.map(lambda ids: not wanted.isdisjoint(ids)).reindex(
        frame.index, fill_value=False
    )


def search_clause(frame: pd.DataFrame, text: str) -> Clause:
    """Keep claims search by words finds (stems, EN/ES concepts, names; insights/search)."""
    # Imported here: insights.search's view module imports this one.
    from insights.search.mask import word_mask

    return Clause(word_mask(frame, text), f"matching \u201c{text}\u201d")


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
        return Filtered(frame.copy(deep=False), describe(len(frame), clauses, drafts))
    mask = clauses[0].mask
    for clause in clauses[1:]:
        mask = mask & clause.mask
    kept = frame[mask]
    return Filtered(kept, describe(len(kept), clauses, drafts))


def keep_headlines(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the claims their pack marks as headlines."""
    return frame[frame["headline"]]
