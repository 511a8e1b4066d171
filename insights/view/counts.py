"""Counts and amounts as plain rows: the tables a page shows before any chart, and bars."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from insights.content.model import STANCES, THEMES
from insights.pitch.talk import StatedFigure


@dataclass(frozen=True)
class CountTable:
    """A figure's numbers as a small table, for a page that shows them before any chart."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str | int, ...], ...]
    more: int = 0  # rows left out past the limit


def make_theme_table(frame: pd.DataFrame) -> CountTable:
    """Claims per theme and stance as a table, the themes with no claim left out."""
    shown = pd.crosstab(frame["theme"], frame["stance"]).reindex(
        index=list(THEMES), columns=list(STANCES), fill_value=0
    )
    return CountTable(
        "Claims by theme and stance",
        ("Theme", *(label.capitalize() for label in STANCES.values())),
        tuple(
            (THEMES[theme], *(int(n) for n in row))
            for theme, row in zip(shown.index, shown.to_numpy().tolist(), strict=True)
            if any(row)
        ),
    )


def make_place_table(frame: pd.DataFrame, places: pd.DataFrame, limit: int = 8) -> CountTable:
    """The places with claims in the frame, most claims first, at most `limit` rows."""
    counts = frame["place"].value_counts()
    named = [
        (str(name), int(counts[pid]))
        for pid, name in zip(places["id"], places["name"], strict=True)
        if pid in counts
    ]
    rows = tuple(sorted(named, key=lambda row: (-row[1], row[0])))
    return CountTable(
        "Places in view", ("Place", "Claims"), rows[:limit], max(len(rows) - limit, 0)
    )


@dataclass(frozen=True)
class Bars:
    """One measure's figures as bars: what they share, and each bar's label, value and number."""

    title: str
    shared: str
    labels: tuple[str, ...]
    amounts: tuple[float, ...]
    shown: tuple[str, ...]
    # The source lines under the bars: one, or each naming the bars it sources.
    sources: tuple[str, ...]


def make_figure_bars(figures: Sequence[StatedFigure]) -> Bars:
    """Return one measure's figures as bars, each labelled by what sets it apart (place, period)."""
    places = {f.place_name for f in figures}
    periods = {f.when for f in figures}
    if len(periods) == 1:
        labels = [f.place_name for f in figures]
        shared = next(iter(periods))
    elif len(places) == 1:
        labels = [f.when for f in figures]
        shared = next(iter(places))
    else:
        labels = [f"{f.place_name}, {f.when}" for f in figures]
        shared = ""
    by_line: dict[str, list[str]] = {}
    for figure, label in zip(figures, labels, strict=True):
        by_line.setdefault(figure.source_line, []).append(label)
    sources = (
        list(by_line)
        if len(by_line) == 1
        else [f"{', '.join(bars)}: {line}" for line, bars in by_line.items()]
    )
    return Bars(
        title=figures[0].measure_label if figures else "",
        shared=shared,
        labels=tuple(labels),
        amounts=tuple(f.value for f in figures),
        shown=tuple(f.shown for f in figures),
        sources=tuple(sources),
    )
