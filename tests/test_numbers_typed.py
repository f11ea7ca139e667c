"""Issue 13.4 through the engine: a typed number is never silently changed (sign, size, button)."""

from __future__ import annotations

import pytest

from bot.app import App
from tests.gesprek_support import at_type, gesprekken, registered
from tests.support import Chat, World, stored_counts


async def test_a_negative_chequenummer_is_refused_with_the_reason(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    reply = await chat.say("-444444444")
    assert reply.text.startswith("Een chequenummer kan niet negatief zijn: laat het minteken weg.")
    assert "Geef het chequenummer" in reply.text


async def test_a_negative_klantnummer_is_refused_with_the_reason(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    await chat.say("123456")
    reply = await chat.say("-8000001")
    assert reply.text.startswith("Een klantnummer kan niet negatief zijn: laat het minteken weg.")
    assert "Geef nu het klantnummer" in reply.text


async def _at_duur(chat: Chat) -> None:
    await at_type(chat)
    await chat.press("Verdiepingsgesprek")
    for tap in ("Gegevens aanpassen", "Vandaag", "Peeters An", "Individueel"):
        await chat.press(tap)
    assert "Hoe lang duurde het gesprek?" in chat.text


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("-30", "Een duur kan niet negatief zijn."),
        ("- 30 min", "Een duur kan niet negatief zijn."),
        ("9" * 400 + " uur", "Geef de duur in minuten (bijvoorbeeld 90) of in uren"),
        ("9" * 5000, "Geef de duur in minuten (bijvoorbeeld 90) of in uren"),
        ("15", "Bij 15 weet ik niet of je minuten of uren bedoelt."),
    ],
)
async def test_a_duur_that_cannot_be_is_refused_and_asked_again_never_changed(
    app: App, world: World, typed: str, reason: str
) -> None:
    chat = await registered(app, world.an)
    await _at_duur(chat)
    reply = await chat.say(typed)
    assert reply.text.startswith(reason)
    assert "Hoe lang duurde het gesprek?" in reply.text
    assert await stored_counts(app) == (1, 1, 1)


@pytest.mark.parametrize(("typed", "minutes"), [("1,5", 90), ("1.5", 90), ("2", 120), ("1", 60)])
async def test_a_typed_number_at_the_duur_is_read_as_a_duur_not_a_button(
    app: App, world: World, typed: str, minutes: int
) -> None:
    chat = await registered(app, world.an)
    await _at_duur(chat)
    await chat.say(typed)
    await chat.press("Geen feedback")
    await chat.press("Bevestigen en opslaan")
    assert (await gesprekken(app))[-1][4] == minutes
