"""Presentations with a presenter key and expiry; counts of code guesses and of quote requests.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None


def upgrade() -> None:
    """Add live_presentations, presentation_guesses and request_submissions."""
    op.create_table(
        "live_presentations",
        sa.Column("code", sa.String(10), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("ix_live_presentations_updated_at", "live_presentations", ["updated_at"])
    for table, count in (("presentation_guesses", "misses"), ("request_submissions", "sent")):
        op.create_table(
            table,
            sa.Column("client", sa.String(64), nullable=False),
            sa.Column(count, sa.Integer, nullable=False),
            sa.Column("window_start", sa.Float, nullable=False),
            sa.PrimaryKeyConstraint("client"),
        )


def downgrade() -> None:
    """Drop the three tables."""
    op.drop_table("request_submissions")
    op.drop_table("presentation_guesses")
    op.drop_index("ix_live_presentations_updated_at", table_name="live_presentations")
    op.drop_table("live_presentations")
