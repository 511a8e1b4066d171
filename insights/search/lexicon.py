"""The EN/ES concept list (data/lexicon/concepts.yaml): words for what claims say otherwise."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import yaml

from insights import settings
from insights.search import words

CONCEPTS_FILE = settings.LEXICON_DIR / "concepts.yaml"
# The list is small and reviewed; anything larger is not what this file is for.
_MAX_BYTES = 256 * 1024


@dataclass(frozen=True)
class Concept:
    """One concept: its id, and each term as the index keys it matches."""

    id: str
    terms: tuple[str, ...]
    keys: frozenset[str]


@dataclass(frozen=True)
class Concepts:
    """Every concept, and which concepts each term's keys trigger."""

    concepts: tuple[Concept, ...]
    by_key: Mapping[str, tuple[Concept, ...]]


def term_keys(term: str) -> tuple[str, ...]:
    """Return the index keys a term matches: a word's stems, or a phrase's word pairs."""
    found = words.words(term)
    if len(found) == 1:
        return words.stems(found[0])
    return tuple(k for a, b in itertools.pairwise(found) for k in words.pair_keys(a, b))


def parse_concepts(document: object) -> Concepts:
    """Return the concepts a parsed YAML document holds; ValueError names what is wrong."""
    if not isinstance(document, dict) or not isinstance(document.get("concepts"), list):
        raise ValueError("concepts: a list of {id, terms} is required")
    concepts: list[Concept] = []
    by_key: dict[str, list[Concept]] = {}
    for n, entry in enumerate(document["concepts"]):
        terms = entry.get("terms") if isinstance(entry, dict) else None
        ident = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(ident, str) or not isinstance(terms, list) or not terms:
            raise ValueError(f"concepts[{n}]: needs an id and a list of terms")
        if not all(isinstance(t, str) and words.words(t) for t in terms):
            raise ValueError(f"concepts[{n}] ({ident}): every term must be words")
        keys = frozenset(k for t in terms for k in term_keys(t))
        concept = Concept(ident, tuple(terms), keys)
        concepts.append(concept)
        for key in keys:
            by_key.setdefault(key, []).append(concept)
    return Concepts(tuple(concepts), MappingProxyType({k: tuple(v) for k, v in by_key.items()}))


def load_concepts(path: Path = CONCEPTS_FILE) -> Concepts:
    """Read the concept list with PyYAML's safe loader (no list at all: no concepts)."""
    if not path.is_file():
        return Concepts((), MappingProxyType({}))
    if path.stat().st_size > _MAX_BYTES:
        raise ValueError(f"{path}: larger than {_MAX_BYTES} bytes")
    return parse_concepts(yaml.safe_load(path.read_text(encoding="utf-8")))
