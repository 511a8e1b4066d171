"""Companies: who the sources name, where, with the claim that names them."""

import streamlit as st

from insights.content.text import count_noun
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
        f"{count_noun(entities.count_named(named), 'company', 'companies')} named by the "
        "sources in this view, each with the claims that name it (under one name, however a "
        "source writes it)"
    )
    if named.empty:
        st.info("No company is named for these filters.", icon=":material/filter_alt_off:")
    span = choose_page(
        paging.count_groups(named, "company"), "companies.page", "companies", paging.CARDS_PER_PAGE
    )
    groups = entities.group_companies(paging.take_groups(named, "company", span), catalog.claims)
    for n, group in enumerate(groups):
        st.subheader(esc(group.name), anchor=False)
        where = f":material/location_on: {esc(', '.join(group.places))}"
        also = f" · also named {esc(', '.join(group.also))}" if group.also else ""
        st.caption(
            f"{where}{also} · named by {count_noun(len(group.claims), 'claim')}",
        )
        for m, claim in enumerate(group.claims):
            cards.render_claim(claim, view.today, f"companies.group{n}.claim{m}", view.rule)

    cards.render_section(
        "What the source says about industry",
        view.narrow(Selection(themes=("industry",))),
        view.today,
        "No industry claim matches these filters.",
        "companies.industry",
        view.rule,
    )
    cards.render_sources(catalog.sources, view.today, view.rule)
