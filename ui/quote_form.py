"""The request form a call to action opens: validated, stored once, confirmed with a reference."""

from __future__ import annotations

import datetime as dt
import math
import time
import uuid
from collections.abc import Mapping
from typing import TYPE_CHECKING

import streamlit as st

from insights.content.model import THEMES, FormKind
from insights.content.text import escape_markdown as esc
from insights.view.selection import Selection

if TYPE_CHECKING:
    from insights.quotes.requests import Origin

# The sidebar imports this module on every page, but the form is opened by few sessions: its
# validation (email_validator) and the store (SQLAlchemy, ~0.2 s) are imported when used, so a
# cold start does not pay for them before the first page shows.

FIELDS = ("name", "company", "email", "phone", "places", "themes", "message", "consent")
# Widget keys are namespaced like the sidebar's so tests can drive them.
KEYS = {field: f"quote.{field}" for field in FIELDS}
SUBMIT = "quote.submit"
CLOSE = "quote.close"
_OPEN = "quote.open"  # (kind, title) of the form on screen
_REQUEST_KEY = "quote.request_key"  # idempotency key of the request being typed
_DONE = "quote.done"  # reference of the request stored under that key
_ERRORS = "quote.errors"  # {field: message} from the last submit
_UNSAVED = "quote.unsaved"  # the last submit was valid but could not be stored
_SENT = "quote.sent"  # monotonic times of this session's recent requests
_LIMITED = "quote.limited"  # the message of the last submit refused for too many requests
# Requests one browser session may send per window; the address's limit is in the database
# (insights/quotes/throttle.py: 20 an hour per address, every session and app server).
SESSION_LIMIT = 5
SESSION_WINDOW_S = 600.0
UNSAVED_MESSAGE = (
    "Not saved — the request store cannot be reached right now. Try again in a moment; "
    "what you typed is kept."
)


def _open_form(kind: str, title: str, selection: Selection) -> None:
    state = st.session_state
    if _DONE in state or _REQUEST_KEY not in state:
        # A new request: a fresh key, so it is not mistaken for the one already stored.
        for key in (*KEYS.values(), _DONE, _ERRORS, _UNSAVED, _LIMITED):
            state.pop(key, None)
        state[_REQUEST_KEY] = uuid.uuid4().hex
    # Pre-filled from what the rep is showing; the prospect can change it.
    state[KEYS["places"]] = list(selection.values("places"))
    state[KEYS["themes"]] = list(selection.values("themes"))
    state[_OPEN] = (kind, title)


def _close_form() -> None:
    state = st.session_state
    state.pop(_OPEN, None)
    if _DONE in state:
        for key in (_DONE, _REQUEST_KEY, _ERRORS, _UNSAVED, _LIMITED):
            state.pop(key, None)


def _origin() -> Origin:
    """Return the pitch this request is made from: the one on screen, a saved pitch's id."""
    from insights.pitch import plan
    from insights.quotes import requests as quotes
    from ui import pitch_state, url

    items = [plan.item_token(item) for item in pitch_state.current_pitch().items]
    return quotes.make_origin(items, url.read_param(quotes.SAVED_PITCH_PARAM))


def _submit(kind: str, places: tuple[str, ...]) -> None:
    from insights import settings
    from insights.quotes import access, store, throttle
    from insights.quotes import requests as quotes
    from ui import store as ui_store

    state = st.session_state
    if _DONE in state:
        return  # a second click on a request already stored
    raw = {field: state.get(key) for field, key in KEYS.items()}
    raw["kind"] = kind
    # Only the places the form offers (a script may post others) and its themes are stored.
    request, errors = quotes.validate_request(raw, places)
    state[_ERRORS] = errors
    state[_UNSAVED] = False
    if request is None:
        return
    # Same form and same content -> same key: a double click, a rerun or a retry after an
    # uncertain failure stores one row, while an edited request is a request of its own.
    key = f"{state[_REQUEST_KEY]}-{quotes.fingerprint(request)}"
    state.pop(_LIMITED, None)
    now = time.monotonic()
    recent = [t for t in state.get(_SENT, []) if now - t < SESSION_WINDOW_S]
    if len(recent) >= SESSION_LIMIT:
        state[_LIMITED] = limited_message(recent[0] + SESSION_WINDOW_S - now)
        return
    try:
        engine = ui_store.open_store()
        client = access.client_key(st.context.ip_address)
        # A server that stops answering means "Not saved" within seconds, not a hung form.
        wait = ui_store.call_with_timeout(
            lambda: throttle.count_submission(engine, client, time.time()), engine=engine
        )
        if wait > 0:
            state[_LIMITED] = limited_message(wait)
            return
        state[_SENT] = [*recent, now]
        when = dt.datetime.now(dt.UTC)
        origin = _origin()
        # With a webhook configured, the request's CRM event is written in its transaction; the
        # relay started with the server sends it, whether or not this page stays open.
        send_event = bool(settings.current_settings().webhook_url)
        state[_DONE] = ui_store.call_with_timeout(
            lambda: store.save_request(engine, request, key, when, origin, send_event),
            engine=engine,
        )
    except store.StoreUnavailable:
        # Nothing committed, so nothing is confirmed; the widgets keep every value typed.
        state[_UNSAVED] = True


def limited_message(wait: float) -> str:
    """Say that too many requests were sent, when the next may go, and that the input is kept."""
    minutes = max(1, math.ceil(wait / 60))
    return (
        f"Not sent — too many requests from here in a short time. Try again in {minutes} min; "
        "what you typed is kept."
    )


def render_form_button(
    kind: FormKind, label: str, key: str, primary: bool, selection: Selection
) -> None:
    """Show a call-to-action button that opens the request form with the current selection."""
    st.button(
        esc(label),
        key=key,
        type="primary" if primary else "secondary",
        width="stretch",
        icon=":material/request_quote:" if kind == "quote" else ":material/forum:",
        on_click=_open_form,
        args=(kind, label, selection),
        help="Opens a short form; the sales team gets your request.",
    )


def _field_error(errors: Mapping[str, str], field: str) -> None:
    if field in errors:
        st.error(esc(errors[field]), icon=":material/error:")


def _form_body(kind: str, place_names: Mapping[str, str]) -> None:
    from insights.quotes import requests as quotes

    state = st.session_state
    if _DONE in state:
        st.success(
            f"Thank you — your request is saved. Your reference is **{esc(state[_DONE])}**.",
            icon=":material/check_circle:",
        )
        st.caption("The sales team will contact you; quote the reference in any reply.")
        if st.button("Close", key=CLOSE):
            _close_form()
            st.rerun()
        return
    if state.get(_UNSAVED):
        st.error(UNSAVED_MESSAGE, icon=":material/cloud_off:")
    if state.get(_LIMITED):
        st.error(state[_LIMITED], icon=":material/hourglass_top:")
    errors: Mapping[str, str] = state.get(_ERRORS, {})
    if errors:
        fields = ", ".join(quotes.LABELS.get(field, field) for field in errors)
        st.warning(f"Nothing was sent yet: check {esc(fields)}.", icon=":material/edit_note:")
    with st.form("quote.form", border=False, enter_to_submit=False):
        st.text_input("Name", key=KEYS["name"], autocomplete="name")
        _field_error(errors, "name")
        st.text_input("Company", key=KEYS["company"], autocomplete="organization")
        _field_error(errors, "company")
        st.text_input(
            "Work email", key=KEYS["email"], autocomplete="email", placeholder="you@company.com"
        )
        _field_error(errors, "email")
        st.text_input("Phone (optional)", key=KEYS["phone"], autocomplete="tel")
        _field_error(errors, "phone")
        st.multiselect(
            "Places of interest",
            list(place_names),
            key=KEYS["places"],
            format_func=place_names.__getitem__,
            placeholder="Any place",
        )
        _field_error(errors, "places")
        st.multiselect(
            "Themes of interest",
            list(THEMES),
            key=KEYS["themes"],
            format_func=THEMES.__getitem__,
            placeholder="Any theme",
        )
        _field_error(errors, "themes")
        st.text_area(
            "Message",
            key=KEYS["message"],
            help=f"At most {quotes.LIMITS['message']:,} characters.",
            placeholder="What would you like to discuss?",
        )
        _field_error(errors, "message")
        st.checkbox("You may contact me about this request.", key=KEYS["consent"])
        _field_error(errors, "consent")
        st.form_submit_button(
            "Send request",
            key=SUBMIT,
            type="primary",
            on_click=_submit,
            args=(kind, tuple(place_names)),
            icon=":material/send:",
        )


def render_open_form(place_names: Mapping[str, str]) -> None:
    """Show the request form while one is open (it stays open across reruns until closed)."""
    opened = st.session_state.get(_OPEN)
    if opened is None:
        return
    kind, title = opened
    dialog = st.dialog(esc(title), width="medium", on_dismiss=_close_form)
    dialog(_form_body)(kind, place_names)


def render_request_form(
    kind: FormKind, selection: Selection, place_names: Mapping[str, str]
) -> None:
    """Show the request form in the page itself, as the public /request page does."""
    # Not through _OPEN: that would also open the sidebar's dialog, whose widgets share keys.
    if _OPEN in st.session_state:
        # The sidebar drew its dialog in this run: close it (keeping what was typed) and redraw.
        _close_form()
        st.rerun()
    if _REQUEST_KEY not in st.session_state:
        _open_form(kind, "", selection)
        st.session_state.pop(_OPEN, None)
    _form_body(kind, place_names)
