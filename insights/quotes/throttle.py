"""How many quote requests one client address may send: counted in the app's database.

A fixed window per address (ADDRESS_LIMIT requests per ADDRESS_WINDOW_S), shared by every
session and every app server on the database, in a small table of its own (the same pattern
as the presentations' code guesses). The per-session limit is the form's own (ui/quote_form.py).
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from insights.quotes import store
from insights.quotes.schema import REQUEST_SUBMISSIONS as SUBMISSIONS

ADDRESS_LIMIT = 20
ADDRESS_WINDOW_S = 3600.0


def count_submission(
    engine: Engine,
    client: str,
    now: float,
    limit: int = ADDRESS_LIMIT,
    window_s: float = ADDRESS_WINDOW_S,
) -> float:
    """Count one request from client; return 0 when allowed, else the seconds until it may send.

    One transaction holds the client's row, so parallel submissions are counted one by one; a
    refused one is not counted.
    """

    def count() -> float:
        with engine.begin() as conn:
            conn.execute(sa.delete(SUBMISSIONS).where(SUBMISSIONS.c.window_start < now - window_s))
            row = store.hold_client_row(conn, SUBMISSIONS, client, sent=0, window_start=now)
            if row.sent >= limit:
                return max(1.0, row.window_start + window_s - now)
            conn.execute(
                sa.update(SUBMISSIONS)
                .where(SUBMISSIONS.c.client == client)
                .values(sent=row.sent + 1)
            )
        return 0.0

    return store.retry_on_race(count)
