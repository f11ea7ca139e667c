"""A cheque whose hours are used up can still be closed (issue 13.1), on both databases."""

from __future__ import annotations

from sqlalchemy import select, text

from bot.app import App
from flows.engine import texts
from storage import totals
from storage.models import AuditRow
from tests.gesprek_support import at_type, gesprekken, own_gesprek, registered, status
from tests.support import Chat, World, database

LAST_FIT = (
    "⚠️ Opgelet: na dit verdiepingsgesprek (45 min) blijft er nog 15 min over op de cheque: te "
    "weinig voor een synthesegesprek (minstens 30 minuten). Zonder synthese of stopzetting kan "
    "de cheque niet afgesloten worden.\nWil je dit gesprek registreren als synthesegesprek? Dat "
    "sluit de cheque af."
)
CONVERT = [
    "Laatste gesprek omzetten naar synthese",
    "Laatste gesprek omzetten naar stopzetting",
]


async def verdieping_of_45(chat: Chat) -> str:
    """Intake 1u and verdieping 2u are on the 4u cheque; a verdieping of 45 min is summarised."""
    await at_type(chat)
    await chat.press("Verdiepingsgesprek")
    await chat.press("Vandaag")
    await chat.say("Peeters An")
    await chat.press("E-coaching")
    assert "2u" not in chat.labels  # only durations that fit the 1u left
    await chat.say("45")
    await chat.press("Geen feedback")
    return (await chat.press("Bevestigen en opslaan")).text


async def used_up(app: App, world: World) -> Chat:
    """A cheque with 15 min left and no synthese: verdiepingen used the hours."""
    chat = await registered(app, world.an)
    await own_gesprek(chat, "Verdiepingsgesprek", "2u")
    assert LAST_FIT in await verdieping_of_45(chat)
    await chat.press("Toch als verdiepingsgesprek")
    assert "Er blijft 15 min op de cheque." in chat.text
    return chat


async def audit_actions(app: App) -> list[str]:
    async with database(app) as db:
        return list(await db.scalars(select(AuditRow.action).order_by(AuditRow.id)))


async def test_a_verdieping_leaving_too_little_is_offered_as_the_synthese_with_its_warnings(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await own_gesprek(chat, "Verdiepingsgesprek", "2u")
    assert LAST_FIT in await verdieping_of_45(chat)
    assert chat.labels[:2] == ["Als synthesegesprek registreren", "Toch als verdiepingsgesprek"]
    reply = await chat.press("Als synthesegesprek registreren")
    assert "een synthesegesprek sluit de loopbaancheque automatisch af" in reply.text
    reply = await chat.press("Ja, cheque afsluiten en opslaan")
    assert "na dit synthesegesprek blijft er nog 15 min over op de cheque" in reply.text
    reply = await chat.press("Ja, toch afsluiten en opslaan")
    assert reply.text.startswith("✅ Synthesegesprek van 10/03/2026 (45 min) geregistreerd")
    assert "De cheque is nu afgesloten." in reply.text
    assert [row[0] for row in await gesprekken(app)] == ["intake", "verdieping", "synthese"]
    assert await status(app) == "afgesloten"


async def test_back_from_the_synthese_warning_keeps_the_choice_open(app: App, world: World) -> None:
    chat = await registered(app, world.an)
    await own_gesprek(chat, "Verdiepingsgesprek", "2u")
    await verdieping_of_45(chat)
    await chat.press("Als synthesegesprek registreren")
    assert LAST_FIT in (await chat.press(texts.BACK)).text
    await chat.press("Toch als verdiepingsgesprek")
    assert [row[0] for row in await gesprekken(app)] == ["intake", "verdieping", "verdieping"]
    assert await status(app) == "in_gebruik"


async def test_a_used_up_cheque_offers_no_gesprek_but_its_detail(app: App, world: World) -> None:
    chat = await used_up(app, world)
    await chat.command("gesprek")
    reply = await chat.say("123456")
    assert "Er blijft nog 15 min over op de cheque: te weinig voor een gesprek" in reply.text
    assert "zet je het laatste gesprek om naar een synthesegesprek of stopzetting" in reply.text
    assert chat.labels[0] == "Cheque bekijken"
    reply = await chat.press("Cheque bekijken")
    assert reply.text.startswith("📁 Cheque 123456")
    assert chat.labels[:2] == CONVERT


async def test_the_newest_gesprek_becomes_the_synthese_kept_as_verwijderd_and_audited(
    app: App, world: World
) -> None:
    chat = await used_up(app, world)
    await chat.command("dossier")
    await chat.say("123456")
    assert chat.labels[:2] == CONVERT
    reply = await chat.press("Laatste gesprek omzetten naar synthese")
    assert "3. 10/03/2026 · Verdiepingsgesprek · 45 min · E-coaching · Peeters An" in reply.text
    assert (
        "Dit gesprek wordt verwijderd (het blijft zichtbaar met het label Verwijderd) en "
        "opnieuw geregistreerd als synthesegesprek met dezelfde datum, vorm en duur."
    ) in reply.text
    assert "een synthesegesprek sluit de loopbaancheque automatisch af" in reply.text
    assert "na dit synthesegesprek blijft er nog 15 min over op de cheque" in reply.text
    reply = await chat.press("Omzetten en cheque afsluiten")
    assert reply.text.startswith(
        "✅ Het laatste gesprek is nu een synthesegesprek; het oorspronkelijke blijft zichtbaar "
        "met het label Verwijderd. De cheque is nu afgesloten."
    )
    assert "3. 10/03/2026 · Verdiepingsgesprek · 45 min · E-coaching · Peeters An — Verwijderd" in (
        reply.text
    )
    assert "4. 10/03/2026 · Synthesegesprek · 45 min · E-coaching · Peeters An" in reply.text
    assert "omzetten" not in " ".join(chat.labels)
    stored = await gesprekken(app)
    assert [(row[0], row[4], row[6]) for row in stored] == [
        ("intake", 60, False),
        ("verdieping", 120, False),
        ("verdieping", 45, True),
        ("synthese", 45, False),
    ]
    assert stored[2][1:6] == stored[3][1:6]  # same datum, begeleider, vorm, duur, feedback
    assert await status(app) == "afgesloten"
    assert (await audit_actions(app)).count("gesprek.converted") == 1
    assert await kept_counts(app) == await fresh_counts(app)  # /financieel's month totals


COUNTS = text(
    "SELECT organisation_id, dag, datum, minutes, betaald, aantal FROM gesprek_totalen "
    "WHERE aantal <> 0 ORDER BY 1, 2, 3, 4, 5"
)


async def kept_counts(app: App) -> list[tuple[object, ...]]:
    async with database(app) as db:
        return [tuple(row) for row in await db.execute(COUNTS)]


async def fresh_counts(app: App) -> list[tuple[object, ...]]:
    """The pre-counted rows made afresh from the gesprekken (rolled back afterwards)."""
    async with database(app) as db:
        for statement in totals.fill_statements(db.get_bind().dialect.name):
            await db.execute(statement)
        fresh = [tuple(row) for row in await db.execute(COUNTS)]
        await db.rollback()
    return fresh


async def test_a_stopzetting_needs_the_clients_agreement(app: App, world: World) -> None:
    chat = await used_up(app, world)
    await chat.command("dossier")
    await chat.say("123456")
    reply = await chat.press("Laatste gesprek omzetten naar stopzetting")
    assert "Is de klant akkoord?" in reply.text
    reply = await chat.press("Nee")
    assert reply.text.startswith("Zonder akkoord van de klant kan je de begeleiding niet")
    assert chat.labels[:2] == CONVERT
    await chat.press("Laatste gesprek omzetten naar stopzetting")
    reply = await chat.press("Ja, de klant is akkoord")
    assert "een stopzetting van de begeleiding geldt als een afsluiting" in reply.text
    assert "uren gaan verloren" not in reply.text
    reply = await chat.press("Omzetten en cheque afsluiten")
    assert "De cheque is nu stopgezet." in reply.text
    assert [row[0] for row in await gesprekken(app)][-1] == "stopzetting"
    assert await status(app) == "stopgezet"


async def test_a_cheque_with_time_for_a_synthese_offers_no_conversion(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await own_gesprek(chat, "Verdiepingsgesprek", "2u")
    await chat.command("dossier")
    await chat.say("123456")
    assert not set(CONVERT) & set(chat.labels)
