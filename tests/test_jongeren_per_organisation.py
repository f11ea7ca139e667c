"""Jongeren belong to the ESF organisation that entered them (issue 13.10), both databases."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from alembic import command
from sqlalchemy import select, text
from sqlalchemy.engine import Connection

from bot.app import App
from flows.engine.clock import FixedClock
from storage.database import alembic_config, create_engine, upgrade
from storage.models import JongereRow
from tests.esf_support import FIRST, TOM, Esf, seed_esf
from tests.support import Chat, World, database

AT = datetime(2026, 3, 1, 9, tzinfo=UTC)


@pytest.fixture
async def esf(app: App, world: World, clock: FixedClock) -> Esf:
    return await seed_esf(app, world, clock.now())


async def enter_new_jongere(chat: Chat, naam: str, born: str) -> str:
    """/esf for klantnummer 1200, not known to this organisation: name, birth date, no diploma."""
    await chat.command("esf")
    reply = (await chat.say("1200")).text
    await chat.say(naam)
    await chat.say(born)
    await chat.press("Nee, geen diploma")
    await chat.press("Vandaag")
    await chat.say(FIRST)
    await chat.press("✅ Bevestigen")
    return reply


async def stored_jongeren(app: App) -> list[tuple[object, ...]]:
    async with database(app) as db:
        rows = await db.execute(
            select(JongereRow.organisation_id, JongereRow.klantnummer, JongereRow.naam)
            .where(JongereRow.klantnummer == "1200")
            .order_by(JongereRow.id)
        )
        return [tuple(row) for row in rows]


async def test_a_jongere_entered_by_one_organisation_is_unknown_to_another(
    app: App, esf: Esf
) -> None:
    noor, lien = Chat(app, esf.noor, chat="noor"), Chat(app, esf.lien, chat="lien")
    await enter_new_jongere(noor, "Jansen Piet", "01/01/2009")
    reply = await enter_new_jongere(lien, "Jansen Pieter", "02/01/2009")
    assert reply.startswith("Klantnummer 1200 is nog niet gekend. Geef de gegevens")
    assert "Jansen Piet," not in reply
    async with app.unit_of_work() as uow:
        leerwerk = await uow.organisations.by_name("Leerwerk Gent")
    assert leerwerk is not None
    assert await stored_jongeren(app) == [
        (esf.duaal_plus, "1200", "Jansen Piet"),
        (leerwerk.id, "1200", "Jansen Pieter"),
    ]
    colleague = Chat(app, esf.jonas, chat="jonas")  # Noor's colleague sees what Noor entered
    await colleague.command("esf")
    assert "Jansen Piet" in (await colleague.say("1200")).text


async def test_an_imported_jongere_is_known_to_every_esf_organisation(app: App, esf: Esf) -> None:
    for staff in (esf.noor, esf.lien):
        chat = Chat(app, staff, chat=str(staff))
        await chat.command("esf")
        assert (await chat.say(TOM)).text.startswith("✅ Gevonden: Janssens Tom")


def _downgrade(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


async def test_the_migration_splits_a_shared_jongere_and_keeps_every_row(
    database_url: str,
) -> None:
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_downgrade, "0006")
        async with engine.begin() as connection:
            for statement in [
                ("INSERT INTO organisations (id, name, is_loopbaancentrum, is_esf, created_at) "
                 "VALUES (1, 'Duaal Plus', false, true, :at), (2, 'Leerwerk Gent', false, true, "
                 ":at), (3, 'Derde', false, true, :at)"),
                ("INSERT INTO staff (id, name, role, organisation_id, created_at) VALUES "
                 "(1, 'Jacobs Noor', 'begeleider', 1, :at), "
                 "(2, 'Smet Lien', 'begeleider', 2, :at)"),
                ("INSERT INTO jongeren (id, klantnummer, naam, geboortedatum, diploma_secundair, "
                 "updated_at) VALUES (1, '1200', 'Jansen Piet', :born, 'nee', :at), "
                 "(2, '1101', 'Janssens Tom', :born, 'nee', :at), "
                 "(3, '1300', 'Nog Niemand', :born, 'nee', :at)"),
                ("INSERT INTO audit_log (at, staff_id, organisation_id, action, entity, entity_id, "
                 "before, after) VALUES "
                 "(:at, NULL, NULL, 'jongeren.imported', 'jongeren', 'import', NULL, "
                 "'{\"added\": [\"1101\"], \"updated\": []}'), "
                 "(:at, 1, 1, 'jongere.added', 'jongere', '1200', NULL, '{}'), "
                 "(:at, 1, 1, 'jongere.added', 'jongere', '1300', NULL, '{}')"),
                ("INSERT INTO esf_begeleidingen (id, organisation_id, jongere_id, toestand, "
                 "startdatum, financieringsnummer, diploma_bij_start, aanvrager_id, uitvoerder_id, "
                 "registered_by, registered_at, updated_at) VALUES "
                 "(1, 1, 1, 'bezig', :born, 'EEWG019', 'nee', 1, 1, 1, :at, :at), "
                 "(2, 2, 1, 'bezig', :born, 'EEWG019', 'nee', 2, 2, 2, :at, :at), "
                 "(3, 1, 2, 'bezig', :born, 'EEWG019', 'nee', 1, 1, 1, :at, :at), "
                 "(4, 2, 2, 'bezig', :born, 'EEWG019', 'nee', 2, 2, 2, :at, :at)"),
            ]:  # fmt: skip
                params = {"at": AT, "born": date(2009, 1, 1)}
                used = {k: v for k, v in params.items() if f":{k}" in statement}
                await connection.execute(text(statement), used)
            if connection.dialect.name == "postgresql":  # rows inserted with their ids, as kept
                await connection.execute(
                    text("SELECT setval(pg_get_serial_sequence('jongeren', 'id'), 3)")
                )
        await upgrade(engine)
        async with engine.connect() as connection:
            jongeren = (
                await connection.execute(
                    text("SELECT id, organisation_id, klantnummer, naam FROM jongeren ORDER BY id")
                )
            ).all()
            lines = (
                await connection.execute(
                    text(
                        "SELECT b.id, b.organisation_id, j.organisation_id, j.klantnummer "
                        "FROM esf_begeleidingen b JOIN jongeren j ON j.id = b.jongere_id "
                        "ORDER BY b.id"
                    )
                )
            ).all()
    finally:
        await engine.dispose()
    assert [tuple(row) for row in jongeren] == [
        (1, 1, "1200", "Jansen Piet"),  # entered by Duaal Plus: theirs
        (2, None, "1101", "Janssens Tom"),  # imported: shared, as before
        (3, 1, "1300", "Nog Niemand"),  # entered, used by nobody else: kept
        (4, 2, "1200", "Jansen Piet"),  # Leerwerk Gent keeps what it used, as its own
    ]
    assert [tuple(row) for row in lines] == [
        (1, 1, 1, "1200"),
        (2, 2, 2, "1200"),
        (3, 1, None, "1101"),
        (4, 2, None, "1101"),
    ]
