"""Companies: who the sources name, where, with the claim that names them."""

import streamlit as st

from insights.content.text import escape_markdown as esc
from insights.view import entities, paging
from insights.view.selection import Selection
from ui import cards
from ui.paging import choose_page
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    catalog = view.catalog

    st.title("Companies")
    named = entities.in_view(catalog.companies, view.filtered.frame)
    st.caption(
        f"{entities.count_named(named)} companies named by the source in this view, "
        "each with the claim that names it"
    )
    if named.empty:
        st.info("No company is named for these filters.", icon=":material/filter_alt_off:")
    span = choose_page(
        paging.count_groups(named, "claim"),
        "companies.page",
        "claims naming companies",
        paging.CARDS_PER_PAGE,
    )
    groups = entities.group_companies(paging.take_groups(named, "claim", span), catalog.claims)
    for n, group in enumerate(groups):
        st.subheader(f":material/location_on: {esc(group.place_name)}", anchor=False)
        st.markdown(" ".join(f":green-badge[{esc(name)}]" for name in group.names))
        cards.render_claim(group.claim, view.today, f"companies.group{n}", view.evidence)

    cards.render_section(
        "What the source says about industry",
        view.narrow(Selection(themes=("industry",))),
        view.today,
        "No industry claim matches these filters.",
        "companies.industry",
        view.evidence,
    )
    cards.render_sources(catalog.sources, view.today)
