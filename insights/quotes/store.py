"""Where quote requests are kept: SQLite in a file by default, PostgreSQL for a team."""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import threading
import weakref
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine

from insights.quotes import access
from insights.quotes.requests import QuoteRequest, StoredRequest

T = TypeVar("T")

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
# Wrong admin passwords per client address, shared by every session and every app server that
# uses this database; times are wall-clock seconds since the epoch, comparable across hosts.
ADMIN_ATTEMPTS = sa.Table(
    "admin_attempts",
    METADATA,
    sa.Column("client", sa.String(64), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("locked_until", sa.Float, nullable=False),
    sa.Column("last_failed_at", sa.Float, nullable=False),
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


# One SQLite writer at a time per engine. SQLite admits one writer anyway; threads of one
# process queue here, each woken the moment the lock is free, instead of in SQLite's busy
# handler, which polls with growing sleeps, leaves the file idle between writers and, in a burst
# on a slow disk, can starve one waiter past its timeout. Other processes still meet
# busy_timeout.
_WRITERS: weakref.WeakKeyDictionary[Engine, threading.Lock] = weakref.WeakKeyDictionary()


class StoreUnavailable(RuntimeError):
    """The request store cannot be reached or used; nothing was saved."""


class StoreReplaced(StoreUnavailable):
    """The SQLite file this connection writes to is no longer the file at the database path."""


def default_database_url(state_dir: Path) -> str:
    """Return the URL of the SQLite file kept under the app's state folder."""
    return f"sqlite:///{(state_dir / SQLITE_FILE).resolve()}"


def _file_identity(path: str) -> tuple[int, int] | None:
    """Return (device, inode) of the file at path, or None when nothing is there."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        return None
    return (found.st_dev, found.st_ino)


def _on_sqlite_connect(path: str) -> Callable[[Any, Any], None]:
    def configure(dbapi_conn: Any, record: Any) -> None:
        # Let SQLAlchemy emit BEGIN itself (below) rather than the sqlite3 module's legacy
        # handling.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # FULL: a commit is on disk before the prospect is told "saved", even across a power cut.
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()
        # The file is open by now (the journal mode is written in it): remember which file, so
        # a file deleted or replaced under the running app is noticed instead of written to.
        record.info["file_identity"] = _file_identity(path)

    return configure


def _on_sqlite_checkout(path: str) -> Callable[[Any, Any, Any], None]:
    def check(_dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if record.info.get("file_identity") != _file_identity(path):
            # The pool drops this connection and opens the file now at the path instead.
            raise sa.exc.DisconnectionError("the SQLite file was deleted or replaced")

    return check


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
        _WRITERS[engine] = threading.Lock()
        sa.event.listen(engine, "connect", _on_sqlite_connect(parsed.database))
        sa.event.listen(engine.pool, "checkout", _on_sqlite_checkout(parsed.database))
        sa.event.listen(engine, "begin", _begin_immediate)
        return engine
    if backend in {"postgres", "postgresql"}:
        # psycopg 3 is the driver we ship, whatever the URL names (postgres:// is common). No
        # pre-ping: it would cost a round trip per request; a connection found dead is retried
        # once instead (_retrying), which every operation here allows.
        return sa.create_engine(
            parsed.set(drivername="postgresql+psycopg"),
            pool_size=5,
            max_overflow=10,
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
    create_tables(engine, METADATA, _SCHEMA_LOCK_ID)


def create_tables(engine: Engine, metadata: sa.MetaData, lock_id: int) -> None:
    """Create these tables if missing, under a lock so app processes starting at once agree."""
    try:
        if engine.dialect.name == "sqlite":
            Path(engine.url.database or "").parent.mkdir(parents=True, exist_ok=True)
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                # DDL is transactional in PostgreSQL; the lock makes a second process wait and
                # then find the tables, instead of racing to create them.
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(lock_id)))
            metadata.create_all(conn)
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the data folder: {exc.strerror}") from None
    except _UNAVAILABLE as exc:
        raise StoreUnavailable(_reason(exc)) from exc


def format_reference(row_id: int) -> str:
    """Return the reference a prospect is given for a stored request."""
    return f"Q-{row_id:06d}"


_REQUEST_COLUMNS = (
    "idempotency_key",
    "received_at",
    "kind",
    "name",
    "company",
    "email",
    "phone",
    "message",
    "consent",
)
_FIND_KEY = sa.select(REQUESTS.c.id).where(REQUESTS.c.idempotency_key == sa.bindparam("key"))
# SQLite: the driver's own statements, built once and bound by name; sqlite3 keeps each one
# prepared in its per-connection statement cache, so a request costs two statement runs and a
# commit, without SQLAlchemy's per-execution work (most of the CPU a request cost before).
_SQLITE_INSERT_REQUEST = (
    f"INSERT INTO quote_requests ({', '.join(_REQUEST_COLUMNS)}) "
    f"VALUES ({', '.join(f':{c}' for c in _REQUEST_COLUMNS)}) "
    "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id"
)
_SQLITE_INSERT_INTEREST = (
    "INSERT INTO quote_interests (request_id, facet, value, position) "
    "VALUES (:request_id, :facet, :value, :position)"
)
_SQLITE_FIND_KEY = "SELECT id FROM quote_requests WHERE idempotency_key = :key"


def _sqlite_datetime(moment: dt.datetime) -> str:
    """Return a naive UTC time as the text SQLAlchemy itself stores for a DateTime on SQLite."""
    return moment.isoformat(sep=" ", timespec="microseconds")


# PostgreSQL: the request and its interests in one statement, so one round trip stores both and,
# run outside an explicit transaction, the statement is its own atomic commit.
_SAVE_POSTGRES = sa.text(
    f"""
    WITH new AS (
        INSERT INTO quote_requests ({", ".join(_REQUEST_COLUMNS)})
        VALUES ({", ".join(f":{c}" for c in _REQUEST_COLUMNS)})
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id
    ), interests AS (
        INSERT INTO quote_interests (request_id, facet, value, position)
        SELECT new.id, item.facet, item.value, item.position
        FROM new, unnest(:facets, :values, :positions) AS item(facet, value, position)
    )
    SELECT id FROM new
    """
).bindparams(
    sa.bindparam("received_at", type_=sa.DateTime()),
    sa.bindparam("facets", type_=postgresql.ARRAY(sa.String(8))),
    sa.bindparam("values", type_=postgresql.ARRAY(sa.String(64))),
    sa.bindparam("positions", type_=postgresql.ARRAY(sa.Integer)),
)


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    # Stored as naive UTC so SQLite and PostgreSQL hold and compare the same value.
    if moment.tzinfo is None:
        raise ValueError("pass an aware datetime")
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _retrying(action: Callable[[], T]) -> T:
    """Run a store operation, once more if its pooled connection turned out to be dead.

    Every operation here may run twice: a save is keyed, a read reads, an attempt is judged
    again from the stored row. Any other failure means the store is unavailable.
    """
    for last in (False, True):
        try:
            return action()
        except sa.exc.DBAPIError as exc:
            if exc.connection_invalidated and not last:
                continue
            if isinstance(exc, _UNAVAILABLE):
                raise StoreUnavailable(_reason(exc)) from exc
            raise
        except sa.exc.TimeoutError as exc:
            raise StoreUnavailable(_reason(exc)) from exc
    raise AssertionError("unreachable")  # pragma: no cover


def _save_sqlite(
    engine: Engine, row: dict[str, Any], interests: list[dict[str, Any]], key: str
) -> int:
    path = engine.url.database or ""
    params = {**row, "received_at": _sqlite_datetime(row["received_at"])}
    writer = _WRITERS.get(engine) or threading.Lock()
    if not writer.acquire(timeout=BUSY_TIMEOUT_MS / 1000):
        raise StoreUnavailable("the store is busy: too many requests are waiting to be saved")
    try:
        return _write_sqlite(engine, path, params, interests, key)
    finally:
        writer.release()


def _write_sqlite(
    engine: Engine, path: str, params: dict[str, Any], interests: list[dict[str, Any]], key: str
) -> int:
    try:
        pooled = engine.raw_connection()  # the checkout check runs here
    except (sqlite3.Error, *_UNAVAILABLE) as exc:
        raise StoreUnavailable(_reason(exc)) from exc
    try:
        cursor = pooled.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        created = cursor.execute(_SQLITE_INSERT_REQUEST, params).fetchone()
        if created is None:
            return cursor.execute(_SQLITE_FIND_KEY, {"key": key}).fetchone()[0]
        new_id: int = created[0]
        if interests:
            cursor.executemany(
                _SQLITE_INSERT_INTEREST, [{"request_id": new_id, **i} for i in interests]
            )
        if pooled.info.get("file_identity") != _file_identity(path):
            # A commit now would land in an unlinked or superseded file and the row would be
            # lost. Returning the connection rolls back; the next checkout replaces it.
            raise StoreReplaced("the SQLite file was deleted or replaced while the app ran")
        cursor.execute("COMMIT")
        return new_id
    except (sqlite3.IntegrityError, sqlite3.DataError):
        raise  # a bug in this module, not an unavailable store
    except sqlite3.Error as exc:
        raise StoreUnavailable(_reason(exc)) from exc
    finally:
        # Back to the pool, which rolls back whatever was not committed.
        pooled.close()


def _save_postgres(
    engine: Engine, row: dict[str, Any], interests: list[dict[str, Any]], key: str
) -> int:
    params = {
        **row,
        "facets": [i["facet"] for i in interests],
        "values": [i["value"] for i in interests],
        "positions": [i["position"] for i in interests],
    }
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        new_id = conn.execute(_SAVE_POSTGRES, params).scalar_one_or_none()
        if new_id is None:
            # The key was there already (a double click, a retry): its row's reference.
            return conn.execute(_FIND_KEY, {"key": key}).scalar_one()
    return new_id


def save_request(
    engine: Engine, request: QuoteRequest, idempotency_key: str, received_at: dt.datetime
) -> str:
    """Store a request in one transaction and return its reference; a repeated key stores nothing.

    Returns only after the commit, so a reference handed out is a row on disk.
    """
    if not KEY_PATTERN.fullmatch(idempotency_key):
        raise ValueError("idempotency key must be 8-64 letters, digits, '-' or '_'")
    row = {
        **request.model_dump(exclude={"places", "themes"}),
        "idempotency_key": idempotency_key,
        "received_at": _utc_naive(received_at),
    }
    interests = [
        {"facet": facet, "value": value, "position": i}
        for facet, chosen in (("place", request.places), ("theme", request.themes))
        for i, value in enumerate(chosen)
    ]
    if engine.dialect.name == "postgresql":
        new_id = _retrying(lambda: _save_postgres(engine, row, interests, idempotency_key))
    else:
        new_id = _save_sqlite(engine, row, interests, idempotency_key)
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

    def read() -> tuple[list[sa.RowMapping], dict[tuple[int, str], list[str]]]:
        with engine.begin() as conn:
            rows = list(conn.execute(query.limit(limit)).mappings().all())
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
        return rows, chosen

    rows, chosen = _retrying(read)
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

    def count() -> int:
        with engine.begin() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(REQUESTS)).scalar_one()

    return _retrying(count)


def judge_admin_attempt(
    engine: Engine, client: str, now: float, check: Callable[[], bool]
) -> access.Verdict:
    """Check the password for one client address unless that address must wait; record it.

    One transaction per attempt, holding the address's row, so simultaneous guesses from many
    sessions or app servers are counted one after another and none slips past a lockout.
    """
    table = ADMIN_ATTEMPTS
    ensure_row = (
        _upsert_module(engine)
        .insert(table)
        .values(client=client, failures=0, locked_until=0.0, last_failed_at=now)
        .on_conflict_do_nothing(index_elements=["client"])
    )

    def judge() -> access.Verdict:
        with engine.begin() as conn:
            # Forgotten after a quiet spell, so the table holds only recently active addresses.
            conn.execute(
                sa.delete(table).where(table.c.last_failed_at < now - access.FORGET_AFTER_S)
            )
            conn.execute(ensure_row)
            row = conn.execute(
                sa.select(table).where(table.c.client == client).with_for_update()
            ).one()
            before = access.Attempts(row.failures, row.locked_until, row.last_failed_at)
            verdict = access.judge_attempt(before, now, check)
            after = verdict.attempts
            if after.failures == 0:
                conn.execute(sa.delete(table).where(table.c.client == client))
            elif after != before:
                conn.execute(
                    sa.update(table)
                    .where(table.c.client == client)
                    .values(
                        failures=after.failures,
                        locked_until=after.locked_until,
                        last_failed_at=after.last_failed_at,
                    )
                )
        return verdict

    return _retrying(judge)


def _upsert_module(engine: Engine) -> Any:
    return postgresql if engine.dialect.name == "postgresql" else sqlite
