"""The seller's profile as the app reads it: once per file version, its problem said at start."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from insights import settings
from insights.errors import PackError
from insights.pitch import seller
from insights.pitch.seller import Profile, find_profile
from ui import accounts

if TYPE_CHECKING:
    # Only named here: the store's modules load when a page first needs them.
    from sqlalchemy.engine import Engine


@st.cache_resource(show_spinner=False, max_entries=4)
def _read(path: Path | None, stamp: float) -> tuple[Profile | None, PackError | None]:
    # Keyed by the file's modification time too, so an edited profile is read again.
    return find_profile(path)


def _stamp(path: Path | None) -> float:
    try:
        return path.stat().st_mtime if path is not None else 0.0
    except OSError:
        return -1.0


def read_profile() -> tuple[Profile | None, PackError | None]:
    """Return the profile INSIGHTS_SELLER_FILE names (None when unset) or its problem."""
    path = settings.current_settings().seller_file
    return _read(path, _stamp(path))


def read_rep_name() -> str | None:
    """Return the name of the rep the seller file names, None without a file or a rep in it."""
    profile = read_profile()[0]
    rep = profile.seller.rep if profile is not None else None
    return rep.name if rep is not None else None


def _read_company() -> tuple[Profile | None, Engine | None]:
    """Return the file's profile with the company's stored details, and the store (None: unread)."""
    # The store's modules load when a page first needs them, as the accounts' do.
    from insights.quotes import profiles, store
    from ui import store as ui_store

    profile = read_profile()[0]
    try:
        engine = ui_store.open_store()
        # A frozen database must not hold every page's run (ui/store.call_with_timeout).
        stored = ui_store.call_with_timeout(
            lambda: profiles.read_setting(engine, profiles.COMPANY_SETTING),
            ui_store.POLL_TIMEOUT_S,
            engine,
        )
    except store.StoreUnavailable:
        return profile, None
    return seller.with_company(profile, seller.read_stored(seller.Seller, stored)), engine


def get_company_profile() -> Profile | None:
    """Return the company's profile without a person's details (a download link has no session)."""
    return _read_company()[0]


def get_profile() -> Profile | None:
    """Return the seller's profile: the file's, the company details an admin stored, and on a
    team server the signed-in person as its rep with their own details."""
    from insights.quotes import profiles, store
    from ui import store as ui_store

    profile, engine = _read_company()
    if engine is None:
        return profile
    person = accounts.current_person()
    if profile is None or person.account_id is None:
        return profile
    name = profiles.person_setting(person.account_id)
    try:
        own = ui_store.call_with_timeout(
            lambda: profiles.read_setting(engine, name),
            ui_store.POLL_TIMEOUT_S,
            engine,
        )
    except store.StoreUnavailable:
        return profile
    details = seller.read_stored(seller.PersonDetails, own)
    return seller.speak_as(profile, person.name, person.email, details)
