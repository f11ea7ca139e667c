"""Onboarding through python-telegram-bot and the fake Bot API: welcome, checklist edits, menus."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from sqlalchemy import update

from bot.app import App
from bot.telegram.menus import DESCRIPTION, SHORT_DESCRIPTION
from bot.telegram.run import Polling, serve
from flows.domain.practice import BANNER, practice_data
from flows.engine import gate
from flows.engine.clock import FixedClock
from storage.models import StaffRow
from tests.fake_bot_api import TOKEN, FakeBotApi
from tests.support import World, database
from tests.telegram_support import TelegramUserDriver, telegram_app

LOTTE = 7007


def _names(commands: list[dict[str, str]]) -> list[str]:
    return [command["command"] for command in commands]


async def test_an_invited_begeleider_is_welcomed_and_practising_ticks_the_checklist_in_place(
    app: App, world: World, clock: FixedClock, fake: FakeBotApi
) -> None:
    async with app.unit_of_work() as uow:
        code, _ = await gate.invite(uow, world.lotte, clock.now())
        await uow.commit()
    application = telegram_app(app, fake)
    async with application:
        lotte = TelegramUserDriver(application, fake, LOTTE)
        await lotte.send(f"/start {code}")
        sent = [c for c in fake.calls if c.method == "sendMessage"]
        assert "Welkom Lotte bij De Brug!" in sent[0].params["text"]
        (checklist_id,) = [
            key[1] for key, each in fake.messages.items() if "Je eerste stappen" in each["text"]
        ]
        checklist = fake.messages[(LOTTE, checklist_id)]
        assert checklist["text"].count("⬜") == 5
        assert "cheque" in _names(fake.chat_commands[LOTTE])
        await lotte.send("/oefenen")
        assert lotte.text.startswith(BANNER)
        data = practice_data(world.lotte, world.today)
        await lotte.press("Cheque registreren")
        await lotte.send(data.valid.chequenummer)
        await lotte.send(data.valid.klantnummer)
        await lotte.press("Competenties en talenten")
        await lotte.press("Klaar")
        await lotte.send("Welke job past bij mij na mijn ontslag?")
        await lotte.press("Ja, de klant is akkoord")
        await lotte.press("Vandaag")
        await lotte.press_first()
        await lotte.finish_registration()
        assert lotte.text.startswith(BANNER)
        assert "✅ Geregistreerd. Cheque " + data.valid.chequenummer in lotte.text
        edits = [
            c
            for c in fake.calls
            if c.method == "editMessageText" and int(c.params["message_id"]) == checklist_id
        ]
        assert len(edits) == 1
        assert "✅ Oefen een chequeregistratie" in fake.messages[(LOTTE, checklist_id)]["text"]
        await lotte.send("/herinneringen")
        checklist = fake.messages[(LOTTE, checklist_id)]
        assert "✅ Stel je herinneringen in (/herinneringen)" in checklist["text"]
        assert "(2/5 gedaan)" in checklist["text"]


async def test_each_role_gets_its_own_command_menu_and_the_bot_describes_itself(
    app: App, world: World, fake: FakeBotApi
) -> None:
    async with database(app) as db:
        for staff_id, role, telegram_id in (
            (world.lotte, "coordinator", 5002),
            (world.esf_only, "coach", 5004),
        ):
            await db.execute(
                update(StaffRow)
                .where(StaffRow.id == staff_id)
                .values(role=role, telegram_user_id=telegram_id)
            )
        await db.commit()
    settings = replace(app.settings, telegram_token=TOKEN, telegram_api_base_url=fake.base_url)
    stop = asyncio.Event()
    running = asyncio.create_task(
        serve(replace(app, settings=settings), Polling(timeout=1), stop, rate_limit=False)
    )
    try:
        await fake.wait_for(lambda c: c.method == "getUpdates")
    finally:
        stop.set()
        await running
    assert fake.descriptions == {"description": DESCRIPTION, "short_description": SHORT_DESCRIPTION}
    assert _names(fake.commands) == ["start", "menu", "help", "annuleer"]
    begeleider = _names(fake.chat_commands[5001])
    coordinator = _names(fake.chat_commands[5002])
    coach = _names(fake.chat_commands[5004])
    assert {"cheque", "oefenen", "rondleiding"} <= set(begeleider)
    assert not {"uitnodigen", "team", "verwijderingen"} & set(begeleider)
    assert {"uitnodigen", "team"} <= set(coordinator)
    assert "verwijderingen" not in coordinator
    assert "verwijderingen" in coach
    assert not {"uitnodigen", "team", "cheque"} & set(coach)
