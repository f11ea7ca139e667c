"""What several bot instances agree on through the database: chat order and the send budget."""

from __future__ import annotations

import time

from sqlalchemy import delete, exists, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import PendingUpdateRow, ProcessedUpdateRow

STALE_AFTER = 30.0  # seconds: an update pending longer was abandoned (its instance died)


class SqlChatOrder:
    """Updates received but not finished; a later update of the same chat waits for them.

    An update counts as finished once its id is in the update log (committed with its turn)
    or its row is gone; a row older than `stale_after` belongs to a dead instance.
    """

    def __init__(
        self, database: AsyncEngine, channel: str, stale_after: float = STALE_AFTER
    ) -> None:
        self._database = database
        self._channel = channel
        self._stale_after = stale_after
        self._left = 0

    async def arrive(self, chat_id: str, update_id: int) -> None:
        """Say, before anything else, that this update is being worked on."""
        values = {
            "channel": self._channel,
            "update_id": update_id,
            "chat_id": chat_id,
            "arrived_at": time.time(),
        }
        insert = postgresql.insert if self._database.dialect.name == "postgresql" else sqlite.insert
        statement = (
            insert(PendingUpdateRow)
            .values(**values)
            .on_conflict_do_update(
                index_elements=["channel", "update_id"], set_={"arrived_at": values["arrived_at"]}
            )
        )
        async with self._database.begin() as connection:
            await connection.execute(statement)

    async def earlier_in_flight(self, chat_id: str, update_id: int) -> bool:
        """Whether an earlier update of this chat is received and not yet finished."""
        pending = PendingUpdateRow
        finished = exists().where(
            ProcessedUpdateRow.channel == pending.channel,
            ProcessedUpdateRow.update_id == pending.update_id,
        )
        query = (
            select(pending.update_id)
            .where(
                pending.channel == self._channel,
                pending.chat_id == chat_id,
                pending.update_id < update_id,
                pending.arrived_at > time.time() - self._stale_after,
                ~finished,
            )
            .limit(1)
        )
        async with self._database.connect() as connection:
            return (await connection.execute(query)).first() is not None

    async def leave(self, update_id: int) -> None:
        """Forget this update (and, now and then, rows abandoned by dead instances)."""
        self._left += 1
        pending = PendingUpdateRow
        async with self._database.begin() as connection:
            await connection.execute(
                delete(pending).where(
                    pending.channel == self._channel, pending.update_id == update_id
                )
            )
            if self._left % 256 == 0:
                await connection.execute(
                    delete(pending).where(pending.arrived_at < time.time() - 3600)
                )


_REFILL = text(
    """
    UPDATE send_budget
       SET tokens = LEAST(:capacity, tokens + (GREATEST(:now, refilled_at) - refilled_at) * :rate)
                    - 1,
           refilled_at = GREATEST(:now, refilled_at)
     WHERE name = :name
    RETURNING tokens, paused_until
    """
)
_CREATE = text(
    """
    INSERT INTO send_budget (name, tokens, refilled_at, paused_until)
    VALUES (:name, :capacity, :now, 0)
    ON CONFLICT (name) DO NOTHING
    """
)
_PAUSE = text(
    "UPDATE send_budget SET paused_until = GREATEST(paused_until, :until) WHERE name = :name"
)


class SqlSendBudget:
    """A token bucket in one PostgreSQL row: every instance reserves its messages from it.

    A reservation may leave the bucket negative: that instance then waits until its token
    has refilled, so waiting senders queue in the order they reserved.
    """

    def __init__(
        self, database: AsyncEngine, rate: float = 30.0, capacity: float = 30.0, name: str = "bot"
    ) -> None:
        self._database = database
        self._rate, self._capacity, self._name = rate, capacity, name

    async def reserve(self) -> float:
        """Take one message from the budget; return how long to wait before sending it."""
        now = time.time()
        params = {"name": self._name, "capacity": self._capacity, "rate": self._rate, "now": now}
        async with self._database.begin() as connection:
            row = (await connection.execute(_REFILL, params)).first()
            if row is None:
                await connection.execute(_CREATE, params)
                row = (await connection.execute(_REFILL, params)).first()
        assert row is not None
        tokens, paused_until = float(row[0]), float(row[1])
        wait = -tokens / self._rate if tokens < 0 else 0.0
        return max(wait, paused_until - now)

    async def pause(self, seconds: float) -> None:
        """Telegram answered 429: nobody sends for `seconds`."""
        async with self._database.begin() as connection:
            await connection.execute(_PAUSE, {"name": self._name, "until": time.time() + seconds})
