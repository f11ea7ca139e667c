"""ESF chats in the middle of a flow when a new release starts resume with their stored answers.

Each test stops a flow at a question, replaces the session's answers by the dict the previous
release stored at that question (its keys, nested dicts and ISO dates), and goes on.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import update

from bot.app import App
from flows.engine import texts
from flows.engine.clock import FixedClock
from storage.models import SessionRow
from tests.esf_support import TOM, Esf, close, detail, line_id, lines, register, seed_esf
from tests.support import Chat, World, database

REDEN = "Deze lijn werd dubbel geregistreerd voor dezelfde jongere."


@pytest.fixture
async def esf(app: App, world: World, clock: FixedClock) -> Esf:
    return await seed_esf(app, world, clock.now())


async def resume_with(chat: Chat, answers: dict[str, Any]) -> str:
    """Store `answers` as the previous release did, then pause and resume: the question again."""
    async with database(chat.app) as db:
        await db.execute(
            update(SessionRow)
            .where(SessionRow.chat_key == f"{chat.channel}:{chat.chat}")
            .values(answers=answers)
        )
        await db.commit()
    await chat.command("menu")
    return (await chat.press(texts.RESUME)).text


async def test_a_registration_at_its_summary_is_confirmed_with_the_previous_releases_answers(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    await chat.command("esf")
    await chat.say("7000009")  # unknown: entered field by field
    await chat.say("Peeters Jan")
    await chat.say("02/01/2008")
    await chat.press("Onbekend")
    await chat.press("Ja, ik bevestig")
    await chat.say("02/03/2026")
    await chat.say("Eerste gesprek.")
    text = await resume_with(
        chat,
        {
            "jongere": {
                "id": None,
                "klantnummer": "7000009",
                "naam": "Peeters Jan",
                "geboortedatum": "2008-01-02",
                "diploma": "onbekend",
            },
            "no_diploma_confirmed": True,
            "startdatum": "2026-03-03",
            "samenvatting": "Eerste gesprek op school.",
            "aanvrager": {"id": esf.jonas, "name": "Smets Jonas"},
        },
    )
    assert "Jongere: Peeters Jan (klant 7000009), geboren 02/01/2008" in text
    assert "Diploma secundair onderwijs bij de start: niet gekend; jij bevestigt: geen" in text
    assert "Startdatum: 03/03/2026" in text
    assert "Aanvrager: Smets Jonas\nUitvoerder: Jacobs Noor" in text
    assert "Samenvatting: “Eerste gesprek op school.”" in text
    assert (await chat.press("✅ Bevestigen")).text.startswith("✅ Bevestigd.")
    assert [line[0] for line in await lines(app)] == ["7000009"]


async def test_an_actie_at_its_confirmation_is_stored_with_the_previous_releases_answers(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    await register(chat)
    await detail(chat)
    await chat.press("Actie registreren")
    await chat.press("Gesprek met de jongere")
    await chat.say("04/03/2026")
    await chat.press("Geen notitie")
    line = {
        "id": await line_id(app),
        "naam": "Janssens Tom",
        "klantnummer": TOM,
        "toestand": "bezig",
        "startdatum": "2026-03-02",
        "einddatum": None,
        "last_actie": None,
    }
    stored = {"filter": "alle", "page": 0, "term": TOM, "line": line, "action": "actie"}
    stored |= {"soort": "bezoek", "actie_datum": "2026-03-05", "notitie": "Op de werkplek."}
    text = await resume_with(chat, stored)
    assert text.startswith("👤 Janssens Tom (klant 1101) · ")
    assert (
        "Actie: Bezoek op school of werkplek\nDatum: 05/03/2026\nNotitie: Op de werkplek." in text
    )
    reply = await chat.press("Bevestigen en opslaan")
    assert reply.text.startswith("✅ Bezoek op school of werkplek van 05/03/2026 geregistreerd.")
    assert "05/03/2026 · Bezoek op school of werkplek — Op de werkplek." in reply.text


async def test_a_closing_at_its_confirmation_is_stored_with_the_previous_releases_answers(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    await register(chat)
    await detail(chat)
    await chat.press("Beëindigen")
    await chat.say("09/03/2026")
    await chat.press("Opleiding verder")
    line = {
        "id": await line_id(app),
        "naam": "Janssens Tom",
        "klantnummer": TOM,
        "toestand": "bezig",
        "startdatum": "2026-03-02",
        "einddatum": None,
        "last_actie": None,
    }
    stored = {"line": line, "action": "einde", "einddatum": "2026-03-08"}
    text = await resume_with(chat, stored | {"resultaat": "kwalificatie"})
    assert "Einddatum: 08/03/2026\nResultaat (positief): De jongere behaalde een" in text
    reply = await chat.press("Bevestigen: begeleiding beëindigen")
    assert reply.text.startswith("✅ Beëindigd op 08/03/2026.")
    assert [row[2:6] for row in await lines(app)] == [
        ("beeindigd", date(2026, 3, 2), date(2026, 3, 8), "kwalificatie")
    ]


async def test_a_refusal_at_its_confirmation_is_sent_with_the_previous_releases_answers(
    app: App, esf: Esf
) -> None:
    organisator = Chat(app, esf.noor)
    await register(organisator)
    await detail(organisator)
    await close(organisator, "10/03/2026")
    await organisator.press("Verwijdering aanvragen")
    await organisator.say(REDEN)
    await organisator.press("Aanvraag versturen")
    coach = Chat(app, esf.coach, chat="2")
    await coach.command("verwijderingen")
    await coach.press("Janssens Tom")
    await coach.press("Weigeren")
    await coach.say("Geen reden.")
    async with app.unit_of_work() as uow:
        (request,) = await uow.removals.open_requests()
    text = await resume_with(
        coach,
        {
            "request": {
                "id": request.request_id,
                "requested_by": "Jacobs Noor",
                "organisation": "Duaal Plus",
                "naam": "Janssens Tom",
            },
            "decision": "refuse",
            "reason": "De lijn is correct.",
        },
    )
    assert text.startswith("🗂 Aanvraag van Jacobs Noor (Duaal Plus) · Janssens Tom")
    assert "Weigeren, met als reden:\n“De lijn is correct.”" in text
    reply = await coach.press("Weigering versturen")
    assert reply.text.startswith("Geweigerd: de lijn van Janssens Tom blijft.")
