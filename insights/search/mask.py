"""Search by words over a claims frame alone, as a row mask (for filters that keep no order)."""

from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd

from insights.search import documents, engine

_SEARCHERS: OrderedDict[str, engine.Searcher] = OrderedDict()
_LOCK = threading.Lock()
_KEEP = 4


def documents_from_claims(frame: pd.DataFrame) -> tuple[documents.Document, ...]:
    """Return a search document per claim from the claims frame alone (text, place, theme)."""
    rows = zip(
        frame["id"].tolist(),
        frame["text"].tolist(),
        frame["place_name"].tolist(),
        frame["theme_label"].tolist(),
        strict=True,
    )
    return tuple(documents.Document(str(c), str(t), f"{p} {th}", (str(p),)) for c, t, p, th in rows)


def word_mask(frame: pd.DataFrame, text: str) -> pd.Series:
    """Tell, per row, whether search by words finds the claim (strong or weak)."""
    docs = documents_from_claims(frame)
    key = documents.digest(docs, "words")
    with _LOCK:
        searcher = _SEARCHERS.get(key)
        if searcher is None:
            searcher = _SEARCHERS[key] = engine.Searcher(lambda: docs, None)
            while len(_SEARCHERS) > _KEEP:
                _SEARCHERS.popitem(last=False)
    found = set(searcher.search(text).ids)
    return pd.Series([d.id in found for d in docs], index=frame.index, dtype=bool)
