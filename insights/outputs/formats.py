"""Every file a pitch or a table can be taken away as: one row per format, one builder each."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from insights.outputs import deck, leavebehind, markdown, tables
from insights.pitch.talk import Copy, Talk

_MAX_STEM = 60


# The one-pager and the PDF are written for the prospect: the rep's copy adds their notes.
def _markdown(talk: Talk, claims: pd.DataFrame, copy: Copy) -> bytes:
    return markdown.to_markdown(talk, copy).encode("utf-8")


def _pitch_csv(talk: Talk, claims: pd.DataFrame, copy: Copy) -> bytes:
    return tables.to_csv_bytes(tables.make_pitch_table(talk, claims, copy))


def _pitch_json(talk: Talk, claims: pd.DataFrame, copy: Copy) -> bytes:
    return tables.to_pitch_json_bytes(talk, claims, copy)


@dataclass(frozen=True)
class Format:
    """A file format: its name (also the file suffix), label, MIME type and builders."""

    name: str
    label: str
    mime: str
    icon: str
    # What the pitch's file holds: the talk for the prospect, or one row per claim used (with
    # the figures resting on it: a cell of text in CSV, a list of typed records in JSON).
    holds: str
    build_pitch: Callable[[Talk, pd.DataFrame, Copy], bytes]
    # Only formats that hold a plain table can carry any table (the explorer's, compare's).
    build_table: Callable[[pd.DataFrame], bytes] | None = None


FORMATS = (
    Format(
        "pptx",
        "PPTX",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "slideshow",
        "pitch",
        lambda talk, claims, copy: deck.build_deck(talk, copy=copy),
    ),
    Format(
        "pdf",
        "PDF",
        "application/pdf",
        "picture_as_pdf",
        "pitch",
        lambda talk, claims, copy: leavebehind.build_pdf(talk, copy=copy),
    ),
    Format("md", "Markdown", "text/markdown; charset=utf-8", "article", "pitch", _markdown),
    Format(
        "csv",
        "CSV",
        "text/csv; charset=utf-8",
        "table",
        "claims",
        _pitch_csv,
        tables.to_csv_bytes,
    ),
    Format(
        "json",
        "JSON",
        "application/json",
        "data_object",
        "claims",
        _pitch_json,
        tables.to_json_bytes,
    ),
)
BY_NAME = MappingProxyType({f.name: f for f in FORMATS})
TABLE_FORMATS = tuple(f for f in FORMATS if f.build_table is not None)


def make_file_name(talk: Talk, suffix: str, copy: Copy = Copy.PROSPECT) -> str:
    """Return a plain file name: ``mexico-talking-points-acme.pptx``, ``…-notes.pptx`` (rep)."""
    words = unicodedata.normalize("NFKD", f"{talk.title} {talk.prospect}")
    slug = "-".join(re.findall(r"[a-z0-9]+", words.encode("ascii", "ignore").decode().lower()))
    mark = "-notes" if copy is Copy.REP else ""
    return f"{slug[:_MAX_STEM].strip('-') or 'pitch'}{mark}.{suffix}"
