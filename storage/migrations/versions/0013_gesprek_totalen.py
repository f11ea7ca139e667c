"""Paid gesprekken counted per organisation, registration day, datum, duration and payment

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 14:00:00.000000

The financial overview's month totals walked every gesprek registered in each month shown, and
its unfiltered count every paid gesprek of the centre. The new table holds how many paid
gesprekken (not deleted, not nazorg) share an organisation, the UTC day they were registered,
their datum, their minutes and whether they are paid; a second one how many each organisation
has, paid or not. Both are filled from the existing gesprekken. Nothing else changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gesprek_totalen",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("dag", sa.Date(), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("betaald", sa.Boolean(), nullable=False),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_gesprek_totalen_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint(
            "organisation_id", "dag", "datum", "minutes", "betaald", name=op.f("pk_gesprek_totalen")
        ),
        sqlite_with_rowid=False,  # the key is the table: a month's range is read in order
    )
    op.create_table(
        "gesprek_aantallen",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("betaald", sa.Boolean(), nullable=False),
        sa.Column("aantal", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_gesprek_aantallen_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "betaald", name=op.f("pk_gesprek_aantallen")),
    )
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        day = "date(timezone('UTC', registered_at))"
    else:
        day = "date(registered_at)"  # SQLite keeps UTC text
    connection.execute(
        sa.text(
            "INSERT INTO gesprek_totalen "
            "(organisation_id, dag, datum, minutes, betaald, aantal) "
            f"SELECT organisation_id, {day}, datum, minutes, betaald_op IS NOT NULL, count(*) "
            "FROM gesprekken WHERE deleted_at IS NULL AND type <> 'nazorg' "
            f"GROUP BY organisation_id, {day}, datum, minutes, betaald_op IS NOT NULL"
        )
    )
    connection.execute(
        sa.text(
            "INSERT INTO gesprek_aantallen (organisation_id, betaald, aantal) "
            "SELECT organisation_id, betaald_op IS NOT NULL, count(*) "
            "FROM gesprekken WHERE deleted_at IS NULL AND type <> 'nazorg' "
            "GROUP BY organisation_id, betaald_op IS NOT NULL"
        )
    )


def downgrade() -> None:
    op.drop_table("gesprek_aantallen")
    op.drop_table("gesprek_totalen")
