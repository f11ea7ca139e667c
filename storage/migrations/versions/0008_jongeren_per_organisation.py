"""Jongeren belong to the ESF organisation that entered them; VDAB's imported ones are shared

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-05 13:00:00.000000

Until now one `jongeren` row per klantnummer was shared: a name and birth date one organisation
entered were shown to another that typed the same klantnummer. A row entered in a flow (its
`jongere.added` audit entry names the organisation) now belongs to that organisation; every
other organisation with lines on it gets its own copy of what it used, and its lines point to
that copy. Imported rows (named by a `jongeren.imported` audit entry, or without an entry of
who added them) stay shared. No row is removed; a downgrade merges the copies again.
On SQLite the table is rebuilt; storage.database.migrating keeps foreign keys off meanwhile.
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JONGEREN = sa.table(
    "jongeren",
    sa.column("id", sa.Integer),
    sa.column("organisation_id", sa.Integer),
    sa.column("klantnummer", sa.String),
    sa.column("naam", sa.String),
    sa.column("geboortedatum", sa.Date),
    sa.column("diploma_secundair", sa.String),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
_LINES = sa.table(
    "esf_begeleidingen",
    sa.column("id", sa.Integer),
    sa.column("organisation_id", sa.Integer),
    sa.column("jongere_id", sa.Integer),
)
_AUDIT = sa.table(
    "audit_log",
    sa.column("id", sa.Integer),
    sa.column("organisation_id", sa.Integer),
    sa.column("action", sa.String),
    sa.column("entity_id", sa.String),
    sa.column("after", sa.JSON),
)


def upgrade() -> None:
    with op.batch_alter_table("jongeren") as batch:
        batch.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_jongeren_organisation_id_organisations"),
            "organisations",
            ["organisation_id"],
            ["id"],
        )
        batch.drop_constraint(op.f("uq_jongeren_klantnummer"), type_="unique")
    _split_shared_rows(op.get_bind())
    op.create_index(
        "uq_jongeren_imported_klantnummer",
        "jongeren",
        ["klantnummer"],
        unique=True,
        sqlite_where=sa.text("organisation_id IS NULL"),
        postgresql_where=sa.text("organisation_id IS NULL"),
    )
    op.create_index(
        "uq_jongeren_organisation_klantnummer",
        "jongeren",
        ["organisation_id", "klantnummer"],
        unique=True,
        sqlite_where=sa.text("organisation_id IS NOT NULL"),
        postgresql_where=sa.text("organisation_id IS NOT NULL"),
    )


def _owners(connection: sa.Connection) -> tuple[set[str], dict[str, int]]:
    """Klantnummers ever imported, and who entered each one in a flow first (from the audit)."""
    imported: set[str] = set()
    entered: dict[str, int] = {}
    rows = connection.execute(
        sa.select(_AUDIT.c.action, _AUDIT.c.entity_id, _AUDIT.c.organisation_id, _AUDIT.c.after)
        .where(_AUDIT.c.action.in_(("jongeren.imported", "jongere.added")))
        .order_by(_AUDIT.c.id)
    )
    for action, entity_id, organisation_id, after in rows:
        if action == "jongeren.imported":
            data: dict[str, Any] = after or {}
            imported.update(str(k) for k in [*data.get("added", ()), *data.get("updated", ())])
        elif organisation_id is not None:
            entered.setdefault(str(entity_id), int(organisation_id))
    return imported, entered


def _split_shared_rows(connection: sa.Connection) -> None:
    imported, entered = _owners(connection)
    for row in connection.execute(sa.select(_JONGEREN)).mappings().all():
        klantnummer = row["klantnummer"]
        if klantnummer in imported or klantnummer not in entered:
            continue  # VDAB's data: every ESF organisation sees it, as before
        owner = entered[klantnummer]
        connection.execute(
            sa.update(_JONGEREN).where(_JONGEREN.c.id == row["id"]).values(organisation_id=owner)
        )
        users = connection.execute(
            sa.select(_LINES.c.organisation_id)
            .where(_LINES.c.jongere_id == row["id"], _LINES.c.organisation_id != owner)
            .distinct()
        ).scalars()
        for organisation_id in sorted(users):
            copy = {key: row[key] for key in ("klantnummer", "naam", "geboortedatum")}
            copy |= {
                "diploma_secundair": row["diploma_secundair"],
                "updated_at": row["updated_at"],
                "organisation_id": organisation_id,
            }
            copy_id = connection.execute(
                sa.insert(_JONGEREN).values(copy).returning(_JONGEREN.c.id)
            ).scalar_one()
            connection.execute(
                sa.update(_LINES)
                .where(
                    _LINES.c.jongere_id == row["id"], _LINES.c.organisation_id == organisation_id
                )
                .values(jongere_id=copy_id)
            )


def downgrade() -> None:
    connection = op.get_bind()
    op.drop_index("uq_jongeren_organisation_klantnummer", table_name="jongeren")
    op.drop_index("uq_jongeren_imported_klantnummer", table_name="jongeren")
    rows = connection.execute(
        sa.select(_JONGEREN.c.id, _JONGEREN.c.klantnummer).order_by(_JONGEREN.c.id)
    ).all()
    first: dict[str, int] = {}
    for jongere_id, klantnummer in rows:  # one row per klantnummer again: the oldest
        kept = first.setdefault(klantnummer, jongere_id)
        if kept != jongere_id:
            connection.execute(
                sa.update(_LINES).where(_LINES.c.jongere_id == jongere_id).values(jongere_id=kept)
            )
            connection.execute(sa.delete(_JONGEREN).where(_JONGEREN.c.id == jongere_id))
    with op.batch_alter_table("jongeren") as batch:
        batch.drop_constraint(op.f("fk_jongeren_organisation_id_organisations"), type_="foreignkey")
        batch.drop_column("organisation_id")
        batch.create_unique_constraint(op.f("uq_jongeren_klantnummer"), ["klantnummer"])
