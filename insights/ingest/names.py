"""Names in a sentence, told apart: places, organisations, universities, people and offices.

A name is a run of capitalised words ("University of Testville", "Hewlett Packard"); the
gazetteer says which are places, the lexicon's words which are universities, offices held by
people, people's titles and demonyms. What is left mid-sentence is an organisation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum

from insights.ingest.gazetteer import Gazetteer, Spot, find_place, fold
from insights.ingest.lexicon import Lexicon

_WORD = re.compile(r"[^\W_](?:[\w&.-]|['\u2019](?=\w))*")
_CONNECTORS = frozenset(
    {"of", "de", "del", "la", "las", "los", "el", "do", "da", "dos", "das", "y", "and", "&"}
)
# Connectors that may join two names in a list ("IBM and Intel") are only kept inside a name
# when a name word follows and the run already reads as one name ("Procter & Gamble").
_JOINERS = frozenset({"y", "and"})


class NameKind(Enum):
    """What a name in a sentence stands for."""

    PLACE = "place"
    ORGANISATION = "organisation"
    UNIVERSITY = "university"
    PERSON = "person"
    OFFICE = "office"
    NONE = "none"


@dataclass(frozen=True)
class Name:
    """A name as the sentence writes it, what it is, and for a place where it is."""

    text: str
    kind: NameKind
    start: int
    spot: Spot | None = None
    role: str | None = None


@dataclass(frozen=True)
class Names:
    """Every name of one sentence, sorted by kind."""

    places: tuple[Name, ...] = ()
    organisations: tuple[Name, ...] = ()
    universities: tuple[Name, ...] = ()
    people: tuple[Name, ...] = field(default_factory=tuple)


def find_names(sentence: str, known: frozenset[str], not_names: frozenset[str]) -> list[str]:
    """Return the capitalised names in a sentence (runs like "University of Testville")."""
    return [text for text, _ in find_runs(sentence, known, not_names)]


def find_runs(
    sentence: str, known: frozenset[str], not_names: frozenset[str]
) -> list[tuple[str, int]]:
    """Return the capitalised runs of a sentence with where each starts (a character offset)."""
    runs: list[tuple[int, int, list[str]]] = []
    current: list[str] = []
    pending: list[str] = []
    start = end = first_char = 0
    for i, match in enumerate(_WORD.finditer(sentence)):
        token = (
            match.group(0).rstrip(".-") if not _is_initialism(match.group(0)) else match.group(0)
        )
        # Punctuation between two words ("IBM, HP") ends a name.
        if current and sentence[end : match.start()].strip():
            runs.append((start, first_char, current))
            current, pending = [], []
        end = match.end()
        bare = re.sub(r"['\u2019]s$", "", token)
        if bare[:1].isupper() and bare not in not_names:
            if not current:
                start, first_char = i, match.start()
            current += [*pending, bare]
            pending = []
            # A possessive ends the name: "Testville's firms".
            if bare != token:
                runs.append((start, first_char, current))
                current = []
        elif current and token.casefold() in _CONNECTORS and token not in _JOINERS:
            pending.append(token)
        elif current and token.isdigit():
            current.append(token)
        else:
            if current:
                runs.append((start, first_char, current))
            current, pending = [], []
    if current:
        runs.append((start, first_char, current))
    # A sentence's first word is capitalised anyway: alone, it is a name only if known as one.
    names: list[tuple[str, int]] = []
    for begin, offset, words in runs:
        if begin == 0 and words[0] not in known:
            # "Globant, MercadoLibre and Nubank started here": the first of a list of names.
            listed = (
                len(runs) > 1 and runs[1][0] == 1 and sentence[offset + len(words[0]) :][:1] == ","
            )
            if len(words) == 1 and not listed:
                continue
            # "Imitating Silicon Valley": a verb or adverb opening the sentence is no name.
            if words[0].endswith(("ing", "ly", "ed")) or words[0] in not_names:
                offset = sentence.find(words[1], offset)
                words = words[1:]
        names.append((" ".join(words), offset))
    return list(dict.fromkeys(names))


def _is_initialism(token: str) -> bool:
    # "S.A." and "U.S." keep their dots.
    return bool(re.fullmatch(r"(?:[A-Z]\.){2,}", token))


def is_demonym(name: str, lexicon: Lexicon, gazetteer: Gazetteer) -> bool:
    """Tell whether a name is a people's adjective ("Mexican", "Latin American", "Latino")."""
    words = name.split()
    last = fold(words[-1])
    endings = sorted((fold(e) for e in lexicon.demonym_endings), key=len, reverse=True)
    for ending in endings:
        if not last.endswith(ending) or len(last) - len(ending) < 3:
            continue
        stem = last[: len(last) - len(ending)]
        head = " ".join(fold(w) for w in words[:-1])
        # "American" -> "america", "Mexican" -> "mexic(o)", "Colombian" -> "colombia".
        for guess in (stem, stem + "a", stem + "o", stem + "ia", stem + "y"):
            if f"{head} {guess}".strip() in gazetteer or guess in gazetteer:
                return True
            if any(k.startswith(guess) for k in (f"{head} {guess}".strip(),) if k in gazetteer):
                return True
    return False


def _has_word(name: str, words: Sequence[str]) -> bool:
    folded = f" {fold(name)} "
    return any(f" {fold(w)} " in folded for w in words)


def classify(
    text: str,
    start: int,
    sentence: str,
    lexicon: Lexicon,
    gazetteer: Gazetteer,
    near: frozenset[str],
) -> Name:
    """Say what one capitalised run of a sentence names."""
    words = text.split()
    # "US$1.2 billion": letters glued to a currency sign are part of the amount.
    glued_to_money = sentence[start + len(text) : start + len(text) + 1] in {"$", "€", "£"}
    if glued_to_money or fold(text) in {fold(w) for w in lexicon.generic_words}:
        return Name(text, NameKind.NONE, start)
    if _has_word(text, lexicon.university_words):
        return Name(text, NameKind.UNIVERSITY, start)
    if fold(words[0]).rstrip(".") in {fold(t) for t in lexicon.person_titles} and len(words) > 1:
        return Name(
            " ".join(words[1:]),
            NameKind.PERSON,
            start,
            role=_role_near(sentence, start, text, lexicon),
        )
    if fold(words[0]) in {fold(r) for r in lexicon.role_words}:
        return Name(text, NameKind.OFFICE, start)
    spot = find_place(text, gazetteer, near)
    if spot is not None:
        return Name(text, NameKind.PLACE, start, spot)
    if is_demonym(text, lexicon, gazetteer):
        return Name(text, NameKind.NONE, start)
    role = _role_near(sentence, start, text, lexicon)
    if role is not None and not _has_word(text, lexicon.organisation_words) and len(words) >= 2:
        return Name(text, NameKind.PERSON, start, role=role)
    return Name(text, NameKind.ORGANISATION, start)


def _role_near(sentence: str, start: int, text: str, lexicon: Lexicon) -> str | None:
    # "Ana Ruiz, the Secretary of Innovation" or "Secretary of Innovation Ana Ruiz".
    roles = "|".join(re.escape(r) for r in sorted(lexicon.role_words, key=len, reverse=True))
    after = sentence[start + len(text) :]
    before = sentence[:start]
    found = re.match(
        rf",?\s+(?:the\s+|la\s+|el\s+|its\s+|su\s+)?((?:{roles})\b(?:\s+(?:of|de|del)?\s*[\w-]+){{0,3}})",
        after,
    )
    if found is None:
        found = re.search(rf"\b((?:{roles})\b(?:\s+(?:of|de|del)\s+[\w-]+)?)\s*,?\s*$", before)
    return found.group(1).strip(" ,") if found else None


def sort_names(names: Sequence[Name]) -> Names:
    """Group one sentence's names by kind, each once, in the order the sentence gives them."""

    def of(kind: NameKind) -> tuple[Name, ...]:
        seen: dict[str, Name] = {}
        for name in names:
            if name.kind == kind:
                seen.setdefault(fold(name.text), name)
        return tuple(seen.values())

    return Names(
        of(NameKind.PLACE),
        of(NameKind.ORGANISATION),
        of(NameKind.UNIVERSITY),
        of(NameKind.PERSON),
    )
