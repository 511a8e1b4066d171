"""Schema migrations: a database made by the code before Alembic is upgraded in place, rows kept."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from insights.quotes import migrate, presentation, store
from insights.quotes.requests import QuoteRequest
from insights.quotes.schema import METADATA

ROOT = Path(__file__).resolve().parent.parent
OLD_SCHEMA = Path(__file__).resolve().parent / "fixtures" / "schema_88c7c98"
T0 = dt.datetime(2026, 11, 2, 9, 30)
# What the old code stored: (id, key, name, places, themes), interests as (facet, value, position).
OLD_REQUESTS = [
    (1, "key-000000001", "Ana <b>Ruiz</b>", ["guadalajara", "mexico"], ["talent"]),
    (2, "key-000000002", "Bo", [], []),
    (7, "key-000000007", "Cy'; DROP TABLE people; --", ["monterrey"], ["capital", "talent"]),
]


def old_statements(dialect: str) -> list[str]:
    """Return the CREATE statements the code at 88c7c98 ran on this database, one by one."""
    text = (OLD_SCHEMA / f"{dialect}.sql").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def make_old_database(engine: sa.Engine) -> None:
    """Create the old schema exactly as the old code did and fill it as the old code would."""
    with engine.begin() as conn:
        for statement in old_statements(engine.dialect.name):
            conn.exec_driver_sql(statement)
        for row_id, key, name, places, themes in OLD_REQUESTS:
            conn.execute(
                sa.text(
                    "INSERT INTO quote_requests (id, idempotency_key, received_at, kind, name, "
                    "company, email, phone, message, consent) VALUES (:id, :key, :at, 'quote', "
                    ":name, 'Acme', 'ana@example.com', '', 'Two racks', :consent)"
                ).bindparams(sa.bindparam("at", type_=sa.DateTime())),
                {"id": row_id, "key": key, "at": T0, "name": name, "consent": True},
            )
            for facet, values in (("place", places), ("theme", themes)):
                for position, value in enumerate(values):
                    conn.execute(
                        sa.text(
                            "INSERT INTO quote_interests (request_id, facet, value, position) "
                            "VALUES (:id, :facet, :value, :position)"
                        ),
                        {"id": row_id, "facet": facet, "value": value, "position": position},
                    )
        if engine.dialect.name == "postgresql":
            # The old code's rows came from the SERIAL sequence; these were written by id.
            conn.exec_driver_sql(
                "SELECT setval('quote_requests_id_seq', (SELECT max(id) FROM quote_requests))"
            )
        conn.execute(
            sa.text(
                "INSERT INTO presentations (code, position, started_at, updated_at) "
                "VALUES ('ABC234', 3, :at, :at)"
            ).bindparams(sa.bindparam("at", type_=sa.DateTime())),
            {"at": T0},
        )
        conn.exec_driver_sql(
            "INSERT INTO admin_attempts (client, failures, locked_until, last_failed_at) "
            "VALUES ('10.0.0.1', 2, 0.0, 1.0)"
        )


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def url(request, tmp_path) -> Iterator[str]:
    """An empty database: a SQLite file, or a fresh PostgreSQL schema."""
    if request.param == "sqlite":
        yield store.default_database_url(tmp_path / "state")
    else:
        yield request.getfixturevalue("postgres_schema_url")


def open_engine(url: str) -> sa.Engine:
    """An engine as the app makes one (the SQLite folder made as the app makes it)."""
    engine = store.make_engine(url)
    if engine.dialect.name == "sqlite":
        Path(engine.url.database or "").parent.mkdir(parents=True, exist_ok=True)
    return engine


def test_a_database_made_by_the_old_code_is_upgraded_at_start_with_every_row_kept(url):
    old = open_engine(url)
    make_old_database(old)
    assert store.schema_revision(old) is None  # not under Alembic yet
    old.dispose()

    engine = open_engine(url)
    store.create_schema(engine)  # what the app does at start
    assert store.schema_revision(engine) == migrate.head() == "0006"
    kept = {
        r.reference: (r.name, r.places, r.themes, r.status, r.same_company)
        for r in store.list_requests(engine)
    }
    # Revision 0006 puts every old request in the workflow as new, the same company flagged.
    assert kept == {
        store.format_reference(row_id): (name, tuple(places), tuple(themes), "new", 2)
        for row_id, _key, name, places, themes in OLD_REQUESTS
    }
    # A key stored by the old code is still the same request; a new one follows the old ids.
    again = store.save_request(engine, make_request(), "key-000000007", T0.replace(tzinfo=dt.UTC))
    fresh = store.save_request(engine, make_request(), "key-000000008", T0.replace(tzinfo=dt.UTC))
    assert (again, fresh) == ("Q-000007", "Q-000008")
    # The first version's presentations table keeps its rows, but its six-character codes are
    # no longer served (live_presentations holds the keyed ones): a link with one is told so.
    assert presentation.classify_code("ABC234") is presentation.CodeState.LEGACY
    with engine.connect() as conn:
        old_codes = conn.exec_driver_sql("SELECT code, position FROM presentations").all()
        assert old_codes == [("ABC234", 3)]
        tables = set(sa.inspect(conn).get_table_names())
        attempts = conn.execute(sa.select(store.ADMIN_ATTEMPTS.c.failures)).scalars().all()
    assert tables >= {"people", "app_settings", "alembic_version", "quote_requests"}
    assert attempts == [2]
    engine.dispose()


def differences(engine: sa.Engine) -> list[object]:
    """Return how the database's tables differ from the code's (Alembic's autogenerate view)."""
    with engine.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), METADATA))


def test_an_upgraded_old_database_and_a_new_one_both_match_the_code(url, tmp_path):
    old = open_engine(url)
    make_old_database(old)
    store.create_schema(old)
    assert differences(old) == []
    old.dispose()
    fresh = open_engine(store.default_database_url(tmp_path / "fresh"))
    store.create_schema(fresh)
    assert differences(fresh) == []
    fresh.dispose()


def make_request() -> QuoteRequest:
    """A valid request."""
    return QuoteRequest(name="New", company="Acme", email="new@example.com", consent=True)


RACER = textwrap.dedent(
    """
    import logging, sys, time
    from insights.quotes import store

    # Alembic says on stderr each revision this process runs.
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    engine = store.make_engine(sys.argv[1])
    start = float(sys.argv[2])
    time.sleep(max(0.0, start - time.time()))
    store.create_schema(engine)
    print(store.schema_revision(engine), flush=True)
    """
)


def test_app_servers_starting_together_upgrade_once(url):
    if url.startswith("sqlite"):
        Path(sa.make_url(url).database or "").parent.mkdir(parents=True)
    old = open_engine(url)
    make_old_database(old)
    old.dispose()
    start = f"{time.time() + 3.0}"  # all three at once, after their imports
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, url, start],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    answers = [(racer.communicate(timeout=120), racer.returncode) for racer in racers]
    assert [(code, out.strip()) for (out, _err), code in answers] == [(0, "0006")] * 3, answers
    said = "".join(err for (_out, err), _code in answers)
    # One server ran each revision; the others waited on the lock and found the schema at head.
    assert (
        said.count("Running upgrade  -> 0001"),
        said.count("Running upgrade 0001 -> 0002"),
        said.count("Running upgrade 0002 -> 0003"),
        said.count("Running upgrade 0003 -> 0004"),
        said.count("Running upgrade 0004 -> 0005"),
        said.count("Running upgrade 0005 -> 0006"),
    ) == (1, 1, 1, 1, 1, 1), said
    engine = open_engine(url)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").all() == [("0006",)]
    assert len(store.list_requests(engine)) == len(OLD_REQUESTS)
    engine.dispose()
