"""The presenter view at /presenter: current and next slide, notes, timer, counter, controls."""

from __future__ import annotations

import datetime as dt
import urllib.parse
from collections.abc import Mapping, Sequence
from pathlib import Path

import streamlit as st
from sqlalchemy.engine import Engine

from insights.pitch import plan, talk
from insights.pitch.talk import Screen, Talk
from insights.quotes import access, presentation, store
from insights.view import selection
from ui import pitch_state, presenter_search, rights, slides, url
from ui import store as ui_store
from ui.view import View

_HERE = Path(__file__).resolve().parent
_CSS = _HERE / "presenter.css"


_KEY = "presenter.key"  # the presenter key of the presentation this session started


def _start_new() -> None:
    # Callback of "Start a new presentation": the next run starts one of this session's own.
    url.drop_param(presentation.CODE_PARAM)
    url.drop_param(presentation.KEY_PARAM)
    st.session_state.pop(_KEY, None)


def _start() -> tuple[str, str]:
    # A presentation of this session's own; its code and key kept in the URL so a reload stays
    # in the same room. Only the code goes into the audience link.
    now = dt.datetime.now(dt.UTC)
    found, key = slides.call_presentations(
        lambda engine: presentation.start_presentation(engine, now)
    )
    st.session_state[_KEY] = (found.code, key)
    st.query_params[presentation.CODE_PARAM] = found.code
    st.query_params[presentation.KEY_PARAM] = key
    return found.code, key


def _read_own(
    engine: Engine, code: str, key: str, now: dt.datetime
) -> presentation.Presentation | None:
    """Return the live presentation with this code if key is its presenter key, else None."""
    if not presentation.holds_key(engine, code, key, now):
        return None
    return presentation.read_presentation(engine, code, now)


NOT_YOURS = (
    "Presentation {code} is driven from another presenter view, so this view cannot move it. "
    "To follow it, open its audience link; to present, start a presentation of your own."
)
UNKNOWN = (
    "No running presentation has the code in this link (it ended, was idle for more than "
    "{hours} hours, or was mistyped). Start a new presentation to get a fresh code."
)
MALFORMED = (
    "The code in this link is not a presentation code (codes are {length} letters and "
    "digits). Start a new presentation to get a fresh code."
)


def _refuse(text: str) -> None:
    st.warning(text, icon=":material/link_off:")
    st.button(
        "Start a new presentation",
        key="presenter.new",
        type="primary",
        icon=":material/play_arrow:",
        on_click=_start_new,
    )


def _join(raw: str | None) -> tuple[str, str] | None:
    """Return this session's code and key; None (with a notice) for a code it may not drive.

    /presenter creates only presentations it starts: a code handed in a link is driven only
    with its presenter key (kept in this session or the presenter's own link).
    """
    if not raw:
        return _start()
    now = dt.datetime.now(dt.UTC)
    code = presentation.parse_code(raw)
    hours = int(presentation.IDLE_EXPIRY.total_seconds() // 3600)
    if code is None:
        # An old six-character code ended with the version that made it; anything else is no code.
        legacy = presentation.classify_code(raw) is presentation.CodeState.LEGACY
        _refuse(
            UNKNOWN.format(hours=hours)
            if legacy
            else MALFORMED.format(length=presentation.CODE_LENGTH)
        )
        return None
    kept_code, kept_key = st.session_state.get(_KEY, (None, None))
    ours = kept_code == code
    key = kept_key if ours else url.read_param(presentation.KEY_PARAM)
    if key:
        try:
            found = slides.call_presentations(lambda engine: _read_own(engine, code, key, now))
        except store.StoreUnavailable:
            if ours:
                # Its key was checked on an earlier run: the slides stay up and move on this
                # screen; the panel says the store is out.
                return code, key
            raise
        if found is not None:
            st.session_state[_KEY] = (code, key)
            return code, key
    # Not this session's: looked up like any guess (rate-limited per address), never created.
    client = access.client_key(st.context.ip_address)
    looked = slides.call_presentations(
        lambda engine: presentation.look_up_code(engine, client, code, now)
    )
    if looked.state is presentation.CodeState.FOUND:
        _refuse(NOT_YOURS.format(code=code))
    elif looked.state is presentation.CodeState.LIMITED:
        _refuse(slides.describe_limited(looked.wait_seconds))
    else:
        _refuse(UNKNOWN.format(hours=hours))
    return None


def make_audience_link(base_url: str, params: Mapping[str, Sequence[str]], code: str) -> str:
    """Return the audience screen's link for this pitch, joined to this presentation."""
    parts = urllib.parse.urlsplit(base_url)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return selection.make_link(f"{origin}/present", {**params, presentation.CODE_PARAM: [code]})


PANEL_UNREACHABLE = (
    "The presentation store cannot be reached: the audience screens stay where they are "
    "until it answers again."
)


def _look(code: str, key: str, now: dt.datetime) -> presentation.Presentation | None:
    # Once a second, so each call waits a poll's time at most: a frozen store never holds it.
    if slides.has_unsaved_position():
        # A move made while the store did not answer reaches the audience now.
        slides.save_position(code, key, ui_store.POLL_TIMEOUT_S)
    found = slides.call_presentations(
        lambda engine: presentation.read_presentation(engine, code, now), ui_store.POLL_TIMEOUT_S
    )
    if found is not None and now.replace(tzinfo=None) - found.updated_at > (
        presentation.TOUCH_EVERY
    ):
        # An open presenter view keeps its presentation from expiring while it stays put.
        slides.call_presentations(
            lambda engine: presentation.touch_presentation(engine, code, key, now),
            ui_store.POLL_TIMEOUT_S,
        )
    return found


def _panel(screens: tuple[Screen, ...], made: Talk, code: str, key: str) -> None:
    now = dt.datetime.now(dt.UTC)
    found = None
    try:
        found = _look(code, key, now)
    except store.StoreUnavailable:
        st.error(PANEL_UNREACHABLE)
    else:
        if found is None:
            # Expired or removed: the full page says so and offers a fresh code.
            st.rerun(scope="app")
    if found is not None:
        st.session_state["present.position"] = talk.clamp_position(found.position, len(screens))
    index = slides.position(len(screens))
    # One row of controls, then the slides and notes: the whole view fits a 1366x768 screen.
    timer, counter, controls = st.columns([1, 1, 3], vertical_alignment="center")
    if found is not None:
        timer.metric("Time", presentation.describe_elapsed(found.started_at, now))
    counter.metric("Slide", f"{index + 1} / {len(screens)}")
    with controls:
        slides.render_step_buttons(index, len(screens), code, key)
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
        joined = _join(url.read_param(presentation.CODE_PARAM))
    except store.StoreUnavailable:
        st.error(
            "The presentation store cannot be reached, so no audience screen can follow. "
            "Check DATABASE_URL and the database server, then reload.",
            icon=":material/cloud_off:",
        )
        return
    if joined is None:
        return
    code, key = joined
    # The audience link is needed once, before the talk: folded away, so the slides fit.
    # Beside it, folded too (one row for both), a point to find mid-call.
    link_column, find_column = st.columns(2)
    with link_column.expander(f"Presentation code {code}: the audience screen's link"):
        st.caption(
            "Open this link on the screen the audience sees (another window or another "
            "machine); it follows the slides you move here within a second."
        )
        link = make_audience_link(st.context.url or "", audience_params, code)
        st.code(link, language=None, wrap_lines=True)
        st.caption(
            "Keep this page's own link to yourself: it holds the key that moves the slides. "
            f"A presentation left idle for {presentation.IDLE_EXPIRY.total_seconds() / 3600:g} "
            "hours ends."
        )
    with find_column.expander("Find a point", icon=":material/search:"):
        presenter_search.render_finder(screens, code, key)
    _follow(screens, made, code, key)


def render_page(view: View) -> None:
    """Show the presenter view of the view's pitch, to a person who may see the rep's notes."""
    # The rep's screen: its notes carry the bias and verify marks no prospect is shown.
    if not rights.may_see_rep_notes():
        st.title("Presenter view", anchor=False)
        rights.render_sign_in_needed(
            "Sign in to present: the presenter view shows the reps' notes (bias, verify marks, "
            "our notes). The audience screen is /present, by the presentation's code."
        )
        return
    made = pitch_state.make_talk(view)
    render(made, {**selection.to_params(view.selection), **plan.to_params(view.pitch)})
