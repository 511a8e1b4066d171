"""Words as search sees them: folded (case, accents), stemmed in English and Spanish."""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from dataclasses import dataclass

import Stemmer

from insights.content.text import HIDDEN_CATEGORIES

# A query longer than this is cut (with a notice): no rep types more, and a pasted page
# would only cost time.
MAX_QUERY_CHARS = 200
_WORD = re.compile(r"\w+")
# "300,000", "24.050" and "1 400" are one number to search, whichever way it is grouped.
_DIGIT_GROUP = re.compile(r"(?<=\d)[,.\u00a0\u202f ](?=\d{3}(?!\d))")
_SPACES = re.compile(r"\s+")

_STOP_TEXT = """
    a an the of in on at for and or to is are was were be been with by from as it its that
    this these those what which who how many much do does did there about me show find any
    all some into than then also has have had not no can could would should will our their
    claims claim
    el la los las lo un una unos unas de del al en y o u que por para con sin es son fue ser
    se su sus sobre como mas más muy hay cual cuál cuales cuáles qué cuanto cuánto cuántos
    dónde donde quien quién este esta estos estas ese esa eso le les mi mis nos tiene tienen
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def fold(text: str) -> str:
    """Return text case-folded, without accents, numbers ungrouped ("300,000" -> "300000")."""
    folded = text.casefold()
    if not folded.isascii():
        decomposed = unicodedata.normalize("NFKD", folded)
        folded = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _DIGIT_GROUP.sub("", folded)


def words(text: str) -> list[str]:
    """Return the folded words of a text, stop words left out."""
    return [w for w in _WORD.findall(fold(text)) if w not in _FOLDED_STOPS]


_FOLDED_STOPS = frozenset(fold(w) for w in STOP_WORDS)


def tagged(text: str) -> list[tuple[str, str]]:
    """Return each word of a text folded and as written, stop words left out."""
    found = ((fold(w), w) for w in _WORD.findall(_DIGIT_GROUP.sub("", text)))
    return [(f, w) for f, w in found if f not in _FOLDED_STOPS and _WORD.fullmatch(f)]


def is_stop_word(word: str) -> bool:
    """Tell whether a folded word is a stop word in English or Spanish."""
    return word in _FOLDED_STOPS


class _Stemmers(threading.local):
    # PyStemmer's stemmers keep state per call: one pair per thread.
    def __init__(self) -> None:
        self.english = Stemmer.Stemmer("english")
        self.spanish = Stemmer.Stemmer("spanish")


_STEMMERS = _Stemmers()


# A content's words repeat: each is stemmed once per process (a few MB at most).
@functools.lru_cache(maxsize=200_000)
def stems(word: str) -> tuple[str, ...]:
    """Return a folded word's English and Spanish stems (one when they agree)."""
    english = _STEMMERS.english.stemWord(word)
    spanish = _STEMMERS.spanish.stemWord(word)
    return (english,) if english == spanish else (english, spanish)


@functools.lru_cache(maxsize=200_000)
def pair_keys(first: str, second: str) -> tuple[str, ...]:
    """Return the keys a pair of neighbouring words is indexed under (a phrase, per language)."""
    a, b = stems(first), stems(second)
    keys = {f"{a[0]}_{b[0]}", f"{a[-1]}_{b[-1]}"}
    return tuple(sorted(keys))


@dataclass(frozen=True)
class CleanQuery:
    """A query made safe to search: its text, and notices about what was changed."""

    text: str
    notices: tuple[str, ...]


def clean_query(raw: str) -> CleanQuery:
    """Drop hidden characters, fold spaces and cut the query to MAX_QUERY_CHARS."""
    notices: list[str] = []
    kept = "".join(" " if unicodedata.category(ch) in HIDDEN_CATEGORIES else ch for ch in raw)
    if kept != raw:
        notices.append("Hidden or control characters in the query were ignored.")
    text = _SPACES.sub(" ", kept).strip()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS].rstrip()
        notices.append(f"The query was cut to its first {MAX_QUERY_CHARS} characters.")
    return CleanQuery(text, tuple(notices))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """Return each word of a text with its start, end and folded form."""
    return [(m.start(), m.end(), fold(m.group())) for m in _WORD.finditer(text)]
