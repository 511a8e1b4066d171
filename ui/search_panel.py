"""Search on the page: its notices, the overview's best matches, clickable facet counts."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pandas as pd
import streamlit as st

from insights.content.text import escape_markdown as esc
from insights.search import engine
from insights.search import view as search_view
from insights.search.engine import SearchResult
from insights.view import facets
from ui import sidebar
from ui.view import View

KEYS_HTML = Path(__file__).resolve().parent / "search_keys.html"
WEAK = "weak match"
_FACET_ROUND = "explorer.facet_round"


def render_keys() -> None:
    """Wire the "/" key to the sidebar's search box (a static script, no data in it)."""
    with st.sidebar:
        st.html(KEYS_HTML, unsafe_allow_javascript=True)


def render_notices(found: SearchResult | None) -> None:
    """Say in the sidebar, once, what the rep should know about this search."""
    if found is None:
        return
    with st.sidebar:
        for notice in found.notices:
            st.caption(esc(notice))


def render_best_matches(view: View) -> None:
    """List the claims that best match the search, each with why (the overview's panel)."""
    found = view.search
    if found is None:
        return
    st.subheader("Best matches")
    matches = search_view.best_matches(view.filtered.frame, found)
    if not matches:
        st.info(esc(engine.NOTHING_CLOSE), icon=":material/search_off:")
        return
    for n, match in enumerate(matches, start=1):
        with st.container(border=True, key=f"overview.match.{n}"):
            st.markdown(search_view.highlight(match.text, match.keys))
            weak = f" · {WEAK}" if match.weak else ""
            st.caption(esc(f"{match.place} · {match.theme} · {match.why}{weak}"))


def render_relevance_note(view: View) -> None:
    """Say that the claims are in order of relevance when a search is set."""
    if view.search is not None and view.search.hits:
        st.caption("Sorted by relevance to the search; weak matches last.")


def with_why(table: pd.DataFrame, view: View) -> pd.DataFrame:
    """Return the explorer's table with why each claim matched first, when a search is set."""
    return search_view.with_why(table, view.search)


def added_value(chosen: Sequence[str], value: str) -> list[str]:
    """Return a facet's chosen values with one more (once)."""
    return [*chosen, value] if value not in chosen else list(chosen)


def _on_pick(facet_name: str, key: str, values: tuple[str, ...]) -> None:
    # A callback runs before the next run draws the sidebar, so its filter may be changed here.
    rows = st.session_state[key].selection.rows
    if not rows:
        return
    widget = sidebar.KEYS[facet_name]
    st.session_state[widget] = added_value(st.session_state.get(widget, []), values[rows[0]])
    # A fresh table next run: the picked row is not left selected.
    st.session_state[_FACET_ROUND] = st.session_state.get(_FACET_ROUND, 0) + 1


def render_facet_counts(view: View) -> None:
    """Draw a count table per facet; clicking a row adds its value to the sidebar's filter."""
    shown = view.filtered.frame
    round_ = st.session_state.get(_FACET_ROUND, 0)
    for column, facet in zip(st.columns(len(facets.FACETS)), facets.FACETS, strict=True):
        counts = facets.count_facet(shown, facet.column, view.vocab.labels[facet.name])
        key = f"explorer.facet.{facet.name}.{round_}"
        column.dataframe(
            counts,
            hide_index=True,
            width="stretch",
            column_order=["label", "count"],
            column_config={
                "label": facet.label,
                "count": st.column_config.NumberColumn("Claims"),
            },
            key=key,
            on_select=partial(_on_pick, facet.name, key, tuple(counts["value"].tolist())),
            selection_mode="single-row",
        )
    st.caption("Click a row of a count to narrow the view to it.")
