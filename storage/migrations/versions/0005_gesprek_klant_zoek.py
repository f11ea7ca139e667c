"""A2's client search: gesprekken carry their client's name; paid gesprekken by registration

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 09:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PAID = "deleted_at IS NULL AND type <> 'nazorg'"
FINANCIAL = [
    "organisation_id",
    "registered_at",
    "id",
    "registration_id",
    "begeleider",
    "datum",
    "minutes",
    "betaald_op",
    "type",
    "deleted_at",
]


def _where(condition: str) -> dict[str, sa.TextClause]:
    return {"sqlite_where": sa.text(condition), "postgresql_where": sa.text(condition)}


def upgrade() -> None:
    with op.batch_alter_table("gesprekken", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("klant_zoek", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.drop_index("ix_gesprekken_financieel")
    op.execute(
        "UPDATE gesprekken SET klant_zoek = (SELECT r.klant_zoek FROM cheque_registrations r "
        "WHERE r.id = gesprekken.registration_id)"
    )
    with op.batch_alter_table("gesprekken", schema=None) as batch_op:
        batch_op.create_index(
            "ix_gesprekken_financieel", [*FINANCIAL, "klant_zoek"], **_where(PAID)
        )
        batch_op.create_index(
            "ix_gesprekken_registration_paid",
            ["registration_id", "id", "betaald_op"],
            **_where(PAID),
        )


def downgrade() -> None:
    with op.batch_alter_table("gesprekken", schema=None) as batch_op:
        batch_op.drop_index("ix_gesprekken_registration_paid")
        batch_op.drop_index("ix_gesprekken_financieel")
        batch_op.drop_column("klant_zoek")
        batch_op.create_index("ix_gesprekken_financieel", FINANCIAL, **_where(PAID))
