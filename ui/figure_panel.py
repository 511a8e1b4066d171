"""The Figures panel: the numbers the sources state, per place, with source and date."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from insights.content import numbers
from insights.content.frames import Catalog
from insights.content.text import escape_markdown as esc
from insights.view import charts
from ui import figures


def render_figure_table(table: pd.DataFrame) -> None:
    """Show a table of figures as escaped Markdown (data never becomes markup)."""
    columns = list(table.columns)
    lines = [
        f"| {' | '.join(esc(c) for c in columns)} |",
        f"| {' | '.join('---' for _ in columns)} |",
        *(f"| {' | '.join(esc(str(v)) for v in row)} |" for row in table.itertuples(index=False)),
    ]
    st.markdown("\n".join(lines))


def render_figure_panel(catalog: Catalog, shown: pd.DataFrame, key: str) -> None:
    """Show the figures resting on the claims in view, per place, and a chart of one measure."""
    box = st.expander(
        "Figures the sources state, per place",
        icon=":material/numbers:",
        key=f"{key}.open",
        on_change="rerun",
    )
    # Drawn only while open, like the source list: numbers the rep opens when asked.
    if box.open:
        with box:
            _render_figures(catalog, shown, key)


def _render_figures(catalog: Catalog, shown: pd.DataFrame, key: str) -> None:
    in_view = numbers.keep_figures_in_view(catalog.figures, shown)
    if in_view.empty:
        st.caption("No figure rests on the claims in view.")
        return
    st.caption("Numbers as the sources state them, each with its source, date and paragraph.")
    table = numbers.make_figure_table(in_view)
    for place, rows in table.groupby("Place", sort=False):
        st.markdown(f"**{esc(str(place))}**")
        render_figure_table(rows.drop(columns="Place"))
    measures = numbers.list_comparable_measures(in_view)
    if measures and figures.choose_charts(f"{key}.charts", "Chart a measure across places"):
        measure = st.selectbox(
            "Measure", list(measures), format_func=measures.__getitem__, key=f"{key}.measure"
        )
        figures.show_figure(charts.make_measure_figure(in_view, measure), key=f"{key}.chart")
