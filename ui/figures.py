"""Render insights' figures with the config that keeps them offline, or their numbers as text."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from insights.charts import PLOTLY_CONFIG, CountTable
from insights.text import escape_markdown as esc


def show_figure(fig: go.Figure, key: str) -> None:
    """Show a figure full width, its map outlines served by the app itself."""
    st.plotly_chart(fig, config=dict(PLOTLY_CONFIG), width="stretch", key=key)


def show_count_table(table: CountTable) -> None:
    """Show a table of counts as escaped Markdown: no chart library for the browser to load."""
    if not table.rows:
        st.caption(f"{esc(table.title)}: none in view.")
        return
    align = ["---" if i == 0 else "---:" for i in range(len(table.columns))]
    lines = [
        f"| {' | '.join(esc(c) for c in table.columns)} |",
        f"| {' | '.join(align)} |",
        *(f"| {' | '.join(esc(str(cell)) for cell in row)} |" for row in table.rows),
    ]
    st.markdown(f"**{esc(table.title)}**\n\n" + "\n".join(lines))
    if table.more:
        st.caption(f"{table.more} more not listed.")
