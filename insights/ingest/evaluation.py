"""Scoring the ingest against articles whose places, organisations, figures and links are
known (tests/fixtures/articles/eval): precision and recall per kind of finding."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic

from insights.content import load
from insights.content.model import Line
from insights.errors import PackError
from insights.ingest.gazetteer import fold

KINDS = ("places", "organisations", "figures", "links")
ARTICLE_SUFFIXES = (".txt", ".md", ".html")


class ExpectedFigure(pydantic.BaseModel):
    """A figure the article states: its value and unit."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    value: float
    unit: Line


class Expected(pydantic.BaseModel):
    """What an evaluation article should yield (NAME.expected.yaml beside NAME.txt/md/html)."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    region: Line
    language: Line
    # Written before the ingest first ran on it, and never tuned on: scored apart too.
    held_out: bool = False
    places: list[Line] = []
    organisations: list[Line] = []
    figures: list[ExpectedFigure] = []
    links: list[Line] = []


@dataclass(frozen=True)
class Score:
    """Counts for one kind of finding: right, found in all, expected in all."""

    right: int = 0
    found: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        """Share of what was found that was expected (1.0 when nothing was found)."""
        return self.right / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        """Share of what was expected that was found (1.0 when nothing was expected)."""
        return self.right / self.expected if self.expected else 1.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.right + other.right, self.found + other.found, self.expected + other.expected
        )


def read_expected(path: Path) -> Expected:
    """Read one NAME.expected.yaml, or raise PackError naming file and field."""
    try:
        return Expected.model_validate(load.parse_yaml(load.read_pack_text(path)))
    except pydantic.ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        raise PackError(
            str(path), load.format_location(err["loc"]), load.describe_validation_error(err)
        ) from None


def list_cases(folder: Path) -> list[tuple[Path, Path]]:
    """Return each evaluation article with its expectations, by name."""
    return sorted(
        (article, article.with_name(f"{article.stem}.expected.yaml"))
        for article in folder.iterdir()
        if article.suffix in ARTICLE_SUFFIXES
    )


def findings(draft: Mapping[str, Any]) -> dict[str, set[str]]:
    """Return what a draft found, per kind, as comparable keys."""
    region = draft["region"]["id"]
    ingested = draft.get("ingested") or {}
    return {
        "places": {p["id"] for p in draft["places"]} - {region},
        "organisations": {fold(c["name"]) for c in draft["companies"]},
        "figures": {_figure_key(f["value"], f["unit"]) for f in ingested.get("figures", [])},
        "links": {link["target"] for link in ingested.get("links", [])},
    }


def expectations(expected: Expected) -> dict[str, set[str]]:
    """Return what an article should yield, per kind, as comparable keys."""
    return {
        "places": set(expected.places),
        "organisations": {fold(o) for o in expected.organisations},
        "figures": {_figure_key(f.value, f.unit) for f in expected.figures},
        "links": set(expected.links),
    }


def _figure_key(value: float, unit: str) -> str:
    return f"{unit}:{value:g}"


def score(found: Mapping[str, set[str]], wanted: Mapping[str, set[str]]) -> dict[str, Score]:
    """Return the score per kind of one article."""
    return {
        kind: Score(len(found[kind] & wanted[kind]), len(found[kind]), len(wanted[kind]))
        for kind in KINDS
    }


def total(scores: Iterable[Mapping[str, Score]]) -> dict[str, Score]:
    """Add up scores per kind over articles (micro-averaged)."""
    summed = dict.fromkeys(KINDS, Score())
    for one in scores:
        summed = {kind: summed[kind] + one[kind] for kind in KINDS}
    return summed


def misses(found: Mapping[str, set[str]], wanted: Mapping[str, set[str]]) -> list[str]:
    """Say what was wrongly found (+) and missed (-), per kind, for a report."""
    lines: list[str] = []
    for kind in KINDS:
        extra = sorted(found[kind] - wanted[kind])
        missing = sorted(wanted[kind] - found[kind])
        lines += [f"  {kind}: + {', '.join(extra)}"] if extra else []
        lines += [f"  {kind}: - {', '.join(missing)}"] if missing else []
    return lines


def format_table(scores: Mapping[str, Score], rows: Sequence[str] = KINDS) -> str:
    """Return precision and recall per kind as a small text table."""
    lines = [f"{'kind':<14} {'precision':>9} {'recall':>7}  right/found/expected"]
    for kind in rows:
        s = scores[kind]
        lines.append(
            f"{kind:<14} {s.precision:>9.2f} {s.recall:>7.2f}  {s.right}/{s.found}/{s.expected}"
        )
    return "\n".join(lines)
