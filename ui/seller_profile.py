"""The seller's profile as the app reads it: once per file version, its problem said at start."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from insights import settings
from insights.errors import PackError
from insights.pitch.seller import Profile, find_profile, speak_as
from ui import accounts


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


def get_profile() -> Profile | None:
    """Return the seller's profile, spoken by the signed-in person on a team server."""
    profile = read_profile()[0]
    person = accounts.current_person()
    if profile is None or not person.signed_in:
        return profile
    return speak_as(profile, person.name, person.email)
