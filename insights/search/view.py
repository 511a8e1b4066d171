"""A search applied to a view: the claims it keeps, best first, their sentence, highlights."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from insights.content.text import escape_markdown
from insights.search import words
from insights.search.engine import Hit, SearchResult
from insights.view import filters
from insights.view.facets import Vocabulary
from insights.view.filters import Filtered
from insights.view.selection import Selection

BEST_MATCHES = 5


def search_phrase(text: str) -> str:
    """Return the filter sentence's words for a search: matching “text”."""
    return f"matching \u201c{text}\u201d"


def without_text(selection: Selection) -> Selection:
    """Return the selection's facets with no search text."""
    return Selection("", **dict(selection.chosen))


def rank_frame(frame: pd.DataFrame, result: SearchResult) -> pd.DataFrame:
    """Keep the rows the search found, in its order (best first)."""
    position = {claim: n for n, claim in enumerate(result.ids)}
    found = [(position[c], n) for n, c in enumerate(frame["id"].tolist()) if c in position]
    found.sort()
    return frame.take(np.asarray([n for _, n in found], dtype=np.int64))


def apply_search(
    frame: pd.DataFrame,
    vocab: Vocabulary,
    selections: Sequence[Selection],
    result: SearchResult | None,
    drafts: bool = False,
) -> Filtered:
    """Filter by the selections' facets, then keep and order the claims the search found."""
    facets_only = [without_text(s) for s in selections]
    narrowed = filters.apply_filters(frame, vocab, *facets_only, drafts=drafts)
    text = next((s.text for s in reversed(selections) if s.text), "")
    if result is None or not text:
        return narrowed
    kept = rank_frame(narrowed.frame, result)
    clauses = [c for s in facets_only for c in filters.selection_clauses(kept, s, vocab)]
    clauses = list({c.phrase: c for c in clauses}.values())
    clauses.append(filters.Clause(pd.Series(True, index=kept.index), search_phrase(text)))
    return Filtered(kept, filters.describe_kept(kept, clauses, drafts))


def highlight(text: str, keys: frozenset[str]) -> str:
    """Return text escaped for Markdown, the words the search matched in bold."""
    spans = words.word_spans(text)
    marked = [bool(keys.intersection(words.stems(folded))) for _, _, folded in spans]
    for n in range(len(spans) - 1):
        if keys.intersection(words.pair_keys(spans[n][2], spans[n + 1][2])):
            marked[n] = marked[n + 1] = True
    parts: list[str] = []
    done = 0
    for (start, end, _), bold in zip(spans, marked, strict=True):
        if not bold:
            continue
        parts.append(escape_markdown(text[done:start]))
        parts.append(f"**{escape_markdown(text[start:end])}**")
        done = end
    parts.append(escape_markdown(text[done:]))
    return "".join(parts)


@dataclass(frozen=True)
class Match:
    """One of the best matches as a page shows it."""

    id: str
    text: str
    place: str
    theme: str
    why: str
    weak: bool
    keys: frozenset[str]


def best_matches(
    frame: pd.DataFrame, result: SearchResult, limit: int = BEST_MATCHES
) -> list[Match]:
    """Return the first claims of a ranked view with why each matched."""
    hits: dict[str, Hit] = {h.id: h for h in result.hits}
    top = frame.iloc[:limit]
    rows = zip(
        top["id"].tolist(),
        top["text"].tolist(),
        top["place_name"].tolist(),
        top["theme_label"].tolist(),
        strict=True,
    )
    return [
        Match(c, str(t), str(p), str(th), "; ".join(hits[c].why), hits[c].weak, hits[c].keys)
        for c, t, p, th in rows
        if c in hits
    ]


WHY_COLUMN = "Why it matched"


def with_why(
    table: pd.DataFrame, result: SearchResult | None, id_column: str = "ID"
) -> pd.DataFrame:
    """Return the table with a first column saying why each claim matched (weak ones flagged)."""
    if result is None:
        return table
    hits = {h.id: h for h in result.hits}
    said = [
        f"{'; '.join(hits[c].why)}{' (weak match)' if hits[c].weak else ''}" if c in hits else ""
        for c in table[id_column].tolist()
    ]
    return pd.concat([pd.DataFrame({WHY_COLUMN: said}, index=table.index), table], axis=1)
