"""What several bot instances agree on through the database: chat order and the send budget."""

from __future__ import annotations

import time

from sqlalchemy import delete, text
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import PendingUpdateRow

STALE_AFTER = 30.0  # seconds: an update pending longer was abandoned (its instance died)


_UNFINISHED = """
    SELECT EXISTS (
        SELECT 1 FROM pending_updates AS p
         WHERE p.channel = :channel AND p.chat_id = :chat_id AND p.update_id < :update_id
           AND p.arrived_at > :fresh_after
           AND NOT EXISTS (SELECT 1 FROM processed_updates AS u
                            WHERE u.channel = p.channel AND u.update_id = p.update_id))
"""
# PostgreSQL: note the arrival and look for earlier unfinished updates in one round trip. The
# SELECT sees the table as it was when the statement began (not this row: it looks for others).
_ARRIVE_AND_LOOK = text(
    """
    WITH arrived AS (
        INSERT INTO pending_updates (channel, update_id, chat_id, arrived_at)
        VALUES (:channel, :update_id, :chat_id, :arrived_at)
        ON CONFLICT (channel, update_id) DO UPDATE SET arrived_at = EXCLUDED.arrived_at
    )
    """
    + _UNFINISHED
)
_LOOK = text(_UNFINISHED)
_TIDY = text(
    """
    DELETE FROM pending_updates AS p
     WHERE p.channel = :channel
       AND (p.arrived_at < :abandoned_before
            OR EXISTS (SELECT 1 FROM processed_updates AS u
                        WHERE u.channel = p.channel AND u.update_id = p.update_id))
    """
)
TIDY_EVERY = 64  # applied updates between two clean-ups of their rows


def _one_statement(database: AsyncEngine) -> AsyncEngine:
    """For statements that stand alone: on PostgreSQL without BEGIN and COMMIT around them
    (one round trip instead of three); on SQLite as they are."""
    if database.dialect.name != "postgresql":
        return database
    return database.execution_options(isolation_level="AUTOCOMMIT")


class SqlChatOrder:
    """Updates received but not finished; a later update of the same chat waits for them.

    An update counts as finished once its id is in the update log (committed with its turn)
    or its row is gone; a row older than `stale_after` belongs to a dead instance. So the row
    of an applied update need not go at once: such rows are deleted together, every
    TIDY_EVERY applied updates; only the row of an update not applied goes right away.
    """

    def __init__(
        self, database: AsyncEngine, channel: str, stale_after: float = STALE_AFTER
    ) -> None:
        self._database = database
        self._single = _one_statement(database)
        self._channel = channel
        self._stale_after = stale_after
        self._applied = 0

    async def arrive(self, chat_id: str, update_id: int) -> bool:
        """Say, before anything else, that this update is being worked on; and whether an
        earlier update of its chat is received and not yet finished."""
        now = time.time()
        values = {
            "channel": self._channel,
            "update_id": update_id,
            "chat_id": chat_id,
            "arrived_at": now,
            "fresh_after": now - self._stale_after,
        }
        if self._database.dialect.name == "postgresql":
            async with self._single.connect() as connection:
                return bool(await connection.scalar(_ARRIVE_AND_LOOK, values))
        async with self._database.begin() as connection:
            statement = (
                sqlite.insert(PendingUpdateRow)
                .values(channel=self._channel, update_id=update_id, chat_id=chat_id, arrived_at=now)
                .on_conflict_do_update(
                    index_elements=["channel", "update_id"], set_={"arrived_at": now}
                )
            )
            await connection.execute(statement)
        return await self.earlier_in_flight(chat_id, update_id)

    async def earlier_in_flight(self, chat_id: str, update_id: int) -> bool:
        """Whether an earlier update of this chat is received and not yet finished."""
        values = {
            "channel": self._channel,
            "chat_id": chat_id,
            "update_id": update_id,
            "fresh_after": time.time() - self._stale_after,
        }
        async with self._single.connect() as connection:
            return bool(await connection.scalar(_LOOK, values))

    async def leave(self, update_id: int, applied: bool) -> None:
        """Forget this update: now when it was not applied; with others when it was (its id
        is in the update log, so it already counts as finished)."""
        if applied:
            self._applied += 1
            if self._applied % TIDY_EVERY == 0:
                await self.tidy()
            return
        pending = PendingUpdateRow
        async with self._database.begin() as connection:
            await connection.execute(
                delete(pending).where(
                    pending.channel == self._channel, pending.update_id == update_id
                )
            )

    async def tidy(self) -> None:
        """Delete the rows of applied updates, and those abandoned by dead instances."""
        values = {"channel": self._channel, "abandoned_before": time.time() - 3600}
        async with self._database.begin() as connection:
            await connection.execute(_TIDY, values)


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
        self._database = _one_statement(database)  # each statement stands alone
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
