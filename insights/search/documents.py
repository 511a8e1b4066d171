"""What search reads of each claim: its text, place, theme, figures, companies, universities."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from insights.content.frames import Catalog


@dataclass(frozen=True)
class Document:
    """One claim as search reads it: its id, its text, and the words it carries besides."""

    id: str
    text: str
    extra: str
    names: tuple[str, ...]


def _by_claim(frame: pd.DataFrame, column: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    if frame.empty or column not in frame.columns:
        return found
    for claim, value in zip(frame["claim"].tolist(), frame[column].tolist(), strict=True):
        if isinstance(value, str) and value:
            found.setdefault(claim, []).append(value)
    return found


def _figure_words(figures: pd.DataFrame) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    if figures.empty:
        return found
    rows = zip(
        figures["claim"].tolist(),
        figures["measure_label"].tolist(),
        figures["value"].tolist(),
        figures["period"].tolist(),
        strict=True,
    )
    for claim, label, value, period in rows:
        number = f"{value:g}" if isinstance(value, float) and math.isfinite(value) else ""
        when = period if isinstance(period, str) else ""
        found.setdefault(claim, []).append(" ".join(p for p in (str(label), number, when) if p))
    return found


def documents_from_catalog(catalog: Catalog) -> tuple[Document, ...]:
    """Return one search document per claim, in catalog order."""
    claims = catalog.claims
    companies = _by_claim(catalog.companies, "name")
    # A company its source names otherwise is found by the name it goes by too ("HP").
    for claim, known in _by_claim(catalog.companies, "known_as").items():
        companies[claim] = list(dict.fromkeys([*companies.get(claim, []), *known]))
    universities = _by_claim(catalog.universities, "name")
    figures = _figure_words(catalog.figures)
    rows = zip(
        claims["id"].tolist(),
        claims["text"].tolist(),
        claims["place_name"].tolist(),
        claims["theme_label"].tolist(),
        strict=True,
    )
    documents = []
    for (
        claim,
        text,
        place,
        theme,
    ) in rows:
        names = (*companies.get(claim, ()), *universities.get(claim, ()))
        extra = " ".join([str(place), str(theme), *names, *figures.get(claim, ())])
        documents.append(Document(claim, str(text), extra, (str(place), *names)))
    return tuple(documents)


def digest(documents: Sequence[Document], model: str) -> str:
    """Return a digest of the documents' text and the model that reads them (a cache key)."""
    hasher = hashlib.sha256(model.encode())
    for doc in documents:
        hasher.update(f"\x00{doc.id}\x01{doc.text}".encode())
    return hasher.hexdigest()[:32]
