"""Onboarding: practice organisations, cheques and jongeren are marked; progress is kept

Revision ID: 0010
Revises: 0006
Create Date: 2026-12-05 12:45:00.000000

Every existing organisation, cheque and jongere is real (`practice` false); every existing
staff member works in their own organisation (no sandbox, not practising). `onboarding` holds
one row per staff member once they are welcomed: what they did of their checklist, which flows
they opened (tips once), and the chat message that shows their checklist.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    false = sa.false()
    with op.batch_alter_table("organisations") as batch:
        batch.add_column(sa.Column("practice", sa.Boolean(), nullable=False, server_default=false))
    with op.batch_alter_table("issued_cheques") as batch:
        batch.add_column(sa.Column("practice", sa.Boolean(), nullable=False, server_default=false))
    with op.batch_alter_table("jongeren") as batch:
        batch.add_column(sa.Column("practice", sa.Boolean(), nullable=False, server_default=false))
    with op.batch_alter_table("staff") as batch:
        batch.add_column(sa.Column("practice_organisation_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("practising", sa.Boolean(), nullable=False, server_default=false)
        )
        batch.create_foreign_key(
            "fk_staff_practice_organisation_id_organisations",
            "organisations",
            ["practice_organisation_id"],
            ["id"],
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
    with op.batch_alter_table("staff") as batch:
        batch.drop_constraint("fk_staff_practice_organisation_id_organisations", type_="foreignkey")
        batch.drop_column("practising")
        batch.drop_column("practice_organisation_id")
    with op.batch_alter_table("jongeren") as batch:
        batch.drop_column("practice")
    with op.batch_alter_table("issued_cheques") as batch:
        batch.drop_column("practice")
    with op.batch_alter_table("organisations") as batch:
        batch.drop_column("practice")
