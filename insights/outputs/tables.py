"""Tables as shown and downloads of exactly those tables: claims, a pitch, CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence

import pandas as pd

from insights.content import citation, evidence
from insights.content.model import SOURCE_KINDS
from insights.pitch.talk import Copy, OwnAnswerPoint, PairPoint, Point, StatedFigure, Talk

TABLE_COLUMNS = {
    "id": "ID",
    "text": "Claim",
    "theme_label": "Theme",
    "place_name": "Place",
    # Set when a place filter keeps a claim for a wider place: "Mexico" under Guadalajara.
    "applies_to_name": "Applies to",
    "stance_label": "Stance",
    "citation": "Source",
    "age": "Age",
    "newest_evidence": "Newest evidence",
    "evidence": "Evidence",
    "source_kind_label": "Source kind",
    "url": "Source URL",
}
# Spreadsheets run a cell that starts with one of these as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A spreadsheet may split on any of these (its own separator, or rows, whatever the quoting
# says), so one of them followed by a formula character starts a formula too: "Acme;=1+1".
CELL_BREAKS = (",", ";", "\t", "\r", "\n")
_FORMULA_START = re.compile(
    "(?:^|(?<=[" + re.escape("".join(CELL_BREAKS)) + "]))( *)"
    "(?=[" + re.escape("".join(FORMULA_PREFIXES)) + "])"
)


def make_claims_table(
    claims: pd.DataFrame, today: dt.date, rule: evidence.VerifyRule
) -> pd.DataFrame:
    """Return the claims as the explorer shows them: readable columns, age judged for today."""
    table = claims.assign(
        # The one verify rule: the age line and mark the claim's card and notes give it.
        age=evidence.describe_claims(claims, today, rule),
        source_kind_label=claims["source_kind"].map(SOURCE_KINDS),
    )
    return table[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS).reset_index(drop=True)


def neutralise_cell(value: object) -> object:
    """Put a quote before every formula a spreadsheet could see in text; others pass through."""
    # At the start and after each separator or line break (spaces between included), so
    # however the spreadsheet splits the text, no cell of it starts with = + - @ tab or CR.
    return _FORMULA_START.sub(r"\1'", value) if isinstance(value, str) else value


def to_csv_bytes(table: pd.DataFrame) -> bytes:
    """Return the table as UTF-8 CSV, every cell quoted and formula-like text neutralised."""
    # The one CSV writer: the claims, pitch and quote-request downloads all come through here.
    safe = table.map(neutralise_cell)
    return safe.to_csv(index=False, quoting=csv.QUOTE_ALL).encode("utf-8")


def to_json_bytes(table: pd.DataFrame) -> bytes:
    """Return the table as a JSON array of records, dates in ISO form."""
    return table.to_json(orient="records", force_ascii=False, date_format="iso", indent=2).encode(
        "utf-8"
    )


PITCH_ROLES = {
    "point": "talking point",
    "challenge": "objection",
    "response": "answer",
    "own": "our answer",
}
# Who stands behind a row's text: a source (cited in the row), or the seller (no citation).
SAID_BY = {"point": "source", "challenge": "source", "response": "source", "own": "seller"}
# What only the rep weighs before presenting: the source's bias, the claim's age and the
# verify mark, and the rep's own note. A prospect's copy of the data leaves them out.
REP_ONLY_FIELDS = ("bias", "age", "verify", "our_note")
# How the team keeps the content (who owns a claim, its review, a pack's draft or published
# status): the rep's business, never the prospect's. The prospect's copy leaves them out too.
UPKEEP_FIELDS = ("owner", "reviewed_on", "review_due", "status")
# The claims frame's own helper column; every other field goes out.
INTERNAL_COLUMNS = ("many_places",)


def _uses(talk: Talk) -> list[tuple[int, str, Point | str]]:
    uses: list[tuple[int, str, Point | str]] = []
    for position, item in enumerate(talk.items, start=1):
        if isinstance(item, PairPoint):
            uses += [(position, "challenge", item.challenge), (position, "response", item.response)]
        elif isinstance(item, OwnAnswerPoint):
            uses += [(position, "challenge", item.challenge), (position, "own", item.answer)]
        else:
            uses.append((position, "point", item))
    return uses


def _use_row(position: int, role: str, used: Point | str) -> dict[str, object]:
    # The seller's own answer has no claim id, no source and no age: only its words.
    if isinstance(used, str):
        return {
            "position": position,
            "role": PITCH_ROLES[role],
            "id": "",
            "age": "",
            "verify": False,
        }
    return {
        "position": position,
        "role": PITCH_ROLES[role],
        "id": used.id,
        "age": used.age,
        "verify": used.stale,
    }


def make_figure_record(figure: StatedFigure, copy: Copy = Copy.REP) -> dict[str, object]:
    """Return a figure as data: its typed fields, the number as read, citation (and age)."""
    record = {
        "id": figure.id,
        "measure": figure.measure,
        "measure_label": figure.measure_label,
        "value": figure.value,
        "unit": figure.unit,
        "currency": figure.currency,
        "scale": figure.scale,
        "qualifier": figure.qualifier,
        "figure": figure.shown,
        "place": figure.place,
        "place_name": figure.place_name,
        "period": figure.period,
        "as_of": citation.format_iso(figure.as_of),
        "claim": figure.claim,
        "paragraph": figure.paragraph,
        "citation": figure.citation,
        "source_line": figure.source_line,
        "age": figure.age,
        "verify": figure.stale,
    }
    if copy is Copy.PROSPECT:
        return {k: v for k, v in record.items() if k not in REP_ONLY_FIELDS}
    return record


def describe_figures(figures: Sequence[StatedFigure]) -> str:
    """Return figures as one cell of text: ``Tech specialists: 300,000 (Alpha City, 2023; …)``."""
    return "; ".join(
        f"{f.measure_label}: {f.shown} ({f.place_name}, {f.when}; {f.citation})" for f in figures
    )


def _figures_by_claim(talk: Talk) -> dict[str, list[StatedFigure]]:
    found: dict[str, list[StatedFigure]] = {}
    for figure in talk.figures:
        found.setdefault(figure.claim, []).append(figure)
    return found


def make_pitch_table(talk: Talk, claims: pd.DataFrame, copy: Copy = Copy.REP) -> pd.DataFrame:
    """Return one row per claim used in the talk, in order, every field of the claim, figures.

    The seller's own answers are rows of their own ("our answer", said by the seller, no source
    fields). The prospect's copy leaves out what only the rep weighs (bias, age, verify, notes).
    """
    uses = _uses(talk)
    # A note goes on its item's first row.
    firsts = {n: i for i, (n, _, _) in reversed(list(enumerate(uses)))}
    rows = pd.DataFrame(
        [
            {
                **_use_row(n, role, used),
                "said_by": SAID_BY[role],
                "own_text": used if isinstance(used, str) else "",
                "our_note": talk.notes[n - 1] if firsts[n] == i and n <= len(talk.notes) else "",
            }
            for i, (n, role, used) in enumerate(uses)
        ],
        columns=["position", "role", "id", "age", "verify", "said_by", "own_text", "our_note"],
    )
    fields = claims.drop(columns=list(INTERNAL_COLUMNS))
    table = rows.merge(fields, on="id", how="left", validate="many_to_one")
    own = table["said_by"] == "seller"
    # Our words fill the text column; every source field of that row stays empty.
    table["text"] = table["text"].where(~own, table["own_text"])
    ordered = ["position", "role", *fields.columns, "said_by", "age", "verify", "our_note"]
    if copy is Copy.PROSPECT:
        ordered = [c for c in ordered if c not in (*REP_ONLY_FIELDS, *UPKEEP_FIELDS)]
    by_claim = _figures_by_claim(talk)
    reviews = {
        c: table[c].map(dt.date.isoformat, na_action="ignore")
        for c in ("reviewed_on", "review_due")
        if c in ordered
    }
    # Dates as ISO text, so CSV and JSON carry the same value a reader can type back in.
    return table[ordered].assign(
        **reviews,
        as_of=table["as_of"].map(citation.format_iso, na_action="ignore"),
        published=table["published"].map(citation.format_iso, na_action="ignore"),
        # Every place the claim names, primary first, as one cell: "guadalajara,zapopan".
        place_ids=table["place_ids"].map(",".join, na_action="ignore"),
        # The figures resting on the claim, as read: a spreadsheet's cell of text.
        figures=[describe_figures(by_claim.get(cid, ())) for cid in table["id"]],
    )


def to_pitch_json_bytes(talk: Talk, claims: pd.DataFrame, copy: Copy = Copy.REP) -> bytes:
    """Return the pitch table as JSON, each claim's figures a list of typed records."""
    by_claim = _figures_by_claim(talk)
    table = make_pitch_table(talk, claims, copy)
    typed = pd.Series(
        [[make_figure_record(f, copy) for f in by_claim.get(cid, ())] for cid in table["id"]],
        index=table.index,
        dtype=object,
    )
    return to_json_bytes(table.assign(figures=typed))
