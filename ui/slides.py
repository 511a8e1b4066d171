"""The slide show: the audience screen at /present, one 16:9 slide, moved by keys or a click."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import streamlit as st
from sqlalchemy.engine import Engine

from insights.content import citation
from insights.content.text import escape_markdown as esc
from insights.pitch import talk
from insights.pitch.talk import (
    Closing,
    Cover,
    FigureSlide,
    OwnAnswerPoint,
    PairPoint,
    Point,
    ScorecardSlide,
    Screen,
)
from insights.quotes import access, presentation, store
from insights.view import counts, scorecard
from ui import store as ui_store
from ui import url

T = TypeVar("T")
_POSITION = "present.position"
# The position a presenter moved to while the store did not answer: sent again on its next look.
_UNSAVED = "present.unsaved"
# The code this audience screen follows, once looked up; and one that ended while it followed.
_JOINED = "present.joined"
_ENDED = "present.ended"
_HERE = Path(__file__).resolve().parent
SLIDE_CSS = _HERE / "slide.css"
_AUDIENCE_CSS = _HERE / "present.css"
KEYS_HTML = _HERE / "present.html"
SLIDE_PARAM = "slide"
JUMP_KEY = "present.jump"
# How often a screen that follows a presenter looks up the position.
FOLLOW_SECONDS = 1
# Figures side by side on one row of a figure slide.
FIGURES_PER_ROW = 4


def open_presentations() -> Engine:
    """Return the engine holding presentation positions (the app's database), or raise."""
    return ui_store.open_store()


def call_presentations(
    action: Callable[[Engine], T], timeout_s: float = ui_store.CALL_TIMEOUT_S
) -> T:
    """Run action on the presentations' engine; raise StoreUnavailable past timeout_s."""
    engine = open_presentations()
    # Bounded like the request form: a frozen server never holds a click or a look-up.
    return ui_store.call_with_timeout(lambda: action(engine), timeout_s, engine)


def hide_chrome() -> None:
    """Hide everything but the slide, and wire the keys, the click and the full-screen control."""
    # Static files shipped with the app: no data ever goes into them.
    st.html(SLIDE_CSS)
    st.html(_AUDIENCE_CSS)
    st.html(KEYS_HTML, unsafe_allow_javascript=True)


def read_slide_param(count: int) -> int:
    """Return the screen a link opens on (``?slide=3`` is the third), kept within the screens."""
    raw = url.read_param(SLIDE_PARAM, "1")
    number = int(raw) if raw.isdigit() and len(raw) < 6 else 1
    return talk.clamp_position(number - 1, count)


def position(count: int) -> int:
    """Return the screen to show: the session's, else the link's; kept within the screens."""
    if _POSITION not in st.session_state:
        st.session_state[_POSITION] = read_slide_param(count)
    st.session_state[_POSITION] = talk.clamp_position(st.session_state[_POSITION], count)
    return st.session_state[_POSITION]


def start() -> None:
    """Begin the next presentation on its first screen."""
    st.session_state[_POSITION] = 0
    url.drop_param(SLIDE_PARAM)


UNSAVED_TOAST = (
    "The presentation store did not answer: this screen moved; the audience screens follow "
    "once the store answers again."
)
ENDED_TOAST = "This presentation has ended; this screen moved alone."


def has_unsaved_position() -> bool:
    """Tell whether this screen moved while the store did not answer (not yet sent)."""
    return _UNSAVED in st.session_state


def save_position(code: str, key: str, timeout_s: float = ui_store.CALL_TIMEOUT_S) -> bool:
    """Store this screen's position for its followers; tell whether the presentation lives.

    Raise StoreUnavailable when the store does not answer in time: the position is then kept
    as unsaved, for the presenter view's next look to send.
    """
    index = st.session_state.get(_POSITION, 0)
    now = dt.datetime.now(dt.UTC)
    try:
        moved = call_presentations(
            lambda engine: presentation.move_presentation(engine, code, key, index, now),
            timeout_s,
        )
    except store.StoreUnavailable:
        st.session_state[_UNSAVED] = index
        raise
    st.session_state.pop(_UNSAVED, None)
    return moved


def step(offset: int, count: int, code: str | None = None, key: str | None = None) -> None:
    """Callback: go back (-1) or on (+1); with the presenter's key, followers move too."""
    now = st.session_state.get(_POSITION, 0)
    st.session_state[_POSITION] = talk.clamp_position(now + offset, count)
    if code and key:
        try:
            moved = save_position(code, key)
        except store.StoreUnavailable:
            st.toast(UNSAVED_TOAST)
            return
        if not moved:
            st.toast(ENDED_TOAST)


def jump(count: int, code: str | None = None, key: str | None = None) -> None:
    """Callback: go to the slide number typed (from 1), kept within the screens."""
    typed = str(st.session_state.get(JUMP_KEY, "")).strip()
    if typed.isdigit() and len(typed) < 6:
        st.session_state[_POSITION] = talk.clamp_position(int(typed) - 1, count)
        step(0, count, code, key)
    st.session_state[JUMP_KEY] = ""


def follow(code: str, count: int) -> bool:
    """Take the position a presenter set for this code; tell whether the presentation lives.

    A store that cannot be read changes nothing (and counts as alive: it may come back).
    """
    now = dt.datetime.now(dt.UTC)
    try:
        engine = open_presentations()
        # A short timeout on either backend (no engine handed over, so SQLite's look-up is
        # bounded too): a database that stops answering never holds the slide.
        found = ui_store.call_with_timeout(
            lambda: presentation.read_presentation(engine, code, now), ui_store.POLL_TIMEOUT_S
        )
    except store.StoreUnavailable:
        return True
    if found is None:
        return False
    st.session_state[_POSITION] = talk.clamp_position(found.position, count)
    return True


def _source(point: Point) -> None:
    # The audience reads where a point comes from, never the rep's checks (those are in the
    # presenter view and the deck's notes).
    st.caption(esc(point.source_line))


def _render_cover(cover: Cover, key: str) -> None:
    if cover.logo is not None:
        # The profile's checked PNG or JPEG bytes, served by this app: never a URL of the file's.
        with st.container(key=f"cover-logo-{key}"):
            st.image(cover.logo)
    st.title(esc(cover.title), anchor=False)
    if cover.prospect:
        st.subheader(f"Prepared for {esc(cover.prospect)}", anchor=False)
    if cover.company:
        st.markdown(f"By {esc(cover.company)}")
    st.caption(esc(citation.format_day(cover.made_on)))
    if not cover.points:
        st.info(
            "Nothing to present: add claims to the pitch, or widen the filters.",
            icon=":material/filter_alt_off:",
        )


def _render_point(point: Point) -> None:
    st.caption(f"{esc(point.place_name)} · {esc(point.theme_label)}")
    st.markdown(esc(point.text))
    _source(point)


def _render_pair(pair: PairPoint | OwnAnswerPoint, key: str) -> None:
    with st.container(key=f"pair-{key}"):
        objection, answer = st.columns(2, gap="large")
        with objection:
            st.caption(":material/report: Objection")
            st.markdown(esc(pair.challenge.text))
            _source(pair.challenge)
        with answer:
            if isinstance(pair, OwnAnswerPoint):
                # The seller's own words: labelled as theirs, with no source line under them.
                st.caption(f":material/reply: {talk.OUR_ANSWER}")
                st.markdown(esc(pair.answer))
                st.caption(talk.OWN_WORDS_LINE)
            else:
                st.caption(":material/reply: Answer")
                st.markdown(esc(pair.response.text))
                _source(pair.response)


def _render_figures(screen: FigureSlide, key: str) -> None:
    # The numbers as the sources state them, each with its source line; the age and the
    # verify mark stay in the presenter's notes.
    st.caption(esc(talk.FIGURES_TITLE))
    bars = counts.make_figure_bars(screen.figures) if screen.chart else None
    if bars is not None:
        st.header(esc(bars.title), anchor=False)
        if bars.shared:
            st.caption(esc(bars.shared))
    labels = (
        bars.labels
        if bars
        else tuple(f"{f.measure_label}, {f.place_name}, {f.when}" for f in screen.figures)
    )
    pairs = list(zip(screen.figures, labels, strict=True))
    for start in range(0, len(pairs), FIGURES_PER_ROW):
        row = pairs[start : start + FIGURES_PER_ROW]
        for i, (column, (figure, label)) in enumerate(
            zip(st.columns(len(row), gap="medium"), row, strict=True)
        ):
            with column, st.container(key=f"figure-{key}-{start + i}"):
                st.markdown(esc(figure.shown))
                with st.container(key=f"measured-{key}-{start + i}"):
                    st.markdown(esc(label))
                if bars is None:
                    st.caption(esc(figure.source_line))
    for line in bars.sources if bars else ():
        st.caption(esc(line))


def _score_cell(entries: tuple[scorecard.Entry, ...], claims: int) -> None:
    lines, sources = scorecard.compact_cell(entries, claims)
    st.markdown("  \n".join(esc(line) for line in lines))
    if sources:
        st.caption(esc(sources))


def _render_scorecard(screen: ScorecardSlide, key: str) -> None:
    # Each cell compact (figures as stated, companies by name, claims counted) with its
    # sources and their dates; the presenter's notes hold every entry in full.
    st.caption(esc(screen.title))
    with st.container(key=f"score-{key}"):
        head = st.columns([1, 2, 2])
        head[1].markdown(f"**{esc(screen.card.left)}**")
        head[2].markdown(f"**{esc(screen.card.right)}**")
        for line in screen.lines:
            if line.spec.shared:
                label, both = st.columns([1, 4])
                label.markdown(f"**{esc(line.spec.title)}**")
                with both:
                    _score_cell(line.left, line.spec.slide_claims)
                continue
            label, left, right = st.columns([1, 2, 2])
            label.markdown(f"**{esc(line.spec.title)}**")
            with left:
                _score_cell(line.left, line.spec.slide_claims)
            with right:
                _score_cell(line.right, line.spec.slide_claims)


def _render_closing(closing: Closing) -> None:
    st.header("Next step", anchor=False)
    if closing.company:
        st.subheader(esc(closing.company), anchor=False)
    st.markdown(esc(closing.prompt))
    for i, link in enumerate(closing.links):
        st.link_button(esc(link.label), link.target, type="primary" if i == 0 else "secondary")
    for line in closing.contact:
        st.caption(esc(line))


def render_screen(screen: Screen, key: str = "audience") -> None:
    """Show one screen as a 16:9 slide (key names the frame: audience, current, upcoming)."""
    with st.container(key=f"slide-{key}"):
        if isinstance(screen, Cover):
            _render_cover(screen, key)
        elif isinstance(screen, PairPoint | OwnAnswerPoint):
            _render_pair(screen, key)
        elif isinstance(screen, Point):
            _render_point(screen)
        elif isinstance(screen, FigureSlide):
            _render_figures(screen, key)
        elif isinstance(screen, ScorecardSlide):
            _render_scorecard(screen, key)
        else:
            _render_closing(screen)


def render_step_buttons(
    index: int, count: int, code: str | None = None, key: str | None = None, locked: bool = False
) -> None:
    """Show the previous and next buttons (the audience screen's stylesheet hides them).

    code and key (the presenter's) move every follower too; locked (an audience screen that
    follows a presenter) turns both off, so its keys and clicks move nothing.
    """
    back, forward = st.columns(2, vertical_alignment="center")
    back.button(
        "Previous",
        key="present.prev",
        icon=":material/chevron_left:",
        disabled=locked or index == 0,
        on_click=step,
        args=(-1, count, code, key),
        width="stretch",
    )
    forward.button(
        "Next",
        key="present.next",
        icon=":material/chevron_right:",
        icon_position="right",
        disabled=locked or index >= count - 1,
        on_click=step,
        args=(1, count, code, key),
        width="stretch",
    )
    st.text_input(
        "Go to slide",
        key=JUMP_KEY,
        max_chars=5,
        placeholder="number, then Enter",
        on_change=jump,
        args=(count, code, key),
        label_visibility="collapsed",
        disabled=locked,
    )


def _keep_slide_in_url(index: int) -> None:
    # A reload or a shared link opens the same slide.
    wanted = str(index + 1)
    if url.read_param(SLIDE_PARAM) != wanted:
        st.query_params[SLIDE_PARAM] = wanted


def _audience(screens: tuple[Screen, ...], code: str | None) -> None:
    if code and not follow(code, len(screens)):
        # The presentation ended (or expired) while this screen followed it: stop looking.
        st.session_state.pop(_JOINED, None)
        st.session_state[_ENDED] = code
        st.rerun(scope="app")
    index = position(len(screens))
    _keep_slide_in_url(index)
    render_screen(screens[index])
    # Following, the audience never drives: its keys and clicks move nothing.
    render_step_buttons(index, len(screens), locked=code is not None)


# Only the slide reruns on a step; a screen that follows a presenter also looks up the position
# every second.
_step_alone = st.fragment(_audience)
_step_following = st.fragment(_audience, run_every=FOLLOW_SECONDS)

CODE_NOTICES = {
    presentation.CodeState.MALFORMED: (
        "This link's presentation code is not a valid code, so this screen does not follow "
        "a presenter. Ask the presenter for the audience link."
    ),
    presentation.CodeState.LEGACY: (
        "This link's presentation code is from an earlier version and no longer works, so "
        "this screen does not follow a presenter. Ask the presenter for a new audience link."
    ),
    presentation.CodeState.UNKNOWN: (
        "No running presentation has this code (it ended, was idle too long, or was mistyped), "
        "so this screen does not follow a presenter. Ask the presenter for the audience link."
    ),
}
ENDED_NOTICE = "The presentation this screen followed has ended; it no longer follows."
UNREACHABLE_NOTICE = (
    "The presentation store cannot be reached, so this screen does not follow a presenter. "
    "Reload in a moment."
)


def describe_limited(wait: float) -> str:
    """Say that too many unknown codes came from this address, and for how long."""
    return (
        "Too many unknown presentation codes from this address: "
        f"try again in {math.ceil(wait / 60)} min."
    )


def _notice(text: str) -> None:
    with st.container(key="present-notice"):
        st.warning(text, icon=":material/link_off:")


def join_code(raw: str) -> str | None:
    """Return the code this audience screen follows, looked up once (rate-limited), or None.

    Says why on the screen when it follows nothing: malformed, old, unknown, ended, refused.
    """
    normal = "".join(raw.split()).upper()
    if st.session_state.get(_JOINED) == normal:
        return normal
    if st.session_state.get(_ENDED) == normal:
        _notice(ENDED_NOTICE)
        return None
    client = access.client_key(st.context.ip_address)
    now = dt.datetime.now(dt.UTC)
    try:
        found = call_presentations(
            lambda engine: presentation.look_up_code(engine, client, raw, now)
        )
    except store.StoreUnavailable:
        _notice(UNREACHABLE_NOTICE)
        return None
    if found.state is presentation.CodeState.FOUND:
        st.session_state[_JOINED] = normal
        return normal
    if found.state is presentation.CodeState.LIMITED:
        _notice(describe_limited(found.wait_seconds))
    else:
        _notice(CODE_NOTICES[found.state])
    return None


def render_audience(screens: tuple[Screen, ...], builder: st.Page) -> None:
    """Show the audience screen: the slide alone, following a presenter when ?code= joins one.

    Esc on the rep's own screen goes back to the builder; a screen joined by code has no way
    there (its Esc shows a blank end slide), so a room never sees the rep's builder.
    """
    hide_chrome()
    raw = url.read_param(presentation.CODE_PARAM)
    code = join_code(raw) if raw else None
    # Only the rep's own screen (no code in its link) has a way back to the builder.
    if not raw and st.button("Back to the pitch builder", key="present.exit"):
        st.switch_page(builder)
    (_step_following if code else _step_alone)(screens, code)
