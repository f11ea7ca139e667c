"""/gesprek in one line (issue 14): every order of words, Dutch dates, refusals; the engine."""

from __future__ import annotations

from datetime import date, timedelta

from bot.app import App
from flows.engine.clock import FixedClock
from tests.gesprek_support import gesprekken, import_extra, registered
from tests.support import Chat, World

MONDAY = date(2026, 3, 16)  # six days after the intake of the registered cheque (Tuesday 10/3)


async def _ready(app: App, world: World, clock: FixedClock, day: date = MONDAY) -> Chat:
    """A registered cheque (Vermeulen Els, 123456, klant 999, 1u intake on 10/3), then `day`."""
    chat = await registered(app, world.an)
    clock.set_day(day)
    await chat.command("menu")
    return chat


async def test_one_line_with_everything_goes_straight_to_the_summary(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say("/gesprek 123456 gisteren 1u30 verdieping")
    assert "Controleer en bevestig:" in reply.text
    assert "Type gesprek: Verdiepingsgesprek\nDatum: zondag 15/03/2026\n" in reply.text
    assert "Duur: 1u30" in reply.text
    await chat.press("Bevestigen en opslaan")
    assert chat.text.startswith("✅ Verdiepingsgesprek van 15/03/2026 (1u30) geregistreerd")
    assert (await gesprekken(app))[-1][:5] == (
        "verdieping",
        date(2026, 3, 15),
        "Peeters An",
        "individueel",
        90,
    )
