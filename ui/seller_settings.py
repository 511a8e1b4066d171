"""The admin's settings for the seller's voice: the company's details and each person's own."""

from __future__ import annotations

import streamlit as st

from insights.content.text import escape_markdown as esc
from insights.errors import PackError
from insights.pitch import seller
from insights.quotes import people, profiles, store
from ui import seller_profile
from ui import store as ui_store

COMPANY_KEYS = {f: f"seller.company.{f}" for f in ("company", "call_to_action", "booking_url")}
PERSON_KEYS = {f: f"seller.person.{f}" for f in ("who", "title", "phone", "booking_url")}
_NOTICE = "seller.settings.notice"


def _save_company() -> None:
    raw = {f: st.session_state.get(k, "") for f, k in COMPANY_KEYS.items()}
    try:
        company = seller.check_fields(seller.Seller, raw, "seller profile")
        engine = ui_store.open_store()
        profiles.write_setting(engine, profiles.COMPANY_SETTING, company.model_dump_json())
        st.session_state[_NOTICE] = ("success", "Saved: every output closes with these details.")
    except PackError as exc:
        st.session_state[_NOTICE] = ("error", str(exc))
    except store.StoreUnavailable:
        st.session_state[_NOTICE] = ("error", "Not saved: the store cannot be reached.")


def _save_person(accounts: dict[str, people.Account]) -> None:
    chosen = accounts.get(st.session_state.get(PERSON_KEYS["who"]) or "")
    raw = {f: st.session_state.get(PERSON_KEYS[f], "") for f in ("title", "phone", "booking_url")}
    try:
        if chosen is None:
            raise PackError("person's details", "person", "choose whose details these are")
        details = seller.check_fields(seller.PersonDetails, raw, "person's details")
        engine = ui_store.open_store()
        profiles.write_setting(
            engine, profiles.person_setting(chosen.id), details.model_dump_json()
        )
        st.session_state[_NOTICE] = ("success", f"Saved the details of {chosen.email}.")
    except PackError as exc:
        st.session_state[_NOTICE] = ("error", str(exc))
    except store.StoreUnavailable:
        st.session_state[_NOTICE] = ("error", "Not saved: the store cannot be reached.")


def render_panel() -> None:
    """Let an admin set the company's call to action and each person's contact details."""
    st.subheader("Seller profile")
    st.caption(
        "What every output closes with: the company and its call to action (the logo comes "
        "from the seller file), and each person's title, phone and booking link, shown when "
        "they are signed in."
    )
    current = seller_profile.read_profile()[0]
    shown = current.seller if current else None
    with st.form("seller.company", enter_to_submit=False):
        st.text_input("Company", value=shown.company if shown else "", key=COMPANY_KEYS["company"])
        st.text_input(
            "Call to action",
            value=(shown.call_to_action or "") if shown else "",
            key=COMPANY_KEYS["call_to_action"],
        )
        st.text_input(
            "Booking link (https)",
            value=str(shown.booking_url or "") if shown else "",
            key=COMPANY_KEYS["booking_url"],
        )
        st.form_submit_button("Save the company's details", on_click=_save_company)
    try:
        accounts = {a.email: a for a in people.list_accounts(ui_store.open_store())}
    except store.StoreUnavailable:
        accounts = {}
    if accounts:
        with st.form("seller.person", enter_to_submit=False):
            st.selectbox("Person", list(accounts), index=None, key=PERSON_KEYS["who"])
            st.text_input("Title", key=PERSON_KEYS["title"])
            st.text_input("Phone", key=PERSON_KEYS["phone"])
            st.text_input("Booking link (https)", key=PERSON_KEYS["booking_url"])
            st.form_submit_button(
                "Save the person's details", on_click=_save_person, args=(accounts,)
            )
    notice = st.session_state.pop(_NOTICE, None)
    if notice is not None:
        kind, text = notice
        (st.success if kind == "success" else st.error)(esc(text))
