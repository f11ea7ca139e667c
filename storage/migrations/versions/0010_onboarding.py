"""Onboarding: practice organisations, cheques and jongeren are marked; sandboxes and progress

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 12:45:00.000000

Every existing organisation, cheque and jongere is real (`practice` false). `sandboxes` holds a
person's practice organisation once they use /oefenen, and whether they are practising now;
`onboarding` holds one row per staff member once they are welcomed: what they did of their
checklist, which flows they opened (tips once), and the chat message showing their checklist.
No existing table is copied (plain ADD/DROP COLUMN): on SQLite, copying a table that other
tables' foreign keys point at would fail.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MARKED = ("organisations", "issued_cheques", "jongeren")


def upgrade() -> None:
    for table in MARKED:
        op.add_column(
            table, sa.Column("practice", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.create_table(
        "sandboxes",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("practising", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_sandboxes_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_sandboxes_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_sandboxes")),
    )
    op.create_index(
        op.f("ix_sandboxes_organisation_id"), "sandboxes", ["organisation_id"], unique=False
    )
    op.create_table(
        "onboarding",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("done", sa.JSON(), nullable=False),
        sa.Column("seen", sa.JSON(), nullable=False),
        sa.Column("checklist_chat", sa.String(length=100), nullable=True),
        sa.Column("checklist_message", sa.BigInteger(), nullable=True),
        sa.Column("welcomed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_onboarding_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_onboarding")),
    )


def downgrade() -> None:
    op.drop_table("onboarding")
    op.drop_index(op.f("ix_sandboxes_organisation_id"), table_name="sandboxes")
    op.drop_table("sandboxes")
    for table in MARKED:
        op.drop_column(table, "practice")
