"""The presenter view's "Find a point" box: jump to the slide holding a claim, mid-call."""

from __future__ import annotations

import streamlit as st

from insights.content.text import escape_markdown as esc
from insights.search import slides as search_slides
from insights.view import selection
from ui import data, slides

FIND_KEY = "presenter.find"
SHOWN = 5
_LABEL_CHARS = 70


def _go(index: int, count: int, code: str, key: str) -> None:
    # The same move as Previous/Next, by as many screens as it takes: followers move too.
    now = st.session_state.get("present.position", 0)
    slides.step(index - now, count, code, key)


def render_finder(screens: tuple[object, ...], code: str, key: str) -> None:
    """Draw the search box and a button per slide holding a claim it finds."""
    query = st.text_input(
        "Find a point",
        key=FIND_KEY,
        max_chars=selection.MAX_SEARCH_CHARS,
        placeholder="e.g. salario, crime, engineers",
    ).strip()
    if not query:
        return
    found = data.get_contents().everything.searcher.search(query)
    places = search_slides.find_screens(screens, found)
    if not places:
        st.caption("No slide of this presentation matches.")
        return
    for n, place in enumerate(places[:SHOWN]):
        text = place.text if len(place.text) <= _LABEL_CHARS else place.text[:_LABEL_CHARS] + "…"
        st.button(
            esc(f"Slide {place.index + 1}: {text}"),
            key=f"{FIND_KEY}.{n}",
            on_click=_go,
            args=(place.index, len(screens), code, key),
        )
