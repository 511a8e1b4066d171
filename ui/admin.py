"""The admin view's gate, filters and request details; prospect text is only ever shown as text."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import time
from collections.abc import Mapping, Sequence

import streamlit as st

from insights import settings
from insights.content.text import escape_markdown as esc
from insights.quotes import access, store
from insights.quotes import requests as quotes
from insights.quotes.requests import StoredRequest
from ui import accounts
from ui import store as ui_store

PASSWORD = "admin.password"
UNLOCK = "admin.unlock"
SIGN_OUT = "admin.sign_out"
FILTER_KEYS = {
    "since": "admin.since",
    "until": "admin.until",
    "place": "admin.place",
    "search": "admin.q",
    "detail": "admin.detail",
}
PAGE = "admin.page"
# Requests a page of the admin view shows; every request is reachable by its page number.
PAGE_SIZE = 50
_ATTEMPTS = "admin.attempts"
_UNLOCKED = "admin.unlocked"
_NOTICE = "admin.notice"
HOW_TO_ENABLE = (
    "The admin view is disabled: no admin password is configured. To enable it, set "
    f"`{settings.ADMIN_PASSWORD_ENV}` in the app server's environment, or "
    f"`{access.ADMIN_PASSWORD_SECRET}` in `.streamlit/secrets.toml` (never commit that file), "
    "then restart the app."
)


def configured_password() -> str:
    """Return the admin password from the environment, else secrets.toml, else ''."""
    named = settings.current_settings().admin_password
    return named or ui_store.read_secret(access.ADMIN_PASSWORD_SECRET) or ""


def _digest(password: str) -> str:
    # The session remembers which password it unlocked with: a changed password locks it again.
    return hashlib.sha256(password.encode("utf-8")).hexdigest()


def _refused(wait: float) -> str:
    return f"Too many wrong passwords: try again in {math.ceil(wait)} s."


def _try_password(expected: str) -> None:
    state = st.session_state
    given = state.get(PASSWORD, "")
    state[PASSWORD] = ""  # never kept in the widget once tried
    now = time.monotonic()
    attempts: access.Attempts = state.get(_ATTEMPTS, access.Attempts())
    wait = attempts.wait_seconds(now)
    if wait > 0:
        # Refused without checking, and without sleeping: this session's thread stays free.
        state[_NOTICE] = _refused(wait)
        return
    if not given:
        state[_NOTICE] = "Enter the admin password."
        return
    # The address's count lives in the database: fresh sessions, other app servers and this
    # one all add to it, so opening a new tab buys no new guesses.
    client = access.client_key(st.context.ip_address)
    wall = time.time()
    try:
        verdict = store.judge_admin_attempt(
            ui_store.open_store(), client, wall, lambda: access.check_password(given, expected)
        )
    except store.StoreUnavailable:
        # Fails closed: without the count the password is not checked (nor is there a list).
        state[_NOTICE] = (
            "The request store cannot be reached, so the password cannot be checked. "
            "Try again in a moment."
        )
        return
    if not verdict.checked:
        state[_NOTICE] = _refused(verdict.wait_seconds(wall))
        return
    attempts = access.record_attempt(attempts, verdict.ok, now)
    state[_ATTEMPTS] = attempts
    if verdict.ok:
        state[_UNLOCKED] = _digest(expected)
        state.pop(_NOTICE, None)
        return
    wait = max(attempts.wait_seconds(now), verdict.wait_seconds(wall))
    state[_NOTICE] = "Wrong password." + (
        f" Too many attempts: wait {math.ceil(wait)} s before the next one." if wait else ""
    )


def _sign_out() -> None:
    st.session_state.pop(_UNLOCKED, None)


def password_given() -> bool:
    """Tell whether this session unlocked the admin view with the configured password."""
    expected = configured_password()
    return bool(expected) and st.session_state.get(_UNLOCKED) == _digest(expected)


def require_admin() -> bool:
    """Let in a signed-in admin, or show the password gate; True only for one of those."""
    person = accounts.current_person()
    if person.signed_in and person.is_admin:
        return True
    expected = configured_password()
    if not expected:
        # Fails closed: no password configured means nobody gets in.
        st.warning(HOW_TO_ENABLE, icon=":material/lock:")
        return False
    if st.session_state.get(_UNLOCKED) == _digest(expected):
        st.button("Sign out", key=SIGN_OUT, on_click=_sign_out, icon=":material/logout:")
        return True
    with st.form("admin.login", enter_to_submit=True):
        st.text_input("Admin password", type="password", key=PASSWORD)
        st.form_submit_button("Unlock", key=UNLOCK, on_click=_try_password, args=(expected,))
    notice = st.session_state.get(_NOTICE)
    if notice:
        st.error(notice, icon=":material/lock:")
    return False


def render_filters(
    place_names: Mapping[str, str],
) -> tuple[dt.datetime | None, dt.datetime | None, str | None, str]:
    """Draw the date, place and search filters; return (since, until, place, search)."""
    since_col, until_col, place_col, search_col = st.columns([1, 1, 1, 2])
    since_day = since_col.date_input("Received from", value=None, key=FILTER_KEYS["since"])
    until_day = until_col.date_input("Received until", value=None, key=FILTER_KEYS["until"])
    place = place_col.selectbox(
        "Place of interest",
        list(place_names),
        index=None,
        key=FILTER_KEYS["place"],
        format_func=place_names.__getitem__,
        placeholder="Any place",
    )
    search = search_col.text_input(
        "Search name, company, email or message", key=FILTER_KEYS["search"], max_chars=100
    )
    since, until = quotes.day_window(since_day, until_day)
    return since, until, place, search


def render_details(requests: Sequence[StoredRequest], place_names: Mapping[str, str]) -> None:
    """Show one request in full (the newest unless another is picked), every field as text."""
    if not requests:
        return
    by_reference = {r.reference: r for r in requests}
    st.subheader("Request details")
    chosen = st.selectbox("Request", list(by_reference), index=0, key=FILTER_KEYS["detail"])
    request = by_reference.get(chosen or "", requests[0])
    with st.container(border=True):
        # st.text shows exactly the characters stored: no HTML, no Markdown, whatever was typed.
        for label, value in quotes.describe_request(request, place_names):
            st.caption(esc(label))
            st.text(value)


def describe_page(first: int, shown: int, total: int) -> str:
    """Say which requests a page shows ("Showing 1 to 50 of 1,234 requests, newest first.")."""
    if total == 0:
        return "No request matches."
    if total == 1:
        return "Showing the 1 request, newest first."
    return f"Showing {first + 1:,} to {first + shown:,} of {total:,} requests, newest first."


def render_page_picker(total: int, filters: object) -> int:
    """Draw the page number (back to page 1 when the filters change); return the first row."""
    pages = max(1, math.ceil(total / PAGE_SIZE))
    marker = f"{PAGE}.filters"
    if st.session_state.get(marker) != repr(filters):
        st.session_state[marker] = repr(filters)
        st.session_state[PAGE] = 1
    if st.session_state.get(PAGE, 1) > pages:
        st.session_state[PAGE] = pages
    number = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, step=1, key=PAGE)
    return (int(number) - 1) * PAGE_SIZE
