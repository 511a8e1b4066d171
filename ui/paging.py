"""A page picker for long lists, so no page ever draws thousands of cards or rows."""

from __future__ import annotations

import streamlit as st

from insights.content.text import escape_markdown as esc
from insights.view import paging
from insights.view.paging import PageSpan


def choose_page(total: int, key: str, noun: str, size: int) -> PageSpan:
    """Draw a page number input and a "showing 1 to 10 of 3,400" line when a list is long."""
    pages = paging.count_pages(total, size)
    if pages == 1:
        return paging.locate(total, 1, size)
    # A filter change can leave the saved page past the end; Streamlit refuses such a value.
    if st.session_state.get(key, 1) > pages:
        st.session_state[key] = pages
    number = st.number_input(
        f"Page (of {pages:,})", min_value=1, max_value=pages, step=1, key=key, width=160
    )
    span = paging.locate(total, number, size)
    st.caption(esc(span.describe(noun)))
    return span
