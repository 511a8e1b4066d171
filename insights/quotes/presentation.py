"""Where a running presentation is: one row per short code, in the app's database."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from insights.quotes import store
from insights.quotes.schema import PRESENTATIONS
from insights.quotes.store import StoreUnavailable

# Unambiguous when read aloud or off a projector: no 0/O, 1/I/L.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
CODE_PARAM = "code"


@dataclass(frozen=True)
class Presentation:
    """A presentation's code, the screen it is on and when it started (UTC)."""

    code: str
    position: int
    started_at: dt.datetime


def _naive(moment: dt.datetime) -> dt.datetime:
    # Stored as naive UTC: SQLite has no time zones, and both backends then compare alike.
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def create_schema(engine: Engine) -> None:
    """Bring the app database's schema (the presentations table with it) to the newest revision."""
    store.create_schema(engine)


def parse_code(text: str | None) -> str | None:
    """Return a presentation code typed or linked (any case, spaces ignored), or None."""
    code = "".join((text or "").split()).upper()
    if len(code) == CODE_LENGTH and all(ch in CODE_ALPHABET for ch in code):
        return code
    return None


def make_code() -> str:
    """Return a fresh random code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _insert(engine: Engine, row: dict[str, object]) -> None:
    """Store one new presentation row in its own transaction."""
    with engine.begin() as conn:
        conn.execute(sa.insert(PRESENTATIONS).values(**row))


def start_presentation(engine: Engine, now: dt.datetime, code: str | None = None) -> Presentation:
    """Store a new presentation on its first screen and return it (a code of its own if none)."""
    for _ in range(5):
        chosen = code or make_code()
        row = {"code": chosen, "position": 0, "started_at": _naive(now), "updated_at": _naive(now)}
        try:
            store.guarded(functools.partial(_insert, engine, row))
            return Presentation(chosen, 0, _naive(now))
        except sa.exc.IntegrityError:
            if code is not None:
                found = read_presentation(engine, code)
                if found is not None:
                    return found
    raise StoreUnavailable("no free presentation code after five tries")


def read_presentation(engine: Engine, code: str) -> Presentation | None:
    """Return the presentation with this code, or None when there is none."""
    query = sa.select(PRESENTATIONS).where(PRESENTATIONS.c.code == code)

    def read() -> sa.RowMapping | None:
        with engine.connect() as conn:
            return conn.execute(query).mappings().first()

    row = store.guarded(read)
    if row is None:
        return None
    return Presentation(row["code"], int(row["position"]), row["started_at"])


def move_presentation(engine: Engine, code: str, position: int, now: dt.datetime) -> None:
    """Put the presentation on this screen (every screen following it moves there too)."""
    update = (
        sa.update(PRESENTATIONS)
        .where(PRESENTATIONS.c.code == code)
        .values(position=max(0, position), updated_at=_naive(now))
    )

    def move() -> None:
        with engine.begin() as conn:
            conn.execute(update)

    store.guarded(move)


def describe_elapsed(started_at: dt.datetime, now: dt.datetime) -> str:
    """Return the time since a presentation started as ``m:ss`` (``h:mm:ss`` past an hour)."""
    seconds = max(0, int((_naive(now) - started_at).total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
