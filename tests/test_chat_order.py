"""The chat order instances share: which earlier updates hold a later one, and when rows go."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from bot.app import App
from storage.coordination import TIDY_EVERY, SqlChatOrder
from storage.models import PendingUpdateRow

CHAT = "77"


async def _log(app: App, update_id: int) -> None:
    """What a committed turn does: its update id goes into the update log."""
    async with app.unit_of_work() as uow:
        await uow.updates.first_time("telegram", update_id, datetime.now(UTC))
        await uow.commit()


async def _rows(app: App) -> int:
    async with app.database.connect() as connection:
        return int(await connection.scalar(select(func.count()).select_from(PendingUpdateRow)) or 0)


async def test_arriving_says_whether_an_earlier_update_of_the_chat_is_unfinished(
    app: App,
) -> None:
    order = SqlChatOrder(app.database, "telegram")
    assert await order.arrive(CHAT, 10) is False
    assert await order.arrive("78", 11) is False  # another chat is never held
    assert await order.arrive(CHAT, 12) is True  # 10 is not finished
    await order.leave(10, applied=False)  # not applied: its row goes at once
    assert await order.earlier_in_flight(CHAT, 12) is False


async def test_an_applied_update_holds_nothing_and_its_row_goes_with_the_others(
    app: App,
) -> None:
    order = SqlChatOrder(app.database, "telegram")
    await order.arrive(CHAT, 20)
    await _log(app, 20)
    await order.leave(20, applied=True)
    assert await _rows(app) == 1  # no round trip of its own ...
    assert await order.arrive(CHAT, 21) is False  # ... and yet finished: 21 goes ahead
    await _log(app, 21)
    for _ in range(TIDY_EVERY - 1):  # ... until the clean-up takes every applied one
        await order.leave(21, applied=True)
    assert await _rows(app) == 0


async def test_an_abandoned_row_stops_holding_its_chat_after_a_while(app: App) -> None:
    order = SqlChatOrder(app.database, "telegram", stale_after=0.0)
    await order.arrive(CHAT, 30)  # its instance dies: no leave, no log
    assert await order.arrive(CHAT, 31) is False
