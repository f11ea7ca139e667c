"""Long polling that confirms an update to Telegram only once its turn has committed.

Telegram forgets every update below the `offset` of a getUpdates call. The offset asked for
is therefore the lowest update not yet finished here: a kill at any moment leaves the
unfinished ones with Telegram, and the update log applies a refetched one once.

So every poll made while turns run brings those turns' updates back too: the answer is read as
plain JSON and only the updates not already in hand are turned into `Update` objects (parsing
them all made each update cost as many parses as there were turns in flight).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from telegram import Bot, Update
from telegram.error import TelegramError

from bot import metrics
from bot.telegram import api
from bot.telegram.channel import Outcome
from bot.telegram.delivery import Delivery

log = logging.getLogger(__name__)
STOP_GRACE = 10.0  # seconds turns in flight get to finish on stop
RETRY_PAUSE = (0.5, 5.0)  # first and longest wait before an update is tried again
PATIENCE = 0.1  # seconds a new update of another chat may wait while a long turn runs
GAP = 0.004  # seconds at least between two polls while turns run


class Poller:
    """Fetches, hands each new update to the delivery, and moves the offset up behind them."""

    def __init__(
        self, bot: Bot, delivery: Delivery, allowed_updates: list[str], timeout: int
    ) -> None:
        self._bot, self._delivery = bot, delivery
        self._allowed, self._timeout = allowed_updates, timeout
        self._unfinished: set[int] = set()  # fetched, not finished (running or to retry)
        self._running: dict[int, asyncio.Task[None]] = {}
        self._retry_pause = RETRY_PAUSE[0]
        self._next = 0  # one past the highest update id fetched

    @property
    def offset(self) -> int | None:
        """Confirm everything below the lowest unfinished update, nothing above it."""
        if self._unfinished:
            return min(self._unfinished)
        return self._next or None

    async def run(self, stop: asyncio.Event) -> None:
        """Poll until `stop`; then let turns in flight finish and confirm what finished."""
        failures = 0
        while not stop.is_set():
            try:
                updates = await self._fetch(stop)
                failures = 0
            except TelegramError as error:
                metrics.TELEGRAM_ERRORS.labels("getUpdates").inc()
                failures += 1
                log.warning("getUpdates failed (%s); trying again", type(error).__name__)
                await _sleep_unless(stop, min(0.5 * 2**failures, 30.0))
                continue
            if updates is None:
                break
            for data in updates:
                if self._is_new(_update_id(data)):
                    self._start(data)
            if self._running:
                # A poll now comes back at once with the updates in hand: ask again when one
                # finishes (the offset moves), or after PATIENCE for other chats' new ones;
                # and no sooner than GAP after the last ask, so that turns finishing close
                # together share one poll (each brings every update in hand back).
                asked = asyncio.get_running_loop().time()
                stopping = asyncio.ensure_future(stop.wait())
                await asyncio.wait(
                    [*self._running.values(), stopping],
                    timeout=PATIENCE,
                    return_when=asyncio.FIRST_COMPLETED,
                )
                stopping.cancel()
                early = asked + GAP - asyncio.get_running_loop().time()
                if early > 0 and not stop.is_set():
                    await asyncio.sleep(early)
        await self._finish()

    def _is_new(self, update_id: int | None) -> bool:
        """Never fetched, or fetched, not applied, and not running now (to be tried again)."""
        if update_id is None:  # not an update Telegram sends: nothing to apply or confirm
            return False
        if update_id >= self._next:
            return True
        return update_id in self._unfinished and update_id not in self._running

    async def _fetch(self, stop: asyncio.Event) -> list[Any] | None:
        """One long poll, its updates as JSON; None when `stop` came first."""
        # Bot.get_updates would build an Update of every update returned, also of those in hand.
        fetch = asyncio.ensure_future(
            api.get_updates(self._bot, self.offset, self._timeout, self._allowed)
        )
        stopping = asyncio.ensure_future(stop.wait())
        await asyncio.wait([fetch, stopping], return_when=asyncio.FIRST_COMPLETED)
        if not fetch.done():
            fetch.cancel()
            return None
        stopping.cancel()
        result = fetch.result()
        return result if isinstance(result, list) else []

    def _start(self, data: dict[str, Any]) -> None:
        update_id: int = data["update_id"]
        self._unfinished.add(update_id)
        self._next = max(self._next, update_id + 1)
        task = asyncio.create_task(self._apply(update_id, data))
        self._running[update_id] = task

    async def _apply(self, update_id: int, data: dict[str, Any]) -> None:
        outcome = Outcome.RETRY
        try:
            try:
                update = Update.de_json(data, self._bot)
            except (ValueError, TypeError, KeyError, AttributeError):
                # Never readable, so never applicable: confirmed, not asked for again forever.
                log.warning("update %s is not an update this bot can read; skipped", update_id)
                outcome = Outcome.IGNORED
                return
            outcome = await self._delivery.apply(update)
            if outcome is Outcome.RETRY:
                # Left unconfirmed: fetched again after this pause, it runs again.
                await asyncio.sleep(self._retry_pause)
                self._retry_pause = min(self._retry_pause * 2, RETRY_PAUSE[1])
            else:
                self._retry_pause = RETRY_PAUSE[0]
        finally:
            if outcome is not Outcome.RETRY:
                self._unfinished.discard(update_id)
            del self._running[update_id]

    async def _finish(self) -> None:
        """Give running turns STOP_GRACE seconds, then confirm the finished ones to Telegram."""
        running = list(self._running.values())
        if running:
            _done, late = await asyncio.wait(running, timeout=STOP_GRACE)
            for task in late:
                task.cancel()
        if self.offset is not None:
            try:
                await self._bot.get_updates(offset=self.offset, timeout=0, limit=1)
            except TelegramError:
                log.warning("could not confirm the last updates; Telegram sends them again")


def _update_id(data: Any) -> int | None:
    """The id of an update as Telegram sent it; None for anything else."""
    update_id = data.get("update_id") if isinstance(data, dict) else None
    return update_id if isinstance(update_id, int) and not isinstance(update_id, bool) else None


async def _sleep_unless(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
