"""Alembic's environment: runs the revisions on the connection insights.quotes.migrate hands in.

Configured from code (no alembic.ini): the caller opens the transaction and takes the lock.
"""

from __future__ import annotations

from alembic import context

from insights.quotes.schema import METADATA


def run_migrations_online() -> None:
    """Run the pending revisions on the caller's connection, inside the caller's transaction."""
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=METADATA,
        # SQLite alters a table by copying it; batch mode does that where a revision needs it.
        render_as_batch=connection.dialect.name == "sqlite",
        # SQLite's DDL is transactional too: a failed upgrade leaves the database as it was.
        transactional_ddl=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():  # pragma: no cover - operators run upgrades against a database
    raise SystemExit("offline (SQL script) migrations are not supported; run `db upgrade`")
run_migrations_online()
