"""The app database's tables as the code reads and writes them; Alembic's revisions build them."""

from __future__ import annotations

import sqlalchemy as sa

METADATA = sa.MetaData()

REQUESTS = sa.Table(
    "quote_requests",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    # One row per form submission however often it is sent: a double click or a rerun
    # carries the same key and finds the row already there.
    sa.Column("idempotency_key", sa.String(64), nullable=False),
    sa.Column("received_at", sa.DateTime(), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("company", sa.String(150), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("phone", sa.String(40), nullable=False),
    sa.Column("message", sa.Text, nullable=False),
    sa.Column("consent", sa.Boolean, nullable=False),
    sa.UniqueConstraint("idempotency_key", name="uq_quote_requests_idempotency_key"),
    sa.Index("ix_quote_requests_received_at", "received_at"),
)
INTERESTS = sa.Table(
    "quote_interests",
    METADATA,
    sa.Column(
        "request_id",
        sa.Integer,
        sa.ForeignKey("quote_requests.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("facet", sa.String(8), primary_key=True),
    sa.Column("value", sa.String(64), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.CheckConstraint("facet IN ('place', 'theme')", name="ck_quote_interests_facet"),
    sa.Index("ix_quote_interests_value", "facet", "value"),
)
# Wrong passwords (at /admin and at sign-in) per client address, shared by every session and
# every app server that uses this database; times are wall-clock seconds since the epoch.
ADMIN_ATTEMPTS = sa.Table(
    "admin_attempts",
    METADATA,
    sa.Column("client", sa.String(64), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("locked_until", sa.Float, nullable=False),
    sa.Column("last_failed_at", sa.Float, nullable=False),
)
PRESENTATIONS = sa.Table(
    "presentations",
    METADATA,
    sa.Column("code", sa.String(6), primary_key=True),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("started_at", sa.DateTime(), nullable=False),
    sa.Column("updated_at", sa.DateTime(), nullable=False),
)
# Named accounts (revision 0002). The e-mail is kept lower-cased: one person, one row.
PEOPLE = sa.Table(
    "people",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("email", sa.String(254), nullable=False),
    sa.Column("role", sa.String(16), nullable=False),
    # argon2id's encoded hash (parameters, salt, digest); never the password.
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("disabled", sa.Boolean, nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.UniqueConstraint("email", name="uq_people_email"),
    sa.CheckConstraint("role IN ('rep', 'admin')", name="ck_people_role"),
)
# Values every app server sharing the database must agree on, made once (the session key).
APP_SETTINGS = sa.Table(
    "app_settings",
    METADATA,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)
# Presentations since revision 0003: ten-character codes, a presenter key's SHA-256 (the key
# itself stays with the presenter), expiry by updated_at. The first version's `presentations`
# table above is no longer read or written (its codes were six characters and had no key).
LIVE_PRESENTATIONS = sa.Table(
    "live_presentations",
    METADATA,
    sa.Column("code", sa.String(10), primary_key=True),
    sa.Column("key_hash", sa.String(64), nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("started_at", sa.DateTime(), nullable=False),
    sa.Column("updated_at", sa.DateTime(), nullable=False),
    sa.Index("ix_live_presentations_updated_at", "updated_at"),
)
# Unknown presentation codes looked up per client address in the current window (revision
# 0003); wall-clock seconds since the epoch.
PRESENTATION_GUESSES = sa.Table(
    "presentation_guesses",
    METADATA,
    sa.Column("client", sa.String(64), primary_key=True),
    sa.Column("misses", sa.Integer, nullable=False),
    sa.Column("window_start", sa.Float, nullable=False),
)
# Quote requests sent per client address in the current window (revision 0003).
REQUEST_SUBMISSIONS = sa.Table(
    "request_submissions",
    METADATA,
    sa.Column("client", sa.String(64), primary_key=True),
    sa.Column("sent", sa.Integer, nullable=False),
    sa.Column("window_start", sa.Float, nullable=False),
)
# The team's pitch library (revision 0004). A pitch's items, own answers and notes are one JSON
# document (read back through insights/pitch/plan.py's link grammar); `fingerprints` holds each
# claim's text digest and date as saved, so a reopened pitch tells what changed since.
# `version` is the optimistic lock: a save names the version it started from.
PITCHES = sa.Table(
    "pitches",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("title", sa.String(120), nullable=False),
    sa.Column("prospect", sa.String(80), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("fingerprints", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    # The account that made it (None on a laptop without accounts) and how it is shown.
    sa.Column("owner_id", sa.Integer, nullable=True),
    sa.Column("owner", sa.String(400), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("updated_at", sa.DateTime(), nullable=False),
    sa.Column("updated_by", sa.String(400), nullable=False),
    sa.UniqueConstraint("name", name="uq_pitches_name"),
    sa.Index("ix_pitches_updated_at", "updated_at"),
)
# The team's side of a request (revision 0006): what the prospect typed stays in quote_requests
# untouched; status, owner and the company's key live here, one row per request. `version`
# lets a change made on a stale screen be refused rather than overwrite another's.
WORKFLOW = sa.Table(
    "quote_workflow",
    METADATA,
    sa.Column(
        "request_id",
        sa.Integer,
        sa.ForeignKey("quote_requests.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("owner_id", sa.Integer, sa.ForeignKey("people.id"), nullable=True),
    sa.Column("company_key", sa.String(150), nullable=False),
    # None until someone first changes anything: the request is still untouched.
    sa.Column("changed_at", sa.DateTime(), nullable=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.CheckConstraint(
        "status IN ('new', 'contacted', 'qualified', 'won', 'lost')",
        name="ck_quote_workflow_status",
    ),
    sa.Index("ix_quote_workflow_status", "status"),
    sa.Index("ix_quote_workflow_company_key", "company_key"),
)
# Who changed what and when, one row per changed field; a note is a row of field "note".
HISTORY = sa.Table(
    "quote_history",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "request_id",
        sa.Integer,
        sa.ForeignKey("quote_requests.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("changed_at", sa.DateTime(), nullable=False),
    sa.Column("changed_by", sa.String(400), nullable=False),
    sa.Column("field", sa.String(16), nullable=False),
    sa.Column("old_value", sa.Text, nullable=False),
    sa.Column("new_value", sa.Text, nullable=False),
    sa.Index("ix_quote_history_request_id", "request_id"),
)
# The pitch a request was made from: the items its link carried, and a saved pitch's id.
ORIGINS = sa.Table(
    "quote_origins",
    METADATA,
    sa.Column(
        "request_id",
        sa.Integer,
        sa.ForeignKey("quote_requests.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("pitch_items", sa.Text, nullable=False),
    sa.Column("saved_pitch_id", sa.String(64), nullable=True),
)
# Events for the CRM webhook, written in the request's own transaction; the relay sends them.
# The body is fixed when the event is written, so every retry sends the same bytes and id.
OUTBOX = sa.Table(
    "outbox",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("event_id", sa.String(64), nullable=False),
    sa.Column(
        "request_id",
        sa.Integer,
        sa.ForeignKey("quote_requests.id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("event_type", sa.String(64), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    sa.Column("state", sa.String(16), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
    # A relay holds an event while it sends it; a lease past lease_until is free to take (the
    # relay that held it died), so one relay sends an event at a time on SQLite too.
    sa.Column("lease_owner", sa.String(64), nullable=True),
    sa.Column("lease_until", sa.DateTime(), nullable=True),
    sa.Column("last_error", sa.Text, nullable=False),
    sa.Column("delivered_at", sa.DateTime(), nullable=True),
    sa.UniqueConstraint("event_id", name="uq_outbox_event_id"),
    sa.CheckConstraint("state IN ('pending', 'delivered', 'dead')", name="ck_outbox_state"),
    sa.Index("ix_outbox_due", "state", "next_attempt_at"),
)
# Content packs kept in the store (revision 0005): a draft any app server can reopen, and the
# packs an admin published, with who wrote and who published them. body is the pack's YAML.
CONTENT_PACKS = sa.Table(
    "content_packs",
    METADATA,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("region", sa.String(64), nullable=False),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("body", sa.Text, nullable=False),
    # SHA-256 of the article's paragraphs: the same article ingested again is found by it.
    sa.Column("text_hash", sa.String(64), nullable=False),
    sa.Column("url", sa.String(500), nullable=False),
    sa.Column("created_by", sa.String(400), nullable=False),
    sa.Column("created_at", sa.DateTime(), nullable=False),
    sa.Column("updated_by", sa.String(400), nullable=False),
    sa.Column("updated_at", sa.DateTime(), nullable=False),
    sa.Column("published_by", sa.String(400), nullable=True),
    sa.Column("published_at", sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'published')", name="ck_content_packs_status"),
    sa.Index("ix_content_packs_text_hash", "text_hash"),
    sa.Index("ix_content_packs_updated_at", "updated_at"),
)
