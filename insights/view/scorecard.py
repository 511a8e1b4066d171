"""The scorecard: the rows a rep decides between two places on, each cell cited or "no source".

One table of row specs (ROWS) drives every output: Compare's grid, its CSV and JSON, the
command line's export, the deck's slide, the PDF and the Markdown. A cell lists what the
sources state (figures with their period, claims, the universities and companies they name),
each with its citation and date; a cell with nothing says "no source". Nothing is scored or
weighted: the rep reads the evidence.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from insights.content import citation, numbers
from insights.content.model import BOUNDARIES
from insights.view.filters import among

TITLE = "Scorecard"
NO_SOURCE = "no source"
# How many entries a cell shows on a page or a slide before "and N more"; files hold all.
SHOWN_PER_CELL = 3


@dataclass(frozen=True)
class Entry:
    """One cited thing in a cell: a figure, a claim, universities or companies counted."""

    kind: str  # "figure", "claim", "universities" or "companies"
    id: str  # the figure's or claim's id
    text: str
    citation: str
    as_of: str  # the date the source gives it, as data carries it ("2023", "2017-12-20")
    claim: str  # the claim it rests on


@dataclass(frozen=True)
class SideFacts:
    """What one side holds that is its own (not shared with the other side), and what is shared."""

    label: str
    own: pd.DataFrame  # claims
    shared: pd.DataFrame  # claims both sides hold
    figures: pd.DataFrame  # this side's own figures (not the other side's too)
    companies: pd.DataFrame  # companies its own claims name
    universities: pd.DataFrame  # universities its own claims report


@dataclass(frozen=True)
class Cell:
    """A side's entries for a row (maybe only the first few) and how many there are in all."""

    entries: tuple[Entry, ...]
    total: int


@dataclass(frozen=True)
class RowSpec:
    """A scorecard row: its group and label, and how a side's cell is filled."""

    key: str
    group: str
    label: str
    # The side's evidence, every entry (None) or the first few, with how many there are.
    collect: Callable[[SideFacts, int | None], Cell]
    # The row states what both sides share: shown once, not once per side.
    shared: bool = False
    # How many of a cell's claims a slide quotes in full (the others it counts).
    slide_claims: int = 0

    @property
    def title(self) -> str:
        """Return the row's name as a table shows it: ``Talent: workforce``."""
        if self.label.lower().startswith(self.group.lower()):
            return self.label
        return f"{self.group}: {self.label[0].lower()}{self.label[1:]}"


@dataclass(frozen=True)
class Line:
    """A filled row: the spec, and each side's entries (the same both sides for shared rows)."""

    spec: RowSpec
    left: tuple[Entry, ...]
    right: tuple[Entry, ...]
    # How many entries each side has in all (more than listed when the card was cut short).
    left_total: int = 0
    right_total: int = 0


@dataclass(frozen=True)
class Scorecard:
    """Two sides' evidence, row by row."""

    left: str
    right: str
    lines: tuple[Line, ...]


FIGURE_FIELDS = [
    "id",
    "measure_label",
    "value",
    "unit",
    "currency",
    "scale",
    "qualifier",
    "place_name",
    "boundary",
    "period",
    "as_of",
    "dated",
    "claim",
    "citation",
]
CLAIM_FIELDS = ["id", "text", "citation", "as_of"]
# What a side's claims must hold for its cells to be filled.
SIDE_FIELDS = [*CLAIM_FIELDS, "theme", "stance"]


def _figure_entry(row: dict[Hashable, Any]) -> Entry:
    boundary = row.get("boundary")
    within = BOUNDARIES.get(boundary, "") if isinstance(boundary, str) else ""
    where = f"{row['place_name']}" + (f", {within}" if within and boundary != "not stated" else "")
    text = (
        f"{row['measure_label']} ({where}, {numbers.describe_period(row['period'])}): "
        f"{numbers.describe_figure(row)}"
    )
    own = row.get("as_of")
    dated = own if isinstance(own, dt.date) and not pd.isna(own) else row["dated"]
    return Entry(
        "figure",
        str(row["id"]),
        text,
        str(row["citation"]),
        citation.format_iso(dated),
        str(row["claim"]),
    )


def _cited_entry(kind: str, claim_id: str, claim: Mapping[Hashable, Any], text: str) -> Entry:
    # An entry cited by its claim: the claim's citation and date, the claim to link.
    return Entry(
        kind, claim_id, text, str(claim["citation"]), citation.format_iso(claim["as_of"]), claim_id
    )


def _claim_entry(row: dict[Hashable, Any]) -> Entry:
    return _cited_entry("claim", str(row["id"]), row, str(row["text"]))


def _records(
    frame: pd.DataFrame, fields: Sequence[str], limit: int | None
) -> list[dict[Hashable, Any]]:
    # Only the fields an entry reads, and only the rows a cell shows: a side may hold thousands.
    taken = frame if limit is None else frame.iloc[:limit]
    return taken[[f for f in fields if f in taken.columns]].to_dict("records")


def _matching(frame: pd.DataFrame, pattern: str, columns: Sequence[str]) -> pd.Series:
    # A pattern as text (its flags inline): pandas hands it to Arrow's own regex engine, where
    # a compiled one would be matched string by string in Python.
    mask = pd.Series(False, index=frame.index)
    for column in columns:
        mask |= frame[column].str.contains(pattern, regex=True, na=False)
    return mask


def _room(limit: int | None, used: int) -> int | None:
    return None if limit is None else max(limit - used, 0)


Collect = Callable[[SideFacts, int | None], Cell]
Describe = Callable[[pd.DataFrame], str]


def evidence_row(measures: str, words: str, themes: Sequence[str]) -> Collect:
    """Fill a cell with the figures whose measure matches, then the claims whose words do.

    A claim already cited by one of the cell's figures is not listed again.
    """
    # Checked here (a bad pattern raises now), matched by Arrow (RE2: no look-arounds or
    # back-references), its flags inline.
    measure_re = f"(?i){re.compile(measures).pattern}"
    words_re = f"(?i){re.compile(words).pattern}"

    def collect(side: SideFacts, limit: int | None) -> Cell:
        figures = side.figures
        picked = figures[_matching(figures, measure_re, ("measure", "measure_label"))]
        found = [_figure_entry(r) for r in _records(picked, FIGURE_FIELDS, limit)]
        claims = side.own[
            side.own["theme"].isin(list(themes)) & ~among(side.own["id"], picked["claim"])
        ]
        claims = claims[_matching(claims, words_re, ("text",))]
        room = _room(limit, len(found))
        found += [_claim_entry(r) for r in _records(claims, CLAIM_FIELDS, room)]
        return Cell(tuple(found), len(picked) + len(claims))

    return collect


def _named_rows(
    rows: pd.DataFrame, side: SideFacts, limit: int | None
) -> tuple[list[tuple[str, pd.DataFrame, dict]], int]:
    # The rows of each claim naming companies or universities, a cell's worth, with the claim.
    ids = list(dict.fromkeys(rows["claim"]))
    chosen = ids if limit is None else ids[:limit]
    info = side.own.loc[among(side.own["id"], chosen), CLAIM_FIELDS].set_index("id")
    by_id = info.to_dict("index")
    kept = rows[among(rows["claim"], chosen)]
    return [
        (str(cid), group, by_id[cid])
        for cid, group in kept.groupby("claim", sort=False)
        if cid in by_id
    ], len(ids)


def _named_cell(
    rows: pd.DataFrame, side: SideFacts, limit: int | None, kind: str, describe: Describe
) -> Cell:
    # One entry per claim naming companies or universities: its places, then what it names.
    if rows.empty:
        return Cell((), 0)
    groups, total = _named_rows(rows, side, limit)
    found = tuple(
        _cited_entry(
            kind,
            claim_id,
            claim,
            f"{', '.join(dict.fromkeys(group['place_name']))}: {describe(group)}",
        )
        for claim_id, group, claim in groups
    )
    return Cell(found, total)


def _universities(side: SideFacts, limit: int | None) -> Cell:
    # Imported here: entities is the page-side module; this one stays light.
    from insights.view import entities

    def describe(group: pd.DataFrame) -> str:
        named = [n for n in group["name"] if isinstance(n, str) and n]
        counted = entities.describe_universities(group)
        return "; ".join(
            p for p in (counted if counted != entities.NO_UNIVERSITIES else "", *named) if p
        )

    return _named_cell(side.universities, side, limit, "universities", describe)


def _companies(side: SideFacts, limit: int | None) -> Cell:
    # Listed under the name a company goes by ("HP"), however this source writes it.
    return _named_cell(
        side.companies, side, limit, "companies", lambda g: ", ".join(dict.fromkeys(g["company"]))
    )


def _risks(frame: pd.DataFrame, limit: int | None) -> Cell:
    risks = frame[frame["stance"] == "challenge"]
    return Cell(tuple(_claim_entry(r) for r in _records(risks, CLAIM_FIELDS, limit)), len(risks))


ROWS: tuple[RowSpec, ...] = (
    RowSpec(
        "workforce",
        "Talent",
        "Workforce",
        evidence_row(
            r"specialist|workforce|engineer|developer|population|residents|inhabitants|talent",
            r"\b(?:talent\w*|specialists?|workforce|engineers?|developers?|technologists?"
            r"|pool|people|residents|inhabitants)\b",
            ("talent",),
        ),
    ),
    RowSpec(
        "graduates",
        "Talent",
        "Graduates",
        evidence_row(r"graduat|degree", r"\b(?:graduat\w*|degrees?)\b", ("talent",)),
    ),
    RowSpec("universities", "Talent", "Universities", _universities),
    RowSpec(
        "pay",
        "Cost",
        "Pay and its growth",
        evidence_row(
            r"wage|salar|pay|cost",
            r"\b(?:wages?|salar(?:y|ies)|pay|paid|costs?|costly|cheap\w*)\b",
            ("talent", "industry", "capital", "demand", "culture", "stability", "partnerships"),
        ),
    ),
    RowSpec("companies", "Companies", "Companies present", _companies),
    RowSpec(
        "shared-risks",
        "Risks",
        "Shared by both",
        lambda side, limit: _risks(side.shared, limit),
        shared=True,
        slide_claims=3,
    ),
    RowSpec(
        "local-risks",
        "Risks",
        "Its own",
        lambda side, limit: _risks(side.own, limit),
        slide_claims=2,
    ),
)


def make_scorecard(left: SideFacts, right: SideFacts, limit: int | None = None) -> Scorecard:
    """Fill every row of ROWS for both sides: every entry, or the first `limit` of each cell."""
    lines = []
    for spec in ROWS:
        left_cell = spec.collect(left, limit)
        right_cell = left_cell if spec.shared else spec.collect(right, limit)
        lines.append(
            Line(spec, left_cell.entries, right_cell.entries, left_cell.total, right_cell.total)
        )
    return Scorecard(left.label, right.label, tuple(lines))


def describe_entry(entry: Entry) -> str:
    """Return an entry as one line of text with its citation: ``text (citation)``."""
    return f"{entry.text} ({entry.citation})"


def describe_cell(entries: Sequence[Entry]) -> str:
    """Return a cell as text: its entries, each cited, or "no source"."""
    return "; ".join(describe_entry(e) for e in entries) or NO_SOURCE


LONG_COLUMNS = ["Row", "Side", "Kind", "ID", "Evidence", "Source", "As of", "Rests on"]


def make_long_table(card: Scorecard) -> pd.DataFrame:
    """Return the scorecard as data: one record per cited entry, "no source" where none."""
    rows = []
    for line in card.lines:
        sides = (
            (("both", line.left),)
            if line.spec.shared
            else (
                (card.left, line.left),
                (card.right, line.right),
            )
        )
        for side, entries in sides:
            if not entries:
                rows.append(
                    {
                        "Row": line.spec.title,
                        "Side": side,
                        "Kind": "",
                        "ID": "",
                        "Evidence": NO_SOURCE,
                        "Source": "",
                        "As of": "",
                        "Rests on": "",
                    }
                )
            for e in entries:
                rows.append(
                    {
                        "Row": line.spec.title,
                        "Side": side,
                        "Kind": e.kind,
                        "ID": e.id,
                        "Evidence": e.text,
                        "Source": e.citation,
                        "As of": e.as_of,
                        "Rests on": e.claim,
                    }
                )
    return pd.DataFrame(rows, columns=LONG_COLUMNS)


def to_records(card: Scorecard) -> list[dict[str, object]]:
    """Return the scorecard as JSON-ready rows: each row's cells as lists of cited entries."""

    def cell(entries: Sequence[Entry]) -> list[dict[str, str]] | str:
        if not entries:
            return NO_SOURCE
        return [
            {
                "kind": e.kind,
                "id": e.id,
                "evidence": e.text,
                "source": e.citation,
                "as_of": e.as_of,
                "claim": e.claim,
            }
            for e in entries
        ]

    out: list[dict[str, object]] = []
    for line in card.lines:
        record: dict[str, object] = {
            "row": line.spec.key,
            "group": line.spec.group,
            "label": line.spec.label,
            "shared": line.spec.shared,
        }
        if line.spec.shared:
            record["both"] = cell(line.left)
        else:
            record["left"] = cell(line.left)
            record["right"] = cell(line.right)
        out.append(record)
    return out


def short_source(entry: Entry) -> str:
    """Return an entry's source as a slide names it: its citation without the paragraph."""
    return entry.citation.rsplit(", ¶", 1)[0]


def compact_cell(
    entries: Sequence[Entry], claims: int = 0, figures: int = 2, names: int = 8, sources: int = 3
) -> tuple[tuple[str, ...], str]:
    """Return a cell as a slide shows it: a few short lines, and one line naming its sources.

    Figures and universities as stated, companies by name, claims counted: a slide has no room
    for every sentence (the speaker notes and the files hold them all, each cited).
    """
    if not entries:
        return (NO_SOURCE,), ""
    lines: list[str] = []
    stated = [e for e in entries if e.kind == "figure"]
    lines += [e.text for e in stated[:figures]]
    if len(stated) > figures:
        lines.append(f"and {len(stated) - figures:,} more figures")
    lines += [e.text for e in entries if e.kind == "universities"]
    companies = [
        name
        for e in entries
        if e.kind == "companies"
        for name in e.text.partition(": ")[2].split(", ")
    ]
    listed = list(dict.fromkeys(companies))
    if listed:
        more = f" and {len(listed) - names:,} more" if len(listed) > names else ""
        lines.append(f"{', '.join(listed[:names])}{more}")
    said = [e for e in entries if e.kind == "claim"]
    quoted = said[:claims]
    lines += [e.text for e in quoted]
    rest = len(said) - len(quoted)
    if rest:
        noun = "claim" if rest == 1 else "claims"
        lines.append(f"and {rest:,} more {noun}" if quoted else f"{rest:,} {noun} in the sources")
    named = list(dict.fromkeys(short_source(e) for e in entries))
    others = f"; and {len(named) - sources:,} more" if len(named) > sources else ""
    return tuple(lines), f"Sources: {'; '.join(named[:sources])}{others}"
