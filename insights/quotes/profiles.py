"""The seller's company details and each person's contact details, as an admin set them.

Kept in the store's shared settings, so every app server of a team closes outputs alike; the
seller file (INSIGHTS_SELLER_FILE) stays the default and the logo's home.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from insights.quotes import store
from insights.quotes.schema import APP_SETTINGS

COMPANY_SETTING = "seller.company"


def person_setting(account_id: int) -> str:
    """Return the name under which a person's own contact details are kept."""
    return f"seller.person.{account_id}"


def read_setting(engine: Engine, name: str) -> str | None:
    """Return a shared setting's stored text, None when it was never set."""

    def read() -> str | None:
        with engine.begin() as conn:
            query = sa.select(APP_SETTINGS.c.value).where(APP_SETTINGS.c.name == name)
            return conn.execute(query).scalar_one_or_none()

    return store.guarded(read)


def write_setting(engine: Engine, name: str, value: str) -> None:
    """Store a shared setting's text, replacing what it held, in one transaction."""

    def write() -> None:
        with engine.begin() as conn:
            conn.execute(sa.delete(APP_SETTINGS).where(APP_SETTINGS.c.name == name))
            conn.execute(sa.insert(APP_SETTINGS), {"name": name, "value": value})

    store.guarded(write)
