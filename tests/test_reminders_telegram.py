"""Reminders through the real Telegram channel against the fake Bot API."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import timedelta

import pytest
from telegram.ext import ExtBot

from bot.app import App
from bot.reminders import Blocked, Refused, RetryLater, Sent
from bot.telegram.ordering import PUSH, ChatRateLimiter
from bot.telegram.push import TelegramPusher
from bot.telegram.run import Polling, serve
from flows.engine.clock import FixedClock
from storage.models import GesprekRow
from tests.fake_bot_api import TOKEN, ApiError, FakeBotApi
from tests.gesprek_support import registered
from tests.reminder_support import AN_CHAT, outbox
from tests.support import World, count


def _bot_app(app: App, fake: FakeBotApi) -> App:
    settings = replace(
        app.settings,
        telegram_token=TOKEN,
        telegram_api_base_url=fake.base_url,
        reminder_sweep=timedelta(seconds=1),
    )
    return replace(app, settings=settings)


async def test_a_polling_bot_pushes_an_idle_cheque_and_a_gesprek_takes_three_taps(
    app: App, world: World, clock: FixedClock, fake: FakeBotApi
) -> None:
    await registered(app, world.an)
    clock.advance(timedelta(days=30))  # Thursday 9 April, 10:00
    stop = asyncio.Event()
    running = asyncio.create_task(serve(_bot_app(app, fake), Polling(timeout=1), stop))
    try:
        pushed = await fake.wait_for(
            lambda c: c.method == "sendMessage" and "Herinnering" in str(c.params.get("text"))
        )
        assert str(pushed.params["chat_id"]) == str(AN_CHAT)
        assert "Loopbaancheque 123456 · Vermeulen Els" in pushed.params["text"]
        for tap in ("Gesprek registreren", "Verdiepingsgesprek", "Bevestigen en opslaan"):
            seen = len(fake.calls)
            message_id, data = fake.button(AN_CHAT, tap)
            await fake.deliver(fake.user_press(AN_CHAT, message_id, data))
            await fake.wait_for(
                lambda c: (
                    c.method in ("sendMessage", "editMessageText")
                    and str(c.params.get("chat_id")) == str(AN_CHAT)
                ),
                after=seen,
            )
        assert "✅ Verdiepingsgesprek van 09/04/2026" in fake.last_message(AN_CHAT)["text"]
        assert await count(app, GesprekRow) == 2
        reminder = next(m for m in fake.messages.values() if "Herinnering" in m.get("text", ""))
        assert "reply_markup" in reminder  # the reminder kept its buttons: answered below it
    finally:
        stop.set()
        await running
    assert [status for *_, status in await outbox(app)] == ["sent"]


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (ApiError(429, "Too Many Requests: retry after 7", retry_after=7), RetryLater(7.0)),
        (ApiError(403, "Forbidden: bot was blocked by the user"), Blocked()),
        (ApiError(400, "Bad Request: chat not found"), Refused()),
    ],
)
async def test_the_pusher_tells_telegrams_answers_apart(
    fake: FakeBotApi, error: ApiError, outcome: object
) -> None:
    bot = ExtBot(TOKEN, base_url=fake.base_url, rate_limiter=ChatRateLimiter(max_retries=3))
    async with bot:
        pusher = TelegramPusher(bot)
        fake.fail_next["sendMessage"] = error
        assert await pusher.push(AN_CHAT, "Herinnering", 5, [("Later", "1:later")]) == outcome
        assert isinstance(
            await pusher.push(AN_CHAT, "Herinnering", 5, [("Later", "1:later")]), Sent
        )
    sends = [c for c in fake.calls if c.method == "sendMessage"]
    assert len(sends) == 2  # a push is never retried by the limiter: the outbox decides


async def test_a_push_waits_while_a_reply_is_under_way_and_stays_within_29_a_second() -> None:
    limiter = ChatRateLimiter(max_retries=0)
    await limiter.initialize()
    order: list[str] = []
    reply_may_finish = asyncio.Event()

    async def reply() -> bool:
        order.append("reply")
        await reply_may_finish.wait()
        return True

    async def push() -> bool:
        order.append("push")
        return True

    replying = asyncio.create_task(
        limiter.process_request(reply, (), {}, "sendMessage", {"chat_id": 1}, None)
    )
    await asyncio.sleep(0.01)
    pushing = asyncio.create_task(
        limiter.process_request(push, (), {}, "sendMessage", {"chat_id": 2}, PUSH)
    )
    await asyncio.sleep(0.05)
    assert order == ["reply"]  # the push waits for the person who is waiting
    reply_may_finish.set()
    await asyncio.gather(replying, pushing)
    assert order == ["reply", "push"]
    started = asyncio.get_running_loop().time()
    await asyncio.gather(
        *(
            limiter.process_request(push, (), {}, "sendMessage", {"chat_id": 10 + n}, PUSH)
            for n in range(28)
        )
    )
    # 2 answered within the last second + 28 more would be 30: the last waits for a slot
    assert asyncio.get_running_loop().time() - started >= 0.9
    await limiter.shutdown()
