"""What reminders need from storage: the sweep's reads and the outbox."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from flows.domain.reminders import (
    DueReminder,
    IdleCheque,
    OpenLine,
    Reminder,
    ReminderKind,
    ReminderPush,
)


class ReminderRepository(Protocol):
    """The outbox: rows created once per key, claimed, and their outcome recorded."""

    async def cheques(self, today: date, idle_days: int) -> list[IdleCheque]: ...

    async def lines(self, today: date, idle_days: int) -> list[OpenLine]: ...

    async def add_due(self, due: Sequence[DueReminder], now: datetime) -> int: ...

    async def schedule(self, due: DueReminder, not_before: datetime, now: datetime) -> bool: ...

    async def known_keys(self, due: Sequence[DueReminder]) -> set[tuple[str, int, str]]: ...

    async def cancel_stale(self, keep: set[tuple[str, int, str]], now: datetime) -> int: ...

    async def chat_states(
        self, chat_keys: Sequence[str]
    ) -> dict[str, tuple[bool, bool, datetime | None]]: ...

    async def due(self, now: datetime, limit: int, *, lock: bool = False) -> list[Reminder]: ...

    async def expire_claims(self, before: datetime, now: datetime) -> int: ...

    async def claim(
        self,
        staff_id: int,
        reminder_ids: Sequence[int],
        options: Sequence[tuple[str, str]],
        now: datetime,
    ) -> int: ...

    async def sent(self, push_id: int, message_id: int, now: datetime) -> None: ...

    async def retry(self, push_id: int, not_before: datetime) -> None: ...

    async def unknown(self, push_id: int, now: datetime) -> None: ...

    async def unreachable(self, push_id: int, staff_id: int, now: datetime) -> None: ...

    async def failed(self, push_id: int, now: datetime) -> None: ...

    async def get(self, reminder_id: int) -> Reminder | None: ...

    async def push(self, push_id: int) -> ReminderPush | None: ...

    async def act(self, reminder_id: int, now: datetime) -> bool: ...

    async def stop(
        self, kind: ReminderKind, file_id: int, staff_id: int, now: datetime
    ) -> None: ...

    async def open_for(self, staff_id: int) -> list[Reminder]: ...

    async def unreachable_staff(self) -> set[int]: ...
