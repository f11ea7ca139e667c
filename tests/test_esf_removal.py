"""Removing a closed ESF line (B7): the organisator asks, a coach decides, the requester is told."""

from __future__ import annotations

import pytest

from bot.app import App
from flows.domain.errors import Refusal
from flows.engine import texts
from flows.engine.clock import FixedClock
from flows.esf.begeleiding_changes import request_removal
from flows.esf.removal_decisions import ONLY_COACHES, approve_removal
from storage.models import RemovalRequestRow
from tests.esf_support import (
    ESF_MENU,
    LORE,
    TOM,
    Esf,
    audit_actions,
    close,
    detail,
    line_id,
    lines,
    register,
    seed_esf,
)
from tests.support import Chat, World, count

REDEN = "Deze lijn werd dubbel geregistreerd voor dezelfde jongere."
ASKED = (
    "Verwijdering aangevraagd op 10/03/2026 door Jacobs Noor: “Deze lijn werd dubbel "
    "geregistreerd voor dezelfde jongere.”"
)
ABOUT_TOM = (
    "📬 Je aanvraag om de lijn ‘Onderwijs ondersteuning alternerend leren’ van Janssens Tom "
    "(klant 1101) te verwijderen, werd op 10/03/2026"
)


@pytest.fixture
async def esf(app: App, world: World, clock: FixedClock) -> Esf:
    return await seed_esf(app, world, clock.now())


async def closed(app: App, staff: int, klant: str = TOM, chat: str = "1") -> Chat:
    """A chat at the detail of a line it registered and closed today."""
    talk = Chat(app, staff, chat=chat)
    await register(talk, klant)
    await detail(talk, klant)
    await close(talk, "10/03/2026")
    return talk


async def request(talk: Chat) -> None:
    """From a closed line's detail: ask its removal with REDEN."""
    await talk.press("Verwijdering aanvragen")
    await talk.say(REDEN)
    await talk.press("Aanvraag versturen")


async def at_request(coach: Chat, label: str = "Janssens Tom") -> str:
    await coach.command("verwijderingen")
    return (await coach.press(label)).text


async def test_the_organisator_asks_the_removal_of_a_closed_line_with_a_reason(
    app: App, esf: Esf
) -> None:
    chat = await closed(app, esf.noor)
    question = (await chat.press("Verwijdering aanvragen")).text
    assert "De provinciale coach klantendossier – partners beslist" in question
    assert (await chat.say("dubbel")).text.startswith("De reden is te kort")
    await chat.say(REDEN)
    assert await count(app, RemovalRequestRow) == 0
    reply = await chat.press("Aanvraag versturen")
    assert reply.text.startswith("📨 Je aanvraag tot verwijdering ging naar de provinciale coach.")
    assert f"{ASKED} — wacht op de provinciale coach." in reply.text
    assert "Verwijdering aanvragen" not in chat.labels  # one open request at a time
    entity = str(await line_id(app))
    assert ("esf.removal_requested", entity, esf.noor) in await audit_actions(app)


async def test_a_running_line_cannot_be_asked_for_removal_and_a_second_request_is_refused(
    app: App, esf: Esf, clock: FixedClock
) -> None:
    chat = Chat(app, esf.noor)
    await register(chat)
    await detail(chat)
    assert "Verwijdering aanvragen" not in chat.labels
    line = await line_id(app)
    async with app.unit_of_work() as uow:
        noor = await uow.staff.get(esf.noor)
        assert noor is not None
        with pytest.raises(Refusal, match="Enkel een beëindigde lijn laat je verwijderen"):
            await request_removal(uow, noor, line, REDEN, clock.now())
    await close(chat, "10/03/2026")
    await request(chat)
    async with app.unit_of_work() as uow:
        with pytest.raises(Refusal, match="loopt al een aanvraag tot verwijdering"):
            await request_removal(uow, noor, line, REDEN, clock.now())


async def test_a_coach_sees_the_open_requests_of_every_esf_organisation_oldest_first(
    app: App, esf: Esf
) -> None:
    await request(await closed(app, esf.noor))
    await request(await closed(app, esf.lien, LORE, chat="2"))  # Leerwerk Gent
    coach = Chat(app, esf.coach, chat="3")
    reply = await coach.command("verwijderingen")
    assert reply.text.startswith("Open aanvragen tot verwijdering (2), oudste eerst.")
    assert coach.labels == [
        "Duaal Plus · Janssens Tom · 10/03/2026",
        "Leerwerk Gent · Verbeke Lore · 10/03/2026",
        "Klaar",
        texts.CANCEL,
    ]
    text = await at_request(coach, "Leerwerk Gent")
    assert "👤 Verbeke Lore (klant 1104)" in text
    assert "Organisatie: Leerwerk Gent" in text
    assert "Verwijdering aangevraagd op 10/03/2026 door Smet Lien" in text


async def test_staff_who_are_not_coaches_cannot_decide_on_removals(
    app: App, esf: Esf, clock: FixedClock
) -> None:
    chat = await closed(app, esf.noor)
    await request(chat)
    assert "niet beschikbaar" in (await chat.command("verwijderingen")).text
    async with app.unit_of_work() as uow:
        noor = await uow.staff.get(esf.noor)
        assert noor is not None
        with pytest.raises(Refusal, match=ONLY_COACHES):
            await approve_removal(uow, noor, 1, clock.now())


async def test_an_approved_removal_leaves_the_overview_and_the_audit_log_keeps_it(
    app: App, esf: Esf
) -> None:
    await request(await closed(app, esf.noor))
    await register(Chat(app, esf.noor, chat="9"), LORE)
    coach = Chat(app, esf.coach, chat="2")
    await at_request(coach)
    await coach.press("Goedkeuren: lijn verwijderen")
    assert "het auditlog bewaart ze" in coach.text
    reply = await coach.press("Ja, lijn verwijderen")
    assert reply.text.startswith(
        "🗑 Verwijderd: de lijn van Janssens Tom. De aanvrager krijgt bericht.\n\n"
        "Er zijn geen open aanvragen tot verwijdering."
    )
    organisator = Chat(app, esf.noor, chat="3")
    await organisator.command("esfoverzicht")
    assert [label for label in organisator.labels if "·" in label] == [
        "Verbeke Lore · Bezig sinds 02/03/2026"
    ]
    assert [(row[0], row[6]) for row in await lines(app)] == [(TOM, True), (LORE, False)]
    entity = str(await line_id(app, TOM))
    assert ("esf.removal_approved", entity, esf.coach) in await audit_actions(app)


async def test_the_requester_is_told_the_outcome_once_at_their_next_pause_not_mid_flow(
    app: App, esf: Esf
) -> None:
    chat = await closed(app, esf.noor)
    await request(chat)
    await chat.command("esf")  # busy registering when the coach decides
    coach = Chat(app, esf.coach, chat="2")
    await at_request(coach)
    await coach.press("Goedkeuren")
    await coach.press("Ja, lijn verwijderen")
    reply = await chat.say(LORE)
    assert "📬" not in reply.text
    reply = await chat.command("annuleer")
    assert reply.text == (
        f"{texts.CANCELLED}\n\n{ABOUT_TOM} goedgekeurd door Coppens Hilde. De lijn staat niet "
        f"meer in het overzicht.\n\n{texts.WHAT_NOW}"
    )
    assert chat.labels == ESF_MENU
    assert "📬" not in (await chat.command("menu")).text


async def test_a_refused_removal_keeps_the_line_and_tells_the_requester_why(
    app: App, esf: Esf
) -> None:
    await request(await closed(app, esf.noor))
    coach = Chat(app, esf.coach, chat="2")
    await at_request(coach)
    await coach.press("Weigeren")
    assert (await coach.say("nee")).text.startswith("De reden is te kort")
    await coach.say("Een beëindigde lijn met resultaat blijft staan.")
    reply = await coach.press("Weigering versturen")
    assert reply.text.startswith("Geweigerd: de lijn van Janssens Tom blijft.")
    organisator = Chat(app, esf.noor, chat="3")
    assert (await organisator.command("start")).text.endswith(
        f"{ABOUT_TOM} geweigerd door Coppens Hilde: “Een beëindigde lijn met resultaat blijft "
        f"staan.”. De lijn blijft in het overzicht.\n\n{texts.WHAT_NOW}"
    )
    text = await detail(organisator)
    assert (
        f"{ASKED} — geweigerd door Coppens Hilde op 10/03/2026: “Een beëindigde lijn met "
        "resultaat blijft staan.”"
    ) in text
    assert "Verwijdering aanvragen" in organisator.labels  # may ask again
    assert [row[6] for row in await lines(app)] == [False]
    entity = str(await line_id(app))
    assert ("esf.removal_refused", entity, esf.coach) in await audit_actions(app)


async def test_a_request_decided_meanwhile_is_not_decided_twice(app: App, esf: Esf) -> None:
    await request(await closed(app, esf.noor))
    first, second = Chat(app, esf.coach, chat="2"), Chat(app, esf.coach, chat="3")
    await at_request(first)
    await at_request(second)
    await first.press("Goedkeuren")
    await second.press("Weigeren")
    await second.say("Deze lijn moet blijven staan.")
    await first.press("Ja, lijn verwijderen")
    reply = await second.press("Weigering versturen")
    assert reply.text.startswith("Deze aanvraag werd intussen al behandeld (goedgekeurd).")
    assert [row[6] for row in await lines(app)] == [True]
