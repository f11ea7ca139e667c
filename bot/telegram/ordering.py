"""Updates of one chat in order, different chats concurrently; and the per-chat send rate."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import timedelta
from typing import Any, Protocol

from aiolimiter import AsyncLimiter
from telegram import Update
from telegram.error import RetryAfter, TelegramError
from telegram.ext import AIORateLimiter, BaseUpdateProcessor

from bot import metrics
from bot.telegram.failures import is_transient

log = logging.getLogger(__name__)
Result = bool | dict[str, Any] | list[dict[str, Any]]  # what a Bot API call answers


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Processes updates concurrently, but one at a time per chat, in arrival order."""

    def __init__(self, max_concurrent_updates: int = 64) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._waiting[chat.id] = self._waiting.get(chat.id, 0) + 1
        try:
            async with lock:  # asyncio.Lock wakes waiters first come, first served
                await coroutine
        finally:
            self._waiting[chat.id] -= 1
            if not self._waiting[chat.id]:
                del self._waiting[chat.id], self._locks[chat.id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""


PUSH = -1  # `rate_limit_args` of a push (a reminder): after replies, paced, never retried here


class SendBudget(Protocol):
    """The sending budget all instances share (storage.coordination.SqlSendBudget)."""

    async def reserve(self) -> float: ...
    async def pause(self, seconds: float) -> None: ...


class ChatRateLimiter(AIORateLimiter):
    """PTB's limiter (30/s per bot, RetryAfter honoured) plus about 1 message/s per private chat.

    A burst of `burst` messages is let through at once (a reply and its follow-up), then the
    chat is held to one message a second, as Telegram asks. With a shared `budget` (several
    instances on PostgreSQL) the 30/s come from it instead of this process, and a 429 seen
    here pauses every instance for its retry_after. Every Bot API error is counted.

    Pushes (`rate_limit_args=PUSH`) share the bot's budget but come last: one leaves only while
    no reply is under way, and while fewer than `push_limit` requests of this bot (replies and
    pushes) are in flight or were answered within the last second. Counting a request until a
    second after its answer (not after it left) holds however late it reached Telegram, so
    pushes never exceed the limit whatever the network's jitter; a RetryAfter is raised to the
    sender, which reschedules the push.
    """

    def __init__(
        self,
        per_chat_per_second: float = 1.0,
        burst: int = 3,
        budget: SendBudget | None = None,
        push_limit: int = 29,
        **kwargs: Any,
    ) -> None:
        if budget is not None:
            kwargs.setdefault("overall_max_rate", 0)  # the shared budget replaces this process'
        super().__init__(**kwargs)
        self._per_chat = per_chat_per_second
        self._burst = burst
        self._chat_limiters: dict[int, AsyncLimiter] = {}
        self._budget = budget
        self._fallback = AsyncLimiter(30, 1)  # while the shared budget is out of reach
        self._push_limit = push_limit
        self._answered: collections.deque[float] = collections.deque()  # when, last second
        self._in_flight = 0
        self._changed = asyncio.Condition()
        self._push_turn = asyncio.Lock()
        self._replies = 0
        self._no_replies = asyncio.Event()
        self._no_replies.set()

    def _busy(self, now: float) -> tuple[int, float | None]:
        """Requests counting against the limit now, and when the oldest answered one stops."""
        while self._answered and self._answered[0] <= now - 1.0:
            self._answered.popleft()
        until = self._answered[0] + 1.0 - now if self._answered else None
        return self._in_flight + len(self._answered), until

    async def _push_slot(self) -> None:
        """Wait until a push may leave: no reply under way, and room within the last second."""
        loop = asyncio.get_running_loop()
        async with self._push_turn:
            while True:
                await self._no_replies.wait()
                busy, until = self._busy(loop.time())
                if busy < self._push_limit:
                    break
                async with self._changed:  # an answer, or the oldest one's second passing
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._changed.wait(), until)
            self._in_flight += 1

    async def _answered_now(self) -> None:
        self._in_flight -= 1
        self._answered.append(asyncio.get_running_loop().time())
        async with self._changed:
            self._changed.notify_all()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        call = self._counted(callback, endpoint, data.get("chat_id") is not None)
        if rate_limit_args == PUSH:
            await self._push_slot()
            try:
                result: Result = await self._run_request(
                    chat=True,
                    group=False,
                    allow_paid_broadcast=False,
                    callback=call,
                    args=args,
                    kwargs=kwargs,
                )
                return result
            finally:
                await self._answered_now()
        self._replies += 1
        self._no_replies.clear()
        try:
            self._in_flight += 1
            try:
                return await self._reply(call, args, kwargs, endpoint, data, rate_limit_args)
            finally:
                await self._answered_now()
        finally:
            self._replies -= 1
            if not self._replies:
                self._no_replies.set()

    async def _reply(
        self,
        call: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        """A reply: held to the chat's own rate, then PTB's limiter for the whole bot."""
        chat_id = data.get("chat_id")
        if isinstance(chat_id, int) and chat_id > 0:
            limiter = self._chat_limiters.get(chat_id)
            if limiter is None:
                if len(self._chat_limiters) > 4096:
                    self._chat_limiters.clear()  # idle buckets refill anyway: forget them
                limiter = self._chat_limiters[chat_id] = AsyncLimiter(
                    self._burst, self._burst / self._per_chat
                )
            async with limiter:
                return await super().process_request(
                    call, args, kwargs, endpoint, data, rate_limit_args
                )
        return await super().process_request(call, args, kwargs, endpoint, data, rate_limit_args)

    def _counted(
        self, callback: Callable[..., Coroutine[Any, Any, Result]], endpoint: str, to_a_chat: bool
    ) -> Callable[..., Coroutine[Any, Any, Result]]:
        """The call, drawing from the shared budget first, counting what Telegram refuses."""

        async def call(*args: Any, **kwargs: Any) -> Result:
            if to_a_chat and self._budget is not None:
                await self._take(self._budget)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                metrics.TELEGRAM_429.inc()
                metrics.TELEGRAM_ERRORS.labels(endpoint).inc()
                if self._budget is not None:
                    await self._pause(self._budget, _seconds(error))
                raise
            except TelegramError:
                metrics.TELEGRAM_ERRORS.labels(endpoint).inc()
                raise

        return call

    async def _take(self, budget: SendBudget) -> None:
        try:
            wait = await budget.reserve()
        except Exception as error:
            if not is_transient(error):
                raise
            log.warning("shared send budget out of reach; limiting this process alone")
            async with self._fallback:
                return
        if wait > 0:
            await asyncio.sleep(wait)

    async def _pause(self, budget: SendBudget, seconds: float) -> None:
        try:
            await budget.pause(seconds)
        except Exception as error:
            if not is_transient(error):
                raise
            log.warning("could not tell the other instances about a 429")


def _seconds(error: RetryAfter) -> float:
    value: Any = getattr(error, "_retry_after", None) or error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
