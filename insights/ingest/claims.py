"""Proposing claims: an article's sentences that carry one, with theme, stance, the places,
organisations, people, universities and figures each names."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from insights.content.model import THEMES
from insights.ingest.article import Article
from insights.ingest.figures import Figure, find_figures
from insights.ingest.gazetteer import Gazetteer, Spot, fold
from insights.ingest.lexicon import Lexicon, choose, match_terms
from insights.ingest.names import (
    Name,
    Names,
    classify,
    find_names,
    find_runs,
    sort_names,
)
from insights.ingest.sentences import iter_sentences, split_sentences, strip_invisible

__all__ = ["ClaimProposal", "Proposals", "count_universities", "find_names", "propose_claims"]

# A review a person can do, and a draft that stays small: past this many proposed claims the
# rest of the article is not read for claims, and the draft says so.
MAX_PROPOSALS = 200
# And past this many paragraphs none is read: the draft keeps the article's text to review.
MAX_PARAGRAPHS = 1000
# How much of each opening paragraph is read for the article's names (a paragraph is rarely longer).
OPENING_CHARS = 20_000
STANCE_ORDER = ("recommendation", "challenge", "strength")
_NUMBER_WORDS = {
    w: i + 1
    for i, w in enumerate(
        [
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
# Words that can stand before "public"/"private" without being a quantity.
_NOT_QUANTITIES = frozenset(
    [
        *("and", "or", "the", "its", "their", "of", "with", "both", "in", "for", "to", "at"),
        *("y", "o", "las", "los", "sus", "de", "con", "ambas", "en", "para", "universidades"),
    ]
)
_SECTORS = {
    "public": "public",
    "private": "private",
    "públicas": "public",
    "privadas": "private",
    "pública": "public",
    "privada": "private",
}


@dataclass(frozen=True)
class ClaimProposal:
    """One sentence proposed as a claim, with why its theme and stance were chosen."""

    id: str
    text: str
    paragraph: int
    theme: str
    theme_words: tuple[str, ...]
    stance: str
    stance_words: tuple[str, ...]
    place: str
    organisations: tuple[str, ...] = ()
    universities: tuple[dict[str, Any], ...] = ()
    places: tuple[Name, ...] = ()
    answers: str | None = None
    figures: tuple[Figure, ...] = ()
    people: tuple[Name, ...] = ()
    stripped: tuple[str, ...] = ()


@dataclass(frozen=True)
class Proposals:
    """The claims proposed from an article, and whether the cap stopped the reading early."""

    claims: tuple[ClaimProposal, ...]
    capped_at: int | None = None


def slugify(text: str, limit: int = 64) -> str:
    """Return a lower-case ASCII slug: ``Ciudad de México`` -> ``ciudad-de-mexico``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")
    return slug[:limit].rstrip("-") or "x"


def count_universities(sentence: str, lexicon: Lexicon | None = None) -> list[dict[str, Any]]:
    """Return the universities a sentence counts by sector ("five public and several private")."""
    if "universi" not in sentence.casefold():
        return []
    numbers = (
        lexicon.number_words if lexicon is not None and lexicon.number_words else _NUMBER_WORDS
    )
    found = []
    pattern = (
        r"\b(\d+|a few|a handful of|a couple of|[^\W\d_]+)\s+(?:universidades\s+)?"
        r"(public|private|públicas|privadas|pública|privada)\b"
    )
    for quantity, sector_word in re.findall(pattern, sentence, re.IGNORECASE):
        qty = quantity.casefold()
        sector = _SECTORS[sector_word.casefold()]
        if qty in _NOT_QUANTITIES:
            continue
        if qty.isdigit() or qty in numbers:
            found.append({"sector": sector, "count": int(numbers.get(qty, qty))})
        else:
            found.append({"sector": sector, "qualifier": qty})
    return found


def _known_names(sentences: Sequence[str], not_names: frozenset[str]) -> frozenset[str]:
    # Names seen inside a sentence are names wherever they stand, even first.
    names: set[str] = set()
    for sentence in sentences:
        names.update(find_names(sentence, frozenset({"*"}), not_names))
    return frozenset(n.split()[0] for n in names)


def _claim_like(sentence: str, lexicon: Lexicon) -> bool:
    return (
        len(sentence.split()) >= 6
        and len(sentence) <= 1000
        and not sentence.rstrip('"\u201d\u2019) ').endswith("?")
        and not match_terms(sentence, lexicon.not_claims)
    )


def read_names(
    sentence: str,
    known: frozenset[str],
    lexicon: Lexicon,
    gazetteer: Gazetteer,
    near: frozenset[str],
) -> Names:
    """Return a sentence's names by kind: places, organisations, universities, people."""
    not_names = frozenset(lexicon.not_names)
    first = sentence.split(maxsplit=1)[0].strip(",.:;") if sentence.strip() else ""
    # A sentence opening with a place ("Recife hosts…") names it, capitalised or not.
    opening = {first} if first and fold(first) in gazetteer else set()
    runs = find_runs(sentence, known | opening, not_names)
    return sort_names(
        [classify(text, start, sentence, lexicon, gazetteer, near) for text, start in runs]
    )


def _primary_place(
    sentence: str, names: Names, region_name: str, region_place: str, near: frozenset[str]
) -> str:
    # What a claim is about: the first place it names inside the region, or the region if
    # named before it; else the region itself ("costs are lower than in Miami" stays a
    # claim about the region).
    region_at = sentence.casefold().find(region_name.casefold())
    for name in names.places:
        if 0 <= region_at <= name.start or name.text.casefold() == region_name.casefold():
            return region_place
        if name.spot is not None and (not near or name.spot.countries & near):
            return slugify(name.text)
    return region_place


def propose_claims(
    article: Article,
    region_name: str,
    region_place: str,
    lexicon: Lexicon,
    gazetteer: Gazetteer,
    region: Spot | None = None,
) -> Proposals:
    """Propose one claim per sentence that carries one, each tied to its paragraph."""
    not_names = frozenset(lexicon.not_names)
    near = region.countries if region is not None else frozenset()
    proposals: list[ClaimProposal] = []
    known: frozenset[str] | None = None
    for number, paragraph in enumerate(article.paragraphs, start=1):
        if len(proposals) >= MAX_PROPOSALS or number > MAX_PARAGRAPHS:
            return Proposals(tuple(proposals), capped_at=number)
        sentences = iter_sentences(paragraph, article.language)
        if known is None:
            # Names used mid-sentence in the article's opening stand for names anywhere (the
            # opening of each paragraph only: one very long paragraph is not read twice).
            opening = [
                s
                for p in article.paragraphs[:50]
                for s in split_sentences(p[:OPENING_CHARS], article.language)
            ]
            known = _known_names(opening, not_names) | {region_name}
        for index, raw in enumerate(sentences, start=1):
            sentence, stripped = strip_invisible(raw)
            theme, theme_words = choose(sentence, lexicon.themes, list(THEMES))
            if theme is None or not _claim_like(sentence, lexicon):
                continue
            stance, stance_words = choose(sentence, lexicon.stances, STANCE_ORDER)
            costs = match_terms(sentence, lexicon.cost_words)
            rises = match_terms(sentence, lexicon.rise_words) if costs else ()
            if rises and stance != "recommendation":
                stance, stance_words = "challenge", (*costs, *rises)
            opens_remedy = bool(match_terms(sentence[:40], lexicon.links))
            if opens_remedy:
                # "To address … Therefore …": a remedy, whatever strength words follow.
                stance = "recommendation"
            names = read_names(sentence, known, lexicon, gazetteer, near)
            place = _primary_place(sentence, names, region_name, region_place, near)
            named_region = region_name.casefold() in sentence.casefold()
            if not names.places and not named_region and proposals:
                # "The city counts five universities": a sentence naming no place is about the
                # place the one before it was about, in its paragraph or the one before.
                before = proposals[-1]
                place = before.place if before.paragraph >= number - 1 else place
            places = tuple(n for n in names.places if n.text.casefold() != region_name.casefold())
            answers = _last_challenge(proposals, number) if opens_remedy else None
            proposals.append(
                ClaimProposal(
                    id=f"{region_place}-p{number}-s{index}"[:64].rstrip("-"),
                    text=sentence,
                    paragraph=number,
                    theme=theme,
                    theme_words=theme_words,
                    stance=stance or "strength",
                    stance_words=stance_words,
                    place=place,
                    organisations=tuple(
                        n.text
                        for n in names.organisations
                        if n.text.casefold() != region_name.casefold()
                    ),
                    universities=(
                        *({"name": u.text} for u in names.universities),
                        *count_universities(sentence, lexicon),
                    ),
                    places=places,
                    answers=answers,
                    figures=tuple(find_figures(sentence, lexicon)),
                    people=names.people,
                    stripped=stripped,
                )
            )
            if len(proposals) >= MAX_PROPOSALS:
                break
    return Proposals(tuple(proposals))


def _last_challenge(proposals: Sequence[ClaimProposal], paragraph: int) -> str | None:
    # A remedy answers the challenge just before it, in its paragraph or the one before.
    for earlier in reversed(proposals):
        if earlier.paragraph < paragraph - 1:
            return None
        if earlier.stance == "challenge":
            return earlier.id
    return None
