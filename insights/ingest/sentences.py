"""Sentences of a paragraph (pysbd, per language) and text made safe to propose as a claim."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator

import pysbd

# pysbd's languages we split with; any other language is split by the English rules.
SEGMENTED = ("en", "es")
# Titles pysbd's Spanish rules end a sentence at ("El Sr. Pérez"); a piece ending in one is
# joined to the next.
_TITLES = {"es": ("Sr.", "Sra.", "Srta.", "Dr.", "Dra.", "Lic.", "Ing.", "Mtro.", "Mtra.")}
# Unicode categories never kept in a claim: controls, format characters (bidi overrides,
# zero-width spaces and joiners, the BOM), private use, surrogates and unassigned code points
# (U+FFFE and U+FFFF among them, which XML and so PPTX cannot hold).
_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Cn"})
# pysbd's time grows with the square of what it is given (a 256 KB paragraph took over a
# minute): a paragraph is handed to it in pieces of at most this many characters, cut after
# a sentence end where there is one, else at a space. Real paragraphs are far shorter.
MAX_SPLIT_CHARS = 4_000
_PIECE_END = re.compile("[.!?\u2026][\"'\u201d\u2019)\\]]*\\s")


def bound_paragraph(paragraph: str, limit: int = MAX_SPLIT_CHARS) -> list[str]:
    """Cut a paragraph into pieces of at most limit characters, after a sentence end if any."""
    pieces: list[str] = []
    rest = paragraph
    while len(rest) > limit:
        window = rest[:limit]
        ends = [m.end() for m in _PIECE_END.finditer(window)]
        cut = ends[-1] if ends else window.rfind(" ") + 1 or limit
        pieces.append(rest[:cut])
        rest = rest[cut:]
    return [*pieces, rest]


@functools.cache
def _segmenter(language: str) -> pysbd.Segmenter:
    return pysbd.Segmenter(language=language if language in SEGMENTED else "en", clean=False)


def iter_sentences(paragraph: str, language: str = "en") -> Iterator[str]:
    """Yield a paragraph's sentences (pysbd's rules for the language), one bounded piece at a
    time: a reader that stops early never pays for the rest of a very long paragraph."""
    titles = _TITLES.get(language, ())
    segmenter = _segmenter(language)
    pending = ""
    for piece in bound_paragraph(paragraph):
        for sentence in (s.strip() for s in segmenter.segment(piece)):
            if not sentence:
                continue
            if pending and pending.endswith(titles):
                pending = f"{pending} {sentence}"
                continue
            if pending:
                yield pending
            pending = sentence
    if pending:
        yield pending


def split_sentences(paragraph: str, language: str = "en") -> list[str]:
    """Split a paragraph into sentences with pysbd's rules for the article's language."""
    return list(iter_sentences(paragraph, language))


def strip_invisible(text: str) -> tuple[str, tuple[str, ...]]:
    """Return text without control, bidi, zero-width and unassigned characters, and those removed.

    Tabs and line breaks become spaces; every removed character is named as ``U+202E``.
    """
    kept: list[str] = []
    removed: list[str] = []
    for char in text:
        if char in "\t\n\r":
            kept.append(" ")
        elif unicodedata.category(char) in _INVISIBLE:
            removed.append(f"U+{ord(char):04X}")
        else:
            kept.append(char)
    return " ".join("".join(kept).split()), tuple(dict.fromkeys(removed))
