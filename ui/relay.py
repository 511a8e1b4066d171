"""The webhook relay each app server starts with itself: one thread, stopped with the server."""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable

from insights import settings
from insights.quotes import commands, relay, store, webhook

# How long a stopping server waits for a POST under way; the event is sent again otherwise.
_STOP_GRACE_S = 2.0


def _report(message: str) -> None:
    """Say something about the relay in the server's log."""
    print(message, file=sys.stderr, flush=True)


def _nothing() -> None:
    """Stop nothing: no relay was started."""


def start_relay() -> Callable[[], None]:
    """Start this server's relay when a webhook URL is set; return what stops it."""
    found = settings.current_settings()
    try:
        config = webhook.read_config(found)
    except webhook.WebhookConfigError as exc:
        # Requests are still stored with their events; they go out once the setting is fixed.
        _report(f"notice: the webhook relay is not started: {exc}")
        return _nothing
    if config is None:
        return _nothing
    try:
        engine = store.make_engine(commands.database_url(found))
    except store.StoreUnavailable as exc:
        _report(f"notice: the webhook relay is not started: {exc}")
        return _nothing
    stop = threading.Event()
    # A daemon: a server that exits without its shutdown hook does not hang on a slow POST.
    worker = threading.Thread(
        target=relay.run_relay,
        args=(engine, config, stop, _report),
        name="webhook-relay",
        daemon=True,
    )
    worker.start()

    def halt() -> None:
        stop.set()
        worker.join(_STOP_GRACE_S)
        engine.dispose()

    return halt
