"""One update in, its outcome out: in chat order, counted, logged without personal data."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Protocol

from telegram import Bot, Update

from bot import logs, metrics
from bot.telegram.channel import Outcome
from bot.telegram.failures import is_transient
from bot.telegram.ordering import PerChatUpdateProcessor

log = logging.getLogger(__name__)
ORDER_WAIT = 10.0  # seconds a later update waits for an earlier one of its chat


class Handler(Protocol):
    """Applies one update and says what became of it (bot.telegram.channel.TelegramChannel)."""

    async def handle(self, update: Update, bot: Bot) -> Outcome: ...


class ChatOrder(Protocol):
    """Updates in flight on any instance (storage.coordination.SqlChatOrder)."""

    async def arrive(self, chat_id: str, update_id: int) -> bool: ...  # earlier in flight?
    async def earlier_in_flight(self, chat_id: str, update_id: int) -> bool: ...
    async def leave(self, update_id: int, applied: bool) -> None: ...  # applied: in the log


class Delivery:
    """Applies updates one chat at a time, in order; different chats at once.

    Alone (polling, or one webhook process on SQLite) a chat's updates queue in this process,
    in arrival order. Given a `ChatOrder` (instances on PostgreSQL) an update waits for every
    earlier one of its chat that any instance, this one included, has received and not yet
    finished: ordered by update id, not by arrival.
    """

    def __init__(self, channel: Handler, bot: Bot, order: ChatOrder | None = None) -> None:
        self._channel, self._bot, self._order = channel, bot, order
        self._processor = PerChatUpdateProcessor()
        self.in_flight = 0

    async def apply(self, update: Update) -> Outcome:
        """Apply one update; RETRY means nothing committed and it must come again."""
        outcome = Outcome.RETRY
        self.in_flight += 1
        started = time.monotonic()

        async def run() -> None:
            nonlocal outcome
            outcome = await self._handle(update)

        chat = update.effective_chat
        try:
            with logs.about_update(update.update_id, chat.id if chat else None):
                if self._order is not None and chat is not None:
                    outcome = await self._ordered(self._order, update, str(chat.id))
                else:
                    await self._processor.process_update(update, run())
        finally:
            self.in_flight -= 1
            metrics.UPDATES.labels(outcome.value).inc()
            if outcome is Outcome.APPLIED:
                metrics.TURN_SECONDS.observe(time.monotonic() - started)
            log.info(
                "update %s: %s",
                update.update_id,
                outcome.value,
                extra={"update_id": update.update_id, "chat_id": chat.id if chat else None},
            )
        return outcome

    async def _ordered(self, order: ChatOrder, update: Update, chat_id: str) -> Outcome:
        """Note the update as received, wait for the earlier ones of its chat, then apply it.

        No in-process lock here: one would queue by arrival, and could hold an earlier update
        behind a later one that waits for it.
        """
        try:
            waiting = await order.arrive(chat_id, update.update_id)
            deadline = time.monotonic() + ORDER_WAIT
            pause = 0.01
            while waiting:
                if time.monotonic() > deadline:
                    log.warning(
                        "update %s: an earlier one of its chat never finished; going on",
                        update.update_id,
                    )
                    break
                await asyncio.sleep(pause)
                pause = min(pause * 2, 0.2)
                waiting = await order.earlier_in_flight(chat_id, update.update_id)
        except Exception as error:
            if not is_transient(error):
                raise
            return Outcome.RETRY
        outcome = Outcome.RETRY
        try:
            outcome = await self._handle(update)
            return outcome
        finally:
            try:  # an applied update's id is in the update log: it counts as finished already
                await order.leave(update.update_id, applied=outcome is Outcome.APPLIED)
            except Exception as error:  # the row goes stale; the update log already says done
                if not is_transient(error):
                    raise

    async def _handle(self, update: Update) -> Outcome:
        try:
            return await self._channel.handle(update, self._bot)
        except Exception as error:
            if is_transient(error):
                return Outcome.RETRY
            log.exception("update %s failed outside its turn", update.update_id)
            return Outcome.FAILED
