"""Challenges & remedies: each objection beside the answer its source offers."""

import streamlit as st

from insights.content.text import count_noun
from insights.view import entities, paging
from ui import cards, comparison
from ui.paging import choose_page
from ui.view import View


def render(view: View) -> None:
    """Draw this page for the view."""
    catalog = view.catalog

    st.title("Challenges & remedies")
    challenges = entities.keep_challenges(view.filtered.frame)
    st.caption(
        f"{count_noun(len(challenges), 'challenge')} in this view, each beside the answer the "
        "source itself offers: ready for the objection a prospect raises."
    )
    if challenges.empty:
        st.info("No challenge matches these filters.", icon=":material/filter_alt_off:")
    span = choose_page(len(challenges), "challenges.page", "challenges", paging.PAIRS_PER_PAGE)
    shown = paging.take(challenges, span)
    pairs = entities.pair_responses(catalog.responses, shown, catalog.claims)
    for n, pair in enumerate(pairs):
        objection, answer = st.columns(2, gap="medium")
        with objection:
            st.markdown(":material/report: **Objection**")
            comparison.render_objection(
                pair.challenge, view.rule, view.today, f"challenges.pair{n}"
            )
        with answer:
            st.markdown(":material/reply: **What the source answers**")
            if not pair.remedies:
                st.info("The source offers no answer to this one.", icon=":material/help:")
            for m, remedy in enumerate(pair.remedies):
                cards.render_claim(remedy, view.today, f"challenges.pair{n}.remedy{m}", view.rule)
        st.divider()
    cards.render_sources(catalog.sources, view.today, view.rule)
