"""Helpers for the reminder tests: a scripted pusher, the outbox as rows, an idle cheque."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from bot.reminders import ReminderService, SendOutcome, Sent
from flows.engine.clock import FixedClock
from storage.models import ReminderRow
from tests.gesprek_support import registered, registration_of
from tests.support import database

AN_CHAT = 5001  # Peeters An's Telegram id (tests/support.py)


@dataclass
class Push:
    chat_id: int
    text: str
    push_id: int
    options: tuple[tuple[str, str], ...]

    @property
    def labels(self) -> list[str]:
        return [label for label, _ in self.options]


@dataclass
class FakePusher:
    """Records each push; answers with the scripted outcomes, then `Sent`."""

    outcomes: list[SendOutcome] = field(default_factory=list)
    pushes: list[Push] = field(default_factory=list)

    async def push(
        self, chat_id: int, text: str, push_id: int, options: Sequence[tuple[str, str]]
    ) -> SendOutcome:
        self.pushes.append(Push(chat_id, text, push_id, tuple(options)))
        return self.outcomes.pop(0) if self.outcomes else Sent(900 + len(self.pushes))


async def outbox(app: App) -> list[tuple[str, int, str, str]]:
    """Every outbox row: kind, file, period, status."""
    async with database(app) as db:
        rows = await db.execute(
            select(
                ReminderRow.kind, ReminderRow.file_id, ReminderRow.period, ReminderRow.status
            ).order_by(ReminderRow.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]


async def idle_cheque(app: App, staff: int, clock: FixedClock, days: int = 30) -> int:
    """Cheque 123456 registered by `staff` with an intake today, then `days` pass."""
    await registered(app, staff)
    clock.advance(timedelta(days=days))
    return await registration_of(app, "123456")


async def run(app: App, pusher: FakePusher) -> list[Push]:
    """One sweep and send, as the bot's loop does; the pushes it made."""
    before = len(pusher.pushes)
    await ReminderService(app).run_once(pusher)
    return pusher.pushes[before:]
