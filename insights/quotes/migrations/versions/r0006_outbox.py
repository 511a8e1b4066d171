"""The quote workflow (status, owner, history, the pitch a request came from) and the outbox.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels: tuple[str, ...] | None = None
depends_on: tuple[str, ...] | None = None

_NOT_WORD = re.compile(r"[\W_]+")


def _company_key(company: str) -> str:
    # The same rule as insights.quotes.workflow.company_key, frozen here: a revision must keep
    # doing what it did when it shipped, whatever the code later does.
    return _NOT_WORD.sub(" ", company.casefold()).strip()[:150]


def upgrade() -> None:
    """Add quote_workflow, quote_history, quote_origins and outbox; every request starts new."""
    op.create_table(
        "quote_workflow",
        sa.Column("request_id", sa.Integer, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("owner_id", sa.Integer, nullable=True),
        sa.Column("company_key", sa.String(150), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("request_id"),
        sa.ForeignKeyConstraint(["request_id"], ["quote_requests.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["owner_id"], ["people.id"]),
        sa.CheckConstraint(
            "status IN ('new', 'contacted', 'qualified', 'won', 'lost')",
            name="ck_quote_workflow_status",
        ),
    )
    op.create_index("ix_quote_workflow_status", "quote_workflow", ["status"])
    op.create_index("ix_quote_workflow_company_key", "quote_workflow", ["company_key"])
    op.create_table(
        "quote_history",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("request_id", sa.Integer, nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(400), nullable=False),
        sa.Column("field", sa.String(16), nullable=False),
        sa.Column("old_value", sa.Text, nullable=False),
        sa.Column("new_value", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["request_id"], ["quote_requests.id"], ondelete="CASCADE"),
    )
    op.create_index("ix_quote_history_request_id", "quote_history", ["request_id"])
    op.create_table(
        "quote_origins",
        sa.Column("request_id", sa.Integer, nullable=False),
        sa.Column("pitch_items", sa.Text, nullable=False),
        sa.Column("saved_pitch_id", sa.String(64), nullable=True),
        sa.PrimaryKeyConstraint("request_id"),
        sa.ForeignKeyConstraint(["request_id"], ["quote_requests.id"], ondelete="CASCADE"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer, autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(64), nullable=False),
        sa.Column("request_id", sa.Integer, nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("lease_owner", sa.String(64), nullable=True),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text, nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.ForeignKeyConstraint(["request_id"], ["quote_requests.id"], ondelete="CASCADE"),
        sa.UniqueConstraint("event_id", name="uq_outbox_event_id"),
        sa.CheckConstraint("state IN ('pending', 'delivered', 'dead')", name="ck_outbox_state"),
    )
    op.create_index("ix_outbox_due", "outbox", ["state", "next_attempt_at"])
    # Requests stored before this revision enter the workflow as new, their company keyed.
    conn = op.get_bind()
    workflow = sa.table(
        "quote_workflow",
        sa.column("request_id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("company_key", sa.String),
        sa.column("version", sa.Integer),
    )
    requests = sa.table("quote_requests", sa.column("id", sa.Integer), sa.column("company"))
    rows = conn.execute(sa.select(requests.c.id, requests.c.company)).all()
    if rows:
        conn.execute(
            sa.insert(workflow),
            [
                {
                    "request_id": r.id,
                    "status": "new",
                    "company_key": _company_key(r.company),
                    "version": 0,
                }
                for r in rows
            ],
        )


def downgrade() -> None:
    """Drop the four tables."""
    op.drop_index("ix_outbox_due", table_name="outbox")
    op.drop_table("outbox")
    op.drop_table("quote_origins")
    op.drop_index("ix_quote_history_request_id", table_name="quote_history")
    op.drop_table("quote_history")
    op.drop_index("ix_quote_workflow_company_key", table_name="quote_workflow")
    op.drop_index("ix_quote_workflow_status", table_name="quote_workflow")
    op.drop_table("quote_workflow")
