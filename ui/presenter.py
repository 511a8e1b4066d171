"""The presenter view at /presenter: current and next slide, notes, timer, counter, controls."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Mapping, Sequence
from pathlib import Path

import streamlit as st

from insights.pitch import talk
from insights.pitch.talk import Screen, Talk
from insights.quotes import presentation, store
from insights.view import selection
from ui import presenter_search, slides, url

_HERE = Path(__file__).resolve().parent
_CSS = _HERE / "presenter.css"


def _join(code: str | None) -> presentation.Presentation:
    # The code in the link, or a new one; kept in the URL so a reload stays in the same room.
    engine = slides.open_presentations()
    now = dt.datetime.now(dt.UTC)
    found = presentation.read_presentation(engine, code) if code else None
    if found is None:
        found = presentation.start_presentation(engine, now, code)
    if url.read_param(presentation.CODE_PARAM) != found.code:
        st.query_params[presentation.CODE_PARAM] = found.code
    return found


def make_audience_link(base_url: str, params: Mapping[str, Sequence[str]], code: str) -> str:
    """Return the audience screen's link for this pitch, joined to this presentation."""
    parts = urllib.parse.urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return selection.make_link(f"{origin}/present", {**params, presentation.CODE_PARAM: [code]})


def _panel(screens: tuple[Screen, ...], made: Talk, code: str) -> None:
    found = None
    try:
        found = presentation.read_presentation(slides.open_presentations(), code)
    except store.StoreUnavailable:
        st.error("The presentation store cannot be reached; the audience screen will not follow.")
    if found is not None:
        st.session_state["present.position"] = talk.clamp_position(found.position, len(screens))
    index = slides.position(len(screens))
    now = dt.datetime.now(dt.UTC)
    # One row of controls, then the slides and notes: the whole view fits a 1366x768 screen.
    timer, counter, controls = st.columns([1, 1, 3], vertical_alignment="center")
    if found is not None:
        timer.metric("Time", presentation.describe_elapsed(found.started_at, now))
    counter.metric("Slide", f"{index + 1} / {len(screens)}")
    with controls:
        slides.render_step_buttons(index, len(screens), code)
    current, upcoming = st.columns([3, 2], gap="medium")
    with current:
        st.caption("Now")
        slides.render_screen(screens[index], key="current")
    with upcoming:
        st.caption("Next")
        if index + 1 < len(screens):
            slides.render_screen(screens[index + 1], key="upcoming")
        else:
            st.caption("The end of the presentation.")
        st.caption("Speaker notes")
        # Plain text: the notes hold what the content says, never markup. Scrolled within
        # their own box, so long notes never push the view below the fold.
        with st.container(height=170, border=False):
            st.text(talk.write_notes(screens[index], made))


_follow = st.fragment(_panel, run_every=slides.FOLLOW_SECONDS)


def render(made: Talk, audience_params: Mapping[str, Sequence[str]]) -> None:
    """Show the presenter view, joined by a short code to every audience screen that opens it."""
    st.html(_CSS)
    st.html(slides.SLIDE_CSS)
    st.html(slides.KEYS_HTML, unsafe_allow_javascript=True)
    screens = talk.make_screens(made)
    st.title("Presenter view", anchor=False)
    try:
        joined = _join(presentation.parse_code(url.read_param(presentation.CODE_PARAM)))
    except store.StoreUnavailable:
        st.error(
            "The presentation store cannot be reached, so no audience screen can follow. "
            "Check DATABASE_URL and the database server, then reload.",
            icon=":material/cloud_off:",
        )
        return
    # The audience link is needed once, before the talk: folded away, so the slides fit.
    # Beside it, folded too (one row for both), a point to find mid-call.
    link_column, find_column = st.columns(2)
    with link_column.expander(f"Presentation code {joined.code}: the audience screen's link"):
        st.caption(
            "Open this link on the screen the audience sees (another window or another "
            "machine); it follows the slides you move here within a second."
        )
        link = make_audience_link(st.context.url or "", audience_params, joined.code)
        st.code(link, language=None, wrap_lines=True)
    with find_column.expander("Find a point", icon=":material/search:"):
        presenter_search.render_finder(screens, joined.code)
    _follow(screens, made, joined.code)
