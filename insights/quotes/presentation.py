"""Where a running presentation is: one row per code, in the app's database.

Only the presenter holds the key that moves it (its SHA-256 is in the row, the key itself in
the presenter's session and link); the audience link carries the code alone. A presentation
idle for IDLE_EXPIRY is gone, and a client looking up unknown codes is refused for a while
after GUESS_LIMIT misses.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from enum import Enum

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from insights.quotes import store
from insights.quotes.schema import LIVE_PRESENTATIONS as PRESENTATIONS
from insights.quotes.schema import PRESENTATION_GUESSES as GUESSES
from insights.quotes.store import StoreUnavailable

# Unambiguous when read aloud or off a projector: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# 31**10 (about 8e14) codes: at GUESS_LIMIT misses per GUESS_WINDOW_S per address, guessing a
# live one is hopeless.
CODE_LENGTH = 10
# Codes of the first version (six characters) are no longer served: a link holding one is told
# so, never joined.
LEGACY_CODE_LENGTH = 6
CODE_PARAM = "code"
# The presenter's secret, in the presenter's link and session only (never the audience's).
KEY_PARAM = "key"
KEY_BYTES = 24
# A presentation nobody moved (or whose presenter view was closed) for this long is removed.
IDLE_EXPIRY = dt.timedelta(hours=4)
# The presenter view keeps its presentation alive this often while it is open.
TOUCH_EVERY = dt.timedelta(minutes=1)
# Unknown codes one client address may try per window (every app server on the database).
GUESS_LIMIT = 10
GUESS_WINDOW_S = 600.0


@dataclass(frozen=True)
class Presentation:
    """A presentation's code, the screen it is on, when it started and last moved (UTC)."""

    code: str
    position: int
    started_at: dt.datetime
    updated_at: dt.datetime


class CodeState(Enum):
    """What a code from a link turned out to be."""

    MALFORMED = "malformed"
    LEGACY = "legacy"
    UNKNOWN = "unknown"
    LIMITED = "limited"
    FOUND = "found"


@dataclass(frozen=True)
class Lookup:
    """A code looked up for a client: what it is, the presentation, how long to wait if refused."""

    state: CodeState
    found: Presentation | None = None
    wait_seconds: float = 0.0


def _naive(moment: dt.datetime) -> dt.datetime:
    # Stored as naive UTC: SQLite has no time zones, and both backends then compare alike.
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _normalise(text: str | None) -> str:
    return "".join((text or "").split()).upper()


def parse_code(text: str | None) -> str | None:
    """Return a presentation code typed or linked (any case, spaces ignored), or None."""
    code = _normalise(text)
    if len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code):
        return code
    return None


def classify_code(text: str | None) -> CodeState | None:
    """Return MALFORMED or LEGACY for a code no presentation can hold; None if well-formed."""
    code = _normalise(text)
    if parse_code(code) is not None:
        return None
    if len(code) == LEGACY_CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code):
        return CodeState.LEGACY
    return CodeState.MALFORMED


def make_code() -> str:
    """Return a fresh random code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def hash_key(key: str) -> str:
    """Return the hex SHA-256 a presenter key is stored as."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _row(row: sa.RowMapping) -> Presentation:
    return Presentation(row["code"], int(row["position"]), row["started_at"], row["updated_at"])


def _expire(conn: sa.Connection, now: dt.datetime) -> None:
    conn.execute(
        sa.delete(PRESENTATIONS).where(PRESENTATIONS.c.updated_at < _naive(now) - IDLE_EXPIRY)
    )


def _insert(engine: Engine, row: dict[str, object], now: dt.datetime) -> None:
    """Store one new presentation row, removing idle ones, in its own transaction."""
    with engine.begin() as conn:
        # Idle presentations go as new ones start: the table holds the live ones only.
        _expire(conn, now)
        conn.execute(sa.insert(PRESENTATIONS).values(**row))


def start_presentation(engine: Engine, now: dt.datetime) -> tuple[Presentation, str]:
    """Store a new presentation on its first screen; return it and the presenter's key."""
    key = secrets.token_urlsafe(KEY_BYTES)
    for _ in range(5):
        code = make_code()
        row: dict[str, object] = {
            "code": code,
            "key_hash": hash_key(key),
            "position": 0,
            "started_at": _naive(now),
            "updated_at": _naive(now),
        }
        try:
            store.guarded(functools.partial(_insert, engine, row, now))
            return Presentation(code, 0, _naive(now), _naive(now)), key
        except sa.exc.IntegrityError:
            continue
    raise StoreUnavailable("no free presentation code after five tries")


def _live(code: str, now: dt.datetime) -> sa.ColumnElement[bool]:
    return sa.and_(
        PRESENTATIONS.c.code == code, PRESENTATIONS.c.updated_at >= _naive(now) - IDLE_EXPIRY
    )


def read_presentation(engine: Engine, code: str, now: dt.datetime) -> Presentation | None:
    """Return the live presentation with this code, or None (none, or idle past IDLE_EXPIRY)."""
    query = sa.select(PRESENTATIONS).where(_live(code, now))

    def read() -> sa.RowMapping | None:
        with engine.connect() as conn:
            return conn.execute(query).mappings().first()

    row = store.guarded(read)
    return None if row is None else _row(row)


def holds_key(engine: Engine, code: str, key: str, now: dt.datetime) -> bool:
    """Tell whether key is this live presentation's presenter key (compared in constant time)."""
    query = sa.select(PRESENTATIONS.c.key_hash).where(_live(code, now))

    def read() -> str | None:
        with engine.connect() as conn:
            return conn.execute(query).scalar_one_or_none()

    stored = store.guarded(read)
    return stored is not None and hmac.compare_digest(stored, hash_key(key))


def _update(engine: Engine, code: str, key: str, now: dt.datetime, **values: object) -> bool:
    """Update the live presentation if key is its presenter's; tell whether a row changed."""
    update = (
        sa.update(PRESENTATIONS)
        .where(_live(code, now), PRESENTATIONS.c.key_hash == hash_key(key))
        .values(updated_at=_naive(now), **values)
    )

    def run() -> bool:
        with engine.begin() as conn:
            return conn.execute(update).rowcount == 1

    return store.guarded(run)


def move_presentation(engine: Engine, code: str, key: str, position: int, now: dt.datetime) -> bool:
    """Put the presentation on this screen if key is its presenter's; tell whether it moved."""
    return _update(engine, code, key, now, position=max(0, position))


def touch_presentation(engine: Engine, code: str, key: str, now: dt.datetime) -> bool:
    """Keep a presentation whose presenter view is open from expiring; tell whether it lives."""
    return _update(engine, code, key, now)


def look_up_code(engine: Engine, client: str, text: str | None, now: dt.datetime) -> Lookup:
    """Look up a code from a link for one client address, counting misses against a limit.

    A client with GUESS_LIMIT misses in the current window is refused without a lookup until
    the window ends; one transaction holds the client's row, so parallel guesses count one by one.
    """
    bad = classify_code(text)
    code = parse_code(text)
    wall = now.timestamp()

    def judge() -> Lookup:
        with engine.begin() as conn:
            conn.execute(sa.delete(GUESSES).where(GUESSES.c.window_start < wall - GUESS_WINDOW_S))
            row = store.hold_client_row(conn, GUESSES, client, misses=0, window_start=wall)
            if row.misses >= GUESS_LIMIT:
                wait = row.window_start + GUESS_WINDOW_S - wall
                return Lookup(CodeState.LIMITED, wait_seconds=max(1.0, wait))
            if code is not None:
                mapped = (
                    conn.execute(sa.select(PRESENTATIONS).where(_live(code, now)))
                    .mappings()
                    .first()
                )
                if mapped is not None:
                    return Lookup(CodeState.FOUND, _row(mapped))
            conn.execute(
                sa.update(GUESSES).where(GUESSES.c.client == client).values(misses=row.misses + 1)
            )
        return Lookup(bad or CodeState.UNKNOWN)

    return store.retry_on_race(judge)


def describe_elapsed(started_at: dt.datetime, now: dt.datetime) -> str:
    """Return the time since a presentation started as ``m:ss`` (``h:mm:ss`` past an hour)."""
    seconds = max(0, int((_naive(now) - started_at).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
