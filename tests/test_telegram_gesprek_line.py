"""/gesprek in one line through the Telegram adapter (`process_update`, the fake Bot API)."""

from __future__ import annotations

from datetime import timedelta

from bot.app import App
from bot.telegram.menus import person_menu
from flows.engine.clock import FixedClock
from tests.fake_bot_api import FakeBotApi
from tests.gesprek_support import gesprekken
from tests.support import World
from tests.telegram_support import TelegramUserDriver

AN = 5001


async def test_gesprek_arguments_sent_in_telegram_fill_the_flow_up_to_the_summary(
    app: App, bot: object, fake: FakeBotApi, clock: FixedClock
) -> None:
    an = TelegramUserDriver(bot, fake, AN)  # type: ignore[arg-type]
    await an.register_cheque()
    clock.advance(timedelta(days=3))
    await an.send("/gesprek@registratiebot 123456 2 dagen geleden 1u30 verdieping")
    assert "Controleer en bevestig:" in an.text
    assert "Datum: woensdag 11/03/2026" in an.text
    assert an.labels == ["✅ Bevestigen en opslaan", "✏️ Gegevens aanpassen", "✖ Annuleren"]
    await an.press("Bevestigen en opslaan")
    assert an.text.startswith("✅ Verdiepingsgesprek van 11/03/2026 (1u30) geregistreerd")
    assert (await gesprekken(app))[-1][0] == "verdieping"


async def test_the_command_menu_shows_the_one_line_form(app: App, world: World) -> None:
    menu = person_menu(await app.engine.menu(world.an))
    described = {command.command: command.description for command in menu}
    assert described["gesprek"] == (
        "Gesprek registreren, ook in één bericht: /gesprek 100200300 gisteren 1u30 verdieping"
    )
    assert described["cheque"] == "Cheque registreren"
