"""Presentation mode: one screen at a time, in large type, with its citation under it."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from insights import citation, talk
from insights.talk import CallLink, Closing, Cover, PairPoint, Point, Screen
from insights.text import escape_markdown as esc

_POSITION = "present.position"
_CSS = Path(__file__).resolve().parent / "present.css"


def hide_chrome() -> None:
    """Hide the sidebar, header and toolbar, so a prospect sees only the slide."""
    # A static stylesheet shipped with the app: no data ever goes into it.
    st.html(_CSS)


def position(count: int) -> int:
    """Return the screen to show, kept within the screens there are."""
    st.session_state[_POSITION] = talk.clamp_position(st.session_state.get(_POSITION, 0), count)
    return st.session_state[_POSITION]


def start() -> None:
    """Begin the next presentation on its first screen."""
    st.session_state[_POSITION] = 0


def step(offset: int, count: int) -> None:
    """Callback: go to the previous (-1) or next (+1) screen."""
    now = st.session_state.get(_POSITION, 0)
    st.session_state[_POSITION] = talk.clamp_position(now + offset, count)


def _source(point: Point) -> None:
    # The audience reads where a point comes from, never the rep's checks (those are in the
    # presenter view and the deck's notes).
    st.caption(esc(point.source_line))


def _render_cover(cover: Cover) -> None:
    st.title(esc(cover.title))
    if cover.prospect:
        st.subheader(f"Prepared for {esc(cover.prospect)}")
    st.caption(esc(citation.format_day(cover.made_on)))
    if not cover.points:
        st.info(
            "Nothing to present: add claims to the pitch, or widen the filters.",
            icon=":material/filter_alt_off:",
        )


def _render_point(point: Point) -> None:
    st.caption(f"{esc(point.theme_label.capitalize())} · {esc(point.place_name)}")
    st.markdown(esc(point.text))
    _source(point)


def _render_pair(pair: PairPoint) -> None:
    with st.container(key="present.pair"):
        objection, answer = st.columns(2, gap="large")
        with objection:
            st.caption(":material/report: Objection")
            st.markdown(esc(pair.challenge.text))
            _source(pair.challenge)
        with answer:
            st.caption(":material/reply: Answer")
            st.markdown(esc(pair.response.text))
            _source(pair.response)


def _render_closing(closing: Closing, links: tuple[CallLink, ...]) -> None:
    st.header("Next step")
    for cta in closing.calls:
        st.markdown(esc(cta.prompt))
    for i, link in enumerate(links):
        st.link_button(esc(link.label), link.target, type="primary" if i == 0 else "secondary")


def render_screen(screen: Screen, links: tuple[CallLink, ...] = ()) -> None:
    """Show one screen of the presentation in the slide area."""
    with st.container(key="present.slide"):
        if isinstance(screen, Cover):
            _render_cover(screen)
        elif isinstance(screen, PairPoint):
            _render_pair(screen)
        elif isinstance(screen, Point):
            _render_point(screen)
        else:
            _render_closing(screen, links)


def render_controls(index: int, count: int) -> None:
    """Show previous and next buttons (also the arrow keys) around the position, e.g. 3 / 8."""
    back, where, forward = st.columns([1, 1, 1], vertical_alignment="center")
    back.button(
        "Previous",
        key="present.prev",
        icon=":material/chevron_left:",
        shortcut="Left",
        disabled=index == 0,
        on_click=step,
        args=(-1, count),
        width="stretch",
    )
    where.markdown(f"**{index + 1} / {count}**", text_alignment="center")
    forward.button(
        "Next",
        key="present.next",
        icon=":material/chevron_right:",
        icon_position="right",
        shortcut="Right",
        disabled=index >= count - 1,
        on_click=step,
        args=(1, count),
        width="stretch",
    )
