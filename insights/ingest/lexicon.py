"""The keyword lexicon that proposes a sentence's theme and stance, and matching its terms."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pydantic
import yaml

from insights.content import load
from insights.content.model import STANCES, THEMES, Line
from insights.errors import PackError
from insights.settings import LEXICON_DIR

DEFAULT_LEXICON = LEXICON_DIR / "ingest.yaml"


class Lexicon(pydantic.BaseModel):
    """Keyword lists that propose a sentence's theme and stance, read from data/lexicon."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    themes: dict[str, list[Line]]
    stances: dict[str, list[Line]]
    links: list[Line]
    not_claims: list[Line]
    not_names: list[Line]
    generic_words: list[Line] = []
    # Words that mark a name as an organisation ("Bank", "Labs"), a university, an office
    # held by a person ("Secretary"), a person's title ("Mr"), and words that open a list of
    # examples ("such as"); demonym endings tell "Mexican" from a name.
    organisation_words: list[Line] = []
    university_words: list[Line] = []
    role_words: list[Line] = []
    person_titles: list[Line] = []
    list_cues: list[Line] = []
    demonym_endings: list[Line] = []
    # Figures: words before a number that qualify it ("over"), scale words and their factor,
    # currency words and codes, and the words that close what a count counts.
    qualifiers: list[Line] = []
    scales: dict[str, float] = {}
    currencies: dict[str, Line] = {}
    period_words: list[Line] = []
    measure_stops: list[Line] = []
    number_words: dict[str, int] = {}
    # A rise in what a business pays ("salaries rose 12%", "costs climbed") is a challenge
    # to a seller's prospect, whatever strength word ("grow") says it: both lists must match.
    cost_words: list[Line] = []
    rise_words: list[Line] = []

    @pydantic.model_validator(mode="after")
    def _known_keys(self) -> Lexicon:
        for name, given, known in (
            ("themes", self.themes, THEMES),
            ("stances", self.stances, STANCES),
        ):
            unknown = sorted(set(given) - set(known))
            if unknown:
                raise ValueError(f"{name}: {unknown} are not in the vocabulary")
        return self


def lexicon_path(path: Path, language: str) -> Path:
    """Return the lexicon file for a language beside the English one (ingest.es.yaml)."""
    return path if language == "en" else path.with_name(f"{path.stem}.{language}{path.suffix}")


def read_lexicons(path: Path = DEFAULT_LEXICON) -> dict[str, Lexicon]:
    """Read the English lexicon at path and every language's beside it (``ingest.es.yaml``)."""
    found = {"en": read_lexicon(path)}
    for other in sorted(path.parent.glob(f"{path.stem}.*{path.suffix}")):
        language = other.name.removeprefix(f"{path.stem}.").removesuffix(path.suffix)
        if len(language) == 2:
            found[language] = read_lexicon(other)
    return found


def read_lexicon(path: Path = DEFAULT_LEXICON) -> Lexicon:
    """Read and validate the keyword lexicon, or raise PackError naming file and field."""
    text = load.read_pack_text(path)
    try:
        return Lexicon.model_validate(load.parse_yaml(text))
    except yaml.YAMLError as exc:
        raise PackError(str(path), "", f"not valid YAML: {exc}") from None
    except pydantic.ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise PackError(
            str(path), load.format_location(err["loc"]), load.describe_validation_error(err)
        ) from None


def _term_pattern(term: str) -> re.Pattern[str]:
    if term.endswith("*"):
        return re.compile(rf"\b{re.escape(term[:-1])}[\w-]*", re.IGNORECASE)
    return re.compile(rf"\b{re.escape(term)}\b", re.IGNORECASE)


def match_terms(sentence: str, terms: Sequence[str]) -> tuple[str, ...]:
    """Return the words of a sentence that match any lexicon term, lower-cased, once each."""
    found: list[str] = []
    for term in terms:
        for match in _term_pattern(term).finditer(sentence):
            word = match.group(0).casefold()
            if word not in found:
                found.append(word)
    return tuple(found)


def choose(
    sentence: str, choices: Mapping[str, Sequence[str]], order: Sequence[str]
) -> tuple[str | None, tuple[str, ...]]:
    """Return the choice whose terms the sentence matches most (ties by order) and its words."""
    best: tuple[str | None, tuple[str, ...]] = (None, ())
    for key in order:
        words = match_terms(sentence, choices.get(key, ()))
        if len(words) > len(best[1]):
            best = (key, words)
    return best
