"""Sessions keep the asked question and the steps asked before (back is history)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 09:00:00.000000

Existing sessions keep every column; their `asked` stays NULL, which the engine reads as "a
session stored before questions were kept": it builds that chat's question once, then goes on.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("conversation_sessions") as batch:
        batch.add_column(sa.Column("asked", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("history", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("conversation_sessions") as batch:
        batch.drop_column("history")
        batch.drop_column("asked")
