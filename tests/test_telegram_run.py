"""Full runs of the Telegram channel: the real polling loop and the real webhook server."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from typing import Any

import httpx
from sqlalchemy import select
from telegram import Update

from bot.app import App
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.run import Polling, Webhook, serve
from storage.models import GesprekRow
from tests.fake_bot_api import TOKEN, ApiError, FakeBotApi
from tests.instances_support import free_port
from tests.support import World, stored_counts
from tests.telegram_support import LiveUserDriver, TelegramUserDriver, telegram_app

AN = 5001
SECRET = "a-webhook-secret-of-some-length"


def _with_fake(app: App, fake: FakeBotApi) -> App:
    settings = replace(app.settings, telegram_token=TOKEN, telegram_api_base_url=fake.base_url)
    return replace(app, settings=settings)


async def test_the_polling_loop_registers_a_cheque_end_to_end(
    app: App, world: World, fake: FakeBotApi
) -> None:
    stop = asyncio.Event()
    running = asyncio.create_task(
        serve(_with_fake(app, fake), Polling(timeout=1), stop, rate_limit=False)
    )
    try:
        await fake.wait_for(lambda c: c.method == "getUpdates")
        names = [command["command"] for command in fake.commands]
        assert names == ["start", "menu", "help", "annuleer"]  # each person: their own menu
        an = LiveUserDriver(fake, AN)
        await an.register_cheque()
        assert "✅ Geregistreerd. Cheque 123456" in an.text
        assert await stored_counts(app) == (1, 1, 1)
        # A proposal with spaces and an accent: its value stays with the session, not the button.
        await an.register_until_begeleider("200001", "1001")
        await an.send("van den broeck hélène")
        await an.press("Van den Broeck Hélène")
        await an.finish_registration()
        assert "✅ Geregistreerd. Cheque 200001" in an.text
        async with app.database.connect() as connection:
            stored = (await connection.execute(select(GesprekRow.begeleider))).scalars().all()
        assert sorted(stored) == ["Peeters An", "Van den Broeck Hélène"]
    finally:
        stop.set()
        await running


async def test_the_webhook_server_checks_the_secret_token(
    app: App, world: World, fake: FakeBotApi
) -> None:
    port = free_port()
    stop = asyncio.Event()
    mode = Webhook("127.0.0.1", port, "https://bot.example.org/telegram/hook", SECRET)
    running = asyncio.create_task(serve(_with_fake(app, fake), mode, stop, rate_limit=False))
    try:
        await fake.wait_for(lambda c: c.method == "setWebhook")
        assert fake.webhook is not None
        assert fake.webhook["secret_token"] == SECRET
        async with httpx.AsyncClient() as client:

            async def post(update: dict[str, Any], secret: str = SECRET) -> int:
                headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
                url = f"http://127.0.0.1:{port}/telegram/hook"
                for _ in range(50):  # the server starts shortly after setWebhook
                    try:
                        return (await client.post(url, json=update, headers=headers)).status_code
                    except httpx.ConnectError:
                        await asyncio.sleep(0.05)
                raise AssertionError("webhook server did not start")

            assert await post(fake.user_message(AN, "/start"), secret="forged") == 403
            assert not [c for c in fake.calls if c.method == "sendMessage"]

            async def accepted(update: dict[str, Any]) -> None:
                assert await post(update) == 200

            an = LiveUserDriver(fake, AN, post=accepted)
            await an.register_cheque()
        assert await stored_counts(app) == (1, 1, 1)
    finally:
        stop.set()
        await running


async def test_telegrams_retry_after_is_honoured(app: App, world: World, fake: FakeBotApi) -> None:
    application = telegram_app(app, fake, rate_limit=True)
    async with application:
        fake.fail_next["sendMessage"] = ApiError(
            429, "Too Many Requests: retry after 1", retry_after=1
        )
        started = time.monotonic()
        message = await TelegramUserDriver(application, fake, AN).send("/start")
        assert "Dag An!" in message["text"]
    attempts = [c for c in fake.calls if c.method == "sendMessage"]
    assert len(attempts) == 4  # the welcome twice (refused once), the checklist, the menu
    assert attempts[1].at - attempts[0].at >= 1.0
    assert time.monotonic() - started >= 1.0


async def test_updates_of_one_chat_run_in_order_and_other_chats_meanwhile() -> None:
    processor = PerChatUpdateProcessor()
    log: list[str] = []

    def update(update_id: int, chat: int) -> Update:
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

    async def work(name: str, seconds: float) -> None:
        log.append(f"{name} start")
        await asyncio.sleep(seconds)
        log.append(f"{name} end")

    await asyncio.gather(
        processor.do_process_update(update(1, 7), work("a1", 0.05)),
        processor.do_process_update(update(2, 7), work("a2", 0)),
        processor.do_process_update(update(3, 8), work("b1", 0)),
    )
    assert log.index("a1 end") < log.index("a2 start")  # one chat: in order
    assert log.index("b1 end") < log.index("a1 end")  # another chat: not held up
