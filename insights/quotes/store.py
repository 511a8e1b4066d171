"""Where quote requests are kept: SQLite in a file by default, PostgreSQL for a team.

One write path for both: SQLAlchemy Core statements in a transaction. What differs is only how
a connection is set up (SQLite's pragmas, its BEGIN IMMEDIATE and its file check).
"""

from __future__ import annotations

import collections
import datetime as dt
import os
import re
import time
from collections import defaultdict
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any, TypeVar

import alembic.util
import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.util import queue as sqla_queue

from insights.quotes import access, event, migrate
from insights.quotes.requests import Origin, QuoteRequest, StoredRequest, company_key
from insights.quotes.schema import (
    ADMIN_ATTEMPTS,
    INTERESTS,
    ORIGINS,
    OUTBOX,
    PEOPLE,
    REQUESTS,
    WORKFLOW,
)

T = TypeVar("T")

SQLITE_FILE = "quotes.sqlite3"
# Long enough to queue behind another writer's commit, short enough to answer a prospect.
BUSY_TIMEOUT_MS = 10_000
CONNECT_TIMEOUT_S = 5
# PostgreSQL: a statement running longer is cancelled by the server, and TCP keepalives notice
# a peer that vanished, so a connection never waits on a dead or stuck server for long. (A
# frozen server that the kernel still acknowledges is caught by the app's own call timeout,
# ui/store.py.)
STATEMENT_TIMEOUT_MS = 5_000
_POSTGRES_KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 5,
    "keepalives_interval": 2,
    "keepalives_count": 2,
    "tcp_user_timeout": 10_000,
}
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,64}")
# A page of requests is bounded: the admin view narrows with filters rather than load them all.
LIST_LIMIT = 1000
# A request made from no pitch.
NO_ORIGIN = Origin()

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
    """Return the hook that sets up each new SQLite connection and remembers its file."""

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
    """Return the hook that replaces a pooled connection whose file is gone from the path."""

    def check(_dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        if record.info.get("file_identity") != _file_identity(path):
            # The pool drops this connection and opens the file now at the path instead.
            raise sa.exc.DisconnectionError("the SQLite file was deleted or replaced")

    return check


def _on_sqlite_commit(path: str) -> Callable[[sa.Connection], None]:
    """Return the hook that refuses a commit into a file no longer at the database path."""

    def check(conn: sa.Connection) -> None:
        if conn.connection.info.get("file_identity") != _file_identity(path):
            # A commit now would land in an unlinked or superseded file and the row would be
            # lost. Returning the connection rolls back; the next checkout replaces it.
            raise StoreReplaced("the SQLite file was deleted or replaced while the app ran")

    return check


def _begin_immediate(conn: sa.Connection) -> None:
    """Take SQLite's write lock at BEGIN, where busy_timeout waits for it.

    Upgrading a read lock mid-transaction is refused at once with "database is locked".
    """
    conn.exec_driver_sql("BEGIN IMMEDIATE")


class _FirstComeQueue(sqla_queue.Queue[Any]):
    """SQLAlchemy's pool queue, handing a returned connection to the longest waiter.

    The plain queue lets the thread that just returned the connection take it straight back
    (it holds the interpreter when the others are only being woken), so under a burst one
    waiter can lose its turn until its timeout: a prospect told "Not saved" while the store
    was working. First come, first served bounds every wait by the queue ahead of it.
    """

    def __init__(self, maxsize: int = 0, use_lifo: bool = False) -> None:
        super().__init__(maxsize, use_lifo)
        self._turns: collections.deque[object] = collections.deque()

    def _put(self, item: Any) -> None:
        super()._put(item)
        # Under the queue's lock: wake every waiter, and the one whose turn it is takes it.
        self.not_empty.notify_all()

    def get(self, block: bool = True, timeout: float | None = None) -> Any:
        """Return a connection when it is free and this caller's turn has come."""
        with self.not_empty:
            if not block or timeout is None:
                # Unused by the pool as configured here (no overflow, always a timeout).
                return super().get(block, timeout)
            turn = object()
            self._turns.append(turn)
            try:
                deadline = time.monotonic() + timeout
                while self._empty() or self._turns[0] is not turn:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise sqla_queue.Empty
                    self.not_empty.wait(remaining)
                item = self._get()
            finally:
                self._turns.remove(turn)
                self.not_empty.notify_all()  # the next in line may be waiting for its turn
            self.not_full.notify()
            return item


class _FirstComePool(sa.pool.QueuePool):
    """A queue pool whose waiters are served in the order they came."""

    _queue_class = _FirstComeQueue


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
        # One connection per app process: SQLite admits one writer at a time anyway, and the
        # pool hands the connection to the longest waiter the moment it is free (a request
        # that cannot get it within the busy timeout is "Not saved", never half-stored).
        # Other processes on the same file meet busy_timeout instead.
        engine = sa.create_engine(
            parsed,
            poolclass=_FirstComePool,
            pool_size=1,
            max_overflow=0,
            pool_timeout=BUSY_TIMEOUT_MS / 1000,
        )
        sa.event.listen(engine, "connect", _on_sqlite_connect(parsed.database))
        sa.event.listen(engine.pool, "checkout", _on_sqlite_checkout(parsed.database))
        sa.event.listen(engine, "begin", _begin_immediate)
        sa.event.listen(engine, "commit", _on_sqlite_commit(parsed.database))
        return engine
    if backend in {"postgres", "postgresql"}:
        # psycopg 3 is the driver we ship, whatever the URL names (postgres:// is common). No
        # pre-ping: a connection found dead is retried once instead (guarded), which every
        # operation here allows. Options in the URL (a search_path, say) are kept; the
        # statement timeout is added to them.
        given = parsed.query.get("options", "")
        options = " ".join([given] if isinstance(given, str) else given)
        return sa.create_engine(
            parsed.set(drivername="postgresql+psycopg"),
            pool_size=5,
            max_overflow=10,
            connect_args={
                "connect_timeout": CONNECT_TIMEOUT_S,
                "options": f"{options} -c statement_timeout={STATEMENT_TIMEOUT_MS}".strip(),
                **_POSTGRES_KEEPALIVES,
            },
        )
    raise StoreUnavailable(f"unsupported database {backend!r}: use sqlite or postgresql")


def reason(exc: BaseException) -> str:
    """Return the driver's first line about a failure, never the statement or its values.

    SQLAlchemy's own text would add the statement and its parameters, which hold what a
    prospect typed.
    """
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return f"{type(orig).__name__}: {lines[0] if lines else 'no detail'}"


def guarded(action: Callable[[], T]) -> T:
    """Run one store operation, once more if its pooled connection turned out to be dead.

    Every operation on the database goes through here (requests, attempts, presentations,
    accounts), so each table fails alike: "unavailable" is StoreUnavailable with the driver's
    first line. Every operation may run twice: a save is keyed, a read reads, an attempt is
    judged again from the stored row.
    """
    for last in (False, True):
        try:
            return action()
        except sa.exc.DBAPIError as exc:
            if exc.connection_invalidated and not last:
                continue
            if isinstance(exc, _UNAVAILABLE):
                raise StoreUnavailable(reason(exc)) from exc
            raise
        except sa.exc.TimeoutError as exc:
            raise StoreUnavailable(reason(exc)) from exc
    raise AssertionError("unreachable")  # pragma: no cover


def create_schema(engine: Engine) -> None:
    """Bring the schema to the newest revision; safe when several app processes start at once."""
    try:
        if engine.dialect.name == "sqlite":
            Path(engine.url.database or "").parent.mkdir(parents=True, exist_ok=True)
        guarded(lambda: migrate.upgrade(engine))
    except OSError as exc:
        raise StoreUnavailable(f"cannot create the data folder: {exc.strerror}") from None
    except alembic.util.CommandError as exc:
        # e.g. a database upgraded by newer code than this: say so rather than touch it.
        raise StoreUnavailable(f"the schema cannot be upgraded: {exc}") from None


def schema_revision(engine: Engine) -> str | None:
    """Return the schema revision the database is at (None before any)."""
    return guarded(lambda: migrate.current(engine))


def format_reference(row_id: int) -> str:
    """Return the reference a prospect is given for a stored request."""
    return f"Q-{row_id:06d}"


_FIND_KEY = sa.select(REQUESTS.c.id).where(REQUESTS.c.idempotency_key == sa.bindparam("key"))


def _utc_naive(moment: dt.datetime) -> dt.datetime:
    """Return an aware time as naive UTC, so SQLite and PostgreSQL hold and compare alike."""
    if moment.tzinfo is None:
        raise ValueError("pass an aware datetime")
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _find_key(engine: Engine, key: str) -> int | None:
    """Return the id of the request stored under this key, or None."""
    with engine.begin() as conn:
        return conn.execute(_FIND_KEY, {"key": key}).scalar_one_or_none()


def _insert(
    engine: Engine,
    row: dict[str, Any],
    interests: list[dict[str, Any]],
    key: str,
    extras: Callable[[int], list[tuple[sa.Table, dict[str, Any]]]],
) -> int:
    """Store the request, its interests and extras in one transaction; a stored key returns as is.

    The extras are the rows that must exist exactly when the request does: its place in the
    team's workflow, the pitch it came from, and its outbox event for the CRM.
    """
    with engine.begin() as conn:
        found = conn.execute(_FIND_KEY, {"key": key}).scalar_one_or_none()
        if found is not None:
            return int(found)  # a double click, a rerun, a retry: the first row's reference
        inserted = conn.execute(sa.insert(REQUESTS), row).inserted_primary_key
        if inserted is None:  # pragma: no cover - both dialects return the new id
            raise StoreUnavailable("the database gave no id for the new request")
        new_id = int(inserted[0])
        if interests:
            conn.execute(sa.insert(INTERESTS), [{"request_id": new_id, **i} for i in interests])
        for table, values in extras(new_id):
            conn.execute(sa.insert(table), values)
    # Reached only once the commit returned: the id names a row on disk.
    return new_id


def _save(
    engine: Engine,
    row: dict[str, Any],
    interests: list[dict[str, Any]],
    key: str,
    extras: Callable[[int], list[tuple[sa.Table, dict[str, Any]]]],
) -> int:
    """Insert, or, when a simultaneous submission with the same key won, return its row."""
    try:
        return _insert(engine, row, interests, key, extras)
    except sa.exc.IntegrityError:
        # Two transactions saw the key missing; the UNIQUE index let one commit. The other
        # rolled back whole, and the key's row is there now.
        found = _find_key(engine, key)
        if found is None:
            raise
        return int(found)


def _extras(
    request: QuoteRequest, origin: Origin, received_at: dt.datetime, send_event: bool
) -> Callable[[int], list[tuple[sa.Table, dict[str, Any]]]]:
    """Return the maker of a new request's workflow, origin and outbox rows, given its id."""
    at = _utc_naive(received_at)

    def make(new_id: int) -> list[tuple[sa.Table, dict[str, Any]]]:
        rows: list[tuple[sa.Table, dict[str, Any]]] = [
            (
                WORKFLOW,
                {
                    "request_id": new_id,
                    "status": "new",
                    "owner_id": None,
                    "company_key": company_key(request.company),
                    "changed_at": None,
                    "version": 0,
                },
            )
        ]
        if not origin.empty:
            rows.append(
                (
                    ORIGINS,
                    {
                        "request_id": new_id,
                        "pitch_items": ",".join(origin.pitch_items),
                        "saved_pitch_id": origin.saved_pitch_id,
                    },
                )
            )
        if send_event:
            made = event.make_event(format_reference(new_id), request, origin, received_at)
            rows.append(
                (
                    OUTBOX,
                    {
                        "event_id": event.new_event_id(),
                        "request_id": new_id,
                        "event_type": event.EVENT_TYPE,
                        "body": event.encode_event(made),
                        "state": "pending",
                        "attempts": 0,
                        "created_at": at,
                        "next_attempt_at": at,
                        "lease_owner": None,
                        "lease_until": None,
                        "last_error": "",
                        "delivered_at": None,
                    },
                )
            )
        return rows

    return make


def save_request(
    engine: Engine,
    request: QuoteRequest,
    idempotency_key: str,
    received_at: dt.datetime,
    origin: Origin = NO_ORIGIN,
    send_event: bool = False,
) -> str:
    """Store a request in one transaction and return its reference; a repeated key stores nothing.

    Returns only after the commit, so a reference handed out is a row on disk. With
    send_event (a webhook is configured), its CRM event is written in the same transaction:
    a stored request always has its event, and an event always its request.
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
    extras = _extras(request, origin, received_at, send_event)
    new_id = guarded(lambda: _save(engine, row, interests, idempotency_key, extras))
    return format_reference(new_id)


def _narrowed(
    since: dt.datetime | None,
    until: dt.datetime | None,
    place: str | None,
    search: str,
    statuses: Collection[str] = (),
) -> list[sa.ColumnElement[bool]]:
    """Return the conditions of the admin view's filters (time, place, text, status)."""
    conditions: list[sa.ColumnElement[bool]] = []
    if statuses:
        conditions.append(WORKFLOW.c.status.in_(sorted(statuses)))
    if since is not None:
        conditions.append(REQUESTS.c.received_at >= _utc_naive(since))
    if until is not None:
        conditions.append(REQUESTS.c.received_at < _utc_naive(until))
    if place:
        conditions.append(
            sa.exists().where(
                INTERESTS.c.request_id == REQUESTS.c.id,
                INTERESTS.c.facet == "place",
                INTERESTS.c.value == place,
            )
        )
    if search.strip():
        # autoescape: a % or _ typed in the search box matches itself, not any text.
        needle = search.strip()
        columns = (REQUESTS.c.name, REQUESTS.c.company, REQUESTS.c.email, REQUESTS.c.message)
        conditions.append(sa.or_(*(c.icontains(needle, autoescape=True) for c in columns)))
    return conditions


def list_requests(
    engine: Engine,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    place: str | None = None,
    search: str = "",
    limit: int = LIST_LIMIT,
    offset: int = 0,
    statuses: Collection[str] = (),
) -> list[StoredRequest]:
    """Return one page of stored requests newest first, narrowed by time, place, text, status."""
    # Same company: how many other requests share this one's company key.
    others = WORKFLOW.alias("others")
    same_company = (
        sa.select(sa.func.count())
        .where(others.c.company_key == WORKFLOW.c.company_key, others.c.request_id != REQUESTS.c.id)
        .scalar_subquery()
    )
    query = (
        sa.select(
            REQUESTS,
            WORKFLOW.c.status,
            WORKFLOW.c.changed_at,
            PEOPLE.c.name.label("owner_name"),
            PEOPLE.c.email.label("owner_email"),
            ORIGINS.c.pitch_items,
            ORIGINS.c.saved_pitch_id,
            same_company.label("same_company"),
        )
        .select_from(
            REQUESTS.join(WORKFLOW, WORKFLOW.c.request_id == REQUESTS.c.id)
            .outerjoin(PEOPLE, PEOPLE.c.id == WORKFLOW.c.owner_id)
            .outerjoin(ORIGINS, ORIGINS.c.request_id == REQUESTS.c.id)
        )
        .where(*_narrowed(since, until, place, search, statuses))
        .order_by(REQUESTS.c.received_at.desc(), REQUESTS.c.id.desc())
        .offset(max(0, offset))
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

    rows, chosen = guarded(read)
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
            status=row["status"],
            owner=_owner_label(row["owner_name"], row["owner_email"]),
            touched_at=None
            if row["changed_at"] is None
            else row["changed_at"].replace(tzinfo=dt.UTC),
            same_company=int(row["same_company"]),
            pitch_items=tuple(filter(None, (row["pitch_items"] or "").split(","))),
            saved_pitch_id=row["saved_pitch_id"],
        )
        for row in rows
    ]


def _owner_label(name: str | None, email: str | None) -> str:
    """Return how an owner is shown ("" for nobody)."""
    return "" if name is None else f"{name} <{email}>"


def count_requests(
    engine: Engine,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
    place: str | None = None,
    search: str = "",
    statuses: Collection[str] = (),
) -> int:
    """Return how many stored requests match the filters (all of them by default)."""
    query = (
        sa.select(sa.func.count())
        .select_from(REQUESTS.join(WORKFLOW, WORKFLOW.c.request_id == REQUESTS.c.id))
        .where(*_narrowed(since, until, place, search, statuses))
    )

    def count() -> int:
        with engine.begin() as conn:
            return conn.execute(query).scalar_one()

    return guarded(count)


def hold_client_row(conn: sa.Connection, table: sa.Table, client: str, **fresh: object) -> Any:
    """Return a client's row of a per-client counter table, made from `fresh` if missing, locked.

    The same statements on SQLite and PostgreSQL. A simultaneous first request may insert the
    row too: the UNIQUE key lets one commit, and the caller runs once more (`retry_on_race`).
    """
    locked = sa.select(table).where(table.c.client == client).with_for_update()
    row = conn.execute(locked).one_or_none()
    if row is None:
        conn.execute(sa.insert(table).values(client=client, **fresh))
        row = conn.execute(locked).one()
    return row


def retry_on_race(action: Callable[[], T]) -> T:
    """Run a counter's transaction through guarded, once more if a parallel first insert won."""

    def once_more_on_a_race() -> T:
        try:
            return action()
        except sa.exc.IntegrityError:
            return action()

    return guarded(once_more_on_a_race)


def judge_admin_attempt(
    engine: Engine, client: str, now: float, check: Callable[[], bool]
) -> access.Verdict:
    """Check a password for one client address unless that address must wait; record it.

    One transaction per attempt, holding the address's row, so simultaneous guesses from many
    sessions or app servers are counted one after another and none slips past a lockout. The
    admin password and every sign-in share the address's count.
    """
    table = ADMIN_ATTEMPTS
    mine = table.c.client == client

    def judge() -> access.Verdict:
        with engine.begin() as conn:
            # Forgotten after a quiet spell, so the table holds only recently active addresses.
            conn.execute(
                sa.delete(table).where(table.c.last_failed_at < now - access.FORGET_AFTER_S)
            )
            row = hold_client_row(
                conn, table, client, failures=0, locked_until=0.0, last_failed_at=now
            )
            before = access.Attempts(row.failures, row.locked_until, row.last_failed_at)
            verdict = access.judge_attempt(before, now, check)
            after = verdict.attempts
            if after.failures == 0:
                conn.execute(sa.delete(table).where(mine))
            elif after != before:
                conn.execute(
                    sa.update(table)
                    .where(mine)
                    .values(
                        failures=after.failures,
                        locked_until=after.locked_until,
                        last_failed_at=after.last_failed_at,
                    )
                )
        return verdict

    return retry_on_race(judge)
