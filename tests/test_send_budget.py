"""One sending budget for every instance on PostgreSQL; a 429 seen by one pauses them all."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram.error import RetryAfter

from bot import metrics
from bot.app import App
from bot.telegram.ordering import ChatRateLimiter
from storage.coordination import SqlSendBudget
from storage.database import create_engine


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
