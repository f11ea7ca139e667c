"""Reminders from the outbox to people: sweep, claim, send through a channel, record the outcome.

At most once: rows are claimed (and their message's buttons stored) in one transaction before
anything is sent; the outcome is recorded afterwards. A claim left without an outcome (a crash,
a restart) becomes *unknown* after `STALE_CLAIM` and is never sent again.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.app import App
from flows.domain.reminders import DueReminder, Reminder
from flows.domain.rules import reminders as rules
from flows.reminders.compose import compose, pages
from flows.reminders.sweep import find_due, sweep

STALE_CLAIM = timedelta(minutes=5)
CLAIM_LIMIT = 5000
CLAIM_BATCH = 400  # rows claimed at a time by `send_due`
CONCURRENT_SENDS = 64
RECORD_BATCH = 200
CHANNEL = "telegram"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sent:
    message_id: int


@dataclass(frozen=True)
class RetryLater:
    seconds: float


@dataclass(frozen=True)
class Unknown:
    """The request may have reached Telegram (a timeout): never sent again."""


@dataclass(frozen=True)
class Blocked:
    """The person blocked the bot."""


@dataclass(frozen=True)
class Refused:
    """Telegram refused the message for another reason."""


SendOutcome = Sent | RetryLater | Unknown | Blocked | Refused


class Pusher(Protocol):
    """A channel that can push a message with buttons to a person's private chat."""

    async def push(
        self, chat_id: int, text: str, push_id: int, options: Sequence[tuple[str, str]]
    ) -> SendOutcome: ...


@dataclass(frozen=True)
class Claimed:
    """One message claimed for sending: its stored buttons and where it goes."""

    push_id: int
    staff_id: int
    chat_id: int
    text: str
    options: tuple[tuple[str, str], ...]


@dataclass
class Report:
    """What one run did, for logs and the CLI."""

    created: int = 0
    sent: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)


class ReminderService:
    """The sweep and the sending, on the app's database and clock."""

    def __init__(self, app: App) -> None:
        self._app = app
        self._settings = app.settings

    def now(self) -> datetime:
        return self._app.engine.clock.now()

    async def sweep(self, now: datetime) -> int:
        """Create the due rows (none twice) as of `now`."""
        async with self._app.unit_of_work() as uow:
            created = await sweep(
                uow, now, self._settings.reminder_idle_days, self._settings.timezone
            )
            await uow.commit()
        return created

    async def due(self, on: date) -> list[tuple[str, DueReminder]]:
        """What the rules find due on `on` and was not created before: (person, reminder)."""
        async with self._app.unit_of_work() as uow:
            found = await find_due(
                uow, on, self._settings.reminder_idle_days, self._settings.timezone
            )
            known = await uow.reminders.known_keys(found)
            names: dict[int, str] = {}
            listed = []
            for reminder in found:
                if (reminder.kind.value, reminder.file_id, reminder.period) in known:
                    continue
                if reminder.staff_id not in names:
                    staff = await uow.staff.get(reminder.staff_id)
                    names[reminder.staff_id] = staff.name if staff else f"#{reminder.staff_id}"
                listed.append((names[reminder.staff_id], reminder))
        return listed

    async def claim(self, now: datetime, limit: int = CLAIM_LIMIT) -> list[Claimed]:
        """Claim what may go out now: within the hours, to chats not mid-flow; one message per
        person (paged when long)."""
        if not rules.within(self._settings.reminder_hours, now, self._settings.timezone):
            return []
        async with self._app.unit_of_work() as uow:
            await uow.reminders.expire_claims(now - STALE_CLAIM, now)
            rows = await uow.reminders.due(now, limit, lock=True)
            by_staff: dict[int, list[Reminder]] = defaultdict(list)
            for row in rows:
                by_staff[row.staff_id].append(row)
            chats = await uow.reminders.chats(list(by_staff))
            states = await uow.reminders.chat_states([f"{CHANNEL}:{c}" for c in chats.values()])
            messages: list[tuple[int, int, str, list[Reminder], list[tuple[str, str]]]] = []
            for staff_id, chat_id in chats.items():
                in_flow, paused, updated = states.get(f"{CHANNEL}:{chat_id}", (False, False, None))
                if not rules.may_interrupt(
                    in_flow, paused, updated, now, self._settings.resume_after
                ):
                    continue
                for page in pages(by_staff[staff_id]):
                    text, options = compose(page)
                    messages.append((staff_id, chat_id, text, page, options))
            push_ids = await uow.reminders.claim(
                [(staff, [r.id for r in page], options) for staff, _, _, page, options in messages],
                now,
            )
            claimed = [
                Claimed(push_id, staff, chat, text, tuple(options))
                for push_id, (staff, chat, text, _, options) in zip(push_ids, messages, strict=True)
            ]
            await uow.commit()
        return claimed

    async def deliver(self, claimed: Sequence[Claimed], pusher: Pusher) -> dict[str, int]:
        """Send each claimed message once; record the outcomes a batch at a time, while the
        next batch is sent (a crash loses at most a batch's outcomes: those become unknown)."""
        gate = asyncio.Semaphore(CONCURRENT_SENDS)
        counts: dict[str, int] = defaultdict(int)

        async def one(message: Claimed) -> tuple[Claimed, SendOutcome]:
            async with gate:
                try:
                    return message, await pusher.push(
                        message.chat_id, message.text, message.push_id, message.options
                    )
                except Exception:  # whatever happened, it may have been sent: never again
                    log.exception("push %s failed", message.push_id)
                    return message, Unknown()

        recording: list[asyncio.Task[None]] = []
        for start in range(0, len(claimed), RECORD_BATCH):
            batch = claimed[start : start + RECORD_BATCH]
            results = await asyncio.gather(*(one(message) for message in batch))
            for _, outcome in results:
                counts[type(outcome).__name__.lower()] += 1
            recording.append(asyncio.create_task(self._record(results)))
        for task in recording:
            await task
        return dict(counts)

    async def _record(self, results: Sequence[tuple[Claimed, SendOutcome]]) -> None:
        async with self._app.unit_of_work() as uow:
            now = self.now()
            sent = [(m.push_id, o.message_id) for m, o in results if isinstance(o, Sent)]
            await uow.reminders.sent_many(sent, now)
            for message, outcome in results:
                if isinstance(outcome, Sent):
                    continue
                if isinstance(outcome, RetryLater):
                    wait = timedelta(seconds=outcome.seconds)
                    await uow.reminders.retry(message.push_id, now + wait)
                elif isinstance(outcome, Blocked):
                    await uow.reminders.unreachable(message.push_id, message.staff_id, now)
                elif isinstance(outcome, Refused):
                    await uow.reminders.failed(message.push_id, now)
                else:
                    await uow.reminders.unknown(message.push_id, now)
            await uow.commit()

    async def send_due(self, now: datetime, pusher: Pusher) -> dict[str, int]:
        """Claim and send what may go out now, a batch at a time: the next batch is claimed
        while the previous one goes out."""
        sending: list[asyncio.Task[dict[str, int]]] = []
        while claimed := await self.claim(now, CLAIM_BATCH):
            sending.append(asyncio.create_task(self.deliver(claimed, pusher)))
        counts: dict[str, int] = defaultdict(int)
        for task in sending:
            for name, count in (await task).items():
                counts[name] += count
        return dict(counts)

    async def run_once(self, pusher: Pusher) -> Report:
        """One sweep, then send what may go out now."""
        now = self.now()
        created = await self.sweep(now)
        outcomes = await self.send_due(now, pusher)
        return Report(created, outcomes.get("sent", 0), outcomes)


async def run_periodically(
    service: ReminderService, pusher: Pusher, every: timedelta, stop: asyncio.Event
) -> None:
    """Sweep and send every `every` until `stop` is set; a failed run is logged, not fatal."""
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), every.total_seconds())
            return
        except TimeoutError:
            pass
        try:
            report = await service.run_once(pusher)
            if report.created or report.outcomes:
                log.info("reminders: %s created, outcomes %s", report.created, report.outcomes)
        except Exception:
            log.exception("reminder run failed")
