"""Webhook delivery: 200 after commit, one chat in order across instances (real processes)."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from telegram import Bot, Update

from bot.app import App
from bot.telegram.channel import Outcome
from bot.telegram.delivery import Delivery
from storage.coordination import SqlChatOrder
from storage.models import IssuedChequeRow, RegistrationRow
from tests.fake_bot_api import FakeBotApi
from tests.instances_support import (
    SECRET,
    BotProcess,
    bot_env,
    free_port,
    staff_with_cheques,
    until_listening,
    webhook_args,
)
from tests.telegram_support import LiveUserDriver

CHATS = 20


def _update(update_id: int, chat: int) -> Update:
    return Update.de_json(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 0,
                "chat": {"id": chat, "type": "private"},
                "text": "x",
            },
        },
        None,
    )


class _Recorder:
    """Stands in for the channel: records the order, holds chosen updates until released;
    like a turn, an applied update's id goes into the update log."""

    def __init__(self, app: App, log: list[int], hold: int | None = None) -> None:
        self.app, self.log, self.hold = app, log, hold
        self.entered, self.release = asyncio.Event(), asyncio.Event()

    async def handle(self, update: Update, bot: Bot) -> Outcome:
        if update.update_id == self.hold:
            self.entered.set()
            await self.release.wait()
        async with self.app.unit_of_work() as uow:
            await uow.updates.first_time("telegram", update.update_id, datetime.now(UTC))
            await uow.commit()
        self.log.append(update.update_id)
        return Outcome.APPLIED


async def test_a_later_update_of_a_chat_waits_for_an_earlier_one_on_another_instance(
    app: App,
) -> None:
    applied: list[int] = []
    first, second = _Recorder(app, applied, hold=10), _Recorder(app, applied)
    bot: Any = None
    one = Delivery(first, bot, SqlChatOrder(app.database, "telegram"))
    two = Delivery(second, bot, SqlChatOrder(app.database, "telegram"))
    earlier = asyncio.create_task(one.apply(_update(10, 77)))
    await asyncio.wait_for(first.entered.wait(), 30)
    later = asyncio.create_task(two.apply(_update(11, 77)))
    other_chat = await asyncio.wait_for(two.apply(_update(12, 78)), 30)
    await asyncio.sleep(0.3)
    assert applied == [12]  # the other chat went ahead; update 11 waits for 10
    assert not later.done()
    first.release.set()
    assert list(await asyncio.wait_for(asyncio.gather(earlier, later), 30)) == [
        Outcome.APPLIED,
        Outcome.APPLIED,
    ]
    assert other_chat is Outcome.APPLIED
    assert applied == [12, 10, 11]


async def test_two_webhook_instances_apply_each_chats_updates_in_order(
    app: App, database_url: str, fake: FakeBotApi, tmp_path: Path
) -> None:
    if app.settings.is_sqlite:
        pytest.skip("several instances share one PostgreSQL; SQLite serves one process")
    people = await staff_with_cheques(app, CHATS)
    ports = [free_port(), free_port()]
    bots = [
        BotProcess(bot_env(database_url, fake), tmp_path / f"bot{i}.log", *webhook_args(port))
        for i, port in enumerate(ports)
    ]
    statuses: list[int] = []
    try:
        for bot, port in zip(bots, ports, strict=True):
            await bot.start()
            await until_listening(port, bot)
        async with httpx.AsyncClient(timeout=60) as client:

            def alternating() -> Any:
                turn = itertools.cycle(ports)

                async def post(update: dict[str, Any]) -> None:
                    url = f"http://127.0.0.1:{next(turn)}/telegram/hook"
                    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
                    response = await client.post(url, json=update, headers=headers)
                    statuses.append(response.status_code)

                return post

            async def register(person: Any) -> bool:
                """A burst as fast as each post returns, then the rest of the registration."""
                post = alternating()
                for text in ("/cheque", person.chequenummer, person.klantnummer):
                    await post(fake.user_message(person.telegram_id, text))
                driver = LiveUserDriver(fake, person.telegram_id, post=post)
                try:
                    await driver.press("Competenties en talenten")
                    await driver.press("Klaar")
                    await driver.send("Welke job past bij mij na mijn ontslag?")
                    await driver.press("Ja, de klant is akkoord")
                    await driver.press("Vandaag")
                    await driver.press_first()
                    await driver.finish_registration()
                except (AssertionError, TimeoutError, KeyError, ValueError):
                    return False
                return f"✅ Geregistreerd. Cheque {person.chequenummer}" in driver.text

            in_order = await asyncio.gather(*(register(p) for p in people))
        for bot in bots:
            assert await bot.terminate() == 0, bot.output
    finally:
        for bot in bots:
            await bot.ensure_gone()
    assert set(statuses) == {200}
    assert in_order.count(False) == 0
    async with app.database.connect() as connection:
        stored = (
            await connection.execute(
                select(IssuedChequeRow.chequenummer).join(
                    RegistrationRow, RegistrationRow.issued_cheque_id == IssuedChequeRow.id
                )
            )
        ).all()
    assert sorted(row[0] for row in stored) == sorted(p.chequenummer for p in people)
