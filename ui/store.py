"""The app's database as the app reaches it: configuration read here, one engine per process."""

from __future__ import annotations

import streamlit as st
from sqlalchemy.engine import Engine

from insights import settings
from insights.quotes import store


def read_secret(name: str) -> str | None:
    """Return a value from .streamlit/secrets.toml, or None when there is no such file or key."""
    try:
        value = st.secrets.get(name)
    except FileNotFoundError:
        return None
    return value if isinstance(value, str) else None


def database_url() -> str:
    """Return the configured database URL: DATABASE_URL, the secret, else the SQLite default."""
    found = settings.current_settings()
    named = found.database_url or (read_secret("database_url") or "").strip()
    return named or store.default_database_url(found.state_dir)


@st.cache_resource(show_spinner=False, max_entries=4)
def _open(url: str) -> Engine:
    # An exception is not cached: after a failure the next call tries the database again.
    engine = store.make_engine(url)
    try:
        # One database, one pool: requests, presentations, people. Brought to the newest
        # schema revision at start, under a lock when several app servers start together.
        store.create_schema(engine)
    except store.StoreUnavailable:
        engine.dispose()
        raise
    return engine


def open_store() -> Engine:
    """Return the engine with its schema in place, or raise StoreUnavailable."""
    return _open(database_url())
