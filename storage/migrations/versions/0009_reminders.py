"""Reminders: an outbox of due reminders, the messages sent, stops, preferences, unreachable

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 12:40:00.000000

Only new tables: every existing row and every session mid-flow stays as it was.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models import UtcDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reminder_pushes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_reminder_pushes_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_pushes")),
    )
    op.create_index(
        op.f("ix_reminder_pushes_staff_id"), "reminder_pushes", ["staff_id"], unique=False
    )
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=2), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=80), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("header", sa.String(length=300), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("not_before", UtcDateTime(), nullable=False),
        sa.Column("created_at", UtcDateTime(), nullable=False),
        sa.Column("claimed_at", UtcDateTime(), nullable=True),
        sa.Column("finished_at", UtcDateTime(), nullable=True),
        sa.Column("push_id", sa.Integer(), nullable=True),
        sa.Column("message_id", sa.BigInteger(), nullable=True),
        sa.Column("acted_at", UtcDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_reminders_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["push_id"], ["reminder_pushes.id"], name=op.f("fk_reminders_push_id_reminder_pushes")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_reminders_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
    )
    op.create_index("uq_reminders_key", "reminders", ["kind", "file_id", "period"], unique=True)
    op.create_index("ix_reminders_status_not_before", "reminders", ["status", "not_before"])
    op.create_index("ix_reminders_staff", "reminders", ["staff_id", "status"])
    op.create_table(
        "reminder_stops",
        sa.Column("file_kind", sa.String(length=12), nullable=False),
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_reminder_stops_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("file_kind", "file_id", name=op.f("pk_reminder_stops")),
    )
    op.create_table(
        "reminder_preferences",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("off", sa.JSON(), nullable=False),
        sa.Column("digest_day", sa.Integer(), server_default="0", nullable=False),
        sa.Column("digest_hour", sa.Integer(), server_default="8", nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_reminder_preferences_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_reminder_preferences")),
    )
    op.create_table(
        "centre_reminder_settings",
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("idle_days", sa.Integer(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=False),
        sa.Column("updated_at", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
            name=op.f("fk_centre_reminder_settings_organisation_id_organisations"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by"],
            ["staff.id"],
            name=op.f("fk_centre_reminder_settings_updated_by_staff"),
        ),
        sa.PrimaryKeyConstraint("organisation_id", name=op.f("pk_centre_reminder_settings")),
    )
    op.create_table(
        "unreachable_staff",
        sa.Column("staff_id", sa.Integer(), nullable=False),
        sa.Column("since", UtcDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["staff.id"], name=op.f("fk_unreachable_staff_staff_id_staff")
        ),
        sa.PrimaryKeyConstraint("staff_id", name=op.f("pk_unreachable_staff")),
    )


def downgrade() -> None:
    op.drop_table("unreachable_staff")
    op.drop_table("centre_reminder_settings")
    op.drop_table("reminder_preferences")
    op.drop_table("reminder_stops")
    op.drop_index("ix_reminders_staff", table_name="reminders")
    op.drop_index("ix_reminders_status_not_before", table_name="reminders")
    op.drop_index("uq_reminders_key", table_name="reminders")
    op.drop_table("reminders")
    op.drop_index(op.f("ix_reminder_pushes_staff_id"), table_name="reminder_pushes")
    op.drop_table("reminder_pushes")
