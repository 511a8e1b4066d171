"""A pitch resolved against the content: every talking point with its citation, age and source."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from insights import citation, paging
from insights.model import SOURCE_KINDS, STANCES, THEMES, CallToAction
from insights.pitch import Pair, Pitch, claim_ids

DEFAULT_TITLE = "Talking points"


@dataclass(frozen=True)
class Source:
    """Where a point comes from, as a sources slide or footnote lists it."""

    publisher: str
    former_name: str
    title: str
    published: dt.date
    url: str
    kind: str
    bias: str

    @property
    def name(self) -> str:
        """Return the publisher with the name it had when it published, if that differs."""
        return f"{self.publisher} (then {self.former_name})" if self.former_name else self.publisher


@dataclass(frozen=True)
class Point:
    """One claim ready to present: its words, labels, citation and age."""

    id: str
    text: str
    theme: str
    theme_label: str
    place_name: str
    stance: str
    stance_label: str
    citation: str
    age: str
    stale: bool
    source: Source

    @property
    def cite_line(self) -> str:
        """Return the line under a point: citation, then age."""
        return f"{self.citation} · {self.age}"


@dataclass(frozen=True)
class PairPoint:
    """An objection beside the answer its source gives, each side with its own citation."""

    challenge: Point
    response: Point


Slide = Point | PairPoint


@dataclass(frozen=True)
class Talk:
    """A pitch as presented: title, prospect, date made, slides in order and the call to action."""

    title: str
    prospect: str
    made_on: dt.date
    items: tuple[Slide, ...]
    calls: tuple[CallToAction, ...]
    stale_after: int

    @property
    def points(self) -> tuple[Point, ...]:
        """Return every claim presented, in order, each once (both sides of a pair count)."""
        found: dict[str, Point] = {}
        for item in self.items:
            sides = (item.challenge, item.response) if isinstance(item, PairPoint) else (item,)
            for point in sides:
                found.setdefault(point.id, point)
        return tuple(found.values())

    @property
    def sources(self) -> tuple[Source, ...]:
        """Return the sources the points rest on, in order of first use."""
        return tuple(dict.fromkeys(p.source for p in self.points))

    @property
    def stale_count(self) -> int:
        """Return how many points need checking before they are presented."""
        return sum(p.stale for p in self.points)


def make_point(claim: Mapping[str, Any], today: dt.date, stale_after: int) -> Point:
    """Return a claim row as a point, its age computed for today."""
    return Point(
        id=claim["id"],
        text=claim["text"],
        theme=claim["theme"],
        theme_label=claim["theme_label"],
        place_name=claim["place_name"],
        stance=claim["stance"],
        stance_label=claim["stance_label"],
        citation=claim["citation"],
        age=citation.describe_age(claim["as_of"], today, stale_after),
        stale=citation.is_stale(claim["as_of"], today, stale_after),
        source=Source(
            publisher=claim["publisher"],
            former_name=claim["former_name"],
            title=claim["title"],
            published=claim["published"],
            url=claim["url"],
            kind=SOURCE_KINDS.get(claim["source_kind"], claim["source_kind"]),
            bias=claim["bias"],
        ),
    )


def default_title(claims: pd.DataFrame) -> str:
    """Return the title a pitch gets when the rep gave none, naming its region if only one."""
    regions = list(dict.fromkeys(claims["region_name"]))
    return f"{regions[0]}: talking points" if len(regions) == 1 else DEFAULT_TITLE


def resolve_talk(
    pitch: Pitch,
    claims: pd.DataFrame,
    calls: Sequence[CallToAction],
    today: dt.date,
    stale_after: int = citation.STALE_AFTER_YEARS,
) -> Talk:
    """Return the pitch's items as points with citations and ages; unknown ids are skipped."""
    used = claims[claims["id"].isin(claim_ids(pitch.items))]
    by_id = {row["id"]: row for row in paging.records(used)}
    items: list[Slide] = []
    for item in pitch.items:
        if isinstance(item, Pair):
            if item.challenge in by_id and item.remedy in by_id:
                items.append(
                    PairPoint(
                        make_point(by_id[item.challenge], today, stale_after),
                        make_point(by_id[item.remedy], today, stale_after),
                    )
                )
        elif item in by_id:
            items.append(make_point(by_id[item], today, stale_after))
    return Talk(
        title=pitch.title or default_title(used if not used.empty else claims),
        prospect=pitch.prospect,
        made_on=today,
        items=tuple(items),
        calls=tuple(calls),
        stale_after=stale_after,
    )


def count_themes(points: Sequence[Point]) -> dict[str, dict[str, int]]:
    """Count points per theme label and stance label; themes with none are left out."""
    counts = {
        THEMES[theme]: {
            STANCES[stance]: sum(p.theme == theme and p.stance == stance for p in points)
            for stance in STANCES
        }
        for theme in THEMES
    }
    return {theme: by for theme, by in counts.items() if sum(by.values())}


@dataclass(frozen=True)
class Cover:
    """The opening screen of a presentation: what it is, for whom, and what needs checking."""

    title: str
    prospect: str
    made_on: dt.date
    points: int
    stale: int
    stale_after: int


@dataclass(frozen=True)
class Closing:
    """The closing screen: the sources' own calls to action."""

    calls: tuple[CallToAction, ...]


Screen = Cover | Point | PairPoint | Closing


def make_screens(talk: Talk) -> tuple[Screen, ...]:
    """Return what presentation mode shows, in order: cover, each item, then the call to action."""
    cover = Cover(
        talk.title,
        talk.prospect,
        talk.made_on,
        len(talk.points),
        talk.stale_count,
        talk.stale_after,
    )
    closing = (Closing(talk.calls),) if talk.calls else ()
    return (cover, *talk.items, *closing)


def clamp_position(position: int, count: int) -> int:
    """Return a screen index kept within 0 and count - 1 (0 when there is nothing)."""
    return max(0, min(position, count - 1))
