"""Claim explorer: every claim in view as a faceted, paged table, downloadable."""

import streamlit as st

from insights.content.text import escape_markdown as esc
from insights.outputs import tables
from insights.view import paging
from ui import cards, downloads, search_panel
from ui.paging import choose_page
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    catalog = view.catalog
    shown = view.filtered.frame

    st.title("Claim explorer")
    st.caption(esc(view.filtered.sentence))

    search_panel.render_facet_counts(view)
    search_panel.render_relevance_note(view)

    span = choose_page(len(shown), "explorer.page", "claims", paging.ROWS_PER_PAGE)
    table = search_panel.with_why(
        tables.make_claims_table(paging.take(shown, span), view.today, view.rule), view
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"Source URL": st.column_config.LinkColumn("Source URL")},
    )
    # Downloads hold every claim in view, not only the page of the table on screen.
    downloads.render_table_downloads(
        lambda: tables.make_claims_table(shown, view.today, view.rule),
        "claims",
        "explorer",
        f"all {len(shown):,} claims in view",
    )
    cards.render_sources(catalog.sources, view.today, view.rule)
