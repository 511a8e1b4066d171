"""Who is using the app, for every page: the signed-in person, the sidebar's sign-in link, and
the admin page's accounts panel. Nothing typed or stored is ever shown as markup.
"""

from __future__ import annotations

import datetime as dt
import time
import urllib.parse
from typing import TYPE_CHECKING

import streamlit as st

from insights.content.text import escape_markdown as esc
from insights.errors import PackError

if TYPE_CHECKING:
    from insights.quotes.people import Person

# The store (SQLAlchemy, argon2, pydantic) is imported when first asked for, not with the page.
_PERSON = "accounts.person"
# How long a session trusts what it read: a sign-in elsewhere in the browser, a disabled
# account or a new team server reaches an open tab within this, and most reruns read nothing.
RECHECK_S = 30.0
FIELDS = {
    "name": "accounts.name",
    "email": "accounts.email",
    "role": "accounts.role",
    "password": "accounts.password",
}
ADD = "accounts.add"
DISABLE_WHO = "accounts.disable_who"
DISABLE = "accounts.disable"
_ERRORS = "accounts.errors"
_DONE = "accounts.done"


def read_person(cookie: str | None, rep_name: str | None = None) -> Person | None:
    """Return who a sign-in cookie stands for; None when the store cannot be reached."""
    from insights.quotes import people, store
    from ui import store as ui_store

    try:
        engine = ui_store.open_store()
        # A server that stops answering must not hold every page's run (frozen PostgreSQL).
        return ui_store.call_with_timeout(
            lambda: people.current_person(engine, cookie, rep_name),
            ui_store.POLL_TIMEOUT_S,
            engine,
        )
    except store.StoreUnavailable:
        return None


def _read_person() -> Person | None:
    """Return this session's person from its cookie; None when the store cannot be reached."""
    from insights.quotes import people
    from ui import seller_profile

    # On a laptop with no accounts the person is the seller profile's rep, when it names one.
    cookie = st.context.cookies.get(people.SESSION_COOKIE)
    return read_person(cookie, seller_profile.read_rep_name())


def _known_person() -> Person | None:
    """Return the person as this session last read them (re-read after RECHECK_S), or None."""
    from insights.quotes import people

    cookie = st.context.cookies.get(people.SESSION_COOKIE)
    now = time.monotonic()
    cached = st.session_state.get(_PERSON)
    if cached is not None and cached[0] == cookie and now - cached[1] < RECHECK_S:
        found: Person | None = cached[2]
        return found
    found = _read_person()
    if found is None and cached is not None:
        # The store did not answer: the session keeps the person it last read (a rep mid-talk
        # keeps the presenter view), and asks again on its next run. A new sign-in or sign-out
        # loads a new page, so a new session with nothing cached.
        kept: Person | None = cached[2]
        return kept
    st.session_state[_PERSON] = (cookie, now, found)
    return found


def current_person() -> Person:
    """Return who is using the app: this machine, a signed-in account, or nobody signed in."""
    from insights.quotes import people

    # Unreachable store: nobody is known, so nothing that needs a person is offered.
    return _known_person() or people.NOBODY


def is_store_unreachable() -> bool:
    """Tell whether this session could not read who is using it (the store did not answer)."""
    return _known_person() is None


def _here() -> str:
    """Return this page's path and query, for coming back after signing in."""
    # st.context.url holds no query string: the query (the pitch, the filters) comes from
    # st.query_params, each value of a repeated parameter kept.
    path = urllib.parse.urlsplit(st.context.url or "").path or "/"
    params = st.query_params
    query = urllib.parse.urlencode([(k, v) for k in params for v in params.get_all(k)])
    return path + (f"?{query}" if query else "")


def make_sign_in_path() -> str:
    """Return /signin's path, coming back to this page and its query after signing in."""
    return f"/signin?{urllib.parse.urlencode({'next': _here()})}"


def render_sidebar_person() -> None:
    """On a team server, show who is signed in and a sign-out link, or a sign-in link."""
    person = _known_person()
    if person is None or person.on_laptop:
        return  # a laptop with no accounts has nobody to sign in; an unreachable store neither
    with st.sidebar:
        if person.signed_in:
            role = person.role.value if person.role else ""
            st.caption(f"Signed in as **{esc(person.name)}** ({esc(role)})")
            st.link_button("Sign out", "/signout", icon=":material/logout:", width="stretch")
        else:
            st.link_button("Sign in", make_sign_in_path(), icon=":material/login:", width="stretch")


def _add_account() -> None:
    """Validate the new account's fields and store it; say per field what is wrong."""
    from insights.quotes import people, store
    from ui import store as ui_store

    state = st.session_state
    raw = {field: state.get(key) or "" for field, key in FIELDS.items()}
    state[FIELDS["password"]] = ""  # never kept in the widget once submitted
    state.pop(_DONE, None)
    new, errors = people.validate_account(raw)
    if new is None:
        state[_ERRORS] = errors
        return
    try:
        account = people.add_account(ui_store.open_store(), new, dt.datetime.now(dt.UTC))
    except store.StoreUnavailable:
        state[_ERRORS] = {"form": "The store cannot be reached: nothing was saved. Try again."}
        return
    except PackError as exc:
        state[_ERRORS] = {"email": exc.message}
        return
    state[_ERRORS] = {}
    state[_DONE] = f"Added {account.email} ({account.role.value})."
    for field in ("name", "email"):
        state[FIELDS[field]] = ""


def _disable_account() -> None:
    """Disable the chosen account."""
    from insights.quotes import people, store
    from ui import store as ui_store

    email = st.session_state.get(DISABLE_WHO)
    if not email:
        return
    try:
        account = people.disable_account(ui_store.open_store(), email)
    except (store.StoreUnavailable, PackError):
        st.session_state[_ERRORS] = {"form": "That account could not be disabled. Try again."}
        return
    st.session_state[_DONE] = f"Disabled {account.email}."


def render_accounts_panel() -> None:
    """Show the accounts (never a password) and let an admin add one or disable one."""
    from insights.quotes import people, store
    from ui import store as ui_store

    st.subheader("People")
    st.caption(
        "Named accounts sign in once per browser at /signin. With at least one account this "
        "server is a team server and its people sign in."
    )
    try:
        accounts = people.list_accounts(ui_store.open_store())
    except store.StoreUnavailable:
        st.error("The store cannot be reached, so accounts cannot be listed right now.")
        return
    rows = [
        {
            "Name": a.name,
            "Email": a.email,
            "Role": a.role.value,
            "Status": "disabled" if a.disabled else "active",
            "Created (UTC)": a.created_at.strftime("%Y-%m-%d %H:%M"),
        }
        for a in accounts
    ]
    if rows:
        # A dataframe shows each cell as text: a name holding markup stays text.
        st.dataframe(rows, hide_index=True, width="stretch")
    errors: dict[str, str] = st.session_state.get(_ERRORS, {})
    with st.form("accounts.new", enter_to_submit=False):
        st.markdown("**Add an account**")
        for field, widget in (
            ("name", lambda: st.text_input("Name", key=FIELDS["name"])),
            ("email", lambda: st.text_input("Email", key=FIELDS["email"])),
            (
                "role",
                lambda: st.selectbox("Role", [r.value for r in people.Role], key=FIELDS["role"]),
            ),
            (
                "password",
                lambda: st.text_input("Password", type="password", key=FIELDS["password"]),
            ),
        ):
            widget()
            if field in errors:
                st.error(f"{people.LABELS[field]}: {esc(errors[field])}")
        st.form_submit_button("Add account", key=ADD, on_click=_add_account)
    if "form" in errors:
        st.error(esc(errors["form"]))
    done = st.session_state.get(_DONE)
    if done:
        st.success(esc(done))
    active = [a.email for a in accounts if not a.disabled]
    if active:
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        left.selectbox("Disable an account", active, index=None, key=DISABLE_WHO)
        right.button("Disable", key=DISABLE, on_click=_disable_account)
