"""Migrations 0004–0005 and 0012 on a database with data: facts, names and name parts filled in."""

from __future__ import annotations

from datetime import UTC, date, datetime

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.database import alembic_config, create_engine, upgrade

AT = datetime(2026, 3, 1, 9, tzinfo=UTC)


def _downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def test_upgrading_a_filled_database_computes_every_registrations_facts(
    database_url: str,
) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_downgrade, "0003")
        async with engine.begin() as connection:
            for statement in [
                ("INSERT INTO organisations (id, name, is_loopbaancentrum, is_esf, created_at) "
                 "VALUES (1, 'De Brug', true, false, :at)"),
                ("INSERT INTO staff (id, name, role, organisation_id, created_at) "
                 "VALUES (1, 'Peeters An', 'begeleider', 1, :at)"),
                "INSERT INTO clients (id, klantnummer, naam) VALUES (1, '999', 'Dieën Chloë')",
                ("INSERT INTO issued_cheques (id, chequenummer, client_id, ordered_on, start_by, "
                 "minutes, imported_at) VALUES (1, '123456', 1, :day, :day, 240, :at)"),
                ("INSERT INTO cheque_registrations (id, issued_cheque_id, organisation_id, status, "
                 "themes, registered_by, registered_at, updated_at) "
                 "VALUES (1, 1, 1, 'in_gebruik', '[]', 1, :at, :at)"),
                ("INSERT INTO gesprekken (registration_id, datum, begeleider, type, vorm, minutes, "
                 "registered_by, registered_at, deleted_at) VALUES "
                 "(1, :day, 'Peeters An', 'intake', 'individueel', 60, 1, :at, NULL), "
                 "(1, :later, 'Maes Lotte', 'verdieping', 'individueel', 45, 1, :at, NULL), "
                 "(1, :later, 'Weg Wim', 'verdieping', 'individueel', 90, 1, :at, :at)"),
            ]:  # fmt: skip
                params = {"at": AT, "day": date(2026, 1, 5), "later": date(2026, 2, 1)}
                used = {k: v for k, v in params.items() if f":{k}" in statement}
                await connection.execute(text(statement), used)
        await upgrade(engine)
        async with engine.connect() as connection:
            facts = (
                await connection.execute(
                    text(
                        "SELECT klant_zoek, begeleiders, begeleiders_zoek, kenmerken, "
                        "minuten_gebruikt, laatste_gesprek FROM cheque_registrations"
                    )
                )
            ).one()
            organisations = (
                await connection.execute(
                    text("SELECT DISTINCT organisation_id, klant_zoek FROM gesprekken")
                )
            ).all()
            names = (
                await connection.execute(
                    text("SELECT naam, zoek FROM begeleider_namen ORDER BY naam")
                )
            ).all()
            parts = (
                await connection.execute(
                    text("SELECT organisation_id, woord, registration_id FROM klant_woorden")
                )
            ).all()
    finally:
        await engine.dispose()
    assert tuple(facts[:5]) == (
        "dieen chloe",
        "Maes Lotte, Peeters An",
        "maes lotte|peeters an",
        "|intake|verdieping|m45|m60|",
        105,
    )
    assert str(facts[5]) == "2026-02-01"
    assert organisations == [(1, "dieen chloe")]  # each gesprek copies its client's name
    assert [tuple(row) for row in names] == [
        ("Maes Lotte", "maes lotte"),
        ("Peeters An", "peeters an"),
    ]
    # 0012: every ending of every word of the name, for the cheque search's index
    assert sorted(tuple(row) for row in parts) == [
        (1, word, 1) for word in sorted(["dieen", "ieen", "een", "en", "n", "chloe", "hloe",
                                         "loe", "oe", "e"])
    ]  # fmt: skip
