"""Figures as data: their numbers read back from a source's text, and how they are written."""

from __future__ import annotations

import math
import re
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from insights.content.model import BOUNDARIES, Pack
from insights.errors import PackError

HEADER_END = "---"
SOURCE_SUFFIX = ".txt"
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
# Thousands and decimal separators as English and Spanish texts write them: "1,400.5", "1.400,5".
_CONVENTIONS = ((",", "."), (".", ","))
_SCALE_WORDS = {"thousand": "thousand", "million": "million", "billion": "billion"}
_UNIT_SUFFIX = {"percent": "%", "km": " km"}


@dataclass(frozen=True)
class SourceText:
    """A source file: its header fields and its paragraphs, numbered from 1."""

    path: Path
    header: dict[str, str]
    paragraphs: tuple[str, ...]

    @property
    def url(self) -> str:
        """Return the URL the header names ('' when none)."""
        return self.header.get("url", "")


def read_source_text(path: Path) -> SourceText:
    """Read a source file: ``key: value`` header lines, ``---``, then blank-line paragraphs."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(str(path), "", f"cannot be read as UTF-8 text: {exc}") from None
    head, sep, body = text.partition(f"\n{HEADER_END}\n")
    if not sep:
        raise PackError(str(path), "", f"no '{HEADER_END}' line ends the header")
    header = {}
    for line in head.splitlines():
        key, colon, value = line.partition(":")
        if colon:
            header[key.strip()] = value.strip()
    blocks = re.split(r"\n\s*\n", body)
    return SourceText(path, header, tuple(b.strip() for b in blocks if b.strip()))


def read_source_dir(folder: Path) -> dict[str, SourceText]:
    """Read every source file of a folder, keyed by the URL its header names."""
    if not folder.is_dir():
        raise PackError(str(folder), "", "no such folder")
    texts = (read_source_text(p) for p in sorted(folder.glob(f"*{SOURCE_SUFFIX}")))
    return {t.url.rstrip("/"): t for t in texts if t.url}


def _read_token(token: str, thousands: str, decimal: str) -> float | None:
    whole, _, fraction = token.partition(decimal)
    if decimal in fraction or thousands in fraction:
        return None
    groups = whole.split(thousands)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    if not all(g.isdigit() for g in groups) or (fraction and not fraction.isdigit()):
        return None
    return float("".join(groups) + (f".{fraction}" if fraction else ""))


def read_numbers(text: str) -> set[float]:
    """Return every value the numbers in a text can be read as ("1,5" is 1.5 or nothing else)."""
    values: set[float] = set()
    for token in _NUMBER.findall(text):
        for thousands, decimal in _CONVENTIONS:
            value = _read_token(token, thousands, decimal)
            if value is not None:
                values.add(value)
    return values


def is_number_in(value: float, text: str) -> bool:
    """Tell whether a text states this number, in English or Spanish notation."""
    # A fall is stored negative; the source writes its size ("dropped by 53%").
    return any(math.isclose(abs(value), found, rel_tol=1e-9) for found in read_numbers(text))


def check_figures(
    packs: Sequence[tuple[str, Pack]], sources: dict[str, SourceText]
) -> list[PackError]:
    """Check that every figure's number is stated in the paragraph of the source it cites."""
    problems: list[PackError] = []
    for file, pack in packs:
        if not pack.figures:
            continue
        text = sources.get(str(pack.source.url).rstrip("/"))
        if text is None:
            problems.append(
                PackError(
                    file, "source.url", "no source text with this URL to check figures against"
                )
            )
            continue
        for i, figure in enumerate(pack.figures):
            if figure.paragraph > len(text.paragraphs):
                problems.append(
                    PackError(
                        file,
                        f"figures[{i}].paragraph",
                        f"{text.path.name} has no paragraph {figure.paragraph}",
                    )
                )
            elif not is_number_in(figure.value, text.paragraphs[figure.paragraph - 1]):
                problems.append(
                    PackError(
                        file,
                        f"figures[{i}].value",
                        f"{format_number(figure.value)} is not in paragraph {figure.paragraph} "
                        f"of {text.path.name}",
                    )
                )
    return problems


def format_number(value: float) -> str:
    """Return a number with thousands separators, without a trailing .0: ``300,000``, ``1.6``."""
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,}"


def format_figure(
    value: float,
    unit: str,
    currency: str | None = None,
    scale: str | None = None,
    qualifier: str | None = None,
) -> str:
    """Return a figure as read: ``more than 70``, ``USD 29 billion``, ``42%``, ``rank 23``."""
    number = format_number(value)
    if scale:
        number = f"{number} {_SCALE_WORDS[scale]}"
    if unit == "money" and currency:
        number = f"{currency}{number}" if len(currency) == 1 else f"{currency} {number}"
    elif unit == "rank" and not qualifier:
        number = f"no. {number}"
    else:
        number += _UNIT_SUFFIX.get(unit, "")
    return f"{qualifier} {number}" if qualifier else number


FIGURE_TABLE_COLUMNS = ["Place", "Measure", "Figure", "Period", "Source"]


def keep_figures_in_view(figures: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """Return the figures resting on a claim in view."""
    return figures.merge(claims[["id"]].rename(columns={"id": "claim"}), on="claim")


def describe_period(period: object) -> str:
    """Return a figure's period, or ``period not stated``."""
    return period if isinstance(period, str) and period else "period not stated"


def make_figure_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Return figures as read: place, measure, the number with its unit, period and citation."""
    rows = [
        {
            "Place": f["place_name"],
            "Measure": f["measure_label"],
            "Figure": describe_figure(f),
            "Period": describe_period(f["period"]),
            "Source": f["citation"],
        }
        for f in figures.to_dict("records")
    ]
    return pd.DataFrame(rows, columns=FIGURE_TABLE_COLUMNS)


def describe_figure(figure: Mapping[Hashable, Any]) -> str:
    """Return one row of the figures frame as read (``more than 70``)."""
    return format_figure(
        figure["value"],
        figure["unit"],
        _text(figure["currency"]),
        _text(figure["scale"]),
        _text(figure["qualifier"]),
    )


def _text(value: object) -> str | None:
    # Optional fields arrive as None or NaN from a frame; both mean "not given".
    return value if isinstance(value, str) and value else None


def list_comparable_measures(figures: pd.DataFrame) -> dict[str, str]:
    """Return the measures given for more than one place or period, by id, with their labels."""
    keyed = figures.assign(period_key=figures["period"].fillna(""))
    spread = keyed.groupby("measure", sort=False)[["place", "period_key"]].apply(
        lambda rows: len(rows.drop_duplicates())
    )
    labels = dict(zip(figures["measure"], figures["measure_label"], strict=True))
    return {str(m): labels[str(m)] for m, n in spread.items() if n > 1}


# A comparison's cell lists a side's first few figures of a measure, then how many more.
FIGURES_PER_CELL = 3


def describe_boundary(boundary: object) -> str:
    """Return the area a figure counts within, as a reader says it (``metropolitan area``)."""
    return (
        BOUNDARIES[boundary]
        if isinstance(boundary, str) and boundary in BOUNDARIES
        else (BOUNDARIES["not stated"])
    )


def describe_gap(label: str) -> str:
    """Say a side has no figure for a measure: ``no figure for Guadalajara in these sources``."""
    return f"no figure for {label} in these sources"


def _measure_keys(side: pd.DataFrame) -> list[tuple[str, str]]:
    boundaries = side["boundary"].map(describe_boundary) if "boundary" in side else None
    if boundaries is None:
        return [(m, BOUNDARIES["not stated"]) for m in side["measure"]]
    return list(zip(side["measure"], boundaries, strict=True))


def pair_figures(
    left: pd.DataFrame,
    right: pd.DataFrame,
    per_cell: int = FIGURES_PER_CELL,
    left_label: str = "the left side",
    right_label: str = "the right side",
) -> pd.DataFrame:
    """Return each measure's figures side by side, like for like: one row a measure and boundary.

    Figures share a row only when they count the same thing within the same boundary (a
    municipality is never set against a metro area); a measure one side lacks says so.
    Measures both sides give come first, in the left side's order.
    """
    left_keys, right_keys = _measure_keys(left), _measure_keys(right)
    labels = {
        **dict(zip(right_keys, right["measure_label"], strict=True)),
        **dict(zip(left_keys, left["measure_label"], strict=True)),
    }
    both = [k for k in dict.fromkeys(left_keys) if k in set(right_keys)]
    rest = [k for k in dict.fromkeys([*left_keys, *right_keys]) if k not in both]
    keys = [*both, *rest]
    return pd.DataFrame(
        {
            "Measure": [labels[k] for k in keys],
            "Counted within": [k[1] for k in keys],
            "Left": _list_cells(left, left_keys, keys, per_cell, describe_gap(left_label)),
            "Right": _list_cells(right, right_keys, keys, per_cell, describe_gap(right_label)),
        },
        columns=["Measure", "Counted within", "Left", "Right"],
    )


def _list_cells(
    side: pd.DataFrame,
    side_keys: Sequence[tuple[str, str]],
    keys: Sequence[tuple[str, str]],
    per_cell: int,
    gap: str,
) -> list[str]:
    shown: dict[tuple[str, str], list[str]] = {k: [] for k in keys}
    totals: dict[tuple[str, str], int] = {}
    first: list[int] = []
    for n, key in enumerate(side_keys):
        totals[key] = totals.get(key, 0) + 1
        if totals[key] <= per_cell:
            first.append(n)
    # Only the figures a cell lists are read as records: a side may hold thousands.
    fields = ["value", "unit", "currency", "scale", "qualifier", "place_name", "period", "citation"]
    picked = side.iloc[first][fields].to_dict("records")
    for n, f in zip(first, picked, strict=True):
        shown[side_keys[n]].append(
            f"{describe_figure(f)} ({f['place_name']}, {describe_period(f['period'])}; "
            f"{f['citation']})"
        )
    for key in keys:
        if totals.get(key, 0) > per_cell:
            shown[key].append(f"and {totals[key] - per_cell} more")
    return ["; ".join(cells) if cells else gap for cells in shown.values()]
