"""Where quote requests are kept: SQLite in a file by default, PostgreSQL for a team."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from insights.quotes import QuoteRequest, StoredRequest

DATABASE_URL_ENV = "DATABASE_URL"
STATE_DIR_ENV = "INSIGHTS_STATE_DIR"
SQLITE_FILE = "quotes.sqlite3"
# Long enough to queue behind another writer's commit, short enough to answer a prospect.
BUSY_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_S = 5
# Any constant will do: it only has to be the same in every app process sharing one database.
_SCHEMA_LOCK_ID = 0x51_0073
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,64}")
# A page of requests is bounded: the admin view narrows with filters rather than load them all.
LIST_LIMIT = 1000

METADATA = sa.MetaData()
REQUESTS = sa.Table(
    "quote_requests",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    # One row per form submission however often it is sent: a double click or a rerun
    # carries the same key and finds the row already there.
    sa.Column("idempotency_key", sa.String(64), nullable=False),
    sa.Column("received_at", sa.DateTime(), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("company", sa.String(150), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("phone", sa.String(40), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("consent", sa.Boolean, nullable=False),
    sa.UniqueConstraint("idempotency_key", name="uq_quote_requests_idempotency_key"),
    sa.Index("ix_quote_requests_received_at", "received_at"),
)
INTERESTS = sa.Table(
    "quote_interests",
    METADATA,
    sa.Column(
        "request_id",
        sa.Integer,
        sa.ForeignKey("quote_requests.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("facet", sa.String(8), primary_key=True),
    sa.Column("value", sa.String(64), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.CheckConstraint("facet IN ('place', 'theme')", name="ck_quote_interests_facet"),
    sa.Index("ix_quote_interests_value", "facet", "value"),
)
# Driver errors that mean "the database is not there or not usable right now"; an integrity or
# data error would be a bug in this module and is left to surface as one.
_UNAVAILABLE = (
    sa.exc.OperationalError,
    sa.exc.InterfaceError,
    sa.exc.InternalError,
    sa.exc.ProgrammingError,
    sa.exc.TimeoutError,
)


class StoreUnavailable(RuntimeError):
    """The request store cannot be reached or used; nothing was saved."""


def default_database_url(state_dir: Path) -> str:
    """Return the URL of the SQLite file kept under the app's state folder."""
    return f"sqlite:///{(state_dir / SQLITE_FILE).resolve()}"


def resolve_database_url(
    environ: Mapping[str, str], secret: str | None, default_state_dir: Path
) -> str:
    """Return DATABASE_URL, else the secret, else SQLite under INSIGHTS_STATE_DIR (or default)."""
    named = environ.get(DATABASE_URL_ENV, "").strip() or (secret or "").strip()
    if named:
        return named
    state = environ.get(STATE_DIR_ENV, "").strip()
    return default_database_url(Path(state) if state else default_state_dir)


def _on_sqlite_connect(dbapi_conn: Any, _record: Any) -> None:
    # Let SQLAlchemy emit BEGIN itself (below) rather than the sqlite3 module's legacy handling.
    dbapi_conn.isolation_level = None
    cursor = dbapi_conn.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    # FULL: a commit is on disk before the prospect is told "saved", even across a power cut.
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _begin_immediate(conn: sa.Connection) -> None:
    # Take the write lock at BEGIN, where busy_timeout waits for it, instead of upgrading a
    # read lock mid-transaction, which SQLite refuses at once with "database is locked".
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """Return an engine for a SQLite file or a PostgreSQL server (psycopg 3); no connection yet."""
    try:
        parsed = sa.make_url(url)
    except sa.exc.ArgumentError:
        # The URL may carry a password: say what is wrong without repeating it.
        raise StoreUnavailable("the database URL is not a valid SQLAlchemy URL") from None
    backend = parsed.drivername.split("+")[0]
    if backend == "sqlite":
        if parsed.database in (None, "", ":memory:"):
            raise StoreUnavailable("a SQLite database must be a file")
        engine = sa.create_engine(parsed, pool_size=5, max_overflow=15, pool_timeout=30)
        sa.event.listen(engine, "connect", _on_sqlite_connect)
        sa.event.listen(engine, "begin", _begin_immediate)
        return engine
    if backend in {"postgres", "postgresql"}:
        # psycopg 3 is the driver we ship, whatever the URL names (postgres:// is common).
        return sa.create_engine(
            parsed.set(drivername="postgresql+psycopg"),
            pool_size=5,
            max_overflow=10,
            pool_pre_ping=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
        )
    raise StoreUnavailable(f"unsupported database {backend!r}: use sqlite or postgresql")


def _reason(exc: BaseException) -> str:
    # The driver's first line says what failed; SQLAlchemy's own text would add the statement
    # and its parameters, which hold what a prospect typed.
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return f"{type(orig).__name__}: {lines[0] if lines else 'no detail'}"


def create_schema(engine: Engine) -> None:
    """Create the tables if they are missing; safe when several app processes start at once."""
    try:
        if engine.dialect.name == "sqlite":
            Path(engine.url.database or "").parent.mkdir(parents=True, exist_ok=True)
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # DDL is transactional in PostgreSQL; the lock makes a second process wait and
                # then find the tables, instead of racing to create them.
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_SCHEMA_LOCK_ID)))
            METADATA.create_all(conn)
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the data folder: {exc.strerror}") from None
    except _UNAVAILABLE as exc:
        raise StoreUnavailable(_reason(exc)) from exc


def format_reference(row_id: int) -> str:
    """Return the reference a prospect is given for a stored request."""
    return f"Q-{row_id:06d}"


def _insert_once(dialect: str) -> Any:
    module = postgresql if dialect == "postgresql" else sqlite
    return module.insert(REQUESTS)


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    # Stored as naive UTC so SQLite and PostgreSQL hold and compare the same value.
    if moment.tzinfo is None:
        raise ValueError("pass an aware datetime")
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def save_request(
    engine: Engine, request: QuoteRequest, idempotency_key: str, received_at: dt.datetime
) -> str:
    """Store a request in one transaction and return its reference; a repeated key stores nothing.

    Returns only after the commit, so a reference handed out is a row on disk.
    """
    if not KEY_PATTERN.fullmatch(idempotency_key):
        raise ValueError("idempotency key must be 8-64 letters, digits, '-' or '_'")
    values = request.model_dump(exclude={"places", "themes"})
    statement = (
        _insert_once(engine.dialect.name)
        .values(idempotency_key=idempotency_key, received_at=_utc_naive(received_at), **values)
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(REQUESTS.c.id)
    )
    interests = [
        {"facet": facet, "value": value, "position": i}
        for facet, chosen in (("place", request.places), ("theme", request.themes))
        for i, value in enumerate(chosen)
    ]
    try:
        with engine.begin() as conn:
            new_id = conn.execute(statement).scalar_one_or_none()
            if new_id is None:
                existing = conn.execute(
                    sa.select(REQUESTS.c.id).where(REQUESTS.c.idempotency_key == idempotency_key)
                ).scalar_one()
                return format_reference(existing)
            if interests:
                conn.execute(
                    sa.insert(INTERESTS), [{"request_id": new_id, **row} for row in interests]
                )
    except _UNAVAILABLE as exc:
        raise StoreUnavailable(_reason(exc)) from exc
    return format_reference(new_id)


def list_requests(
    engine: Engine,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    place: str | None = None,
    search: str = "",
    limit: int = LIST_LIMIT,
) -> list[StoredRequest]:
    """Return stored requests newest first, narrowed by time window, place and search text."""
    query = sa.select(REQUESTS).order_by(REQUESTS.c.received_at.desc(), REQUESTS.c.id.desc())
    if since is not None:
        query = query.where(REQUESTS.c.received_at >= _utc_naive(since))
    if until is not None:
        query = query.where(REQUESTS.c.received_at < _utc_naive(until))
    if place:
        query = query.where(
            sa.exists().where(
                INTERESTS.c.request_id == REQUESTS.c.id,
                INTERESTS.c.facet == "place",
                INTERESTS.c.value == place,
            )
        )
    if search.strip():
        # autoescape: a % or _ typed in the search box matches itself, not any text.
        needle = search.strip()
        query = query.where(
            sa.or_(
                *(
                    column.icontains(needle, autoescape=True)
                    for column in (
                        REQUESTS.c.name,
                        REQUESTS.c.company,
                        REQUESTS.c.email,
                        REQUESTS.c.message,
                    )
                )
            )
        )
    try:
        with engine.begin() as conn:
            rows = conn.execute(query.limit(limit)).mappings().all()
            ids = [row["id"] for row in rows]
            chosen: dict[tuple[int, str], list[str]] = defaultdict(list)
            if ids:
                found = conn.execute(
                    sa.select(INTERESTS)
                    .where(INTERESTS.c.request_id.in_(ids))
                    .order_by(INTERESTS.c.request_id, INTERESTS.c.facet, INTERESTS.c.position)
                )
                for item in found.mappings():
                    chosen[(item["request_id"], item["facet"])].append(item["value"])
    except _UNAVAILABLE as exc:
        raise StoreUnavailable(_reason(exc)) from exc
    return [
        StoredRequest(
            reference=format_reference(row["id"]),
            received_at=row["received_at"].replace(tzinfo=dt.UTC),
            kind=row["kind"],
            name=row["name"],
            company=row["company"],
            email=row["email"],
            phone=row["phone"],
            places=tuple(chosen[(row["id"], "place")]),
            themes=tuple(chosen[(row["id"], "theme")]),
            message=row["message"],
        )
        for row in rows
    ]


def count_requests(engine: Engine) -> int:
    """Return how many requests are stored."""
    try:
        with engine.begin() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(REQUESTS)).scalar_one()
    except _UNAVAILABLE as exc:
        raise StoreUnavailable(_reason(exc)) from exc
