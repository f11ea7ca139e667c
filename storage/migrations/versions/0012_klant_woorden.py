"""The words of each registration's client name, so a name search reads an index range

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 13:00:00.000000

Typing a client's name in a cheque search walked every registration of the centre; the new
table holds every ending of every word of the normalised name (`klant_zoek`: `vermeulen`,
`ermeulen`, ... `n`) under its organisation, in bytewise order (collation "C" on PostgreSQL),
so a typed part of a word is a prefix range of its primary key. Every existing registration
gets its parts; nothing else changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
WORD = sa.String(200).with_variant(sa.String(200, collation="C"), "postgresql")


def upgrade() -> None:
    table = op.create_table(
        "klant_woorden",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("woord", WORD, nullable=False),
        sa.Column("registration_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_klant_woorden_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["registration_id"],
            ["cheque_registrations.id"],
            name=op.f("fk_klant_woorden_registration_id_cheque_registrations"),
        ),
        sa.PrimaryKeyConstraint(
            "organisation_id", "woord", "registration_id", name=op.f("pk_klant_woorden")
        ),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.text("SELECT id, organisation_id, klant_zoek FROM cheque_registrations ORDER BY id")
    )
    words: list[dict[str, object]] = []
    for registration_id, organisation_id, klant_zoek in rows.all():
        words += [
            {"organisation_id": organisation_id, "woord": w, "registration_id": registration_id}
            for w in sorted(
                {word[i:] for word in (klant_zoek or "").split() for i in range(len(word))}
            )
        ]
    for start in range(0, len(words), BATCH):
        op.bulk_insert(table, words[start : start + BATCH])


def downgrade() -> None:
    op.drop_table("klant_woorden")
