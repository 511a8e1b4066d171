"""Render insights' figures with the config that keeps them offline."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from insights.charts import PLOTLY_CONFIG


def show_figure(fig: go.Figure, key: str) -> None:
    """Show a figure full width, its map outlines served by the app itself."""
    st.plotly_chart(fig, config=dict(PLOTLY_CONFIG), width="stretch", key=key)
