"""The quote store against a real SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import datetime as dt
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlalchemy as sa

from insights.quotes import access, store
from insights.quotes.requests import QuoteRequest

ROOT = Path(__file__).resolve().parent.parent
T0 = dt.datetime(2026, 11, 2, 9, 30, tzinfo=dt.UTC)


def make_request(**fields) -> QuoteRequest:
    """A valid request, any field overridden."""
    base = {
        "name": "Ana Ruiz",
        "company": "Acme",
        "email": "ana@example.com",
        "consent": True,
        "places": ["guadalajara", "mexico"],
        "themes": ["talent"],
        "message": "Two racks, please.\nSoon.",
    }
    return QuoteRequest.model_validate({**base, **fields})


def new_key() -> str:
    return uuid.uuid4().hex


def test_a_saved_request_reads_back_as_typed(engine):
    request = make_request(name="<img src=x onerror=alert(1)>", phone="+52 33 1234 5678")
    ref = store.save_request(engine, request, new_key(), T0)
    [got] = store.list_requests(engine)
    assert got.reference == ref
    assert ref.startswith("Q-")
    assert got.received_at == T0
    assert (got.name, got.company, got.email, got.phone) == (
        "<img src=x onerror=alert(1)>",
        "Acme",
        "ana@example.com",
        "+52 33 1234 5678",
    )
    assert got.places == ("guadalajara", "mexico")
    assert got.themes == ("talent",)
    assert got.message == "Two racks, please.\nSoon."


def test_times_keep_their_microseconds_and_sort_newest_first(engine):
    times = [T0 + dt.timedelta(microseconds=us) for us in (7, 123_456, 0, 999_999)]
    for when in times:
        store.save_request(engine, make_request(), new_key(), when)
    assert [r.received_at for r in store.list_requests(engine)] == sorted(times, reverse=True)
    later = T0 + dt.timedelta(microseconds=8)
    assert len(store.list_requests(engine, since=later)) == 2


def test_the_same_key_twice_stores_one_row(engine):
    key = new_key()
    first = store.save_request(engine, make_request(), key, T0)
    again = store.save_request(engine, make_request(name="Changed"), key, T0)
    assert again == first
    assert store.count_requests(engine) == 1
    assert [r.name for r in store.list_requests(engine)] == ["Ana Ruiz"]


def test_a_thousand_submissions_from_twenty_threads_store_a_thousand_rows(engine):
    request = make_request()
    keys = [new_key() for _ in range(1000)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        refs = list(pool.map(lambda k: store.save_request(engine, request, k, T0), keys))
    assert len(set(refs)) == 1000
    assert store.count_requests(engine) == 1000


def test_four_thousand_concurrent_submissions_with_duplicate_keys_store_each_key_once(engine):
    # 2,000 submissions, each sent twice (a double click, a retry), from 40 threads at once.
    keys = [new_key() for _ in range(2000)]
    sends = [k for pair in zip(keys, keys, strict=True) for k in pair]
    request = make_request()

    def send(key: str) -> tuple[str, str]:
        return key, store.save_request(engine, request, key, T0)

    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(send, sends))
    by_key: dict[str, set[str]] = {}
    for key, ref in answers:
        by_key.setdefault(key, set()).add(ref)
    assert len(answers) == 4000
    assert all(len(refs) == 1 for refs in by_key.values())  # both sends got one reference
    assert len({ref for refs in by_key.values() for ref in refs}) == 2000
    assert store.count_requests(engine) == 2000
    with engine.connect() as conn:
        interests = conn.execute(sa.select(sa.func.count()).select_from(store.INTERESTS))
        assert interests.scalar_one() == 2000 * 3


def test_twenty_threads_sending_one_key_store_one_row(engine):
    key = new_key()
    barrier = threading.Barrier(20)

    def send(_: int) -> str:
        barrier.wait()
        return store.save_request(engine, make_request(), key, T0)

    with ThreadPoolExecutor(max_workers=20) as pool:
        refs = set(pool.map(send, range(20)))
    assert len(refs) == 1
    assert store.count_requests(engine) == 1


def test_list_is_newest_first_and_filters_by_time_place_and_search(engine):
    rows = [
        ("old", T0 - dt.timedelta(days=10), ["mexico"], "first"),
        ("mid", T0 - dt.timedelta(days=1), ["guadalajara"], "100% sure"),
        ("new", T0, [], "racks_and_power"),
    ]
    for name, when, places, message in rows:
        store.save_request(
            engine, make_request(name=name, places=places, message=message), new_key(), when
        )
    names = lambda **kw: [r.name for r in store.list_requests(engine, **kw)]  # noqa: E731
    assert names() == ["new", "mid", "old"]
    assert names(since=T0 - dt.timedelta(days=2)) == ["new", "mid"]
    assert names(until=T0 - dt.timedelta(hours=1)) == ["mid", "old"]
    assert names(place="guadalajara") == ["mid"]
    assert names(search="100%") == ["mid"]
    assert names(search="%") == ["mid"]  # a typed % is a percent sign, not a wildcard
    assert names(search="S_AND") == ["new"]
    assert names(search="ACME") == ["new", "mid", "old"]
    assert names(search="nobody") == []
    assert names(limit=1) == ["new"]


def test_schema_creation_is_idempotent_and_survives_a_race(engine):
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: store.create_schema(engine), range(4)))
    assert store.count_requests(engine) == 0


def test_sqlite_connections_use_wal_busy_timeout_full_sync_and_foreign_keys(tmp_path):
    engine = store.make_engine(store.default_database_url(tmp_path))
    store.create_schema(engine)
    with engine.connect() as conn:
        pragma = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("busy_timeout") == store.BUSY_TIMEOUT_MS
        assert pragma("synchronous") == 2  # FULL
        assert pragma("foreign_keys") == 1
    engine.dispose()


def open_store(url: str) -> sa.Engine:
    """Make the engine and its schema, as the app does on first use."""
    engine = store.make_engine(url)
    store.create_schema(engine)
    return engine


def _file_in_the_way(tmp_path: Path) -> str:
    (tmp_path / "file").write_text("not a folder")
    return f"sqlite:///{tmp_path}/file/state/quotes.sqlite3"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (_file_in_the_way, "cannot create the data folder"),
        ("postgresql://sales:s3cret-pw@127.0.0.1:1/quotes", "OperationalError"),
        ("postgres://sales:s3cret-pw@127.0.0.1:1/quotes", "OperationalError"),
        ("mysql://sales:s3cret-pw@127.0.0.1/quotes", "unsupported database 'mysql'"),
        ("not a url s3cret-pw", "not a valid SQLAlchemy URL"),
        ("sqlite://", "must be a file"),
    ],
)
def test_an_unreachable_database_raises_store_unavailable_without_the_password(
    tmp_path, url, message
):
    url = url(tmp_path) if callable(url) else url
    with pytest.raises(store.StoreUnavailable) as caught:
        open_store(url)
    assert message in str(caught.value)
    assert "s3cret-pw" not in str(caught.value)


def test_saving_to_a_vanished_database_raises_and_confirms_nothing(tmp_path):
    engine = store.make_engine(store.default_database_url(tmp_path / "state"))
    # No schema: the tables are missing, as after a failed start.
    with pytest.raises(store.StoreUnavailable):
        store.save_request(engine, make_request(), new_key(), T0)
    engine.dispose()


@pytest.mark.parametrize("key", ["", "short", "x" * 65, "has space!", "ключ-ключ-ключ"])
def test_a_malformed_idempotency_key_is_refused(tmp_path, key):
    engine = store.make_engine(store.default_database_url(tmp_path))
    with pytest.raises(ValueError, match="idempotency key"):
        store.save_request(engine, make_request(), key, T0)


def test_naive_times_are_refused(tmp_path):
    engine = store.make_engine(store.default_database_url(tmp_path))
    store.create_schema(engine)
    with pytest.raises(ValueError, match="aware"):
        store.save_request(engine, make_request(), new_key(), T0.replace(tzinfo=None))
    engine.dispose()


WRITER = textwrap.dedent(
    """
    import datetime as dt, sys, uuid
    from insights.quotes import store
    from insights.quotes.requests import QuoteRequest

    engine = store.make_engine(sys.argv[1])
    store.create_schema(engine)
    request = QuoteRequest(
        name="Writer", company="Acme", email="w@example.com", consent=True,
        places=["mexico", "guadalajara"], themes=["talent", "capital"], message="x" * 2000,
    )
    while True:
        ref = store.save_request(engine, request, uuid.uuid4().hex, dt.datetime.now(dt.UTC))
        # Printed only after the commit returned: these are the confirmed requests.
        print(ref, flush=True)
    """
)


def test_a_writer_killed_mid_stream_loses_no_confirmed_row(engine):
    url = engine.url.render_as_string(hide_password=False)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, url], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    confirmed = []
    try:
        assert writer.stdout is not None
        while len(confirmed) < 200:
            line = writer.stdout.readline()
            assert line, "the writer stopped before it was killed"
            confirmed.append(line.strip())
    finally:
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate(timeout=30)
    confirmed += rest.split()
    assert writer.returncode == -signal.SIGKILL
    if engine.dialect.name == "sqlite":
        with sqlite3.connect(engine.url.database) as db:
            assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    with engine.connect() as conn:
        ids = set(conn.execute(sa.select(store.REQUESTS.c.id)).scalars())
        # Every request has all four of its interests, or the request is not there at all.
        counts = conn.execute(
            sa.select(sa.func.count())
            .select_from(store.INTERESTS)
            .group_by(store.INTERESTS.c.request_id)
        ).all()
    assert {store.format_reference(i) for i in ids} >= set(confirmed)
    assert len(ids) >= len(confirmed) >= 200
    assert {tuple(c) for c in counts} == {(4,)}
    assert len(counts) == len(ids)


def sqlite_files(folder: Path) -> list[Path]:
    """The database file and its WAL and shared-memory companions."""
    return [folder / f"{store.SQLITE_FILE}{suffix}" for suffix in ("", "-wal", "-shm")]


def test_a_sqlite_file_deleted_between_submissions_saves_nothing_more(tmp_path):
    engine = open_store(store.default_database_url(tmp_path))
    first = store.save_request(engine, make_request(), new_key(), T0)
    assert first == store.format_reference(1)
    for path in sqlite_files(tmp_path):
        path.unlink(missing_ok=True)
    # The pooled connection still holds the unlinked file: a save into it would be lost.
    with pytest.raises(store.StoreUnavailable):
        store.save_request(engine, make_request(name="Second"), new_key(), T0)
    with pytest.raises(store.StoreUnavailable):
        store.save_request(engine, make_request(name="Third"), new_key(), T0)
    engine.dispose()


def test_a_sqlite_file_replaced_mid_transaction_is_refused_before_commit(tmp_path):
    engine = open_store(store.default_database_url(tmp_path))
    store.save_request(engine, make_request(), new_key(), T0)
    other = open_store(store.default_database_url(tmp_path / "backup"))
    other.dispose()
    replaced = []

    def replace_once(statement: str) -> None:
        # Between the request's INSERT and the commit, a restore moves another file into place.
        if statement.startswith("INSERT INTO quote_interests") and not replaced:
            replaced.append(statement)
            for name in ("-wal", "-shm"):
                (tmp_path / f"{store.SQLITE_FILE}{name}").unlink(missing_ok=True)
            (tmp_path / "backup" / store.SQLITE_FILE).replace(tmp_path / store.SQLITE_FILE)

    def trace(dbapi_conn, _record, _proxy) -> None:
        dbapi_conn.set_trace_callback(replace_once)

    sa.event.listen(engine.pool, "checkout", trace)
    with pytest.raises(store.StoreReplaced, match="deleted or replaced"):
        store.save_request(engine, make_request(name="Lost?"), new_key(), T0)
    assert replaced
    sa.event.remove(engine.pool, "checkout", trace)
    # The next save reaches the file now at the path, which is what the admin view reads.
    ref = store.save_request(engine, make_request(name="After"), new_key(), T0)
    assert [(r.reference, r.name) for r in store.list_requests(engine)] == [(ref, "After")]
    engine.dispose()


def second_server(engine: sa.Engine) -> sa.Engine:
    """Another app server's engine on the same database."""
    return store.make_engine(engine.url.render_as_string(hide_password=False))


def guess(engine: sa.Engine, client: str, now: float, ok: bool = False) -> tuple[bool, bool]:
    """One attempt; return (checked, ok)."""
    verdict = store.judge_admin_attempt(engine, client, now, lambda: ok)
    return verdict.checked, verdict.ok


def test_wrong_admin_passwords_lock_an_address_across_app_servers(engine):
    other = second_server(engine)
    try:
        # Three free guesses, spread over two servers; then a doubling wait for that address.
        assert [guess(s, "10.0.0.7", 0.0) for s in (engine, other, engine)] == [(True, False)] * 3
        assert guess(other, "10.0.0.7", 1.9) == (False, False)
        assert guess(engine, "10.0.0.7", 1.9, ok=True) == (False, False)  # not even checked
        assert guess(engine, "10.0.0.8", 1.9) == (True, False)  # another address is unaffected
        assert guess(other, "10.0.0.7", 2.0) == (True, False)
        locked = store.judge_admin_attempt(engine, "10.0.0.7", 3.0, lambda: True)
        assert (locked.checked, locked.wait_seconds(3.0)) == (False, 3.0)
        # The right password once the wait is over clears the address.
        assert guess(engine, "10.0.0.7", 6.0, ok=True) == (True, True)
        assert guess(other, "10.0.0.7", 6.0) == (True, False)
        assert guess(other, "10.0.0.7", 6.0) == (True, False)
    finally:
        other.dispose()


def test_an_address_quiet_for_an_hour_is_forgotten(engine):
    for _ in range(access.FREE_ATTEMPTS):
        guess(engine, "10.0.0.9", 0.0)
    assert guess(engine, "10.0.0.9", 1.0) == (False, False)
    later = access.FORGET_AFTER_S + 1
    assert guess(engine, "10.0.0.9", later, ok=True) == (True, True)
    with engine.connect() as conn:
        assert (
            conn.execute(sa.select(sa.func.count()).select_from(store.ADMIN_ATTEMPTS)).scalar() == 0
        )


def test_simultaneous_guesses_from_one_address_are_counted_one_by_one(engine):
    barrier = threading.Barrier(20)

    def send(_: int) -> bool:
        barrier.wait()
        return store.judge_admin_attempt(engine, "10.0.0.10", 0.0, lambda: False).checked

    with ThreadPoolExecutor(max_workers=20) as pool:
        checked = list(pool.map(send, range(20)))
    # Only the free attempts are checked; the lockout they start refuses the other 17.
    assert checked.count(True) == access.FREE_ATTEMPTS


def test_a_save_that_cannot_get_the_write_lock_in_time_is_refused_not_lost(tmp_path, monkeypatch):
    monkeypatch.setattr(store, "BUSY_TIMEOUT_MS", 50)
    engine = open_store(store.default_database_url(tmp_path))
    # Another process (an operator's sqlite3 shell, a second app) holds SQLite's write lock.
    other = sqlite3.connect(tmp_path / store.SQLITE_FILE, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(store.StoreUnavailable, match="database is locked"):
        store.save_request(engine, make_request(), new_key(), T0)
    other.execute("ROLLBACK")
    other.close()
    assert store.count_requests(engine) == 0
    store.save_request(engine, make_request(), new_key(), T0)
    assert store.count_requests(engine) == 1
    engine.dispose()


@pytest.mark.postgres
def test_a_postgresql_connection_dropped_by_the_server_is_retried_once(postgres_schema_url):
    engine = open_store(postgres_schema_url)
    store.save_request(engine, make_request(), new_key(), T0)
    with engine.connect() as conn:
        pid = conn.execute(sa.text("SELECT pg_backend_pid()")).scalar_one()
    killer = store.make_engine(postgres_schema_url)
    with killer.connect() as conn:
        assert conn.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar()
    killer.dispose()
    # The pooled connection is dead; the save finds out, reconnects and stores the request once.
    store.save_request(engine, make_request(name="After restart"), new_key(), T0)
    assert [r.name for r in store.list_requests(engine)] == ["After restart", "Ana Ruiz"]
    engine.dispose()


def statements_of_a_save(engine: sa.Engine) -> list[str]:
    """The SQL a save sends, the drivers' placeholders (and psycopg's casts) and the dialect's
    way of returning the new id aside."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_rest) -> None:
        sent.append(statement)

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        store.save_request(engine, make_request(), new_key(), T0)
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
    normal = [
        re.sub(r"(%\(\w+\)s|\?)(::[A-Z]+( WITHOUT TIME ZONE)?)?", "?", statement).replace(
            " RETURNING quote_requests.id", ""
        )
        for statement in sent
        if statement != "BEGIN IMMEDIATE"  # SQLite's connection set-up (see make_engine)
    ]
    return [" ".join(s.split()) for s in normal]


def test_one_write_path_sends_the_same_statements_to_either_database(engine):
    assert statements_of_a_save(engine) == [
        "SELECT quote_requests.id FROM quote_requests WHERE quote_requests.idempotency_key = ?",
        "INSERT INTO quote_requests (idempotency_key, received_at, kind, name, company, email, "
        "phone, message, consent) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        "INSERT INTO quote_interests (request_id, facet, value, position) VALUES (?, ?, ?, ?)",
        "INSERT INTO quote_workflow (request_id, status, owner_id, company_key, changed_at, "
        "version) VALUES (?, ?, ?, ?, ?, ?)",
    ]
