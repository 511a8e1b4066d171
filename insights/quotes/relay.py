"""The relay: takes due events from the outbox one at a time and POSTs them to the CRM webhook."""

from __future__ import annotations

import datetime as dt
import os
import random
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from sqlalchemy.engine import Engine

from insights.quotes import outbox, store, webhook
from insights.quotes.outbox import State
from insights.quotes.webhook import Outcome, WebhookConfig

Clock = Callable[[], dt.datetime]
Report = Callable[[str], None]
# What an attempt's outcome makes of its event; RETRY becomes DEAD once attempts run out.
NEXT_STATE = {
    Outcome.DELIVERED: State.DELIVERED,
    Outcome.RETRY: State.PENDING,
    Outcome.DEAD: State.DEAD,
}


@dataclass(frozen=True)
class Pass:
    """What one pass over the due events did."""

    delivered: int = 0
    retried: int = 0
    dead: int = 0

    @property
    def sent(self) -> int:
        """Return how many events were tried."""
        return self.delivered + self.retried + self.dead


def utc_now() -> dt.datetime:
    """Return the time now, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


def make_worker_id() -> str:
    """Return a name for this relay, unique among the relays sharing a database."""
    return f"{socket.gethostname()[:32]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


def make_client() -> httpx.Client:
    """Return the HTTP client a relay posts with: no redirects followed, no proxy from the env."""
    # Only the configured URL is ever reached: a redirect is an answer (a dead letter), and a
    # proxy variable in the environment does not reroute the events.
    return httpx.Client(follow_redirects=False, trust_env=False)


def _ignore(_message: str) -> None:
    """Say nothing."""


def deliver_one(
    engine: Engine,
    config: WebhookConfig,
    client: httpx.Client,
    worker: str,
    clock: Clock = utc_now,
    rng: random.Random | None = None,
    report: Report = _ignore,
) -> State | None:
    """Lease the next due event, POST it, record the outcome; None when nothing was due."""
    claimed = outbox.claim_next(engine, worker, clock(), config.lease_s)
    if claimed is None:
        return None
    attempt = webhook.post_event(client, config, claimed.event_id, claimed.body.encode(), clock())
    state = NEXT_STATE[attempt.outcome]
    failures = claimed.attempts + 1
    if state is State.PENDING and failures >= config.max_attempts:
        state = State.DEAD
    now = clock()
    wait = webhook.backoff_delay(config, failures, rng or random.Random())
    later = now + dt.timedelta(seconds=wait if state is State.PENDING else 0)
    outbox.record_attempt(engine, worker, claimed, state, attempt.error, later, now)
    if state is State.DEAD:
        report(f"webhook: event {claimed.event_id} is a dead letter: {attempt.error}")
    return state


def deliver_due(
    engine: Engine,
    config: WebhookConfig,
    client: httpx.Client,
    worker: str,
    stop: threading.Event | None = None,
    report: Report = _ignore,
) -> Pass:
    """Send every event due now, one at a time, until none is due (or stop is set)."""
    counts = {state: 0 for state in State}
    while stop is None or not stop.is_set():
        state = deliver_one(engine, config, client, worker, report=report)
        if state is None:
            break
        counts[state] += 1
    return Pass(counts[State.DELIVERED], counts[State.PENDING], counts[State.DEAD])


def run_relay(
    engine: Engine, config: WebhookConfig, stop: threading.Event, report: Report = _ignore
) -> None:
    """Deliver events until stop is set, looking for due ones every poll interval."""
    worker = make_worker_id()
    said = ""
    with make_client() as client:
        while not stop.is_set():
            problem = ""
            try:
                deliver_due(engine, config, client, worker, stop, report)
            except store.StoreUnavailable as exc:
                # The database may be back on the next look; the events wait in it meanwhile.
                problem = f"webhook: the database cannot be reached: {exc}"
            except Exception as exc:
                # Anything unforeseen must not end a server's relay for good, silently: it is
                # said in the log, and the events (safe in the outbox) are looked at again.
                problem = f"webhook: the relay met {type(exc).__name__}: {store.reason(exc)}"
            # Said once while it lasts, not every poll interval.
            if problem and problem != said:
                report(problem)
            said = problem
            stop.wait(config.poll_s)
