"""Content packs kept in the store: drafts shared by every app server, and what an admin published.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None


def upgrade() -> None:
    """Add content_packs."""
    op.create_table(
        "content_packs",
        sa.Column("id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("region", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("text_hash", sa.String(64), nullable=False),
        sa.Column("url", sa.String(500), nullable=False),
        sa.Column("created_by", sa.String(400), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(400), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("published_by", sa.String(400), nullable=True),
        sa.Column("published_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.CheckConstraint("status IN ('draft', 'published')", name="ck_content_packs_status"),
    )
    op.create_index("ix_content_packs_text_hash", "content_packs", ["text_hash"])
    op.create_index("ix_content_packs_updated_at", "content_packs", ["updated_at"])


def downgrade() -> None:
    """Drop content_packs."""
    op.drop_index("ix_content_packs_updated_at", table_name="content_packs")
    op.drop_index("ix_content_packs_text_hash", table_name="content_packs")
    op.drop_table("content_packs")
