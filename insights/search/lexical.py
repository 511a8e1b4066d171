"""The lexical layer: BM25 over English and Spanish stems, word pairs, concepts, names."""

from __future__ import annotations

import bisect
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process

from insights.search import words
from insights.search.documents import Document
from insights.search.lexicon import Concepts

_K1 = 1.2
_B = 0.75
# A concept's other terms count a little less than the word the rep typed.
CONCEPT_WEIGHT = 0.8
# Names are matched despite a typo from this length on, at this rapidfuzz ratio.
_FUZZY_MIN_LEN = 4
_FUZZY_CUTOFF = 80.0
# A word of at least this length also finds the words it begins ("universit").
_PREFIX_MIN_LEN = 4


@dataclass(frozen=True)
class Group:
    """One word (or phrase) of a query: the keys it finds, and how it reads in "why"."""

    label: str
    own: frozenset[str]
    related: frozenset[str]
    kind: str  # "words", "name" (a typo's correction) or "prefix"
    concepts: tuple[str, ...] = ()


@dataclass
class LexicalIndex:
    """Postings per key (stem or stem pair), document lengths, surface words, names."""

    postings: dict[str, tuple[list[int], list[int]]]
    lengths: np.ndarray
    surface: dict[str, str]
    doc_keys: list[frozenset[str]]
    vocabulary: list[str]
    names: dict[str, str]
    concepts: Concepts
    # Names of two words or more, by each pair of neighbouring words ("mexico", "city").
    name_pairs: dict[tuple[str, str], str]
    average: float = field(init=False)
    # Postings as arrays, made on first use: most keys are never searched for.
    _arrays: dict[str, tuple[np.ndarray, np.ndarray]] = field(init=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.average = float(self.lengths.mean()) if len(self.lengths) else 1.0

    def posting(self, key: str) -> tuple[np.ndarray, np.ndarray] | None:
        """Return the documents holding a key and how often each holds it (None: none)."""
        found = self._arrays.get(key)
        if found is None:
            listed = self.postings.get(key)
            if listed is None:
                return None
            found = (np.asarray(listed[0], dtype=np.int64), np.asarray(listed[1], dtype=np.float64))
            self._arrays[key] = found
        return found


def _doc_keys(found: list[str]) -> list[tuple[str, str]]:
    keys = [(k, w) for w in found for k in words.stems(w)]
    for a, b in itertools.pairwise(found):
        keys.extend((k, f"{a} {b}") for k in words.pair_keys(a, b))
    return keys


def build_index(documents: Sequence[Document], concepts: Concepts) -> LexicalIndex:
    """Index the documents' text and extra words."""
    posting_lists: dict[str, tuple[list[int], list[int]]] = {}
    lengths = np.zeros(len(documents), dtype=np.float64)
    surface: dict[str, str] = {}
    doc_keys: list[frozenset[str]] = []
    vocabulary: set[str] = set()
    names: dict[str, str] = {}
    name_pairs: dict[tuple[str, str], str] = {}
    for n, doc in enumerate(documents):
        text, extra = words.words(doc.text), words.words(doc.extra)
        pairs = _doc_keys(text) + _doc_keys(extra)
        counts = Counter(k for k, _ in pairs)
        for key, word in pairs:
            if key not in surface:
                surface[key] = word
        vocabulary.update(text)
        vocabulary.update(extra)
        for key, count in counts.items():
            docs, tfs = posting_lists.setdefault(key, ([], []))
            docs.append(n)
            tfs.append(count)
        lengths[n] = max(1, len(text) + len(extra))
        doc_keys.append(frozenset(counts))
        for name in doc.names:
            found = words.words(name)
            for word in found:
                if len(word) >= _FUZZY_MIN_LEN:
                    names.setdefault(word, name)
            for pair in itertools.pairwise(found):
                name_pairs.setdefault(pair, name)
    return LexicalIndex(
        posting_lists, lengths, surface, doc_keys, sorted(vocabulary), names, concepts, name_pairs
    )


def _concept_keys(
    index: LexicalIndex, keys: Sequence[str]
) -> tuple[frozenset[str], tuple[str, ...]]:
    found = {c.id: c for k in keys for c in index.concepts.by_key.get(k, ())}
    related = frozenset(k for c in found.values() for k in c.keys)
    return related, tuple(found)


def _word_group(index: LexicalIndex, word: str, written: str) -> Group:
    own = frozenset(words.stems(word))
    related, concepts = _concept_keys(index, tuple(own))
    if related or any(k in index.postings for k in own):
        return Group(written, own, related - own, "words", concepts)
    if len(word) >= _PREFIX_MIN_LEN:
        start = bisect.bisect_left(index.vocabulary, word)
        begun: list[str] = []
        for known in index.vocabulary[start : start + 50]:
            if not known.startswith(word):
                break
            begun.extend(words.stems(known))
        if begun:
            return Group(written, own | frozenset(begun), frozenset(), "prefix")
        if index.names:
            best = process.extractOne(
                word, list(index.names), scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF
            )
            if best is not None:
                name = index.names[best[0]]
                keys = frozenset(words.stems(best[0]))
                return Group(f"{name} (for \u201c{written}\u201d)", keys, frozenset(), "name")
    return Group(written, own, frozenset(), "words")


def query_groups(index: LexicalIndex, query: str) -> list[Group]:
    """Split a query into groups: phrases a concept knows, else single words."""
    found = words.tagged(query)
    groups: list[Group] = []
    i = 0
    while i < len(found):
        if i + 1 < len(found):
            pair = words.pair_keys(found[i][0], found[i + 1][0])
            related, concepts = _concept_keys(index, pair)
            # A concept's phrase ("tech workers"), or a name of two words ("Mexico City"),
            # is one group: a claim holding "Mexico" alone does not half-match it.
            if related or (found[i][0], found[i + 1][0]) in index.name_pairs:
                own = frozenset(pair)
                label = f"{found[i][1]} {found[i + 1][1]}"
                groups.append(Group(label, own, related - own, "words", concepts))
                i += 2
                continue
        groups.append(_word_group(index, *found[i]))
        i += 1
    return groups


def _term_weight(index: LexicalIndex, key: str, weight: float, into: np.ndarray) -> None:
    # BM25's term-frequency part; the idf is the whole group's (below), not each key's.
    posting = index.posting(key)
    if posting is None:
        return
    docs, tfs = posting
    norm = tfs + _K1 * (1.0 - _B + _B * index.lengths[docs] / index.average)
    np.maximum.at(into, docs, weight * tfs * (_K1 + 1.0) / norm)


def _idf(n: int, df: int) -> float:
    return float(np.log(1.0 + (n - df + 0.5) / (df + 0.5)))


def _explain(index: LexicalIndex, group: Group, keys: frozenset[str]) -> str:
    if group.kind == "name":
        return f"name: {group.label}"
    own = keys & group.own
    if own:
        # The claim's own word where it differs from the query's ("salario (salaries)").
        written = {index.surface[k] for k in own} - {words.fold(group.label)}
        said = sorted(w for w in written if " " not in w)[:1]
        return f"words: {group.label}" + (f" ({said[0]})" if said else "")
    shown = sorted({index.surface[k] for k in keys & group.related})[:2]
    return f"words: {group.label} ({', '.join(shown)})"


@dataclass(frozen=True)
class LexicalResult:
    """Every document a query's words match: best first, scores, coverage, and why."""

    order: np.ndarray  # matching documents, best BM25 score first
    total: np.ndarray  # per document (0: no match)
    coverage: np.ndarray  # per document: the share of the query's groups it matched
    groups: tuple[Group, ...]
    per_group: tuple[np.ndarray, ...]

    def explain(self, index: LexicalIndex, doc: int) -> tuple[tuple[str, ...], frozenset[str]]:
        """Return why a document matched, naming its own words, and the keys it matched."""
        doc_keys = index.doc_keys[doc]
        whys: list[str] = []
        keys: set[str] = set()
        for group, scores in zip(self.groups, self.per_group, strict=True):
            if scores[doc] > 0:
                hit = (group.own | group.related) & doc_keys
                keys |= hit
                whys.append(_explain(index, group, frozenset(hit)))
        return tuple(whys), frozenset(keys)

    def briefs(self, docs: np.ndarray) -> list[tuple[str, ...]]:
        """Return why each document matched, by the query's words alone (cheap, for the tail)."""
        pattern = np.zeros(len(docs), dtype=np.int64)
        for bit, scores in enumerate(self.per_group):
            pattern |= (scores[docs] > 0).astype(np.int64) << bit
        said: dict[int, tuple[str, ...]] = {}
        for found in np.unique(pattern).tolist():
            said[found] = tuple(
                f"{'name' if g.kind == 'name' else 'words'}: {g.label}"
                for bit, g in enumerate(self.groups)
                if found >> bit & 1
            )
        return [said[p] for p in pattern.tolist()]


def search(index: LexicalIndex, query: str) -> LexicalResult:
    """Return every document matching a query word, best BM25 score first."""
    groups = tuple(query_groups(index, query))
    n = len(index.lengths)
    total = np.zeros(n)
    matched = np.zeros(n)
    per_group = []
    for group in groups:
        scores = np.zeros(n)
        for key in group.own:
            _term_weight(index, key, 1.0, scores)
        for key in group.related:
            _term_weight(index, key, CONCEPT_WEIGHT, scores)
        # A word (with its concept) that finds few claims says more than one that finds many:
        # the idf is the group's, so a concept's many rare terms do not each count as rare.
        scores *= _idf(n, int(np.count_nonzero(scores)))
        total += scores
        matched += scores > 0
        per_group.append(scores)
    hits = np.flatnonzero(total > 0)
    order = hits[np.argsort(-total[hits], kind="stable")]
    coverage = matched / max(1, len(groups))
    return LexicalResult(order, total, coverage, groups, tuple(per_group))
