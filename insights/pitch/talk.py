"""A pitch resolved against the content: every talking point with its citation, age and source."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import urllib.parse
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any

import pandas as pd

from insights.content import citation, evidence, numbers
from insights.content.citation import Dating
from insights.content.evidence import VerifyRule
from insights.content.model import SOURCE_KINDS, FormKind
from insights.pitch.plan import (
    COVER_KEY,
    OwnAnswer,
    Pair,
    Pitch,
    PitchVocabulary,
    claim_ids,
    fill_from_selection,
    is_source_pairing,
    item_token,
    note_of,
)
from insights.pitch.seller import NO_PROFILE_PROMPT, Profile
from insights.view import scorecard as scores
from insights.view.scorecard import Scorecard

DEFAULT_TITLE = "Talking points"
# How the seller's own words are labelled: to the audience, in place of a source line, and to
# the rep. Never a citation: no source stands behind them.
OUR_ANSWER = "Our answer"
OWN_WORDS_LINE = "In our own words"
OUR_NOTE = "Our note"
OUR_PAIRING = "our pairing: the source does not give this answer to this objection"
# Single figures share a list slide, this many at a time (two rows of two on a deck's slide).
FIGURES_PER_SLIDE = 4
FIGURES_TITLE = "Figures"
BOOKING_LABEL = "Book a meeting"
# What the app's own request form is called where a call to action offers it.
FORM_LABELS: Mapping[FormKind, str] = MappingProxyType(
    {"quote": "Get a quote", "contact": "Talk to us"}
)


class Copy(StrEnum):
    """Who a file is made for: the prospect (nothing but what they may read) or the rep."""

    PROSPECT = "prospect"
    REP = "rep"


@dataclass(frozen=True)
class Source:
    """Where a point comes from, as a sources slide or footnote lists it."""

    publisher: str
    former_name: str
    title: str
    published: citation.Dating
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
    paragraph: int
    as_of: Dating
    age: str
    stale: bool
    source: Source

    @property
    def source_line(self) -> str:
        """Return the line shown under a point, e.g. ``Source: Aptum (blog), Dec 2017, ¶3``."""
        return make_source_line(self.source, self.as_of, self.paragraph)

    @property
    def rep_note(self) -> str:
        """Return what only the rep reads about a point: citation, age (and verify mark), bias."""
        return f"{self.citation} · {self.age}. Bias: {self.source.bias}"


@dataclass(frozen=True)
class PairPoint:
    """An objection beside a source's answer, each side with its own citation.

    ``ours``: the rep paired them; the source does not give this answer to this objection.
    """

    challenge: Point
    response: Point
    ours: bool = False


@dataclass(frozen=True)
class OwnAnswerPoint:
    """An objection (cited) answered in the seller's own words (never cited)."""

    challenge: Point
    answer: str


Slide = Point | PairPoint | OwnAnswerPoint


@dataclass(frozen=True)
class StatedFigure:
    """A number a source states, resting on one of the talk's points, typed and as read."""

    id: str
    measure: str
    measure_label: str
    value: float
    unit: str
    currency: str | None
    scale: str | None
    qualifier: str | None
    # The number as the prospect reads it: ``USD 29 billion``, ``more than 70``, ``42%``.
    shown: str
    place: str
    place_name: str
    period: str | None
    as_of: Dating
    claim: str
    paragraph: int
    citation: str
    age: str
    stale: bool
    source: Source

    @property
    def when(self) -> str:
        """Return the period the number is for, or ``period not stated``."""
        return numbers.describe_period(self.period)

    @property
    def source_line(self) -> str:
        """Return the line shown under a figure: the same form as a point's."""
        return make_source_line(self.source, self.as_of, self.paragraph)

    @property
    def rep_note(self) -> str:
        """Return what only the rep reads about a figure: what it is, citation, age, bias."""
        return (
            f"{self.measure_label}, {self.place_name}, {self.when}: {self.shown}. "
            f"{self.citation} · {self.age}. Bias: {self.source.bias}"
        )


@dataclass(frozen=True)
class FigureSlide:
    """A screen of figures: one measure across places or dates (charted), or figures listed."""

    title: str
    figures: tuple[StatedFigure, ...]
    chart: bool


@dataclass(frozen=True)
class CallLink:
    """One action of a call to action as every output shows it: a label and where it leads."""

    label: str
    target: str


@dataclass(frozen=True)
class Closing:
    """How every output closes: the seller's call to action in the seller's words.

    Never a source's: without a seller profile it names no company and links only the app's
    own form (when the app has a public address).
    """

    prompt: str = NO_PROFILE_PROMPT
    links: tuple[CallLink, ...] = ()
    company: str = ""
    contact: tuple[str, ...] = ()
    logo: bytes | None = None


@dataclass(frozen=True)
class Talk:
    """A pitch as presented: title, prospect, date made, slides in order and the call to action."""

    title: str
    prospect: str
    made_on: dt.date
    items: tuple[Slide, ...]
    stale_after: int
    closing: Closing = Closing()
    # The figures resting on the talk's points, in the order of the points they rest on.
    figures: tuple[StatedFigure, ...] = ()
    # The rep's own notes, one per item ("" for none), and on the cover: the rep's copy only.
    notes: tuple[str, ...] = ()
    cover_note: str = ""
    # Two places' scorecard, when the pitch carries one (Compare's "Add this scorecard").
    scorecard: Scorecard | None = None

    @property
    def points(self) -> tuple[Point, ...]:
        """Return every claim presented, in order, each once (both sides of a pair count)."""
        found: dict[str, Point] = {}
        for item in self.items:
            for point in slide_points(item):
                found.setdefault(point.id, point)
        return tuple(found.values())

    def note_on(self, screen: object) -> str:
        """Return the rep's note on an item or the cover, "" when none."""
        if isinstance(screen, Cover):
            return self.cover_note
        for item, note in zip(self.items, self.notes, strict=False):
            if item == screen:
                return note
        return ""

    @property
    def sources(self) -> tuple[Source, ...]:
        """Return the sources the points rest on, in order of first use."""
        return tuple(dict.fromkeys(p.source for p in self.points))

    @property
    def stale_count(self) -> int:
        """Return how many points need checking before they are presented."""
        return sum(p.stale for p in self.points)


def slide_points(item: object) -> tuple[Point, ...]:
    """Return the cited points an item shows: one, both sides of a pair, or the objection."""
    if isinstance(item, PairPoint):
        return (item.challenge, item.response)
    if isinstance(item, OwnAnswerPoint):
        return (item.challenge,)
    return (item,) if isinstance(item, Point) else ()


def make_source_line(source: Source, as_of: Dating, paragraph: int) -> str:
    """Return the prospect's source line: ``Source: Aptum (vendor blog), Dec 2017, ¶3``."""
    return f"Source: {source.publisher} ({source.kind}), {_month_year(as_of)}, ¶{paragraph}"


def _month_year(day: Dating) -> str:
    # A source line dates a point as far as its source does: "Dec 2017", "2023", or not at all.
    if isinstance(day, dt.date):
        return f"{day:%b %Y}"
    return str(day.year) if day.year is not None else citation.NOT_STATED


def make_point(claim: Mapping[Hashable, Any], today: dt.date, rule: VerifyRule) -> Point:
    """Return a claim row as a point, its age and verify mark judged as every page judges them."""
    freshness, age = evidence.judge_claim(claim, today, rule)
    return Point(
        id=claim["id"],
        text=claim["text"],
        theme=claim["theme"],
        theme_label=claim["theme_label"],
        place_name=claim["place_name"],
        stance=claim["stance"],
        stance_label=claim["stance_label"],
        citation=claim["citation"],
        paragraph=int(claim["paragraph"]),
        as_of=claim["as_of"],
        age=age,
        stale=freshness.verify,
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


def _optional(value: object) -> str | None:
    # Optional fields come out of a frame as None or NaN; both mean "not given".
    return value if isinstance(value, str) and value else None


def make_figure(
    row: Mapping[Hashable, Any], point: Point, today: dt.date, stale_after: int
) -> StatedFigure:
    """Return a row of the figures frame as a figure of the talk, sourced as its point is."""
    own = row["as_of"]
    # A figure dated on its own keeps that date; otherwise its source's, as far as it states one.
    as_of = own if isinstance(own, dt.date) and not pd.isna(own) else row["dated"]
    currency, scale, qualifier = (_optional(row[k]) for k in ("currency", "scale", "qualifier"))
    return StatedFigure(
        id=row["id"],
        measure=row["measure"],
        measure_label=row["measure_label"],
        value=float(row["value"]),
        unit=row["unit"],
        currency=currency,
        scale=scale,
        qualifier=qualifier,
        shown=numbers.format_figure(row["value"], row["unit"], currency, scale, qualifier),
        place=row["place"],
        place_name=row["place_name"],
        period=_optional(row["period"]),
        as_of=as_of,
        claim=row["claim"],
        paragraph=int(row["paragraph"]),
        citation=row["citation"],
        age=citation.describe_age(as_of, today, stale_after),
        stale=citation.is_stale(as_of, today, stale_after),
        source=point.source,
    )


def collect_figures(
    points: Sequence[Point], figures: pd.DataFrame, today: dt.date, stale_after: int
) -> tuple[StatedFigure, ...]:
    """Return the figures resting on these points, in the points' order, each once."""
    by_id = {p.id: p for p in points}
    rows = figures[figures["claim"].isin(list(by_id))].to_dict("records")
    order = {pid: n for n, pid in enumerate(by_id)}
    rows = sorted(rows, key=lambda r: order[r["claim"]])
    found = {r["id"]: make_figure(r, by_id[r["claim"]], today, stale_after) for r in rows}
    return tuple(found.values())


def resolve_talk(
    pitch: Pitch,
    claims: pd.DataFrame,
    today: dt.date,
    rule: VerifyRule,
    figures: pd.DataFrame | None = None,
    vocab: PitchVocabulary | None = None,
) -> Talk:
    """Return the pitch's items as points with citations, ages and the figures resting on them.

    Given the vocabulary, a pair the source does not make is marked as the rep's pairing.
    """
    used = claims[claims["id"].isin(claim_ids(pitch.items))]
    by_id = {row["id"]: row for row in used.to_dict("records")}

    def point(claim_id: str) -> Point:
        return make_point(by_id[claim_id], today, rule)

    items: list[Slide] = []
    notes: list[str] = []
    for item in pitch.items:
        slide: Slide | None = None
        if isinstance(item, Pair):
            if item.challenge in by_id and item.remedy in by_id:
                ours = vocab is not None and not is_source_pairing(item, vocab)
                slide = PairPoint(point(item.challenge), point(item.remedy), ours)
        elif isinstance(item, OwnAnswer):
            if item.challenge in by_id:
                slide = OwnAnswerPoint(point(item.challenge), item.text)
        elif item in by_id:
            slide = point(item)
        if slide is not None:
            items.append(slide)
            notes.append(note_of(pitch, item_token(item)))
    made = Talk(
        title=pitch.title or default_title(used if not used.empty else claims),
        prospect=pitch.prospect,
        made_on=today,
        items=tuple(items),
        stale_after=rule.stale_after,
        notes=tuple(notes),
        cover_note=note_of(pitch, COVER_KEY),
    )
    if figures is None or figures.empty:
        return made
    found = collect_figures(made.points, figures, today, rule.stale_after)
    return dataclasses.replace(made, figures=found)


def resolve_pitch_or_view(
    current: Pitch,
    in_view: Iterable[str],
    claims: pd.DataFrame,
    today: dt.date,
    rule: VerifyRule,
    figures: pd.DataFrame | None = None,
    vocab: PitchVocabulary | None = None,
) -> Talk:
    """Return what is presented and exported: the pitch, else the first claims in view."""
    chosen = fill_from_selection(current, in_view)
    return resolve_talk(chosen, claims, today, rule, figures, vocab)


def make_form_link(public_url: str, kind: str, params: Mapping[str, Sequence[str]]) -> str:
    """Return the app's public request form of this kind, with the rep's filters pre-filled."""
    query = {"kind": kind, **{k: ",".join(v) for k, v in params.items() if v}}
    return f"{public_url.rstrip('/')}/request?{urllib.parse.urlencode(query)}"


def make_closing(
    profile: Profile | None, public_url: str = "", params: Mapping[str, Sequence[str]] | None = None
) -> Closing:
    """Return the seller's call to action: their booking link, then the app's own forms."""
    forms = tuple(
        CallLink(label, make_form_link(public_url, kind, params or {}))
        for kind, label in FORM_LABELS.items()
        if public_url
    )
    if profile is None:
        return Closing(links=forms)
    seller = profile.seller
    booking = (CallLink(BOOKING_LABEL, str(seller.booking_url)),) if seller.booking_url else ()
    return Closing(
        prompt=profile.prompt,
        links=(*booking, *forms),
        company=seller.company,
        contact=profile.contact_lines,
        logo=profile.logo,
    )


def with_closing(talk: Talk, closing: Closing) -> Talk:
    """Return the talk closing with this call to action."""
    return dataclasses.replace(talk, closing=closing)


@dataclass(frozen=True)
class Cover:
    """The opening screen of a presentation: what it is, for whom, and when it was made."""

    title: str
    prospect: str
    made_on: dt.date
    points: int
    # The seller presenting, "" without a profile, and its logo (the checked file's bytes).
    company: str = ""
    logo: bytes | None = None


@dataclass(frozen=True)
class ScorecardSlide:
    """A screen of the scorecard: some of its rows, each cell compact and cited."""

    card: Scorecard
    lines: tuple[scores.Line, ...]
    part: int
    parts: int

    @property
    def title(self) -> str:
        """Return the slide's title: ``Scorecard: Guadalajara and Mexico City (1 of 2)``."""
        of = f" ({self.part} of {self.parts})" if self.parts > 1 else ""
        return f"{scores.TITLE}: {self.card.left} and {self.card.right}{of}"


# The scorecard's rows per screen: talent; cost and companies; risks.
SCORECARD_SPLIT = ("universities", "companies")


def make_scorecard_slides(card: Scorecard | None) -> tuple[ScorecardSlide, ...]:
    """Return the scorecard as screens of a few rows each (none without a scorecard)."""
    if card is None:
        return ()
    parts: list[list[scores.Line]] = [[]]
    for line in card.lines:
        parts[-1].append(line)
        if line.spec.key in SCORECARD_SPLIT and line is not card.lines[-1]:
            parts.append([])
    parts = [p for p in parts if p]
    return tuple(
        ScorecardSlide(card, tuple(lines), n, len(parts)) for n, lines in enumerate(parts, start=1)
    )


def with_scorecard(talk: Talk, card: Scorecard | None) -> Talk:
    """Return the talk carrying this scorecard (None: none)."""
    return dataclasses.replace(talk, scorecard=card)


Screen = Cover | Point | PairPoint | OwnAnswerPoint | ScorecardSlide | FigureSlide | Closing


def _chartable(group: Sequence[StatedFigure]) -> bool:
    # A chart shows something only for one measure at several places or dates, every bar in
    # the same unit, currency and scale (else its bars would compare unlike numbers).
    spots = {(f.place, f.period) for f in group}
    units = {(f.unit, f.currency, f.scale) for f in group}
    return len(spots) > 1 and len(units) == 1


def make_figure_slides(
    figures: Sequence[StatedFigure], per_slide: int = FIGURES_PER_SLIDE
) -> tuple[FigureSlide, ...]:
    """Return the figure screens: a chart per measure at several places or dates, then a list."""
    groups: dict[str, list[StatedFigure]] = {}
    for figure in figures:
        groups.setdefault(figure.measure, []).append(figure)
    charts = [
        FigureSlide(g[0].measure_label, tuple(g), True) for g in groups.values() if _chartable(g)
    ]
    single = [f for g in groups.values() if not _chartable(g) for f in g]
    # Spread evenly (five are three and two, not four and one), so no slide holds a lone card.
    slides = math.ceil(len(single) / per_slide)
    size = math.ceil(len(single) / slides) if slides else per_slide
    lists = [
        FigureSlide(FIGURES_TITLE, tuple(single[i : i + size]), False)
        for i in range(0, len(single), size)
    ]
    return (*charts, *lists)


def make_screens(talk: Talk) -> tuple[Screen, ...]:
    """Return what presentation mode shows, in order: cover, items, figures, the call to action."""
    cover = Cover(
        talk.title,
        talk.prospect,
        talk.made_on,
        len(talk.points),
        talk.closing.company,
        talk.closing.logo,
    )
    return (
        cover,
        *talk.items,
        *make_scorecard_slides(talk.scorecard),
        *make_figure_slides(talk.figures),
        talk.closing,
    )


def _check_line(talk: Talk) -> str:
    if talk.stale_count:
        return (
            f"{talk.stale_count} of {len(talk.points)} points are {talk.stale_after} or more "
            "years old: verify them before presenting."
        )
    return f"No point is {talk.stale_after} or more years old."


def _source_lines(talk: Talk) -> list[str]:
    return [f"{s.name}, {s.title}: {s.url}. Bias: {s.bias}" for s in talk.sources]


def write_notes(screen: Screen | None, talk: Talk) -> str:
    """Return the rep's notes for a screen (None: the sources), their own note first."""
    # The audience sees a point and its short source line; everything the rep must weigh
    # before saying it out loud lives here, in the speaker notes and the presenter view.
    own = talk.note_on(screen)
    checks = _write_checks(screen, talk)
    return f"{OUR_NOTE}: {own}\n{checks}" if own else checks


def _write_checks(screen: Screen | None, talk: Talk) -> str:
    if isinstance(screen, Cover):
        return "\n".join([_check_line(talk), *_source_lines(talk)])
    if isinstance(screen, PairPoint):
        pairing = f" ({OUR_PAIRING})" if screen.ours else ""
        return (
            f"Objection: {screen.challenge.rep_note}\nAnswer{pairing}: {screen.response.rep_note}"
        )
    if isinstance(screen, OwnAnswerPoint):
        return (
            f"Objection: {screen.challenge.rep_note}\n"
            f"{OUR_ANSWER}: in our own words; no source stands behind it."
        )
    if isinstance(screen, Point):
        return screen.rep_note
    if isinstance(screen, FigureSlide):
        return "\n".join(f.rep_note for f in screen.figures)
    if isinstance(screen, ScorecardSlide):
        # Every cell in full, each entry cited: the slide shows them compactly.
        return "\n".join(
            f"{line.spec.title}: "
            + (
                scores.describe_cell(line.left)
                if line.spec.shared
                else f"{screen.card.left}: {scores.describe_cell(line.left)} | "
                f"{screen.card.right}: {scores.describe_cell(line.right)}"
            )
            for line in screen.lines
        )
    if isinstance(screen, Closing):
        if not screen.company:
            return "No seller profile is set: this closing names no company and books nothing."
        return "Our own call to action, in our words: no source stands behind it."
    return "\n".join(
        [f"Ages are counted to {citation.format_day(talk.made_on)}.", *_source_lines(talk)]
    )


def clamp_position(position: int, count: int) -> int:
    """Return a screen index kept within 0 and count - 1 (0 when there is nothing)."""
    return max(0, min(position, count - 1))
