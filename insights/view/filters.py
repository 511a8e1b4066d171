"""Filters over the claims frame: each gives a row mask and the words that describe it."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from insights.view.facets import FACETS, Facet, Vocabulary
from insights.view.selection import Selection

DRAFTS_PHRASE = "including drafts"


WIDER_PHRASE = "as a whole"


@dataclass(frozen=True)
class Reach:
    """What a place clause keeps: its own claims, and those of the wider places, nearest first."""

    own: pd.Series  # which rows are about the places chosen (or places inside them)
    wider: tuple[str, ...]
    labels: Mapping[str, str]


@dataclass(frozen=True)
class Clause:
    """One filter's rows (a boolean mask) and its phrase; stance phrases go before "claims"."""

    mask: pd.Series
    phrase: str
    before_noun: bool = False
    # Set by a place clause that also keeps what is said of the places the chosen ones lie in.
    reach: Reach | None = None


@dataclass(frozen=True)
class Filtered:
    """The rows a view shows and the sentence that says what they are."""

    frame: pd.DataFrame
    sentence: str


def among(column: pd.Series, values: Iterable[str] | pd.Series) -> np.ndarray:
    """Return which of a column's values are among these, fast for thousands of values.

    ``Series.isin`` on pandas' Arrow strings makes a Python scalar of every value it looks for:
    tenths of a second for the ids of tens of thousands of claims, where Arrow's own set lookup
    takes milliseconds.
    """
    wanted = list(values.tolist() if isinstance(values, pd.Series) else values)
    if not wanted or column.empty:
        return np.zeros(len(column), dtype=bool)
    try:
        # Arrow-backed strings go in as they are held, with no copy.
        held = pa.array(column)
        found = pc.is_in(held, value_set=pa.array(wanted, type=held.type))
        return np.asarray(found.fill_null(False), dtype=bool)
    except (pa.ArrowException, TypeError):  # not strings: pandas' own lookup
        return column.isin(wanted).to_numpy(dtype=bool)


def join_or(words: Sequence[str]) -> str:
    """Join words as a reader would: ``a``, ``a or b``, ``a, b or c``."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} or {words[-1]}"


def join_and(words: Sequence[str]) -> str:
    """Join words as a reader would: ``a``, ``a and b``, ``a, b and c``."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def facet_clause(
    frame: pd.DataFrame, facet: Facet, values: Sequence[str], vocab: Vocabulary
) -> Clause:
    """Keep claims whose facet column (or, where a claim names several, any of them) matches.

    A nested facet (places) keeps the claims about the places inside the chosen ones too, and
    those about the places they lie in, which the clause's reach marks as applying more widely.
    """
    words = join_or([vocab.label(facet.name, v) for v in values])
    phrase = facet.phrase.format(words)
    tree = vocab.places
    if not (facet.nested and tree.nested):
        return Clause(match_values(frame, facet, values), phrase, facet.before_noun)
    own_places = tree.descendants(values)
    own = match_values(frame, facet, sorted(own_places))
    wider = tuple(p for p in tree.ancestors(values) if p not in own_places)
    if not wider:
        return Clause(own, phrase, facet.before_noun)
    mask = own | match_values(frame, facet, wider)
    labels = {p: vocab.label(facet.name, p) for p in wider}
    return Clause(mask, phrase, facet.before_noun, Reach(own, wider, labels))


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


def describe(
    count: int,
    clauses: Sequence[Clause],
    drafts: bool = False,
    wider: Sequence[tuple[str, int]] = (),
) -> str:
    """Say what a filtered view holds, e.g. ``3 challenge claims about Mexico``.

    ``wider`` counts the claims kept because they are about a place the chosen ones lie in:
    ``5 claims about Guadalajara, and 14 about Mexico as a whole``.
    """
    noun = "claim" if count == 1 else "claims"
    before = [c.phrase for c in clauses if c.before_noun]
    after = [c.phrase for c in clauses if not c.before_noun]
    text = " ".join([str(count), *before, noun, *after])
    if wider:
        parts = join_and([f"{n:,} about {name}" for name, n in wider])
        text += f", and {parts} {WIDER_PHRASE}"
    return f"{text}{', ' if wider else ' '}{DRAFTS_PHRASE}" if drafts else text


def find_reach(clauses: Sequence[Clause]) -> Reach | None:
    """Return the place clause's reach, if one of the clauses keeps wider places' claims."""
    return next((c.reach for c in clauses if c.reach is not None), None)


def mark_wider(kept: pd.DataFrame, mask: pd.Series, reach: Reach) -> pd.DataFrame:
    """Mark the kept rows that are there for a wider place (``applies_to``: its id and name)."""
    own = reach.own[mask].to_numpy(dtype=bool)
    if own.all():
        return kept
    rank = {p: n for n, p in enumerate(reach.wider)}
    wide = kept[~own]
    # The nearest wider place the claim is about: its own place, else the nearest one it also
    # names (looked up row by row only for those, a few).
    nearest = wide["place"].to_numpy(dtype=object, copy=True)
    direct = among(wide["place"], list(rank)) & ~wide["many_places"].to_numpy(dtype=bool)
    every = wide["place_ids"].to_numpy(dtype=object)
    for n in np.flatnonzero(~direct):
        nearest[n] = min((i for i in every[n] if i in rank), key=rank.__getitem__)
    applies = np.full(len(kept), "", dtype=object)
    applies[~own] = nearest
    names = np.full(len(kept), "", dtype=object)
    names[~own] = [reach.labels[p] for p in nearest.tolist()]
    return kept.assign(applies_to=applies, applies_to_name=names)


def describe_kept(frame: pd.DataFrame, clauses: Sequence[Clause], drafts: bool = False) -> str:
    """Say what a filtered frame holds, counting apart the claims kept for a wider place."""
    reach = find_reach(clauses)
    if reach is None:
        return describe(len(frame), clauses, drafts)
    counts = frame["applies_to"].value_counts()
    wider = [(reach.labels[p], int(counts[p])) for p in reach.wider if p in counts.index]
    return describe(len(frame) - sum(n for _, n in wider), clauses, drafts, wider)


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
    reach = find_reach(clauses)
    if reach is not None:
        kept = mark_wider(kept, mask, reach)
    return Filtered(kept, describe_kept(kept, clauses, drafts))


def order_for_cap(frame: pd.DataFrame, cap: int) -> list[str]:
    """Return at most cap claim ids: the places' own first, with room for wider challenges.

    A view capped for an export with no pitch keeps both what is said of the places chosen
    and the challenges of the places they lie in (the national risks under a city).
    """
    wider = frame["applies_to"] != ""
    if not wider.any():
        return frame["id"].iloc[:cap].tolist()
    challenges = wider & (frame["stance"] == "challenge")
    own = frame.loc[~wider, "id"].tolist()
    risks = frame.loc[challenges, "id"].tolist()
    rest = frame.loc[wider & ~challenges, "id"].tolist()
    keep_own = min(len(own), max(cap - len(risks), cap // 2))
    chosen = own[:keep_own] + risks[: cap - keep_own]
    return chosen + rest[: cap - len(chosen)]


def keep_headlines(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep the claims their pack marks as headlines."""
    return frame[frame["headline"]]


def carry_marks(claims: pd.DataFrame, marked: pd.DataFrame) -> pd.DataFrame:
    """Return the claims with the marks a filtered view set (applies_to), for an export."""
    wide = marked[marked["applies_to"].to_numpy() != ""]
    if wide.empty:
        return claims
    at = among(claims["id"], wide["id"])
    by_id = wide.set_index("id")
    applies = claims["applies_to"].to_numpy(dtype=object, copy=True)
    names = claims["applies_to_name"].to_numpy(dtype=object, copy=True)
    chosen = claims["id"].to_numpy()[at]
    applies[at] = by_id.loc[chosen, "applies_to"].to_numpy()
    names[at] = by_id.loc[chosen, "applies_to_name"].to_numpy()
    return claims.assign(applies_to=applies, applies_to_name=names)
