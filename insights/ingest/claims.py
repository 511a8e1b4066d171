"""Proposing claims: an article's sentences that carry one, with theme, stance, names, places."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from insights.gazetteer import Spot, find_place
from insights.ingest.article import Article
from insights.ingest.lexicon import Lexicon, choose, match_terms
from insights.model import THEMES

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
    ["and", "or", "the", "its", "their", "of", "with", "both", "in", "for", "to", "at"]
)
_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "dr.", "mr.", "mrs.", "ms.", "inc.", "st.", "vs.")
_WORD = re.compile(r"[^\W_](?:[\w&.-]|['\u2019](?=\w))*")
_CONNECTORS = frozenset({"of", "de", "del", "la"})


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
    places: tuple[str, ...] = ()
    answers: str | None = None


def split_sentences(paragraph: str) -> list[str]:
    """Split a paragraph into sentences, keeping abbreviations like "e.g." inside theirs."""
    pieces = re.split(r"(?<=[.!?])\s+|(?<=[.!?][\"\u201d\u2019)])\s+", paragraph)
    sentences: list[str] = []
    for piece in pieces:
        if sentences and (
            sentences[-1].casefold().endswith(_ABBREVIATIONS)
            or re.search(r"\b[A-Z]\.$", sentences[-1])
            or piece[:1].islower()
        ):
            sentences[-1] = f"{sentences[-1]} {piece}"
        elif piece:
            sentences.append(piece)
    return sentences


def slugify(text: str, limit: int = 64) -> str:
    """Return a lower-case ASCII slug: ``Ciudad de México`` -> ``ciudad-de-mexico``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")
    return slug[:limit].rstrip("-") or "x"


def find_names(sentence: str, known: frozenset[str], not_names: frozenset[str]) -> list[str]:
    """Return the capitalised names in a sentence (runs like "University of Testville")."""
    runs: list[tuple[int, list[str]]] = []
    current: list[str] = []
    pending: list[str] = []
    start = end = 0
    for i, match in enumerate(_WORD.finditer(sentence)):
        token = match.group(0).rstrip(".-")
        # Punctuation between two words ("IBM, HP") ends a name.
        if current and sentence[end : match.start()].strip():
            runs.append((start, current))
            current, pending = [], []
        end = match.end()
        bare = re.sub(r"['\u2019]s$", "", token)
        if bare[:1].isupper() and bare not in not_names:
            if not current:
                start = i
            current += [*pending, bare]
            pending = []
            # A possessive ends the name: "Testville's firms".
            if bare != token:
                runs.append((start, current))
                current = []
        elif current and token in _CONNECTORS:
            pending.append(token)
        elif current and token.isdigit():
            current.append(token)
        else:
            if current:
                runs.append((start, current))
            current, pending = [], []
    if current:
        runs.append((start, current))
    # A sentence's first word is capitalised anyway: alone, it is a name only if known as one.
    names = []
    for begin, words in runs:
        if begin == 0 and words[0] not in known:
            if len(words) == 1:
                continue
            # "Imitating Silicon Valley": a verb or adverb opening the sentence is no name.
            if words[0].endswith(("ing", "ly", "ed")):
                words = words[1:]
        names.append(" ".join(words))
    return list(dict.fromkeys(names))


def count_universities(sentence: str) -> list[dict[str, Any]]:
    """Return the universities a sentence counts by sector ("five public and several private")."""
    if "universit" not in sentence.casefold():
        return []
    found = []
    pattern = r"\b(\d+|a few|a handful of|a couple of|[a-z]+)\s+(public|private)\b"
    for quantity, sector in re.findall(pattern, sentence, re.IGNORECASE):
        qty = quantity.casefold()
        if qty in _NOT_QUANTITIES:
            continue
        if qty.isdigit() or qty in _NUMBER_WORDS:
            found.append({"sector": sector.casefold(), "count": int(_NUMBER_WORDS.get(qty, qty))})
        else:
            found.append({"sector": sector.casefold(), "qualifier": qty})
    return found


def _mid_sentence_names(sentences: Sequence[str], not_names: frozenset[str]) -> frozenset[str]:
    # Names seen inside a sentence are names wherever they stand, even first.
    names: set[str] = set()
    for sentence in sentences:
        names.update(find_names(sentence, frozenset({"*"}), not_names))
    return frozenset(n.split()[0] for n in names)


def _is_demonym(name: str, country_stems: frozenset[str]) -> bool:
    # "Mexican" names no organisation: it is a country's adjective.
    word = name.casefold()
    return (
        " " not in word and word.endswith(("an", "ese", "ish", "i")) and word[:5] in country_stems
    )


def _claim_like(sentence: str, lexicon: Lexicon) -> bool:
    return (
        len(sentence.split()) >= 6
        and len(sentence) <= 1000
        and not sentence.rstrip('"\u201d\u2019) ').endswith("?")
        and not match_terms(sentence, lexicon.not_claims)
    )


def propose_claims(
    article: Article,
    region_name: str,
    region_place: str,
    lexicon: Lexicon,
    gazetteer: Mapping[str, Spot],
) -> list[ClaimProposal]:
    """Propose one claim per sentence that carries one, each tied to its paragraph."""
    not_names = frozenset(lexicon.not_names)
    by_paragraph = [(n, split_sentences(p)) for n, p in enumerate(article.paragraphs, start=1)]
    every = [s for _, sentences in by_paragraph for s in sentences]
    known = _mid_sentence_names(every, not_names) | {region_name}
    country_stems = frozenset(
        spot.name.casefold()[:5] for spot in gazetteer.values() if spot.kind == "country"
    )
    proposals: list[ClaimProposal] = []
    for number, sentences in by_paragraph:
        for index, sentence in enumerate(sentences, start=1):
            theme, theme_words = choose(sentence, lexicon.themes, list(THEMES))
            if theme is None or not _claim_like(sentence, lexicon):
                continue
            order = ["recommendation", "challenge", "strength"]
            stance, stance_words = choose(sentence, lexicon.stances, order)
            first = sentence.split(maxsplit=1)[0].strip(",.:;")
            place_first = {first} if find_place(first, gazetteer) is not None else set()
            names = find_names(sentence, known | place_first, not_names)
            places = [n for n in names if find_place(n, gazetteer) is not None]
            organisations = [
                n
                for n in names
                if n not in places
                and n.casefold() != region_name.casefold()
                and not _is_demonym(n, country_stems)
            ]
            # The first place the sentence names (the region included) is what it is about.
            where = next(
                (n for n in names if n in places or n.casefold() == region_name.casefold()), None
            )
            answers = None
            if stance == "recommendation" and match_terms(sentence[:40], lexicon.links):
                answers = _last_challenge(proposals, number)
            proposals.append(
                ClaimProposal(
                    id=f"{region_place}-p{number}-s{index}"[:64].rstrip("-"),
                    text=sentence,
                    paragraph=number,
                    theme=theme,
                    theme_words=theme_words,
                    stance=stance or "strength",
                    stance_words=stance_words,
                    place=region_place
                    if where is None or where.casefold() == region_name.casefold()
                    else slugify(where),
                    organisations=tuple(organisations),
                    universities=tuple(count_universities(sentence)),
                    places=tuple(places),
                    answers=answers,
                )
            )
    return proposals


def _last_challenge(proposals: Sequence[ClaimProposal], paragraph: int) -> str | None:
    # A remedy answers the challenge just before it, in its paragraph or the one before.
    for earlier in reversed(proposals):
        if earlier.paragraph < paragraph - 1:
            return None
        if earlier.stance == "challenge":
            return earlier.id
    return None
