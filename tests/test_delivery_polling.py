"""Polling as a real process: a kill -9 at any moment loses no update and doubles none."""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections import Counter
from pathlib import Path

from bot.app import App
from tests.fake_bot_api import FakeBotApi
from tests.instances_support import BotProcess, bot_env, invite_staff, linked

USERS = 30
BATCH = 5


async def _wait_until(test: object, limit: float = 120) -> None:
    for _ in range(int(limit * 10)):
        if await test():  # type: ignore[operator]
            return
        await asyncio.sleep(0.1)
    raise AssertionError("waited in vain")


async def test_kill_9_during_processing_loses_no_update_and_applies_none_twice(
    app: App, database_url: str, fake: FakeBotApi, tmp_path: Path
) -> None:
    invited = await invite_staff(app, USERS)
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    bot = BotProcess(bot_env(database_url, fake), tmp_path / "bot.log", "telegram")
    kills = 0
    try:
        for start in range(0, USERS, BATCH):
            seen = len(fake.calls)
            await bot.start()
            await fake.wait_for(lambda c: c.method == "getUpdates", after=seen)
            for person in invited[start : start + BATCH]:
                await fake.deliver(fake.user_message(person.telegram_id, f"/start {person.code}"))
            # Somewhere while this batch (and what the last kill left) is being processed.
            with contextlib.suppress(TimeoutError):
                await fake.wait_for(lambda c: c.method == "sendMessage", after=seen)
            await asyncio.sleep(chance.uniform(0, 0.15))
            bot.kill()
            await bot.wait()
            kills += 1
        seen = len(fake.calls)
        await bot.start()
        await fake.wait_for(lambda c: c.method == "getUpdates", after=seen)

        async def everyone_linked() -> bool:
            return len(await linked(app)) == USERS

        await _wait_until(everyone_linked)
        assert await bot.terminate() == 0
    finally:
        await bot.ensure_gone()
    assert kills == USERS // BATCH
    assert await linked(app) == {p.staff_id: p.telegram_id for p in invited}, f"seed {seed}"
    greetings = Counter(
        int(c.params["chat_id"])
        for c in fake.calls
        if c.method == "sendMessage" and str(c.params.get("text", "")).startswith("Dag ")
    )
    assert all(n == 1 for n in greetings.values()), (greetings, seed)
