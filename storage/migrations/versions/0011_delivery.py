"""Pending updates (one chat in order across instances) and the shared sending budget

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 13:00:00.000000

Two new tables; no existing row or session changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pending_updates",
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("update_id", sa.BigInteger(), nullable=False),
        sa.Column("chat_id", sa.String(length=100), nullable=False),
        sa.Column("arrived_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("channel", "update_id", name=op.f("pk_pending_updates")),
    )
    op.create_index(
        "ix_pending_updates_chat", "pending_updates", ["channel", "chat_id", "update_id"]
    )
    op.create_table(
        "send_budget",
        sa.Column("name", sa.String(length=20), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("refilled_at", sa.Float(), nullable=False),
        sa.Column("paused_until", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_send_budget")),
    )


def downgrade() -> None:
    op.drop_table("send_budget")
    op.drop_index("ix_pending_updates_chat", table_name="pending_updates")
    op.drop_table("pending_updates")
