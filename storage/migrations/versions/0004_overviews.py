"""Overviews (A1–A3): registration facts, gesprekken per organisation, payments, indexes

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 07:21:04.097775
"""

from collections.abc import Sequence
from dataclasses import asdict
from datetime import date

import sqlalchemy as sa
from alembic import op

from flows.domain.rules.keywords import normalise
from storage.facts import GesprekFact, compute_facts

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PAID = "deleted_at IS NULL AND type <> 'nazorg'"
ACTIVE = "deleted_at IS NULL"
OPEN = "released_at IS NULL"


def _where(condition: str) -> dict[str, sa.TextClause]:
    return {"sqlite_where": sa.text(condition), "postgresql_where": sa.text(condition)}


def upgrade() -> None:
    op.create_table(
        "begeleider_namen",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("naam", sa.String(length=120), nullable=False),
        sa.Column("zoek", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_begeleider_namen_organisation_id_organisations"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", "naam", name=op.f("pk_begeleider_namen")),
    )
    with op.batch_alter_table("cheque_registrations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("klant_zoek", sa.String(length=200), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("begeleiders", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("begeleiders_zoek", sa.Text(), server_default="", nullable=False)
        )
        batch_op.add_column(sa.Column("kenmerken", sa.Text(), server_default="", nullable=False))
        batch_op.add_column(
            sa.Column("minuten_gebruikt", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("laatste_gesprek", sa.Date(), nullable=True))
        batch_op.drop_index(batch_op.f("ix_cheque_registrations_org_updated"))
    with op.batch_alter_table("gesprekken", schema=None) as batch_op:
        batch_op.add_column(sa.Column("organisation_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("betaald_op", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("betaald_cent", sa.Integer(), nullable=True))
    _backfill()
    with op.batch_alter_table("gesprekken", schema=None) as batch_op:
        batch_op.alter_column("organisation_id", existing_type=sa.Integer(), nullable=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_gesprekken_organisation_id_organisations"),
            "organisations",
            ["organisation_id"],
            ["id"],
        )
        batch_op.create_index(
            "ix_gesprekken_financieel",
            [
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
            ],
            **_where(PAID),
        )
        batch_op.create_index(
            "ix_gesprekken_org_begeleider",
            [
                "organisation_id",
                "begeleider",
                "registered_at",
                "datum",
                "minutes",
                "betaald_op",
                "type",
                "deleted_at",
            ],
            **_where(PAID),
        )
        batch_op.create_index(
            "ix_gesprekken_org_datum",
            [
                "organisation_id",
                "datum",
                "registration_id",
                "minutes",
                "betaald_op",
                "type",
                "deleted_at",
            ],
            **_where(ACTIVE),
        )
        batch_op.create_index(
            "ix_gesprekken_org_minutes",
            ["organisation_id", "minutes", "datum", "betaald_op", "type", "deleted_at"],
            **_where(PAID),
        )
        batch_op.create_index(
            "ix_gesprekken_org_type",
            [
                "organisation_id",
                "type",
                "registered_at",
                "datum",
                "minutes",
                "betaald_op",
                "deleted_at",
            ],
            **_where(PAID),
        )
    with op.batch_alter_table("cheque_registrations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_cheque_registrations_overview",
            [
                "organisation_id",
                "updated_at",
                "id",
                "klant_zoek",
                "begeleiders_zoek",
                "kenmerken",
                "released_at",
            ],
            **_where(OPEN),
        )
        batch_op.create_index(
            "ix_cheque_registrations_overview_status",
            [
                "organisation_id",
                "status",
                "updated_at",
                "id",
                "klant_zoek",
                "begeleiders_zoek",
                "kenmerken",
                "released_at",
            ],
            **_where(OPEN),
        )
        batch_op.create_index(
            "ix_cheque_registrations_klant",
            ["organisation_id", "klant_zoek", "begeleiders_zoek", "kenmerken", "released_at"],
            **_where(OPEN),
        )


def _backfill() -> None:
    """Copy each gesprek's organisation and compute every registration's facts (small tables)."""
    bind = op.get_bind()
    bind.execute(
        sa.text(
            "UPDATE gesprekken SET organisation_id = (SELECT r.organisation_id "
            "FROM cheque_registrations r WHERE r.id = gesprekken.registration_id)"
        )
    )
    registrations = bind.execute(
        sa.text(
            "SELECT r.id, r.organisation_id, c.naam FROM cheque_registrations r "
            "JOIN issued_cheques i ON i.id = r.issued_cheque_id "
            "JOIN clients c ON c.id = i.client_id"
        )
    ).all()
    names: set[tuple[int, str]] = set()
    for registration_id, organisation_id, klantnaam in registrations:
        rows = bind.execute(
            sa.text(
                "SELECT datum, begeleider, type, minutes, deleted_at IS NOT NULL "
                "FROM gesprekken WHERE registration_id = :id"
            ),
            {"id": registration_id},
        ).all()
        gesprekken = [
            GesprekFact(_day(datum), begeleider, kind, minutes, bool(deleted))
            for datum, begeleider, kind, minutes, deleted in rows
        ]
        facts = asdict(compute_facts(klantnaam, gesprekken))
        bind.execute(
            sa.text(
                "UPDATE cheque_registrations SET klant_zoek = :klant_zoek, "
                "begeleiders = :begeleiders, begeleiders_zoek = :begeleiders_zoek, "
                "kenmerken = :kenmerken, minuten_gebruikt = :minuten_gebruikt, "
                "laatste_gesprek = :laatste_gesprek WHERE id = :id"
            ).bindparams(sa.bindparam("laatste_gesprek", type_=sa.Date())),
            {**facts, "id": registration_id},
        )
        names |= {(organisation_id, g.begeleider) for g in gesprekken if not g.deleted}
    if names:
        table = sa.table(
            "begeleider_namen",
            sa.column("organisation_id", sa.Integer()),
            sa.column("naam", sa.String()),
            sa.column("zoek", sa.String()),
        )
        op.bulk_insert(
            table,
            [{"organisation_id": o, "naam": n, "zoek": normalise(n)} for o, n in sorted(names)],
        )


def _day(value: object) -> date:
    """SQLite hands dates back as text in raw SQL; PostgreSQL as dates."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def downgrade() -> None:
    with op.batch_alter_table("cheque_registrations", schema=None) as batch_op:
        batch_op.drop_index("ix_cheque_registrations_overview_status")
        batch_op.drop_index("ix_cheque_registrations_klant")
        batch_op.drop_index("ix_cheque_registrations_overview")
        batch_op.create_index(
            batch_op.f("ix_cheque_registrations_org_updated"),
            ["organisation_id", "updated_at"],
            unique=False,
        )
        for column in (
            "laatste_gesprek",
            "minuten_gebruikt",
            "kenmerken",
            "begeleiders_zoek",
            "begeleiders",
            "klant_zoek",
        ):
            batch_op.drop_column(column)
    with op.batch_alter_table("gesprekken", schema=None) as batch_op:
        for index in (
            "ix_gesprekken_org_type",
            "ix_gesprekken_org_minutes",
            "ix_gesprekken_org_datum",
            "ix_gesprekken_org_begeleider",
            "ix_gesprekken_financieel",
        ):
            batch_op.drop_index(index)
        batch_op.drop_constraint(
            batch_op.f("fk_gesprekken_organisation_id_organisations"), type_="foreignkey"
        )
        for column in ("betaald_cent", "betaald_op", "organisation_id"):
            batch_op.drop_column(column)
    op.drop_table("begeleider_namen")
