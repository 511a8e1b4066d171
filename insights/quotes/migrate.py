"""Schema migrations: Alembic's revisions shipped in the package, applied at start under a lock."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Engine

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant will do: it only has to be the same in every app process sharing one database.
UPGRADE_LOCK_ID = 0x51_0073


def _config(connection: sa.Connection | None = None) -> Config:
    """Return Alembic's configuration built in code: the shipped scripts, this connection."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def head() -> str:
    """Return the newest revision the code knows."""
    revision = ScriptDirectory.from_config(_config()).get_current_head()
    if revision is None:  # pragma: no cover - the package always ships revisions
        raise RuntimeError("no schema revisions are shipped")
    return revision


def current(engine: Engine) -> str | None:
    """Return the revision the database is at (None: not under Alembic, or empty)."""
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest revision, one app server at a time.

    PostgreSQL: the whole upgrade is one transaction holding an advisory lock, so a second
    server starting at the same moment waits, then finds the schema at head and does nothing.
    SQLite: the transaction begins IMMEDIATE (see store.make_engine), which is the same lock.
    """
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # No statement timeout here (store.STATEMENT_TIMEOUT_MS): a server waiting for
            # another's upgrade to finish must not give up on the lock after 5 s.
            conn.execute(sa.text("SET LOCAL statement_timeout = 0"))
            # pg_advisory_lock's transaction-scoped form: released at commit, or when a
            # crashed server's connection goes, so a failed upgrade never holds it.
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(UPGRADE_LOCK_ID)))
        command.upgrade(_config(conn), "head")
