"""One sending budget for every instance on PostgreSQL; a 429 seen by one pauses them all."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from telegram.error import RetryAfter

from bot import metrics
from bot.app import App
from bot.telegram.ordering import ChatRateLimiter
from storage.coordination import SqlSendBudget
from storage.database import create_engine
from tests.fake_bot_api import ApiError, FakeBotApi
from tests.instances_support import (
    SECRET,
    BotProcess,
    bot_env,
    free_port,
    staff_with_cheques,
    until_listening,
    webhook_args,
)


@pytest.fixture
async def instances(app: App) -> AsyncIterator[tuple[SqlSendBudget, SqlSendBudget]]:
    """Two instances' budgets: each with its own connection pool, on the same database."""
    if app.settings.is_sqlite:
        pytest.skip("one process on SQLite keeps its budget in memory (PTB's limiter)")
    other = create_engine(app.settings.database_url)
    try:
        yield (
            SqlSendBudget(app.database, rate=1, capacity=5),
            SqlSendBudget(other, rate=1, capacity=5),
        )
    finally:
        await other.dispose()


async def test_two_instances_draw_from_one_bucket(
    instances: tuple[SqlSendBudget, SqlSendBudget],
) -> None:
    one, two = instances
    waits = [await (one if i % 2 else two).reserve() for i in range(10)]
    # Alone, each instance would have had 5 messages at once; together they share 5, and
    # the tenth waits for about five refills.
    assert waits[:4] == [0, 0, 0, 0]
    assert waits[-1] > 2


async def test_a_429_seen_by_one_instance_pauses_the_other(
    instances: tuple[SqlSendBudget, SqlSendBudget],
) -> None:
    one, two = instances
    limiter = ChatRateLimiter(budget=one, max_retries=0)
    seen = metrics.TELEGRAM_429._value.get()

    async def refused(*args: Any, **kwargs: Any) -> Any:
        raise RetryAfter(30)

    with pytest.raises(RetryAfter):
        await limiter.process_request(refused, (), {}, "sendMessage", {"chat_id": 5001}, None)
    assert metrics.TELEGRAM_429._value.get() == seen + 1
    assert await two.reserve() > 20  # the other instance holds off for the retry_after


async def test_a_429_at_one_webhook_instance_holds_the_other_instances_messages(
    app: App, database_url: str, fake: FakeBotApi, tmp_path: Path
) -> None:
    if app.settings.is_sqlite:
        pytest.skip("several instances share one PostgreSQL; SQLite serves one process")
    first, second = await staff_with_cheques(app, 2)
    ports = [free_port(), free_port()]
    bots = [
        BotProcess(bot_env(database_url, fake), tmp_path / f"bot{i}.log", *webhook_args(port))
        for i, port in enumerate(ports)
    ]
    try:
        for bot, port in zip(bots, ports, strict=True):
            await bot.start()
            await until_listening(port, bot)
        async with httpx.AsyncClient(timeout=60) as client:

            async def post(port: int, telegram_id: int) -> int:
                update = fake.user_message(telegram_id, "/start")
                headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
                url = f"http://127.0.0.1:{port}/telegram/hook"
                return (await client.post(url, json=update, headers=headers)).status_code

            fake.fail_next["sendMessage"] = ApiError(
                429, "Too Many Requests: retry after 3", retry_after=3
            )
            seen = len(fake.calls)
            at_a = asyncio.create_task(post(ports[0], first.telegram_id))
            refused = await fake.wait_for(lambda c: c.method == "sendMessage", after=seen)
            await asyncio.sleep(0.3)  # instance A records the pause after reading the 429
            assert await post(ports[1], second.telegram_id) == 200
            assert await at_a == 200
        for bot in bots:
            assert await bot.terminate() == 0, bot.output
    finally:
        for bot in bots:
            await bot.ensure_gone()
    to_second = [
        c
        for c in fake.calls
        if c.method == "sendMessage" and int(c.params["chat_id"]) == second.telegram_id
    ]
    assert to_second  # the new colleague's welcome, checklist and menu
    assert all(c.at >= refused.at + 3 for c in to_second)  # B waited out A's retry_after
