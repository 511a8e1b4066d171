"""Figure builders: frames in, plotly figures out, all drawn in one shared style."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from insights.content import numbers
from insights.content.model import STANCES, THEMES
from insights.view import facets

# One style for every figure; read-only so no builder can change it for the others.
STANCE_COLORS = MappingProxyType(
    {
        "strength": "#0b6e4f",
        "challenge": "#c8553d",
        "recommendation": "#2d6a9f",
        "context": "#9a9d9b",
    }
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


def _layout(title: str, legend_title: str, **extra: Any) -> dict[str, Any]:
    # One nested dict handed to go.Figure: every figure shares the one style.
    legend = {**STYLE["legend"], "title": {"text": legend_title}}
    return {**STYLE, "title": {"text": title}, "legend": legend, **extra}


def _bars_by_theme(
    series: list[tuple[str, pd.DataFrame, str]], title: str, legend_title: str, barmode: str
) -> go.Figure:
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


# What the legend says each role means.
ROLE_NAMES = MappingProxyType(
    {
        "focus": "focus: the places pitched",
        "comparison": "comparison: for contrast, left out of region totals",
    }
)
# Kinds drawn as a note under the map, not a dot: a dot would put a whole region in one country.
AREA_KINDS = ("region",)


# Label sides tried for a place, in order of preference.
_LABEL_SIDES = ("middle right", "middle left", "top center", "bottom center")
# About how many characters of label text fit across the map, and lines of text down it.
_MAP_CHARS, _MAP_LINES = 70, 22


def _label_box(side: str, x: float, y: float, width: float, height: float) -> tuple[float, ...]:
    pad = height / 2
    return {
        "middle right": (x + pad, x + pad + width, y - height / 2, y + height / 2),
        "middle left": (x - pad - width, x - pad, y - height / 2, y + height / 2),
        "top center": (x - width / 2, x + width / 2, y + pad, y + pad + height),
        "bottom center": (x - width / 2, x + width / 2, y - pad - height, y - pad),
    }[side]


def _overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def place_labels_away(places: pd.DataFrame) -> pd.Series:
    """Return each place's label position clear of other labels and dots; None where none is."""
    lon, lat = places["lon"].astype(float), places["lat"].astype(float)
    # Degrees per character and per line at the zoom that fits every place.
    char = max(float(lon.max() - lon.min()), 10.0) / _MAP_CHARS
    line = max(float(lat.max() - lat.min()), 10.0) / _MAP_LINES
    dots = {
        i: (x - line / 3, x + line / 3, y - line / 3, y + line / 3)
        for i, x, y in zip(places.index, lon, lat, strict=True)
    }
    names = places["name"].astype(str)
    taken: list[tuple[float, ...]] = []
    sides: dict[object, str | None] = {}
    # The most written-about places choose first; a label with no free side is left to hover.
    for label in places.sort_values("claims", ascending=False, kind="stable").index:
        x, y = float(lon[label]), float(lat[label])
        width = len(names[label]) * char
        others = [*taken, *(dot for i, dot in dots.items() if i != label)]
        free = [
            side
            for side in _LABEL_SIDES
            if not any(_overlaps(_label_box(side, x, y, width, line), box) for box in others)
        ]
        sides[label] = free[0] if free else None
        if free:
            taken.append(_label_box(free[0], x, y, width, line))
    return pd.Series([sides[i] for i in places.index], index=places.index, dtype=object)


def make_place_map(frame: pd.DataFrame, places: pd.DataFrame) -> go.Figure:
    """Map of the places, each marker sized by the claims about it; regions as a note below."""
    counted = facets.count_places(frame, places)
    areas = counted[counted["kind"].isin(AREA_KINDS)]
    counted = counted[~counted["kind"].isin(AREA_KINDS)]
    size = counted["claims"].clip(lower=1)
    # Marker area proportional to claims, the largest 28 px across (as plotly.express sizes).
    sizeref = 2.0 * float(size.max() if len(size) else 1) / 28**2
    colors = {"focus": STANCE_COLORS["strength"], "comparison": "#8a8f8c"}
    sides = place_labels_away(counted)
    traces = [
        {
            "type": "scattergeo",
            "lat": rows["lat"].tolist(),
            "lon": rows["lon"].tolist(),
            # A label with no free side is left out (the name is still on hover).
            "text": [n if sides[i] else "" for i, n in zip(rows.index, rows["name"], strict=True)],
            "hovertext": rows["name"].tolist(),
            "customdata": rows[["claims"]].to_numpy().tolist(),
            "mode": "markers+text",
            "name": ROLE_NAMES[role],
            "marker": {
                "size": size[rows.index].tolist(),
                "sizemode": "area",
                "sizeref": sizeref,
                "color": colors[role],
            },
            "textposition": [sides[i] or "top center" for i in rows.index],
            "hovertemplate": "<b>%{hovertext}</b><br>claims=%{customdata[0]}<extra></extra>",
        }
        for role, rows in ((r, counted[counted["role"] == r]) for r in colors)
        if not rows.empty
    ]
    note = "<br>".join(
        f"{a['name']} ({a['claims']} claim{'s' * (a['claims'] != 1)})"
        for a in areas.to_dict("records")
    )
    annotations = (
        [
            {
                "text": f"Region-wide, not on the map:<br>{note}",
                "showarrow": False,
                "xref": "paper",
                "yref": "paper",
                "x": 0.01,
                "y": 0.02,
                "xanchor": "left",
                "yanchor": "bottom",
                "align": "left",
                "bgcolor": "rgba(255,255,255,0.85)",
            }
        ]
        if note
        else []
    )
    layout = _layout(
        "Places in view",
        "Place",
        height=400,
        annotations=annotations,
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


def make_measure_figure(figures: pd.DataFrame, measure: str) -> go.Figure:
    """Bars of one measure across the places and periods the figures give it for."""
    rows = figures[figures["measure"] == measure]
    bars = [
        {
            "label": f"{f['place_name']} ({numbers.describe_period(f['period'])})",
            "value": float(f["value"]),
            "shown": numbers.describe_figure(f),
            "citation": f["citation"],
        }
        for f in rows.to_dict("records")
    ]
    trace = {
        "type": "bar",
        "x": [b["label"] for b in bars],
        "y": [b["value"] for b in bars],
        "text": [b["shown"] for b in bars],
        "customdata": [[b["citation"]] for b in bars],
        "textposition": "outside",
        "marker": {"color": STANCE_COLORS["recommendation"]},
        "hovertemplate": "%{x}<br>%{text}<br>%{customdata[0]}<extra></extra>",
    }
    title = str(rows["measure_label"].iloc[0]) if len(rows) else measure
    layout = _layout(
        title,
        "",
        showlegend=False,
        xaxis={"title": {"text": ""}},
        yaxis={"rangemode": "tozero", "title": {"text": ""}},
    )
    return go.Figure({"data": [trace], "layout": layout})
