"""Migration 0013 on a database with data: every paid gesprek counted, every row kept."""

from __future__ import annotations

from datetime import UTC, date, datetime

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.database import alembic_config, create_engine, upgrade

LATE = datetime(2026, 1, 31, 23, 30, tzinfo=UTC)  # already February in Brussels
NOON = datetime(2026, 2, 1, 12, tzinfo=UTC)


def _downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def test_upgrading_counts_every_paid_gesprek_and_keeps_every_row(
    database_url: str,
) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_downgrade, "0012")
        async with engine.begin() as connection:
            for statement in [
                ("INSERT INTO organisations (id, name, is_loopbaancentrum, is_esf, created_at) "
                 "VALUES (1, 'De Brug', true, false, :noon)"),
                ("INSERT INTO staff (id, name, role, organisation_id, created_at) "
                 "VALUES (1, 'Peeters An', 'begeleider', 1, :noon)"),
                "INSERT INTO clients (id, klantnummer, naam) VALUES (1, '999', 'Dieën Chloë')",
                ("INSERT INTO issued_cheques (id, chequenummer, client_id, ordered_on, start_by, "
                 "minutes, imported_at) VALUES (1, '123456', 1, :day, :day, 240, :noon)"),
                ("INSERT INTO cheque_registrations (id, issued_cheque_id, organisation_id, status, "
                 "themes, registered_by, registered_at, updated_at) "
                 "VALUES (1, 1, 1, 'in_gebruik', '[]', 1, :late, :noon)"),
                ("INSERT INTO gesprekken (registration_id, organisation_id, datum, begeleider, "
                 "type, vorm, minutes, registered_by, registered_at, deleted_at, betaald_op) "
                 "VALUES "
                 "(1, 1, :day, 'Peeters An', 'intake', 'individueel', 60, 1, :late, NULL, :paid), "
                 "(1, 1, :day, 'Maes Lotte', 'verdieping', :vorm, 60, 1, :late, NULL, NULL), "
                 "(1, 1, :day, 'Maes Lotte', 'verdieping', :vorm, 60, 1, :noon, NULL, NULL), "
                 "(1, 1, :day, 'Maes Lotte', 'verdieping', :vorm, 60, 1, :noon, NULL, NULL), "
                 "(1, 1, :day, 'Weg Wim', 'verdieping', 'individueel', 90, 1, :noon, :noon, NULL), "
                 "(1, 1, :day, 'Nazorg Nina', 'nazorg', 'individueel', 30, 1, :noon, NULL, NULL)"),
            ]:  # fmt: skip
                params = {"late": LATE, "noon": NOON, "day": date(2026, 1, 30),
                          "paid": date(2026, 3, 1), "vorm": "individueel"}  # fmt: skip
                used = {k: v for k, v in params.items() if f":{k}" in statement}
                await connection.execute(text(statement), used)
        await upgrade(engine)
        async with engine.connect() as connection:
            counted = (
                await connection.execute(
                    text(
                        "SELECT organisation_id, dag, datum, minutes, betaald, aantal "
                        "FROM gesprek_totalen ORDER BY dag, betaald"
                    )
                )
            ).all()
            whole = (
                await connection.execute(
                    text(
                        "SELECT organisation_id, betaald, aantal FROM gesprek_aantallen "
                        "ORDER BY betaald"
                    )
                )
            ).all()
            kept = await connection.scalar(text("SELECT count(*) FROM gesprekken"))
    finally:
        await engine.dispose()
    assert [(o, str(d), str(dt), m, bool(b), n) for o, d, dt, m, b, n in counted] == [
        (1, "2026-01-31", "2026-01-30", 60, False, 1),  # registered 23:30 UTC: its UTC day
        (1, "2026-01-31", "2026-01-30", 60, True, 1),
        (1, "2026-02-01", "2026-01-30", 60, False, 2),  # deleted and nazorg not counted
    ]
    assert [(o, bool(b), n) for o, b, n in whole] == [(1, False, 3), (1, True, 1)]
    assert kept == 6
