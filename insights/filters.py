"""Filters over the claims frame: each gives a row mask and the words that describe it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from insights.model import STANCES, THEMES
from insights.selection import Selection


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


def place_clause(frame: pd.DataFrame, places: Sequence[str], names: Mapping[str, str]) -> Clause:
    """Keep claims about any of the places."""
    return Clause(
        frame["place"].isin(places), f"about {join_or([names.get(p, p) for p in places])}"
    )


def theme_clause(frame: pd.DataFrame, themes: Sequence[str]) -> Clause:
    """Keep claims on any of the themes."""
    return Clause(frame["theme"].isin(themes), f"on {join_or([THEMES[t] for t in themes])}")


def stance_clause(frame: pd.DataFrame, stances: Sequence[str]) -> Clause:
    """Keep claims of any of the stances."""
    return Clause(
        frame["stance"].isin(stances), join_or([STANCES[s] for s in stances]), before_noun=True
    )


def region_clause(frame: pd.DataFrame, regions: Sequence[str]) -> Clause:
    """Keep claims from packs about any of the regions."""
    names = dict(zip(frame["region"], frame["region_name"], strict=True))
    return Clause(
        frame["region"].isin(regions), f"in {join_or([names.get(r, r) for r in regions])}"
    )


def drafts_clause(frame: pd.DataFrame) -> Clause:
    """Say that draft packs are shown too; the rows are whatever the catalog already holds."""
    return Clause(pd.Series(True, index=frame.index), "including drafts")


def search_clause(frame: pd.DataFrame, text: str) -> Clause:
    """Keep claims whose text, place, theme or id contains the words, ignoring case."""
    mask = frame["search_text"].str.contains(text.casefold(), regex=False)
    return Clause(mask, f"matching \u201c{text}\u201d")


def selection_clauses(
    frame: pd.DataFrame, selection: Selection, place_names: Mapping[str, str]
) -> list[Clause]:
    """Return one clause per facet that the selection narrows."""
    clauses = []
    if selection.stances:
        clauses.append(stance_clause(frame, selection.stances))
    if selection.regions:
        clauses.append(region_clause(frame, selection.regions))
    if selection.places:
        clauses.append(place_clause(frame, selection.places, place_names))
    if selection.themes:
        clauses.append(theme_clause(frame, selection.themes))
    if selection.text:
        clauses.append(search_clause(frame, selection.text))
    if selection.drafts:
        clauses.append(drafts_clause(frame))
    return clauses


def describe(count: int, clauses: Sequence[Clause]) -> str:
    """Say what a filtered view holds, e.g. ``3 challenge claims about Mexico``."""
    noun = "claim" if count == 1 else "claims"
    before = [c.phrase for c in clauses if c.before_noun]
    after = [c.phrase for c in clauses if not c.before_noun]
    return " ".join([str(count), *before, noun, *after])


def apply_filters(
    frame: pd.DataFrame, place_names: Mapping[str, str], *selections: Selection
) -> Filtered:
    """Keep the claims that every selection allows, with the sentence that describes them."""
    clauses = [c for s in selections for c in selection_clauses(frame, s, place_names)]
    # A page that narrows to what the sidebar already selects should not say it twice.
    clauses = list({c.phrase: c for c in clauses}.values())
    if not clauses:
        # Nothing to narrow: a shallow copy costs nothing, and copy-on-write still keeps a
        # change to it from reaching the frame it came from.
        return Filtered(frame.copy(deep=False), describe(len(frame), clauses))
    mask = clauses[0].mask
    for clause in clauses[1:]:
        mask = mask & clause.mask
    # Narrowing a view to what it already holds keeps every row: no need to copy them.
    kept = frame.copy(deep=False) if mask.all() else frame[mask]
    return Filtered(kept, describe(len(kept), clauses))


def keep_headlines(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the claims their pack marks as headlines."""
    return frame[frame["headline"]]
