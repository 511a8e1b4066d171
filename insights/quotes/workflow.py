"""The sales team's side of a request: status, owner, notes, and who changed what and when.

What the prospect typed is never changed here: the workflow has its own tables (revision 0006).
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from insights.content.text import find_hidden_character
from insights.errors import PackError
from insights.quotes import store
from insights.quotes.schema import HISTORY, PEOPLE, WORKFLOW


class Status(enum.StrEnum):
    """Where a request stands with the team."""

    NEW = "new"
    CONTACTED = "contacted"
    QUALIFIED = "qualified"
    WON = "won"
    LOST = "lost"


# Where each status may go next: forward one step, or lost while open; a closed request may be
# reopened one step back (a deal marked won by mistake, a lost lead that calls again).
NEXT_STATUSES: dict[Status, tuple[Status, ...]] = {
    Status.NEW: (Status.CONTACTED, Status.LOST),
    Status.CONTACTED: (Status.QUALIFIED, Status.LOST),
    Status.QUALIFIED: (Status.WON, Status.LOST),
    Status.WON: (Status.QUALIFIED,),
    Status.LOST: (Status.CONTACTED,),
}
NOTE_LIMIT = 5000
# What a history row's field names, as the admin view labels it.
FIELD_LABELS = {"status": "Status", "owner": "Owner", "note": "Note"}
_REFERENCE = re.compile(r"Q-(\d{1,12})")


@dataclass(frozen=True)
class Workflow:
    """A request's place in the workflow; version counts its changes."""

    reference: str
    status: Status
    owner_id: int | None
    owner: str
    version: int
    touched_at: dt.datetime | None


@dataclass(frozen=True)
class Change:
    """What a person asks to change at once: the status, the owner (None: nobody), a note."""

    status: Status
    owner_id: int | None
    note: str = ""


@dataclass(frozen=True)
class HistoryEntry:
    """One recorded change: when (UTC), who, which field, from what, to what."""

    changed_at: dt.datetime
    changed_by: str
    field: str
    old_value: str
    new_value: str


def parse_reference(reference: str) -> int:
    """Return the row id a reference (Q-000042) names; a malformed one is refused."""
    found = _REFERENCE.fullmatch(reference.strip())
    if found is None:
        raise PackError("request", "Reference", "Use a reference like Q-000042.")
    return int(found.group(1))


def allowed_statuses(current: Status) -> tuple[Status, ...]:
    """Return the statuses a request in this one may be given: itself first, then its next."""
    return (current, *NEXT_STATUSES[current])


def _owner_label(name: str | None, email: str | None) -> str:
    """Return how an owner is shown and recorded ("nobody" when none)."""
    return "nobody" if name is None else f"{name} <{email}>"


def _read(conn: sa.Connection, request_id: int) -> sa.Row[tuple[object, ...]] | None:
    """Return the request's workflow row joined with its owner's name and e-mail."""
    query = (
        sa.select(WORKFLOW, PEOPLE.c.name, PEOPLE.c.email)
        .select_from(WORKFLOW.outerjoin(PEOPLE, PEOPLE.c.id == WORKFLOW.c.owner_id))
        .where(WORKFLOW.c.request_id == request_id)
    )
    return conn.execute(query).one_or_none()


def _as_workflow(reference: str, row: sa.Row[tuple[object, ...]]) -> Workflow:
    """Return a workflow row as the caller sees it."""
    mapping = row._mapping
    touched = mapping["changed_at"]
    return Workflow(
        reference=reference,
        status=Status(str(mapping["status"])),
        owner_id=mapping["owner_id"],
        owner=_owner_label(mapping["name"], mapping["email"]),
        version=int(mapping["version"]),
        touched_at=None if touched is None else touched.replace(tzinfo=dt.UTC),
    )


def read_workflow(engine: Engine, reference: str) -> Workflow:
    """Return where a request stands; an unknown reference is refused."""
    request_id = parse_reference(reference)

    def read() -> Workflow:
        with engine.begin() as conn:
            row = _read(conn, request_id)
        if row is None:
            raise PackError(reference, "", "No such request.")
        return _as_workflow(reference, row)

    return store.guarded(read)


def check_note(note: str) -> str:
    """Return a note as stored (trimmed); one too long or with hidden characters is refused."""
    if len(note) > NOTE_LIMIT:
        raise PackError(
            "note", "Note", f"Use at most {NOTE_LIMIT:,} characters (this has {len(note):,})."
        )
    bad = find_hidden_character(note.replace("\r\n", "\n"), "\n\t")
    if bad is not None:
        raise PackError(
            "note", "Note", f"Contains an invisible or control character (U+{ord(bad):04X})."
        )
    return note.replace("\r\n", "\n").strip()


def change_request(
    engine: Engine, reference: str, change: Change, who: str, now: dt.datetime, version: int
) -> Workflow:
    """Apply a change made on a screen showing `version`; record each changed field with who/when.

    Refused whole, naming the field, when the status may not follow the current one, the owner
    is not an active account, the note is unusable, or someone else changed the request since
    (its version moved on): nobody's change is overwritten unseen.
    """
    request_id = parse_reference(reference)
    note = check_note(change.note)
    at = now.astimezone(dt.UTC).replace(tzinfo=None)

    def apply() -> Workflow:
        with engine.begin() as conn:
            row = _read(conn, request_id)
            if row is None:
                raise PackError(reference, "", "No such request.")
            before = _as_workflow(reference, row)
            if before.version != version:
                raise PackError(
                    reference, "", "Someone changed this request meanwhile: reload to see it."
                )
            if change.status not in allowed_statuses(before.status):
                nexts = " or ".join(s.value for s in NEXT_STATUSES[before.status])
                raise PackError(
                    reference,
                    "Status",
                    f"A {before.status.value} request goes to {nexts}, not {change.status.value}.",
                )
            owner = before.owner
            if change.owner_id != before.owner_id:
                found = (
                    None
                    if change.owner_id is None
                    else conn.execute(
                        sa.select(PEOPLE.c.name, PEOPLE.c.email).where(
                            PEOPLE.c.id == change.owner_id, PEOPLE.c.disabled.is_(False)
                        )
                    ).one_or_none()
                )
                if change.owner_id is not None and found is None:
                    raise PackError(reference, "Owner", "Choose an active account, or nobody.")
                owner = _owner_label(*found) if found is not None else "nobody"
            entries = [
                (field, old, new)
                for field, old, new in (
                    ("status", before.status.value, change.status.value),
                    ("owner", before.owner, owner),
                    ("note", "", note),
                )
                if old != new
            ]
            if not entries:
                return before
            conn.execute(
                sa.update(WORKFLOW)
                .where(WORKFLOW.c.request_id == request_id, WORKFLOW.c.version == version)
                .values(
                    status=change.status.value,
                    owner_id=change.owner_id,
                    changed_at=at,
                    version=version + 1,
                )
            )
            conn.execute(
                sa.insert(HISTORY),
                [
                    {
                        "request_id": request_id,
                        "changed_at": at,
                        "changed_by": who,
                        "field": field,
                        "old_value": old,
                        "new_value": new,
                    }
                    for field, old, new in entries
                ],
            )
            after = _read(conn, request_id)
        if after is None:  # pragma: no cover - the row was there a moment ago, in this transaction
            raise PackError(reference, "", "No such request.")
        return _as_workflow(reference, after)

    return store.guarded(apply)


def read_history(engine: Engine, reference: str) -> list[HistoryEntry]:
    """Return a request's recorded changes, oldest first."""
    request_id = parse_reference(reference)
    query = (
        sa.select(HISTORY)
        .where(HISTORY.c.request_id == request_id)
        .order_by(HISTORY.c.changed_at, HISTORY.c.id)
    )

    def read() -> list[HistoryEntry]:
        with engine.begin() as conn:
            rows = conn.execute(query).all()
        return [
            HistoryEntry(
                row.changed_at.replace(tzinfo=dt.UTC),
                row.changed_by,
                row.field,
                row.old_value,
                row.new_value,
            )
            for row in rows
        ]

    return store.guarded(read)


def count_statuses(engine: Engine) -> dict[Status, int]:
    """Return how many requests are in each status."""

    def read() -> dict[Status, int]:
        with engine.begin() as conn:
            rows = conn.execute(
                sa.select(WORKFLOW.c.status, sa.func.count()).group_by(WORKFLOW.c.status)
            ).all()
        found = {Status(status): int(count) for status, count in rows}
        return {status: found.get(status, 0) for status in Status}

    return store.guarded(read)


def untouched_for(
    status: str, received_at: dt.datetime, touched_at: dt.datetime | None, now: dt.datetime
) -> dt.timedelta | None:
    """Return how long a new request has waited with nobody changing it; None once touched."""
    if status != Status.NEW.value or touched_at is not None:
        return None
    return max(dt.timedelta(0), now - received_at)


def describe_age(age: dt.timedelta | None) -> str:
    """Say an age in the largest units that matter ("2 d 3 h", "45 min"); "" for none."""
    if age is None:
        return ""
    minutes = int(age.total_seconds() // 60)
    days, hours, mins = minutes // 1440, minutes % 1440 // 60, minutes % 60
    if days:
        return f"{days} d {hours} h"
    return f"{hours} h {mins} min" if hours else f"{mins} min"
