"""Render insights' figures with the config that keeps them offline, or their numbers as text."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from insights.content.text import escape_markdown as esc
from insights.view.charts import PLOTLY_CONFIG
from insights.view.counts import CountTable


def show_figure(fig: go.Figure, key: str) -> None:
    """Show a figure full width, its map outlines served by the app itself."""
    st.plotly_chart(fig, config=dict(PLOTLY_CONFIG), width="stretch", key=key)


def _flip(flag: str) -> None:
    st.session_state[flag] = not st.session_state.get(flag, False)


def choose_charts(key: str, label: str) -> bool:
    """Draw a button that switches between count tables and charts; tell whether charts are on."""
    # A button, not a toggle: the page's first paint then needs no checkbox scripts, and the
    # sidebar shows a toggle only when there are drafts to include.
    flag = f"{key}.on"
    on = st.session_state.get(flag, False)
    st.button(
        "Show the numbers as tables" if on else label,
        key=key,
        icon=":material/table_rows:" if on else ":material/bar_chart:",
        help="Plotly charts, drawn offline.",
        on_click=_flip,
        args=(flag,),
    )
    return on


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
