"""Figure builders: frames in, plotly figures out, all drawn in one shared style."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from insights import facets
from insights.model import STANCES, THEMES

# One style for every figure; read-only so no builder can change it for the others.
STANCE_COLORS = MappingProxyType(
    {"strength": "#0b6e4f", "challenge": "#c8553d", "recommendation": "#2d6a9f"}
)
STYLE = MappingProxyType(
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


def _styled(fig: go.Figure, title: str) -> go.Figure:
    layout: dict[str, Any] = {**STYLE, "title": {"text": title}}
    return fig.update_layout(**layout)


def make_theme_figure(frame: pd.DataFrame) -> go.Figure:
    """Bar chart of claims per theme, stacked by stance."""
    counts = facets.count_theme_stance(frame)
    fig = px.bar(
        counts,
        x="count",
        y="theme_label",
        color="stance",
        orientation="h",
        color_discrete_map=dict(STANCE_COLORS),
        category_orders={"theme_label": list(THEMES.values()), "stance": list(STANCES)},
        labels={"count": "Claims", "theme_label": "", "stance": "Stance"},
    )
    fig.update_xaxes(dtick=1, rangemode="tozero")
    return _styled(fig, "Claims by theme and stance")


def make_place_map(frame: pd.DataFrame, places: pd.DataFrame) -> go.Figure:
    """Map of the places, each marker sized by the claims about it in the frame."""
    counted = facets.count_places(frame, places)
    counted = counted.assign(
        size=counted["claims"].clip(lower=1),
        role_label=counted["role"].map({"focus": "focus", "comparison": "comparison"}),
    )
    fig = px.scatter_geo(
        counted,
        lat="lat",
        lon="lon",
        size="size",
        text="name",
        color="role_label",
        color_discrete_map={"focus": STANCE_COLORS["strength"], "comparison": "#8a8f8c"},
        hover_name="name",
        hover_data={"claims": True, "size": False, "lat": False, "lon": False, "role_label": False},
        size_max=28,
        labels={"role_label": "Place"},
    )
    fig.update_traces(textposition="top center")
    fig.update_layout(height=380)
    fig.update_geos(
        resolution=110,
        showcountries=True,
        countrycolor="#b9c4bd",
        showland=True,
        landcolor="#eef2ef",
        showocean=False,
        fitbounds="locations",
        projection_type="natural earth",
    )
    return _styled(fig, "Places in view")


def make_compare_figure(counts: pd.DataFrame) -> go.Figure:
    """Bars of claims per theme, one colour per side of a comparison."""
    sides = list(dict.fromkeys(counts["side"]))
    fig = px.bar(
        counts,
        x="count",
        y="theme_label",
        color="side",
        barmode="group",
        orientation="h",
        color_discrete_sequence=[STANCE_COLORS["recommendation"], STANCE_COLORS["challenge"]],
        category_orders={"theme_label": list(THEMES.values()), "side": sides},
        labels={"count": "Claims", "theme_label": "", "side": ""},
    )
    fig.update_xaxes(dtick=1, rangemode="tozero")
    return _styled(fig, "Claims by theme, side by side")
