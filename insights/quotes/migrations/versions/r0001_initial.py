"""The quote store as the code before Alembic made it: requests, interests, attempts, presentations.

Revision ID: 0001
Revises:
Create Date: 2026-12-06

A database made by that code (``CREATE TABLE`` if missing, no ``alembic_version``) already
holds these tables: each is created only where it is missing, so such a database is adopted
as it is, every row kept, and stamped at this revision.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None


def _missing(name: str) -> bool:
    """Tell whether the database lacks this table (a database from before Alembic has it)."""
    return not sa.inspect(op.get_bind()).has_table(name)


def upgrade() -> None:
    """Create whichever of the four tables is missing, exactly as the code before Alembic did."""
    if _missing("admin_attempts"):
        op.create_table(
            "admin_attempts",
            sa.Column("client", sa.String(64), nullable=False),
            sa.Column("failures", sa.Integer, nullable=False),
            sa.Column("locked_until", sa.Float, nullable=False),
            sa.Column("last_failed_at", sa.Float, nullable=False),
            sa.PrimaryKeyConstraint("client"),
        )
    if _missing("quote_requests"):
        op.create_table(
            "quote_requests",
            sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
            sa.Column("idempotency_key", sa.String(64), nullable=False),
            sa.Column("received_at", sa.DateTime(), nullable=False),
            sa.Column("kind", sa.String(16), nullable=False),
            sa.Column("name", sa.String(100), nullable=False),
            sa.Column("company", sa.String(150), nullable=False),
            sa.Column("email", sa.String(254), nullable=False),
            sa.Column("phone", sa.String(40), nullable=False),
            sa.Column("message", sa.Text, nullable=False),
            sa.Column("consent", sa.Boolean, nullable=False),
            sa.PrimaryKeyConstraint("id"),
            sa.UniqueConstraint("idempotency_key", name="uq_quote_requests_idempotency_key"),
        )
        op.create_index("ix_quote_requests_received_at", "quote_requests", ["received_at"])
    if _missing("quote_interests"):
        op.create_table(
            "quote_interests",
            sa.Column("request_id", sa.Integer, nullable=False),
            sa.Column("facet", sa.String(8), nullable=False),
            sa.Column("value", sa.String(64), nullable=False),
            sa.Column("position", sa.Integer, nullable=False),
            sa.PrimaryKeyConstraint("request_id", "facet", "value"),
            sa.CheckConstraint("facet IN ('place', 'theme')", name="ck_quote_interests_facet"),
            sa.ForeignKeyConstraint(["request_id"], ["quote_requests.id"], ondelete="CASCADE"),
        )
        op.create_index("ix_quote_interests_value", "quote_interests", ["facet", "value"])
    if _missing("presentations"):
        op.create_table(
            "presentations",
            sa.Column("code", sa.String(6), nullable=False),
            sa.Column("position", sa.Integer, nullable=False),
            sa.Column("started_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.PrimaryKeyConstraint("code"),
        )


def downgrade() -> None:
    """Drop the four tables (and everything in them)."""
    for table in ("presentations", "quote_interests", "quote_requests", "admin_attempts"):
        op.drop_table(table)
