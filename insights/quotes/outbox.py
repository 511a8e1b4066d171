"""The outbox's rows: events claimed under a lease, their attempts recorded, dead letters retried.

Every relay (one per app server, or `python -m insights deliver`) takes an event the same way:
in one transaction it finds a due event whose lease is free and leases it. PostgreSQL skips
rows another relay holds locked (SKIP LOCKED); SQLite's transactions take the write lock at
BEGIN, one at a time, so the same statements hold there too. A relay that dies leaves a
lease that ends by itself; the event is then taken again, with the same id.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from insights.quotes import store
from insights.quotes.schema import OUTBOX


class State(enum.StrEnum):
    """Where an event stands."""

    PENDING = "pending"
    DELIVERED = "delivered"
    DEAD = "dead"


@dataclass(frozen=True)
class Claimed:
    """An event a relay holds: what to send, and how often it was tried before."""

    id: int
    event_id: str
    body: str
    attempts: int


@dataclass(frozen=True)
class Letter:
    """An event as the admin view lists it."""

    id: int
    event_id: str
    reference: str
    state: State
    attempts: int
    created_at: dt.datetime
    last_error: str


def _naive(moment: dt.datetime) -> dt.datetime:
    """Return an aware time as naive UTC, as the store keeps every time."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def claim_next(engine: Engine, worker: str, now: dt.datetime, lease_s: float) -> Claimed | None:
    """Lease the next due event to this worker and return it; None when nothing is due."""
    at = _naive(now)
    free = sa.or_(OUTBOX.c.lease_until.is_(None), OUTBOX.c.lease_until < at)
    due = (
        sa.select(OUTBOX.c.id, OUTBOX.c.event_id, OUTBOX.c.body, OUTBOX.c.attempts)
        .where(OUTBOX.c.state == State.PENDING.value, OUTBOX.c.next_attempt_at <= at, free)
        .order_by(OUTBOX.c.next_attempt_at, OUTBOX.c.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )

    def claim() -> Claimed | None:
        with engine.begin() as conn:
            row = conn.execute(due).one_or_none()
            if row is None:
                return None
            taken = conn.execute(
                sa.update(OUTBOX)
                .where(OUTBOX.c.id == row.id, OUTBOX.c.state == State.PENDING.value, free)
                .values(lease_owner=worker, lease_until=at + dt.timedelta(seconds=lease_s))
            ).rowcount
        return Claimed(row.id, row.event_id, row.body, row.attempts) if taken == 1 else None

    return store.guarded(claim)


def record_attempt(
    engine: Engine,
    worker: str,
    claimed: Claimed,
    state: State,
    error: str,
    next_attempt_at: dt.datetime,
    now: dt.datetime,
) -> bool:
    """Record one attempt on an event this worker holds and free it; False if it lost the lease."""
    values = {
        "state": state.value,
        "attempts": claimed.attempts + 1,
        "last_error": error,
        "next_attempt_at": _naive(next_attempt_at),
        "lease_owner": None,
        "lease_until": None,
        "delivered_at": _naive(now) if state is State.DELIVERED else None,
    }

    def record() -> bool:
        with engine.begin() as conn:
            done = conn.execute(
                sa.update(OUTBOX)
                .where(OUTBOX.c.id == claimed.id, OUTBOX.c.lease_owner == worker)
                .values(**values)
            ).rowcount
        return done == 1

    return store.guarded(record)


def list_letters(engine: Engine, state: State, limit: int = 200) -> list[Letter]:
    """Return the events in this state, oldest first (the dead letters, say)."""
    query = (
        sa.select(OUTBOX)
        .where(OUTBOX.c.state == state.value)
        .order_by(OUTBOX.c.created_at, OUTBOX.c.id)
        .limit(limit)
    )

    def read() -> list[Letter]:
        with engine.begin() as conn:
            rows = conn.execute(query).all()
        return [
            Letter(
                id=row.id,
                event_id=row.event_id,
                reference=store.format_reference(row.request_id),
                state=State(row.state),
                attempts=row.attempts,
                created_at=row.created_at.replace(tzinfo=dt.UTC),
                last_error=row.last_error,
            )
            for row in rows
        ]

    return store.guarded(read)


def count_states(engine: Engine) -> dict[State, int]:
    """Return how many events are in each state."""

    def read() -> dict[State, int]:
        with engine.begin() as conn:
            rows = conn.execute(
                sa.select(OUTBOX.c.state, sa.func.count()).group_by(OUTBOX.c.state)
            ).all()
        found = {State(state): int(count) for state, count in rows}
        return {state: found.get(state, 0) for state in State}

    return store.guarded(read)


def retry_letter(engine: Engine, letter_id: int, now: dt.datetime) -> bool:
    """Put a dead letter back in the queue, due now, its schedule afresh; False if not dead."""

    def retry() -> bool:
        with engine.begin() as conn:
            done = conn.execute(
                sa.update(OUTBOX)
                .where(OUTBOX.c.id == letter_id, OUTBOX.c.state == State.DEAD.value)
                .values(
                    state=State.PENDING.value,
                    attempts=0,
                    next_attempt_at=_naive(now),
                    lease_owner=None,
                    lease_until=None,
                )
            ).rowcount
        return done == 1

    return store.guarded(retry)
