"""Figure builders: frames in, plotly figures out, all drawn in one shared style."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from insights import facets
from insights.model import STANCES, THEMES

# One style for every figure; read-only so no builder can change it for the others.
STANCE_COLORS = MappingProxyType(
    {"strength": "#0b6e4f", "challenge": "#c8553d", "recommendation": "#2d6a9f"}
)
STYLE: Mapping[str, Any] = MappingProxyType(
    {
        "font": {"family": "sans-serif", "size": 14, "color": "#1d2b24"},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        "legend": {"orientation": "h", "y": -0.15, "title": {"text": ""}},
    }
)
# Map outlines are served by the app itself (static/maps), never fetched from plotly's CDN.
# The URL is relative so it also works under a server.baseUrlPath.
PLOTLY_CONFIG = MappingProxyType(
    {"topojsonURL": "app/static/maps/", "displaylogo": False, "showLink": False}
)


@dataclass(frozen=True)
class CountTable:
    """A figure's numbers as a small table, for a page that shows them before any chart."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str | int, ...], ...]
    more: int = 0  # rows left out past the limit


def _layout(title: str, legend_title: str, **extra: Any) -> dict[str, Any]:
    # One nested dict handed to go.Figure: each update_layout call with magic-underscore
    # paths costs plotly ~10 ms of path parsing, on every rerun.
    legend = {**STYLE["legend"], "title": {"text": legend_title}}
    return {**STYLE, "title": {"text": title}, "legend": legend, **extra}


def _bars_by_theme(
    series: list[tuple[str, pd.DataFrame, str]], title: str, legend_title: str, barmode: str
) -> go.Figure:
    # Built from small aggregates with graph_objects: plotly.express costs ~30 ms a figure on
    # every rerun, whatever the size of the data.
    traces = [
        {
            "type": "bar",
            "x": rows["count"].tolist(),
            "y": rows["theme_label"].tolist(),
            "name": name,
            "orientation": "h",
            "marker": {"color": color},
            "hovertemplate": "%{fullData.name}<br>Claims=%{x}<br>%{y}<extra></extra>",
        }
        for name, rows, color in series
    ]
    layout = _layout(
        title,
        legend_title,
        barmode=barmode,
        xaxis={"dtick": 1, "rangemode": "tozero", "title": {"text": "Claims"}},
        yaxis={
            "categoryorder": "array",
            "categoryarray": list(THEMES.values()),
            "title": {"text": ""},
        },
    )
    return go.Figure({"data": traces, "layout": layout})


def make_theme_figure(frame: pd.DataFrame) -> go.Figure:
    """Bar chart of claims per theme, stacked by stance."""
    counts = facets.count_theme_stance(frame)
    series = [(s, counts[counts["stance"] == s], STANCE_COLORS[s]) for s in STANCES]
    return _bars_by_theme(series, "Claims by theme and stance", "Stance", "relative")


def make_place_map(frame: pd.DataFrame, places: pd.DataFrame) -> go.Figure:
    """Map of the places, each marker sized by the claims about it in the frame."""
    counted = facets.count_places(frame, places)
    size = counted["claims"].clip(lower=1)
    # Marker area proportional to claims, the largest 28 px across (as plotly.express sizes).
    sizeref = 2.0 * float(size.max() if len(size) else 1) / 28**2
    colors = {"focus": STANCE_COLORS["strength"], "comparison": "#8a8f8c"}
    traces = [
        {
            "type": "scattergeo",
            "lat": rows["lat"].tolist(),
            "lon": rows["lon"].tolist(),
            "text": rows["name"].tolist(),
            "hovertext": rows["name"].tolist(),
            "customdata": rows[["claims"]].to_numpy().tolist(),
            "mode": "markers+text",
            "name": role,
            "marker": {
                "size": size[rows.index].tolist(),
                "sizemode": "area",
                "sizeref": sizeref,
                "color": colors[role],
            },
            "textposition": "top center",
            "hovertemplate": "<b>%{hovertext}</b><br>claims=%{customdata[0]}<extra></extra>",
        }
        for role, rows in ((r, counted[counted["role"] == r]) for r in colors)
        if not rows.empty
    ]
    layout = _layout(
        "Places in view",
        "Place",
        height=380,
        geo={
            "resolution": 110,
            "showcountries": True,
            "countrycolor": "#b9c4bd",
            "showland": True,
            "landcolor": "#eef2ef",
            "showocean": False,
            "fitbounds": "locations",
            "projection": {"type": "natural earth"},
        },
    )
    return go.Figure({"data": traces, "layout": layout})


def make_compare_figure(counts: pd.DataFrame) -> go.Figure:
    """Bars of claims per theme, one colour per side of a comparison."""
    colors = (STANCE_COLORS["recommendation"], STANCE_COLORS["challenge"])
    sides = counts.groupby("side", sort=False)
    series = [(str(side), rows, color) for (side, rows), color in zip(sides, colors, strict=False)]
    return _bars_by_theme(series, "Claims by theme, side by side", "", "group")


def make_theme_table(frame: pd.DataFrame) -> CountTable:
    """Claims per theme and stance as a table, the themes with no claim left out."""
    counts = facets.count_theme_stance(frame)
    pairs = zip(counts["theme"], counts["stance"], strict=True)
    by_pair = dict(zip(pairs, counts["count"], strict=True))
    rows: list[tuple[str | int, ...]] = [
        (label, *(int(by_pair[(theme, stance)]) for stance in STANCES))
        for theme, label in THEMES.items()
    ]
    return CountTable(
        "Claims by theme and stance",
        ("Theme", *(label.capitalize() for label in STANCES.values())),
        tuple(row for row in rows if any(row[1:])),
    )


def make_place_table(frame: pd.DataFrame, places: pd.DataFrame, limit: int = 8) -> CountTable:
    """The places with claims in the frame, most claims first, at most `limit` rows."""
    counted = facets.count_places(frame, places)
    named = counted[counted["claims"] > 0].sort_values(["claims", "name"], ascending=[False, True])
    rows = tuple(zip(named["name"].tolist(), named["claims"].tolist(), strict=True))
    return CountTable(
        "Places in view", ("Place", "Claims"), rows[:limit], max(len(rows) - limit, 0)
    )
