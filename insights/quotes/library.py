"""The team's pitch library in the app's store: save, reopen, rename, duplicate, delete, list.

Every save names the version it started from; a save over a newer version is refused
(StaleVersion), so two tabs never silently overwrite each other.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from insights.errors import PackError
from insights.pitch import plan
from insights.pitch.fingerprint import Fingerprint
from insights.pitch.plan import Pitch
from insights.quotes import store
from insights.quotes.people import Person
from insights.quotes.schema import PITCHES

WHERE = "pitch library"
MAX_NAME_CHARS = 120
LIST_LIMIT = 200
STALE_MESSAGE = "changed in another tab: reload, or save as a copy"
# Who saved on a laptop without accounts: the one person using it.
THIS_LAPTOP = "this laptop"


class StaleVersion(PackError):
    """The pitch was saved elsewhere since this copy was opened; nothing was written."""

    def __init__(self) -> None:
        super().__init__(WHERE, "version", STALE_MESSAGE)

    def __reduce__(self) -> Any:
        return (StaleVersion, ())


@dataclass(frozen=True)
class SavedPitch:
    """A pitch as the library holds it: its name, the pitch, its version and who changed it."""

    id: int
    name: str
    pitch: Pitch
    version: int
    owner: str
    owner_id: int | None
    updated_at: dt.datetime
    updated_by: str
    fingerprints: Mapping[str, Fingerprint]


def check_name(name: str) -> str:
    """Return a pitch's name trimmed, or raise PackError naming the field."""
    clean = plan.check_own_text(name, "name", MAX_NAME_CHARS)
    if not clean:
        raise PackError(WHERE, "name", "give the pitch a name")
    return clean


def encode_pitch(pitch: Pitch) -> str:
    """Return the pitch as the library's JSON: its link form plus the notes."""
    return json.dumps(
        {"params": plan.to_params(dataclasses.replace(pitch, saved=None)), "notes": pitch.notes},
        ensure_ascii=False,
    )


def decode_pitch(text: str, saved_id: int) -> Pitch:
    """Return the pitch a library row holds (unchecked against content: the page prunes it)."""
    data = json.loads(text)
    params: dict[str, list[str]] = data.get("params", {})
    answers = {}
    for value in params.get(plan.ANSWER_PARAM, []):
        challenge, _, said = value.partition(plan.ANSWER_SEPARATOR)
        answers[challenge] = said
    raw = plan.ITEM_SEPARATOR.join(params.get(plan.PITCH_PARAM, []))
    items = (
        tuple(plan.parse_item(t, answers) for t in raw.split(plan.ITEM_SEPARATOR)) if raw else ()
    )
    return Pitch(
        title=(params.get(plan.TITLE_PARAM) or [""])[-1],
        prospect=(params.get(plan.PROSPECT_PARAM) or [""])[-1],
        items=items,
        notes=tuple((str(k), str(v)) for k, v in data.get("notes", [])),
        saved=saved_id,
    )


def _encode_fingerprints(found: Mapping[str, Fingerprint]) -> str:
    return json.dumps({k: dataclasses.asdict(v) for k, v in found.items()}, ensure_ascii=False)


def _decode_fingerprints(text: str) -> dict[str, Fingerprint]:
    return {k: Fingerprint(**v) for k, v in json.loads(text).items()}


def _naive(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def who(person: Person) -> str:
    """Return how a person is recorded as a pitch's owner or editor."""
    return person.label if person.signed_in else THIS_LAPTOP


def _saved(row: Any) -> SavedPitch:
    return SavedPitch(
        id=int(row.id),
        name=row.name,
        pitch=decode_pitch(row.body, int(row.id)),
        version=int(row.version),
        owner=row.owner,
        owner_id=row.owner_id,
        updated_at=row.updated_at.replace(tzinfo=dt.UTC),
        updated_by=row.updated_by,
        fingerprints=_decode_fingerprints(row.fingerprints),
    )


def _content(pitch: Pitch, fingerprints: Mapping[str, Fingerprint]) -> dict[str, object]:
    return {
        "title": pitch.title,
        "prospect": pitch.prospect,
        "body": encode_pitch(pitch),
        "fingerprints": _encode_fingerprints(fingerprints),
    }


def _read(conn: sa.Connection, where: sa.ColumnElement[bool]) -> SavedPitch | None:
    row = conn.execute(sa.select(PITCHES).where(where)).one_or_none()
    return None if row is None else _saved(row)


def _taken(name: str) -> PackError:
    return PackError(WHERE, "name", f"a pitch named “{name}” exists already: choose another name")


def save_new(
    engine: Engine,
    name: str,
    pitch: Pitch,
    fingerprints: Mapping[str, Fingerprint],
    person: Person,
    now: dt.datetime,
) -> SavedPitch:
    """Store a pitch under a new name (version 1) and return it as stored."""
    clean = check_name(name)
    row = {
        "name": clean,
        **_content(pitch, fingerprints),
        "version": 1,
        "owner_id": person.account_id,
        "owner": who(person),
        "created_at": _naive(now),
        "updated_at": _naive(now),
        "updated_by": who(person),
    }

    def insert() -> SavedPitch:
        with engine.begin() as conn:
            conn.execute(sa.insert(PITCHES), row)
            made = _read(conn, PITCHES.c.name == clean)
        if made is None:  # pragma: no cover - just inserted
            raise store.StoreUnavailable("the saved pitch could not be read back")
        return made

    try:
        return store.guarded(insert)
    except sa.exc.IntegrityError:
        raise _taken(clean) from None


def _update(
    engine: Engine, pitch_id: int, version: int, values: Mapping[str, object], name: str = ""
) -> SavedPitch:
    """Write values over one version of a pitch; refuse when another save came first."""

    def write() -> SavedPitch | None:
        with engine.begin() as conn:
            done = conn.execute(
                sa.update(PITCHES)
                .where(PITCHES.c.id == pitch_id, PITCHES.c.version == version)
                .values(**values, version=version + 1)
            )
            if done.rowcount == 1:
                return _read(conn, PITCHES.c.id == pitch_id)
            exists = conn.execute(sa.select(PITCHES.c.id).where(PITCHES.c.id == pitch_id)).first()
        if exists is None:
            raise PackError(WHERE, "pitch", "no longer in the library: save it as a copy")
        raise StaleVersion()

    try:
        found = store.guarded(write)
    except sa.exc.IntegrityError:
        raise _taken(name) from None
    if found is None:  # pragma: no cover - just updated
        raise store.StoreUnavailable("the saved pitch could not be read back")
    return found


def save_over(
    engine: Engine,
    saved: SavedPitch,
    pitch: Pitch,
    fingerprints: Mapping[str, Fingerprint],
    person: Person,
    now: dt.datetime,
) -> SavedPitch:
    """Save the pitch over the version it was opened at; StaleVersion when that is not current."""
    values = {**_content(pitch, fingerprints), "updated_at": _naive(now), "updated_by": who(person)}
    return _update(engine, saved.id, saved.version, values)


def rename_saved(
    engine: Engine, saved: SavedPitch, name: str, person: Person, now: dt.datetime
) -> SavedPitch:
    """Give a saved pitch a new name (a version of its own); a name in use is refused."""
    clean = check_name(name)
    values = {"name": clean, "updated_at": _naive(now), "updated_by": who(person)}
    return _update(engine, saved.id, saved.version, values, clean)


def duplicate(
    engine: Engine, saved: SavedPitch, name: str, person: Person, now: dt.datetime
) -> SavedPitch:
    """Store an independent copy of a saved pitch under a new name, owned by this person."""
    return save_new(engine, name, saved.pitch, saved.fingerprints, person, now)


def delete(engine: Engine, pitch_id: int) -> bool:
    """Remove a saved pitch; tell whether there was one."""

    def remove() -> bool:
        with engine.begin() as conn:
            return conn.execute(sa.delete(PITCHES).where(PITCHES.c.id == pitch_id)).rowcount == 1

    return store.guarded(remove)


def open_by_name(engine: Engine, name: str) -> SavedPitch | None:
    """Return the saved pitch with exactly this name, or None."""

    def read() -> SavedPitch | None:
        with engine.begin() as conn:
            return _read(conn, PITCHES.c.name == name.strip())

    return store.guarded(read)


def open_by_id(engine: Engine, pitch_id: int) -> SavedPitch | None:
    """Return the saved pitch with this id, or None."""

    def read() -> SavedPitch | None:
        with engine.begin() as conn:
            return _read(conn, PITCHES.c.id == pitch_id)

    return store.guarded(read)


def list_saved(
    engine: Engine, search: str = "", mine: Person | None = None, limit: int = LIST_LIMIT
) -> list[SavedPitch]:
    """Return saved pitches, last edited first (the team's or one person's), by name or prospect."""
    conditions: list[sa.ColumnElement[bool]] = []
    if search.strip():
        needle = search.strip()
        conditions.append(
            sa.or_(
                PITCHES.c.name.icontains(needle, autoescape=True),
                PITCHES.c.prospect.icontains(needle, autoescape=True),
            )
        )
    if mine is not None:
        conditions.append(
            PITCHES.c.owner_id == mine.account_id
            if mine.signed_in
            else PITCHES.c.owner_id.is_(None)
        )
    query = (
        sa.select(PITCHES)
        .where(*conditions)
        .order_by(PITCHES.c.updated_at.desc(), PITCHES.c.id.desc())
        .limit(limit)
    )

    def read() -> list[SavedPitch]:
        with engine.begin() as conn:
            return [_saved(row) for row in conn.execute(query)]

    return store.guarded(read)


def make_copy_name(name: str, taken: set[str]) -> str:
    """Return the first free name of the form ``NAME (copy)``, ``NAME (copy 2)``…"""
    base = name[: MAX_NAME_CHARS - 12]
    for n in range(1, 1000):
        candidate = f"{base} (copy)" if n == 1 else f"{base} (copy {n})"
        if candidate not in taken:
            return candidate
    raise PackError(WHERE, "name", "too many copies of this pitch: choose a name")
