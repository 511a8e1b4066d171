"""The compare page's widgets: the two sides bound to the URL, and one side's column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import streamlit as st

from insights.content import evidence, numbers
from insights.content.text import escape_markdown as esc
from insights.view import compare, paging
from ui import cards, figure_panel, url

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


def render_refusal(left: str, right: str) -> bool:
    """Say why two sides cannot be compared, if they cannot; tell whether they were refused."""
    refusal = compare.refuse_same_sides(left, right)
    if refusal is not None:
        # Nothing to set side by side: say so rather than draw one side twice.
        st.warning(esc(refusal), icon=":material/compare_arrows:")
    return refusal is not None


def render_figures(left: compare.Side, right: compare.Side) -> None:
    """Show the measures both sides have figures for, side by side, each cited."""
    paired = numbers.pair_figures(left.figures, right.figures)
    if paired.empty:
        return
    st.subheader("Figures side by side", anchor=False)
    figure_panel.render_figure_table(
        paired.rename(columns={"Left": left.label, "Right": right.label})
    )


def render_side(side: compare.Side, today: dt.date, slot: str, linked: cards.Evidence) -> None:
    """Show one side: its figures, then its strengths and challenges as cited claim cards."""
    st.subheader(esc(side.label), anchor=False)
    cards.render_kpi_list(side.kpis)
    for heading, claims, kind in (
        (":material/thumb_up: **Strengths**", side.strengths, "strength"),
        (":material/report: **Challenges**", side.challenges, "challenge"),
    ):
        st.markdown(heading)
        empty = f"No {kind} in view for this side."
        key = f"compare.{slot}.{kind}s"
        cards.render_claims(claims, today, empty, key, linked, paging.SIDE_CARDS_PER_PAGE)


_SIDES = (
    ("backing", ":material/thumb_up: **Newer evidence for it**"),
    ("against", ":material/thumb_down: **Newer evidence against it**"),
)


def render_objection(
    claim: Mapping[Hashable, Any], linked: cards.Evidence, today: dt.date, key: str
) -> None:
    """Show an objection's card, then what newer sources say for and against it, each cited."""
    cards.render_claim(claim, today, key, linked)
    split = evidence.split_newer_evidence(claim["as_of"], linked.get(claim["id"], ()))
    if not (split.backing or split.against):
        st.caption("No newer source in this content speaks to this objection.")
        return
    for attr, heading in _SIDES:
        items: Sequence[evidence.Linked] = getattr(split, attr)
        if not items:
            continue
        st.markdown(heading)
        for item in items:
            st.markdown(f"- {esc(item.text)}")
            st.caption(f"{esc(item.opening)}: {esc(item.citation)}", help=esc(item.bias))
