"""Hybrid search: the lexical and meaning layers' ranks fused by reciprocal rank."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from insights.search import documents, lexical, words
from insights.search.documents import Document
from insights.search.lexicon import Concepts, load_concepts
from insights.search.vectors import VectorLayer

# Reciprocal rank fusion's constant (Cormack et al.): ranks past the first few count alike.
RRF_K = 60
# Cosine similarity (USE v3, a short query against a one-sentence claim) from which meaning
# alone makes a match strong, and below which it does not bring a claim in. Measured on the
# shipped claims: a query about something they hold scores its claim 0.1 to 0.3, an unrelated
# one ("banana bread recipe") stays under 0.1, and a place's name alone reaches 0.4 on every
# claim about that place ("Guadalajara engineers": mariachi, 0.42), so only a near-paraphrase
# is strong by meaning; the rest is "similar meaning", weak unless the words match too.
STRONG_COSINE = 0.6
WEAK_COSINE = 0.15
# At most this many claims are brought in by meaning alone.
MEANING_TOP = 8
SIMILAR = "similar meaning"
NOTHING_CLOSE = "Nothing close to this search in these claims."
BUILDING = "Search by meaning is still being prepared; these results match the words only."
NO_WORDS = "The search holds no words to look for."
_RESULT_CACHE = 256
# Claims whose "why" names their own words (the rest name the query's).
EXPLAINED = 50


@dataclass(frozen=True)
class Hit:
    """One claim found: its id, its fused score, why it matched, whether the match is weak."""

    id: str
    score: float
    why: tuple[str, ...]
    weak: bool
    keys: frozenset[str] = frozenset()

    def to_json(self) -> dict[str, object]:
        """Return the hit as the command line prints it."""
        return {"id": self.id, "score": self.score, "why": "; ".join(self.why), "weak": self.weak}


@dataclass(frozen=True)
class SearchResult:
    """What a search found, best first, and what the rep should be told about it."""

    query: str
    hits: tuple[Hit, ...]
    notices: tuple[str, ...]
    meaning: str  # "on", "building" or "off"

    @property
    def ids(self) -> tuple[str, ...]:
        """Return the claim ids found, best first."""
        return tuple(h.id for h in self.hits)


def _fuse(
    ids: Sequence[str],
    index: lexical.LexicalIndex,
    words_found: lexical.LexicalResult,
    cosines: np.ndarray | None,
) -> tuple[Hit, ...]:
    n = len(ids)
    fused = np.zeros(n)
    strong = words_found.coverage > 0.5
    lexical_order = words_found.order
    fused[lexical_order] = 1.0 / (RRF_K + np.arange(1, len(lexical_order) + 1))
    near = np.zeros(0, dtype=np.int64)
    if cosines is not None and len(cosines):
        near = np.flatnonzero(cosines >= WEAK_COSINE)
        near = near[np.argsort(-cosines[near], kind="stable")][:MEANING_TOP]
        fused[near] += 1.0 / (RRF_K + np.arange(1, len(near) + 1))
        strong[near] |= cosines[near] >= STRONG_COSINE
    found = np.flatnonzero(fused > 0)
    # Strong before weak, then by fused score, then in content order.
    order = found[np.lexsort((found, -fused[found], ~strong[found]))]
    similar = frozenset(near.tolist())
    # Why in full (the claim's own words) for the first claims, which are shown; the rest
    # (hundreds at 5,000 claims) say which of the query's words they hold.
    briefs = words_found.briefs(order[EXPLAINED:])
    scores = np.round(fused[order] * 1000, 3).tolist()
    weak = (~strong[order]).tolist()
    hits = []
    for rank, doc in enumerate(order.tolist()):
        if rank < EXPLAINED:
            why, keys = words_found.explain(index, doc)
        else:
            why, keys = briefs[rank - EXPLAINED], frozenset()
        if doc in similar:
            why = (*why, SIMILAR)
        hits.append(Hit(ids[doc], scores[rank], why, weak[rank], keys))
    return tuple(hits)


class Searcher:
    """Search over one content version: the lexical index built on first use, vectors apart."""

    def __init__(
        self,
        load_documents: Callable[[], Sequence[Document]],
        layer: VectorLayer | None,
        concepts: Callable[[], Concepts] = load_concepts,
    ) -> None:
        self._load_documents = load_documents
        self._layer = layer
        self._concepts = concepts
        self._lock = threading.Lock()
        self._index: lexical.LexicalIndex | None = None
        self._ids: tuple[str, ...] = ()
        self._texts: tuple[str, ...] = ()
        self._key = ""
        self._results: OrderedDict[tuple[str, str], SearchResult] = OrderedDict()

    def _ready_index(self) -> lexical.LexicalIndex:
        with self._lock:
            if self._index is None:
                docs = tuple(self._load_documents())
                self._ids = tuple(d.id for d in docs)
                self._texts = tuple(d.text for d in docs)
                self._key = documents.digest(docs, "claims")
                self._index = lexical.build_index(docs, self._concepts())
            return self._index

    def prepare(self) -> Searcher:
        """Start building the words index in a background thread; return this searcher."""
        threading.Thread(target=self._ready_index, name="search-index", daemon=True).start()
        return self

    def start_vectors(self) -> None:
        """Start building this content's vectors in the background (once; never waits)."""
        self._ready_index()
        if self._layer is not None:
            self._layer.start(self._key, self._texts)

    def wait_for_vectors(self, timeout: float | None = None) -> None:
        """Build this content's vectors now and wait for them (the command line's way)."""
        self._ready_index()
        if self._layer is not None:
            self._layer.wait(self._key, self._texts, timeout)

    def _meaning(self) -> str:
        # "off" (no model), "on" (vectors built), else "building" (started here, never waited).
        if self._layer is None:
            return "off"
        self._layer.start(self._key, self._texts)
        if self._layer.off:
            return "off"
        return "building" if self._layer.vectors(self._key) is None else "on"

    def _cosines(self, text: str) -> np.ndarray | None:
        vectors = None if self._layer is None else self._layer.vectors(self._key)
        query = None if self._layer is None else self._layer.embed_query(text)
        if vectors is None or query is None or not len(vectors):
            return None
        return vectors @ query

    @property
    def problem(self) -> str:
        """Return why search by meaning is off, if it is ("" when it works or is building)."""
        return "" if self._layer is None else self._layer.problem

    def search(self, raw: str) -> SearchResult:
        """Return the claims matching a query, best first, strong before weak."""
        index = self._ready_index()
        clean = words.clean_query(raw)
        if not words.words(clean.text):
            return SearchResult(clean.text, (), (*clean.notices, NO_WORDS), "off")
        meaning = self._meaning()
        cache_key = (clean.text, meaning)
        with self._lock:
            cached = self._results.get(cache_key)
            if cached is not None:
                self._results.move_to_end(cache_key)
                return cached
        cosines = self._cosines(clean.text) if meaning == "on" else None
        if meaning == "on" and cosines is None:
            meaning = "building"
        hits = _fuse(self._ids, index, lexical.search(index, clean.text), cosines)
        notices = list(clean.notices)
        if meaning == "building":
            notices.append(BUILDING)
        if meaning == "off" and self.problem:
            notices.append(self.problem)
        if not hits:
            notices.append(NOTHING_CLOSE)
        result = SearchResult(clean.text, hits, tuple(notices), meaning)
        with self._lock:
            self._results[cache_key] = result
            while len(self._results) > _RESULT_CACHE:
                self._results.popitem(last=False)
        return result
