"""The compare page's widgets: the two sides bound to the URL, and one side's column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import streamlit as st

from insights import compare
from insights.text import escape_markdown as esc
from ui import cards, url

KEYS = {"left": "compare.left", "right": "compare.right"}
_NOTICES = "compare.notices"


def select_sides(options: Mapping[str, str], defaults: tuple[str, str]) -> tuple[str, str]:
    """Draw the two pickers (first visit: from the link's left/right) and keep the URL in step."""
    keys = list(options)
    if any(st.session_state.get(key) not in options for key in KEYS.values()):
        params = {name: st.query_params.get_all(name) for name in compare.SIDE_PARAMS}
        sides, notices = compare.parse_sides(params, keys, defaults)
        for key, side in zip(KEYS.values(), sides, strict=True):
            if st.session_state.get(key) not in options:
                st.session_state[key] = side
        st.session_state[_NOTICES] = notices
    cards.render_notices(st.session_state.pop(_NOTICES, ()))
    left_col, right_col = st.columns(2)
    left = left_col.selectbox("Left", keys, key=KEYS["left"], format_func=options.__getitem__)
    right = right_col.selectbox("Right", keys, key=KEYS["right"], format_func=options.__getitem__)
    url.sync_query_params(compare.side_params(left, right), compare.SIDE_PARAMS)
    return left, right


def render_side(side: compare.Side, today: dt.date, slot: str) -> None:
    """Show one side: its figures, then its strengths and challenges as cited claim cards."""
    st.subheader(esc(side.label), anchor=False)
    for kpi in side.kpis:
        cards.render_kpi(kpi)
    st.markdown(":material/thumb_up: **Strengths**")
    cards.render_claims(
        side.strengths, today, "No strength in view for this side.", f"compare.{slot}.strengths"
    )
    st.markdown(":material/report: **Challenges**")
    cards.render_claims(
        side.challenges, today, "No challenge in view for this side.", f"compare.{slot}.challenges"
    )
