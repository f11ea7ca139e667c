"""Issue 13 through `process_update`: only buttons that will be accepted, resultaten on a phone."""

from __future__ import annotations

from bot.app import App
from flows.domain import handbook
from flows.engine.clock import FixedClock
from tests.esf_support import FIRST, TOM, seed_esf
from tests.fake_bot_api import FakeBotApi
from tests.support import World, stored_counts
from tests.telegram_support import TelegramUserDriver

AN, PIETER, NOOR = 5001, 5003, 5004


def user(bot: object, fake: FakeBotApi, user_id: int) -> TelegramUserDriver:
    return TelegramUserDriver(bot, fake, user_id)  # type: ignore[arg-type]


async def until_duur(an: TelegramUserDriver) -> None:
    """/gesprek on cheque 123456, a verdieping, today, by An, as E-coaching: the duur asked."""
    await an.send("/gesprek")
    await an.send("123456")
    await an.press("Verdiepingsgesprek")
    if "✏️ Gegevens aanpassen" in an.labels:
        await an.press("Gegevens aanpassen")
    assert not [label for label in an.labels if label.startswith("Gisteren")]
    await an.press_first()  # Vandaag
    await an.press_first()  # the user's own name
    await an.press("E-coaching")


async def test_no_day_before_the_last_gesprek_and_no_duur_above_what_remains_is_offered(
    app: App, bot: object, fake: FakeBotApi
) -> None:
    an = user(bot, fake, AN)
    await an.register_cheque()  # intake of 1u30 today on a 4u cheque
    await until_duur(an)
    assert an.labels[:5] == ["30 min", "45 min", "1u", "1u30", "2u"]
    await an.send("2u")
    await an.press("Geen feedback")
    await an.press("Bevestigen en opslaan")
    assert "Er blijft 30 min op de cheque." in an.text
    await until_duur(an)
    assert "Er blijft nog 30 min op de cheque." in an.text
    assert an.labels == ["30 min", "⬅ Vorige", "✖ Annuleren"]
    await an.press("30 min")
    await an.press("Geen feedback")
    await an.press("Bevestigen en opslaan")
    assert "te weinig voor een synthesegesprek" in an.text
    assert an.labels[:2] == ["Als synthesegesprek registreren", "Toch als verdiepingsgesprek"]


async def test_a_cheque_taken_by_another_centre_leaves_the_confirm_for_the_menu(
    app: App, bot: object, fake: FakeBotApi
) -> None:
    an, pieter = user(bot, fake, AN), user(bot, fake, PIETER)
    await an.register_until_begeleider()
    await an.press_first()
    await an.press("Individueel gesprek")
    await an.send("1u30")
    await an.press("Geen feedback")
    assert "Bevestigen en opslaan" in " ".join(an.labels)
    await pieter.register_cheque()
    assert "Geregistreerd" in pieter.text
    await an.press("Bevestigen en opslaan")
    assert an.text.startswith(handbook.CHEQUE_IN_USE_ELSEWHERE + "\n\nWat wil je doen?")
    assert not [label for label in an.labels if "Bevestigen" in label]
    assert await stored_counts(app) == (1, 1, 1)


async def test_the_five_resultaten_are_numbered_in_the_text_with_short_buttons(
    app: App, world: World, bot: object, fake: FakeBotApi, clock: FixedClock
) -> None:
    await seed_esf(app, world, clock.now())
    async with app.unit_of_work() as uow:
        await uow.staff.link_telegram(world.esf_only, NOOR)
        await uow.commit()
    noor = user(bot, fake, NOOR)
    await noor.send("/esf")
    await noor.send(TOM)
    await noor.send("02/03/2026")
    await noor.send(FIRST)
    await noor.press("✅ Bevestigen")
    await noor.send("/esfoverzicht")
    await noor.send(TOM)
    await noor.press("Beëindigen")
    await noor.send("06/03/2026")
    text = noor.text
    assert (
        "Kies het resultaat (verplicht).\nPositief resultaat:\n"
        "1. ➕ De jongere zet de opleiding verder of start een andere opleiding.\n"
        "2. ➕ De jongere is gestopt met de opleiding maar heeft werk.\n"
        "3. ➕ De jongere behaalde een beroeps- of onderwijskwalificatie en heeft (nog geen) "
        "werk.\nNegatief resultaat:\n"
        "4. ➖ De jongere behaalde geen enkele beroeps- of onderwijskwalificatie én heeft geen "
        "werk.\n"
        "5. ➖ De begeleiding wordt stopgezet omwille van afwezigheid/onwil/gebrek aan "
        "motivatie, maar de jongere blijft in onderwijs"
    ) in text
    assert noor.labels[:5] == [
        "1. ➕ Opleiding verder",
        "2. ➕ Gestopt, heeft werk",
        "3. ➕ Kwalificatie behaald",
        "4. ➖ Geen kwalificatie, geen werk",
        "5. ➖ Stopgezet, blijft in onderwijs",
    ]
    await noor.press("4. ➖ Geen kwalificatie, geen werk")
    assert "Resultaat (negatief): De jongere behaalde geen enkele" in noor.text
