"""Market overview: headline figures, headline claims, and the places and themes in view."""

import streamlit as st

from insights.content import evidence
from insights.content.text import escape_markdown as esc
from insights.view import charts, counts, filters, kpis
from ui import cards, figure_panel, figures, search_panel
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    catalog = view.catalog
    shown = view.filtered.frame

    st.title("Market overview")
    st.caption(esc(view.filtered.sentence))
    search_panel.render_best_matches(view)

    figures_row = kpis.compute_kpis(
        shown, catalog.companies, catalog.universities, catalog.responses
    )
    for column, kpi in zip(st.columns(len(figures_row)), figures_row, strict=True):
        with column:
            cards.render_kpi(kpi)

    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Headline claims")
        cards.render_claims(
            evidence.sort_by_newest_evidence(filters.keep_headlines(shown)),
            view.today,
            "No headline claim matches these filters.",
            key="overview.headlines",
            rule=view.rule,
        )
    with right:
        # The charts are drawn on request: plotly.js is the largest thing a browser loads here,
        # and their numbers are already in the tables below.
        drawn = figures.choose_charts("overview.charts", "Draw the map and the theme chart")
        if drawn:
            figures.show_figure(charts.make_place_map(shown, catalog.places), key="overview.map")
            figures.show_figure(charts.make_theme_figure(shown), key="overview.themes")
        else:
            figures.show_count_table(counts.make_place_table(shown, catalog.places))
            figures.show_count_table(counts.make_theme_table(shown))

    figure_panel.render_figure_panel(catalog, shown, "overview.figures")
    cards.render_sources(catalog.sources, view.today, view.rule)
