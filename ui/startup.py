"""What the server does once at start, before any visitor: the App's start-up hook."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import AsyncIterator
from typing import Any

from insights import settings
from insights.pitch.seller import NO_PROFILE_NOTICE, find_profile
from insights.quotes import commands, store
from ui import navigation, relay


@contextlib.asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """Prepare the server before it serves; work that lives as long as the server goes here."""
    # A link straight to a page (/explorer) must run app.py's frame even as a fresh server's
    # very first request, so Streamlit's legacy pages/ mode ends before anyone connects.
    navigation.end_legacy_pages_mode()
    upgrade_store()
    # Said once in the server's log too: a rep starting the app sees what outputs will close with.
    profile, broken = find_profile(settings.current_settings().seller_file)
    if broken is not None or profile is None:
        print(f"notice: {broken or NO_PROFILE_NOTICE}", file=sys.stderr)
    # The CRM hand-off: events go out from the server, whether or not any page is open.
    stop_relay = relay.start_relay()
    yield
    stop_relay()
    # The download route's build workers, if any file was built.
    from ui import export_routes

    export_routes.shutdown()


def upgrade_store() -> None:
    """Bring the app's database to the newest schema before the first visitor, if it answers."""
    # Under a lock, so several app servers starting together upgrade once. A database that
    # cannot be reached now is upgraded when a page first opens it.
    try:
        engine = store.make_engine(commands.database_url(settings.current_settings()))
        try:
            store.create_schema(engine)
        finally:
            engine.dispose()
    except store.StoreUnavailable as exc:
        print(f"notice: the app's database cannot be upgraded now: {exc}", file=sys.stderr)
