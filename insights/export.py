"""Tables as shown and downloads of exactly those tables."""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata

import pandas as pd

from insights import citation
from insights.citation import format_day
from insights.model import SOURCE_KINDS
from insights.talk import PairPoint, Point, Talk, count_themes
from insights.text import escape_markdown as esc

TABLE_COLUMNS = {
    "id": "ID",
    "text": "Claim",
    "theme_label": "Theme",
    "place_name": "Place",
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


def make_claims_table(claims: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """Return the claims as the explorer shows them: readable columns, age computed for today."""
    ages = [citation.describe_age(d, today) for d in claims["as_of"]]
    kinds = claims["source_kind"].map(SOURCE_KINDS)
    table = claims.assign(age=ages, source_kind_label=kinds)[list(TABLE_COLUMNS)]
    return table.rename(columns=TABLE_COLUMNS).reset_index(drop=True)


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


# --- Pitch exports: the same talk as the deck, as a one-pager and as data. ---

PITCH_ROLES = {"point": "talking point", "challenge": "objection", "response": "answer"}
# The claims frame's own helper column; every other field goes out.
INTERNAL_COLUMNS = ("search_text", "many_places")
_MAX_STEM = 60
_AUTOLINK = re.compile(r"https?://[^\s<>\\`\x00-\x1f\x7f]+")


def _uses(talk: Talk) -> list[tuple[int, str, Point]]:
    uses = []
    for position, item in enumerate(talk.items, start=1):
        if isinstance(item, PairPoint):
            uses += [(position, "challenge", item.challenge), (position, "response", item.response)]
        else:
            uses.append((position, "point", item))
    return uses


def make_pitch_table(talk: Talk, claims: pd.DataFrame) -> pd.DataFrame:
    """Return one row per claim used in the talk, in order, with every field of the claim."""
    rows = pd.DataFrame(
        [
            {"position": n, "role": PITCH_ROLES[role], "id": p.id, "age": p.age, "verify": p.stale}
            for n, role, p in _uses(talk)
        ],
        columns=["position", "role", "id", "age", "verify"],
    )
    fields = claims.drop(columns=list(INTERNAL_COLUMNS))
    table = rows.merge(fields, on="id", how="left", validate="many_to_one")
    ordered = ["position", "role", *fields.columns, "age", "verify"]
    # Dates as ISO text, so CSV and JSON carry the same value a reader can type back in.
    return table[ordered].assign(
        as_of=table["as_of"].map(citation.format_iso),
        published=table["published"].map(citation.format_iso),
        # Every place the claim names, primary first, as one cell: "guadalajara,zapopan".
        place_ids=table["place_ids"].map(",".join),
    )


def _link(url: str) -> str:
    # An autolink only for a URL that cannot break out of one; anything else is plain text.
    return f"<{url}>" if _AUTOLINK.fullmatch(url) else esc(url)


def _markdown_counts(talk: Talk) -> list[str]:
    counts = count_themes(talk.points)
    if not counts:
        return []
    stances = list(next(iter(counts.values())))
    lines = ["", "## The points by theme", ""]
    lines.append("| Theme | " + " | ".join(esc(s.capitalize()) for s in stances) + " |")
    lines.append("| --- |" + " ---: |" * len(stances))
    for theme, by in counts.items():
        cells = " | ".join(str(by[s]) for s in stances)
        lines.append(f"| {esc(theme.capitalize())} | {cells} |")
    return lines


def _markdown_sources(talk: Talk) -> list[str]:
    lines = []
    for cta in talk.calls:
        lines += [
            "",
            "## Next step",
            "",
            f"{esc(cta.prompt)} (the source's call to action, ¶{cta.paragraph})",
            "",
        ]
        lines += [f"- {esc(a.label)}: {_link(str(a.target))} (¶{a.paragraph})" for a in cta.actions]
    if talk.sources:
        lines += ["", "## Sources", ""]
        for src in talk.sources:
            lines.append(
                f"- **{esc(src.title)}**, {esc(src.name)}, {esc(format_day(src.published))} "
                f"({esc(src.kind)}): {_link(src.url)}. Bias: {esc(src.bias)}"
            )
        lines += [
            "",
            esc(
                f"Ages are counted to {format_day(talk.made_on)}; points older than "
                f"{talk.stale_after} years say “verify before presenting”."
            ),
        ]
    return lines


def to_markdown(talk: Talk) -> str:
    """Return the talk as a Markdown one-pager, each point with a footnote citing its source."""
    # Footnote labels are numbers we assign; data is escaped, so it can never forge one.
    notes: dict[str, int] = {}

    def cite(point: Point) -> str:
        number = notes.setdefault(point.id, len(notes) + 1)
        return f"{esc(point.text)}[^{number}]"

    made = esc(format_day(talk.made_on))
    byline = f"Prepared for {esc(talk.prospect)}, {made}" if talk.prospect else f"Made {made}"
    lines = [f"# {esc(talk.title)}", "", byline, "", "## Talking points", ""]
    for n, item in enumerate(talk.items, start=1):
        if isinstance(item, PairPoint):
            lines.append(f"{n}. **Objection:** {cite(item.challenge)}")
            lines.append(f"   - **What the source answers:** {cite(item.response)}")
        else:
            lines.append(f"{n}. {cite(item)}")
    if not talk.items:
        lines.append("No talking point was selected.")
    lines += _markdown_counts(talk) + _markdown_sources(talk)
    points = {p.id: p for p in talk.points}
    if notes:
        lines.append("")
        lines += [f"[^{n}]: {esc(points[pid].cite_line)}" for pid, n in notes.items()]
    return "\n".join(lines) + "\n"


def make_file_name(talk: Talk, suffix: str) -> str:
    """Return a plain file name for an export, e.g. ``mexico-talking-points-acme.pptx``."""
    words = unicodedata.normalize("NFKD", f"{talk.title} {talk.prospect}")
    slug = "-".join(re.findall(r"[a-z0-9]+", words.encode("ascii", "ignore").decode().lower()))
    return f"{slug[:_MAX_STEM].strip('-') or 'pitch'}.{suffix}"
