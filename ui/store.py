"""The app's database as the app reaches it: configuration read here, one engine per process."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

import streamlit as st
from sqlalchemy.engine import Engine

from insights import settings
from insights.quotes import store

T = TypeVar("T")
# How long a page waits for the database before it says "Not saved" (or, polling, moves on).
CALL_TIMEOUT_S = 3.0
POLL_TIMEOUT_S = 0.8
# Calls that may hang on a frozen server at once; beyond, a call is refused at once.
MAX_HANGING_CALLS = 8
_CALLS = threading.BoundedSemaphore(MAX_HANGING_CALLS)
# After a call goes unanswered, the same database is taken as down for a moment: a run's other
# reads (the signed-in person, the seller's profile, the catalog's stamp) then answer at once
# instead of each waiting out its own timeout against the same frozen server, which together
# would keep "Not saved" from the prospect past the few seconds it should take.
DOWN_FOR_S = 2.0
_down_until: dict[str, float] = {}


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


def call_with_timeout(
    action: Callable[[], T], timeout_s: float = CALL_TIMEOUT_S, engine: Engine | None = None
) -> T:
    """Run a store call on a helper thread; raise StoreUnavailable if it takes over timeout_s.

    A database server that stops answering (frozen, not down) would otherwise hold the page's
    run for as long as the kernel keeps the connection. The helper thread is a daemon, left to
    finish (or hang) on its own; at most MAX_HANGING_CALLS run at once. Given a SQLite engine
    (a local file, which waits for its writer lock for store.BUSY_TIMEOUT_MS itself), the
    action runs here, directly. After a full call (CALL_TIMEOUT_S) given its engine goes
    unanswered, calls to the same database are refused at once for DOWN_FOR_S.
    """
    if engine is not None and engine.dialect.name == "sqlite":
        return action()
    key = None if engine is None else str(engine.url)
    if key is not None and time.monotonic() < _down_until.get(key, 0.0):
        raise store.StoreUnavailable("the database did not answer a moment ago")
    if not _CALLS.acquire(blocking=False):
        raise store.StoreUnavailable("too many database calls are waiting for an answer")
    outcome: list[T] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            outcome.append(action())
        except BaseException as exc:  # handed to the caller's thread
            failure.append(exc)
        finally:
            _CALLS.release()

    worker = threading.Thread(target=run, name="store-call", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if failure:
        raise failure[0]
    if not outcome:
        # Only a full call's silence says the server is frozen; a quick poll's may be load.
        if key is not None and timeout_s >= CALL_TIMEOUT_S:
            _down_until[key] = time.monotonic() + DOWN_FOR_S
        raise store.StoreUnavailable(f"the database did not answer within {timeout_s:g} s")
    return outcome[0]
