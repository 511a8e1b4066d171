"""Figures a sentence states: money (currency, scale), counts, percentages and ranks.

A small grammar over the lexicon's words (qualifiers, scales, currencies) rather than a
general quantity parser: quantulum3 and price-parser were tried on the evaluation set's
sentences and read "45 venture capital funds" or "1.400 ingenieros" less well than this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import dateparser

from insights.ingest.lexicon import Lexicon

Unit = Literal["money", "count", "percent", "rank"]
# A number as articles write it: 1,400 / 1.400 (thousands), 1.5 / 1,5 (decimals), 45.
NUMBER_PATTERN = r"\d{1,3}(?:[.,]\d{3})+(?![\d])|\d+(?:[.,]\d+)?"
_YEAR = re.compile(r"^(?:19|20)\d{2}$")
_PERCENT_WORDS = r"%|\s?per\s?cent\b|\s?percent\b|\s?por\s?ciento\b"
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "primer": 1,
    "primera": 1,
    "primero": 1,
    "segundo": 2,
    "segunda": 2,
    "tercer": 3,
    "tercera": 3,
    "tercero": 3,
    "cuarto": 4,
    "cuarta": 4,
    "quinto": 5,
    "quinta": 5,
}
_RANK = re.compile(
    r"\b(?P<ord>" + "|".join(_ORDINALS) + r"|\d{1,2}(?:st|nd|rd|th|º|°|o|a)?)"
    r"[\s-]+(?P<what>largest|biggest|most|best|busiest|fastest|place|position|lugar|puesto"
    r"|mayor)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_][\w&'-]*")
# "20 December 2017", "20 de diciembre de 2017": a day, not a count.
_DATE_AFTER = re.compile(r"\s*(?:de\s+)?[^\W\d_]+\.?,?\s+(?:de\s+)?(?:19|20)\d{2}\b")
_STRICT_DATE = {"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
_RANK_PLACES = frozenset({"place", "position", "lugar", "puesto"})


@dataclass(frozen=True)
class Figure:
    """One figure read from a sentence: what it measures, its value and how it is stated."""

    measure: str
    value: float
    unit: Unit
    words: str
    currency: str | None = None
    scale: str | None = None
    qualifier: str | None = None
    period: str | None = None


def parse_number(text: str) -> float:
    """Return the value of a number as written: a separator before three digits is thousands."""
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", text):
        return float(re.sub(r"[.,]", "", text))
    return float(text.replace(",", "."))


def _alternatives(words: list[str]) -> str:
    # Longest first, so "mil millones" wins over "mil" and "US$" over "$".
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _grammar(lexicon: Lexicon) -> re.Pattern[str]:
    symbols = [c for c in lexicon.currencies if not c.isalpha()]
    names = [c for c in lexicon.currencies if c.isalpha() or " " in c]
    qualifiers = _alternatives(list(lexicon.qualifiers))
    scales = _alternatives(list(lexicon.scales))
    return re.compile(
        rf"(?:(?P<qual>\b(?:{qualifiers}))\s+)?"
        rf"(?P<cur>{_alternatives(symbols)})?\s?"
        rf"(?P<num>{NUMBER_PATTERN})"
        rf"(?P<pct>{_PERCENT_WORDS})?"
        rf"(?:\s?(?P<scale>\b(?:{scales})\b))?"
        rf"(?:\s+(?:de\s+)?(?P<curname>\b(?:{_alternatives(names)})\b))?",
        re.IGNORECASE,
    )


def _measure_after(rest: str, lexicon: Lexicon) -> str:
    # What a count counts: the words after it, up to a closing word or punctuation.
    stops = {w.casefold() for w in lexicon.measure_stops}
    words: list[str] = []
    end = 0
    for match in _WORD.finditer(rest):
        if rest[end : match.start()].strip():
            break
        word = match.group(0)
        folded = word.casefold()
        if folded in {"de", "of"} and words and len(words) < 4:
            words.append(word)
        elif folded in stops or len(words) >= 5:
            break
        else:
            words.append(word)
        end = match.end()
    while words and words[-1].casefold() in {"de", "of"}:
        words.pop()
    return " ".join(words)


def _period(sentence: str, lexicon: Lexicon) -> str | None:
    openers = _alternatives(list(lexicon.period_words))
    pattern = rf"\b(?:{openers})\s+((?:19|20)\d{{2}}(?:\s*[-\u2013]\s*(?:19|20)\d{{2}})?)\b"
    found = re.search(pattern, sentence, re.IGNORECASE)
    return found.group(1) if found else None


def _is_date(number: str, after: str) -> bool:
    # "20 December 2017": the words after a day are a month and a year, as dateparser reads.
    shaped = _DATE_AFTER.match(after)
    if shaped is None:
        return False
    return dateparser.parse(f"{number}{shaped.group(0)}", settings=_STRICT_DATE) is not None


def find_figures(sentence: str, lexicon: Lexicon) -> list[Figure]:
    """Return the figures a sentence states, in order, each with what it measures."""
    period = _period(sentence, lexicon)
    found: list[Figure] = []
    taken: list[tuple[int, int]] = []
    for match in _RANK.finditer(sentence):
        ordinal = match.group("ord").casefold()
        digits = re.match(r"\d+", ordinal)
        value = int(digits.group(0)) if digits else _ORDINALS.get(ordinal)
        if value is None:
            continue
        what = match.group("what")
        rest = re.sub(r"^\s*(?:in|of|en|de)\s+", " ", sentence[match.end() :])
        counted = _measure_after(rest, lexicon)
        measure = counted if what.casefold() in _RANK_PLACES else f"{what} {counted}".strip()
        found.append(Figure(measure or what, float(value), "rank", match.group(0), period=period))
        taken.append(match.span())
    for match in _grammar(lexicon).finditer(sentence):
        if any(a <= match.start("num") < b for a, b in taken):
            continue
        figure = _read_match(match, sentence, lexicon, period)
        if figure is not None:
            found.append(figure)
    return found


def _read_match(
    match: re.Match[str], sentence: str, lexicon: Lexicon, period: str | None
) -> Figure | None:
    number = match.group("num")
    scale = match.group("scale")
    symbol = match.group("cur")
    currency_name = match.group("curname")
    before = sentence[: match.start()].rstrip()
    after = sentence[match.end() :]
    glued = sentence[match.start("num") - 1 : match.start("num")].isalnum() and not symbol
    # A year, a day in a date or a number glued to letters ("5G") is no figure.
    if _YEAR.match(number) and not (symbol or match.group("pct") or scale):
        return None
    dated = not (scale or symbol or match.group("pct")) and _is_date(number, after)
    if glued or dated or sentence[match.end("num") : match.end("num") + 1].isalpha():
        return None
    if scale is not None and scale.casefold() in {"m", "k", "bn", "mn"} and not symbol:
        return None
    value = parse_number(number) * lexicon.scales.get((scale or "").casefold(), 1.0)
    currency = None
    if symbol or currency_name:
        key = next(
            (k for k in lexicon.currencies if k.casefold() == (symbol or currency_name).casefold()),
            None,
        )
        currency = lexicon.currencies.get(key or "", None)
    qualifier = match.group("qual")
    words = match.group(0).strip()
    if match.group("pct"):
        return Figure(
            _measure_after(after, lexicon) or "share",
            value,
            "percent",
            words,
            None,
            None,
            qualifier,
            period,
        )
    measure = _measure_after(re.sub(r"^\s*(?:in|of|en|de)\s+", " ", after), lexicon)
    if currency is not None:
        # "an investment of $600 million": the noun before "of" says what the money is.
        owner = re.search(r"(\w+)\s+(?:of|de)\s*$", before)
        measure = measure or (owner.group(1) if owner else "")
        return Figure(
            measure or "amount", value, "money", words, currency, scale, qualifier, period
        )
    if not measure:
        return None
    return Figure(measure, value, "count", words, None, scale, qualifier, period)
