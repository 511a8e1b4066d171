"""Tables as shown and downloads of exactly those tables."""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

import pandas as pd

from insights.content import citation
from insights.content.citation import format_day
from insights.content.model import SOURCE_KINDS
from insights.pitch.talk import PairPoint, Point, StatedFigure, Talk
from insights.view import paging

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
# The explorer's columns worked out for today rather than read from the claims.
_COMPUTED_COLUMNS = ("age", "source_kind_label")
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
    # Plain values read column by column, not the catalog's categories: a table of a page of
    # claims would otherwise carry every claim's id and text as its dictionary, to the
    # browser and into each file.
    shown = [c for c in TABLE_COLUMNS if c not in _COMPUTED_COLUMNS]
    values = paging.read_columns(claims, [*shown, "as_of", "source_kind"])
    values["age"] = [citation.describe_age(d, today) for d in values["as_of"]]
    values["source_kind_label"] = [SOURCE_KINDS.get(k) for k in values["source_kind"]]
    return pd.DataFrame({label: values[c] for c, label in TABLE_COLUMNS.items()})


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
# Characters that start markup wherever they stand: emphasis, code, links, HTML, strikethrough.
_INLINE_MARKUP = re.compile(r"[*`\[\]<~]")
# A backslash escapes only the punctuation after it; an entity is `&name;` or `&#...;`.
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|$)")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# An underscore opens or closes emphasis only beside a space or punctuation, never inside a word.
_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
# At the start of a block: a heading, a quote or a list item (bullet or number).
_BLOCK_START = re.compile(
    r"^(\s*)(?:(>|[-+](?=\s|$)|-(?=[-\s]*$)|#{1,6}(?=\s|$))|(\d{1,9})([.)])(?=\s|$))"
)
# A heading's closing run of hashes would be dropped.
_CLOSING_HASHES = re.compile(r"(\s)(#+\s*)$")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029]+")


def _escape_block_start(match: re.Match[str]) -> str:
    space, marker, number, close = match.groups()
    if number is not None:
        # A number opens an ordered list only with the `.` or `)` after it: escape that.
        return f"{space}{number}\\{close}"
    return f"{space}\\{marker}"


def escape_text(text: str) -> str:
    """Return text Markdown shows as exactly these characters, escaping only what is markup."""
    flat = _LINE_BREAKS.sub(" ", text)
    flat = _BACKSLASH.sub(r"\\\\", flat)
    flat = _INLINE_MARKUP.sub(lambda m: "\\" + m.group(), flat)
    flat = _UNDERSCORE.sub(r"\\_", flat)
    flat = _ENTITY.sub(r"\\&", flat)
    flat = _CLOSING_HASHES.sub(lambda m: m.group(1) + "\\" + m.group(2), flat)
    return _BLOCK_START.sub(_escape_block_start, flat, count=1)


def _uses(talk: Talk) -> list[tuple[int, str, Point]]:
    uses = []
    for position, item in enumerate(talk.items, start=1):
        if isinstance(item, PairPoint):
            uses += [(position, "challenge", item.challenge), (position, "response", item.response)]
        else:
            uses.append((position, "point", item))
    return uses


def make_figure_record(figure: StatedFigure) -> dict[str, object]:
    """Return a figure as data: its typed fields, the number as read, citation and age."""
    return {
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


def make_pitch_table(talk: Talk, claims: pd.DataFrame) -> pd.DataFrame:
    """Return one row per claim used in the talk, in order, every field of the claim, figures."""
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
    by_claim = _figures_by_claim(talk)
    # Dates as ISO text, so CSV and JSON carry the same value a reader can type back in.
    return table[ordered].assign(
        as_of=table["as_of"].map(citation.format_iso),
        published=table["published"].map(citation.format_iso),
        # Every place the claim names, primary first, as one cell: "guadalajara,zapopan".
        place_ids=table["place_ids"].map(",".join),
        # The figures resting on the claim, as read: a spreadsheet's cell of text.
        figures=[describe_figures(by_claim.get(cid, ())) for cid in table["id"]],
    )


def to_pitch_json_bytes(talk: Talk, claims: pd.DataFrame) -> bytes:
    """Return the pitch table as JSON, each claim's figures a list of typed records."""
    by_claim = _figures_by_claim(talk)
    table = make_pitch_table(talk, claims)
    typed = pd.Series(
        [[make_figure_record(f) for f in by_claim.get(cid, ())] for cid in table["id"]],
        index=table.index,
        dtype=object,
    )
    return to_json_bytes(table.assign(figures=typed))


def _link(url: str) -> str:
    # An autolink only for a URL that cannot break out of one; anything else is plain text.
    return f"<{url}>" if _AUTOLINK.fullmatch(url) else escape_text(url)


def _markdown_point(lead: str, point: Point, last: bool = True) -> list[str]:
    # Two trailing spaces end a line inside the list item, so each source line sits under its point.
    return [
        f"{lead}{escape_text(point.text)}  ",
        f"   *{escape_text(point.source_line)}*" + ("" if last else "  "),
    ]


def _markdown_calls(talk: Talk) -> list[str]:
    if not talk.links:
        return []
    lines = ["", "## Next step", ""]
    lines += [f"{escape_text(cta.prompt)}" for cta in talk.calls]
    lines.append("")
    lines += [f"- {escape_text(c.label)}: {_link(c.target)}" for c in talk.links]
    return lines


def _markdown_sources(talk: Talk) -> list[str]:
    if not talk.sources:
        return []
    lines = ["", "## Sources", ""]
    for src in talk.sources:
        lines.append(
            f"- {escape_text(src.title)}, {escape_text(src.name)}, "
            f"{escape_text(format_day(src.published))} ({escape_text(src.kind)}): {_link(src.url)}"
        )
    return lines


def _markdown_figures(talk: Talk) -> list[str]:
    if not talk.figures:
        return []
    lines = ["", "## Figures", ""]
    for f in talk.figures:
        # The number, then what it measures: a line that reads as a sentence in plain text too.
        what = f"{f.measure_label}, {f.place_name}, {f.when}"
        lines += [
            f"- **{escape_text(f.shown)}** — {escape_text(what)}  ",
            f"  *{escape_text(f.source_line)}*",
        ]
    return lines


def to_markdown(talk: Talk) -> str:
    """Return the talk as a Markdown one-pager for the prospect: each point with its source line."""
    made = escape_text(format_day(talk.made_on))
    byline = (
        f"Prepared for {escape_text(talk.prospect)}, {made}" if talk.prospect else f"Made {made}"
    )
    lines = [f"# {escape_text(talk.title)}", "", byline, "", "## Talking points", ""]
    for n, item in enumerate(talk.items, start=1):
        if isinstance(item, PairPoint):
            lines += _markdown_point(f"{n}. **Objection:** ", item.challenge, last=False)
            lines += _markdown_point("   **Answer:** ", item.response)
        else:
            lines += _markdown_point(f"{n}. ", item)
    if not talk.items:
        lines.append("No talking point was selected.")
    lines += _markdown_figures(talk) + _markdown_calls(talk) + _markdown_sources(talk)
    return "\n".join(lines) + "\n"


def make_file_name(talk: Talk, suffix: str) -> str:
    """Return a plain file name for an export, e.g. ``mexico-talking-points-acme.pptx``."""
    words = unicodedata.normalize("NFKD", f"{talk.title} {talk.prospect}")
    slug = "-".join(re.findall(r"[a-z0-9]+", words.encode("ascii", "ignore").decode().lower()))
    return f"{slug[:_MAX_STEM].strip('-') or 'pitch'}.{suffix}"
