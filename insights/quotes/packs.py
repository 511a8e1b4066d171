"""Content packs kept in the store: drafts any app server can reopen, published by an admin.

A draft is saved by a person who may write content and published, as a second step, only by
one who may publish; the store records who wrote it, who published it and when. The catalog
reads the published packs from here beside the git-reviewed packs of the data folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from insights.content import load
from insights.errors import PackError
from insights.ingest import draft as drafting
from insights.ingest import review
from insights.quotes import store
from insights.quotes.people import Person
from insights.quotes.permissions import Action, require
from insights.quotes.schema import CONTENT_PACKS

Status = Literal["draft", "published"]
# How a stored pack is named in messages and in the catalog's problem list: never a path.
STORE_PREFIX = "store"


@dataclass(frozen=True)
class StoredPack:
    """One pack as the store holds it, with who wrote and who published it."""

    id: str
    status: Status
    region: str
    title: str
    body: str
    text_hash: str
    url: str
    created_by: str
    created_at: dt.datetime
    updated_by: str
    updated_at: dt.datetime
    published_by: str | None = None
    published_at: dt.datetime | None = None

    @property
    def name(self) -> str:
        """Return how messages name this pack ("store:colombia-report")."""
        return f"{STORE_PREFIX}:{self.id}"

    def data(self) -> dict[str, Any]:
        """Return the pack as plain data (what the YAML body holds)."""
        parsed = load.parse_yaml(self.body)
        if not isinstance(parsed, dict):
            raise PackError(self.name, "", "the stored pack is not a mapping")
        return parsed


def hash_article(paragraphs: Sequence[str]) -> str:
    """Return the SHA-256 of an article's paragraphs, spaces folded: same text, same hash."""
    folded = "\n".join(" ".join(p.split()) for p in paragraphs)
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def hash_draft(draft: Mapping[str, Any]) -> str:
    """Return the hash of the article a draft was read from (its paragraphs' own words)."""
    return hash_article([p.get("text", "") for p in draft["source"]["paragraphs"]])


def _naive(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise ValueError("pass an aware datetime")
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _stored(row: Any) -> StoredPack:
    return StoredPack(**dict(row._mapping))


def find_pack(engine: Engine, pack_id: str) -> StoredPack | None:
    """Return the stored pack with this id, or None."""

    def read() -> StoredPack | None:
        with engine.begin() as conn:
            row = conn.execute(
                sa.select(CONTENT_PACKS).where(CONTENT_PACKS.c.id == pack_id)
            ).first()
        return None if row is None else _stored(row)

    return store.guarded(read)


def list_packs(engine: Engine, status: Status | None = None) -> list[StoredPack]:
    """Return the stored packs (of one status, if given), the most recently changed first."""

    def read() -> list[StoredPack]:
        query = sa.select(CONTENT_PACKS).order_by(
            CONTENT_PACKS.c.updated_at.desc(), CONTENT_PACKS.c.id
        )
        if status is not None:
            query = query.where(CONTENT_PACKS.c.status == status)
        with engine.begin() as conn:
            return [_stored(row) for row in conn.execute(query)]

    return store.guarded(read)


def find_same_article(engine: Engine, text_hash: str, url: str | None) -> list[StoredPack]:
    """Return the stored packs read from the same article: the same text, or the same address."""
    match = CONTENT_PACKS.c.text_hash == text_hash
    if url:
        match = sa.or_(match, CONTENT_PACKS.c.url == url)

    def read() -> list[StoredPack]:
        with engine.begin() as conn:
            rows = conn.execute(sa.select(CONTENT_PACKS).where(match).order_by(CONTENT_PACKS.c.id))
            return [_stored(row) for row in rows]

    return store.guarded(read)


def save_draft(
    engine: Engine,
    person: Person,
    pack: Mapping[str, Any],
    text_hash: str,
    now: dt.datetime,
    replacing: bool = False,
) -> StoredPack:
    """Store a new draft, or a reopened one again (replacing); never overwrite another's."""
    require(person, Action.WRITE)
    name = f"{STORE_PREFIX}:{pack['id']}"
    if pack.get("status") != "draft":
        raise PackError(name, "status", "only a draft is saved here; an admin publishes it")
    problems = drafting.check_draft(pack, name)
    if problems:
        raise problems[0]
    when = _naive(now)
    row = {
        "status": "draft",
        "region": pack["region"]["id"],
        "title": str(pack["source"]["title"])[:200],
        "body": drafting.dump_pack(pack),
        "text_hash": text_hash,
        "url": str(pack["source"]["url"])[:500],
        "updated_by": person.label,
        "updated_at": when,
    }

    def write() -> None:
        with engine.begin() as conn:
            found = conn.execute(
                sa.select(CONTENT_PACKS.c.status).where(CONTENT_PACKS.c.id == pack["id"])
            ).scalar_one_or_none()
            if found == "published":
                raise PackError(name, "id", "already published; change the region or title")
            if found is not None and not replacing:
                raise PackError(
                    name, "id", "a saved draft has this id; reopen it, or change the title"
                )
            if found is None:
                conn.execute(
                    sa.insert(CONTENT_PACKS).values(
                        id=pack["id"], created_by=person.label, created_at=when, **row
                    )
                )
            else:
                conn.execute(
                    sa.update(CONTENT_PACKS).where(CONTENT_PACKS.c.id == pack["id"]).values(**row)
                )

    store.retry_on_race(write)
    saved = find_pack(engine, pack["id"])
    if saved is None:  # pragma: no cover - written just above in its own transaction
        raise PackError(name, "", "was not saved")
    return saved


def make_published(stored: StoredPack) -> dict[str, Any]:
    """Return a stored draft as the pack it publishes as, or raise PackError saying why not."""
    draft = stored.data()
    pack, reasons = review.finalise(draft, drafting.list_proposals(draft), True, stored.name)
    if pack is None:
        plain = [review.describe_line(r, draft["claims"]) for r in reasons]
        raise PackError(stored.name, "", "cannot be published yet: " + "; ".join(plain))
    return pack


def publish_pack(
    engine: Engine, person: Person, pack_id: str, now: dt.datetime, password_given: bool = False
) -> StoredPack:
    """Publish a stored draft as an admin (on a laptop: with the admin password); record who."""
    require(person, Action.PUBLISH, password_given)
    stored = find_pack(engine, pack_id)
    if stored is None:
        raise PackError(f"{STORE_PREFIX}:{pack_id}", "", "no such draft in the store")
    if stored.status == "published":
        raise PackError(stored.name, "", f"already published by {stored.published_by}")
    body = drafting.dump_pack(make_published(stored))
    when = _naive(now)

    def write() -> int:
        with engine.begin() as conn:
            done = conn.execute(
                sa.update(CONTENT_PACKS)
                .where(CONTENT_PACKS.c.id == pack_id, CONTENT_PACKS.c.status == "draft")
                .values(
                    status="published",
                    body=body,
                    published_by=person.label,
                    published_at=when,
                    updated_by=person.label,
                    updated_at=when,
                )
            )
            return int(done.rowcount)

    if store.guarded(write) != 1:
        raise PackError(stored.name, "", "was published or removed by someone else meanwhile")
    published = find_pack(engine, pack_id)
    if published is None:  # pragma: no cover - updated just above
        raise PackError(stored.name, "", "was removed meanwhile")
    return published


def read_pack_texts(engine: Engine, person_may_see_drafts: bool) -> list[tuple[str, str]]:
    """Return (name, YAML) of the published packs, and of the drafts too when asked for."""
    wanted: tuple[Status, ...] = ("published", "draft") if person_may_see_drafts else ("published",)
    return [(p.name, p.body) for p in list_packs(engine) if p.status in wanted]


def stamp_store(engine: Engine) -> str:
    """Return a value that changes whenever a stored pack is saved or published."""

    def read() -> str:
        with engine.begin() as conn:
            count, newest = conn.execute(
                sa.select(sa.func.count(), sa.func.max(CONTENT_PACKS.c.updated_at))
            ).one()
        return f"{count}:{newest}"

    return store.guarded(read)


def describe_pack(stored: StoredPack) -> Mapping[str, str]:
    """Return a stored pack's fields as the Content view shows them, as plain text."""
    return {
        "Pack": stored.id,
        "Region": stored.region,
        "Title": stored.title,
        "Status": stored.status,
        "Written by": stored.created_by,
        "Last saved by": stored.updated_by,
        "Changed": f"{stored.updated_at:%Y-%m-%d %H:%M} UTC",
        "Published by": stored.published_by or "",
        "Published": f"{stored.published_at:%Y-%m-%d %H:%M} UTC" if stored.published_at else "",
    }
