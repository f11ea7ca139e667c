"""A1.4: from the overview a user registers a cheque or a gesprek, or opens a line."""

from __future__ import annotations

from bot.app import App
from flows.domain import handbook
from flows.engine.clock import FixedClock
from tests.overview_support import issue, organisation_id, register
from tests.support import Chat, World


async def test_the_overview_offers_to_register_a_cheque_and_a_gesprek(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("overzicht")
    assert "Cheque registreren" in chat.labels
    assert "Gesprek registreren" in chat.labels


async def test_cheque_registreren_from_the_overview_starts_at_the_chequenummer(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("overzicht")
    reply = await chat.press("Cheque registreren")
    assert handbook.STEP1_TITLE in reply.text
    assert "Geef het chequenummer" in reply.text
    assert "niet opgeslagen" not in chat.text  # leaving a list stores nothing, says nothing


async def test_gesprek_registreren_from_the_overview_asks_which_cheque_then_the_type(
    app: App, world: World, clock: FixedClock
) -> None:
    brug = await organisation_id(app, "De Brug")
    (number,) = await issue(app, clock.now(), ["Klant Overzicht"], first=70)
    await register(app, brug, world.an, number, clock.now())
    chat = Chat(app, world.an)
    await chat.command("overzicht")
    reply = await chat.press("Gesprek registreren")
    assert reply.text.startswith("Welke cheque?")
    assert any("Klant Overzicht" in label for label in chat.labels)
    reply = await chat.press(next(label for label in chat.labels if "Klant Overzicht" in label))
    assert "👤 Klant Overzicht (klant 4070) · cheque 400070" in reply.text
    assert "Welk type gesprek?" in reply.text
    assert "Verdiepingsgesprek" in chat.labels
