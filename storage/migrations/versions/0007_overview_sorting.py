"""Overview sorting (⇅): a sortable chequenummer, and an index per sort order

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 12:40:00.000000

Every registration gets `chequenummer_sort` (its chequenummer zero-padded to 20 digits, so text
order is number order), computed from its issued cheque; nothing else changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PAID = "deleted_at IS NULL AND type <> 'nazorg'"
OPEN = "released_at IS NULL"
REGISTRATION_COVER = ["status", "klant_zoek", "begeleiders_zoek", "kenmerken", "released_at"]
GESPREK_COVER = [
    "registration_id",
    "begeleider",
    "datum",
    "minutes",
    "betaald_op",
    "type",
    "deleted_at",
    "klant_zoek",
]
REGISTRATION_SORTS = {
    "ix_cheque_registrations_sort_klant": ["organisation_id", "klant_zoek", "id"],
    "ix_cheque_registrations_sort_cheque": ["organisation_id", "chequenummer_sort", "id"],
    "ix_cheque_registrations_sort_begeleider": ["organisation_id", "begeleiders_zoek", "id"],
}
GESPREK_SORTS = {
    "ix_gesprekken_sort_datum": ["organisation_id", "datum", "id"],
    "ix_gesprekken_sort_minutes": ["organisation_id", "minutes", "id"],
    "ix_gesprekken_sort_begeleider": ["organisation_id", "begeleider", "id"],
}


def _index(name: str, table: str, columns: list[str], where: str) -> None:
    condition = sa.text(where)
    op.create_index(name, table, columns, sqlite_where=condition, postgresql_where=condition)


def _columns(key: list[str], cover: list[str]) -> list[str]:
    return list(dict.fromkeys([*key, *cover]))


def upgrade() -> None:
    with op.batch_alter_table("cheque_registrations") as batch:
        batch.add_column(
            sa.Column("chequenummer_sort", sa.String(length=20), server_default="", nullable=False)
        )
    op.execute(
        "UPDATE cheque_registrations SET chequenummer_sort = (SELECT "
        "substr('00000000000000000000' || i.chequenummer, length(i.chequenummer) + 1) "
        "FROM issued_cheques i WHERE i.id = cheque_registrations.issued_cheque_id)"
    )
    for name, key in REGISTRATION_SORTS.items():
        _index(name, "cheque_registrations", _columns(key, REGISTRATION_COVER), OPEN)
    for name, key in GESPREK_SORTS.items():
        _index(name, "gesprekken", _columns(key, GESPREK_COVER), PAID)


def downgrade() -> None:
    for name in GESPREK_SORTS:
        op.drop_index(name, table_name="gesprekken")
    for name in REGISTRATION_SORTS:
        op.drop_index(name, table_name="cheque_registrations")
    with op.batch_alter_table("cheque_registrations") as batch:
        batch.drop_column("chequenummer_sort")
