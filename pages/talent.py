"""Talent & universities: the talent pool and the universities the sources report."""

import streamlit as st

from insights.view import entities, paging
from insights.view.kpis import Kpi
from insights.view.selection import Selection
from ui import cards
from ui.paging import choose_page
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    catalog = view.catalog

    st.title("Talent & universities")
    reported = entities.in_view(catalog.universities, view.filtered.frame)
    cards.render_kpi(
        Kpi(
            "Universities reported",
            entities.describe_universities_in_view(reported, view.filtered.frame),
            "Per place, as the sources report them; where a source gives a word instead of a "
            "number, we keep its word.",
        )
    )
    span = choose_page(len(reported), "talent.page", "universities", paging.ROWS_PER_PAGE)
    universities = entities.attach_claims(
        paging.take(reported, span), catalog.claims, view.today, view.rule
    )
    st.dataframe(
        universities,
        hide_index=True,
        width="stretch",
        column_order=[
            "sector",
            "count",
            "qualifier",
            "name",
            "place_name",
            "citation",
            "age",
            "bias",
        ],
        column_config={
            "name": "Named",
            "sector": "Sector",
            "count": "Number",
            "qualifier": "Source's word",
            "place_name": "Where",
            "citation": "Source",
            "age": "Age",
            "bias": "Source kind",
        },
    )

    cards.render_section(
        "What the source says about the talent pool",
        view.narrow(Selection(themes=("talent",))),
        view.today,
        "No talent claim matches these filters.",
        "talent.claims",
        view.rule,
    )
    cards.render_sources(catalog.sources, view.today, view.rule)
