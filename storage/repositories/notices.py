"""Notices: messages kept for a staff member until their next pause in the chat.

A coach's decision is also pushed at once (reminder kind f, same text): whichever reaches the
person first wins. A notice whose push is claimed or sent waits (and is marked delivered once
Telegram took it); at a pause, a push still due is cancelled and the notice tells instead.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.reminders import ReminderKind, ReminderStatus
from storage.models import NoticeRow, ReminderRow

DECISION = ReminderKind.DECISION.value
_PUSHING = (ReminderStatus.CLAIMED.value, ReminderStatus.SENT.value)


def pushed(*where: ColumnElement[bool]) -> ColumnElement[bool]:
    """The notice has a kind-f push (same person, same text) matching `where`."""
    return exists().where(
        ReminderRow.kind == DECISION,
        ReminderRow.staff_id == NoticeRow.staff_id,
        ReminderRow.detail == NoticeRow.text,
        *where,
    )


class SqlNoticeRepository:
    """Adds notices; `take` marks the pending ones delivered and returns them."""

    def __init__(self, session: AsyncSession, reading: bool = False) -> None:
        self._session = session
        self._reading = reading  # read first: look before marking, so none pending writes nothing

    async def add(self, staff_id: int, text: str, now: datetime) -> None:
        self._session.add(NoticeRow(staff_id=staff_id, text=text, created_at=now))

    async def take(self, staff_id: int, now: datetime) -> list[str]:
        pending = (NoticeRow.staff_id == staff_id, NoticeRow.delivered_at.is_(None))
        if self._reading and not await self._session.scalar(select(exists().where(*pending))):
            return []
        # First the pushes not yet claimed: cancelled (their rows locked, so no sender claims
        # them meanwhile); then the notices whose push is not on its way or sent.
        await self._session.execute(
            update(ReminderRow)
            .where(
                ReminderRow.kind == DECISION,
                ReminderRow.staff_id == staff_id,
                ReminderRow.status == ReminderStatus.DUE.value,
                ReminderRow.detail.in_(select(NoticeRow.text).where(*pending)),
            )
            .values(status=ReminderStatus.CANCELLED.value, finished_at=now),
            execution_options={"synchronize_session": False},
        )
        rows = await self._session.execute(
            update(NoticeRow)
            .where(*pending, ~pushed(ReminderRow.status.in_(_PUSHING)))
            .values(delivered_at=now)
            .returning(NoticeRow.id, NoticeRow.text),
            execution_options={"synchronize_session": False},
        )
        return [text for _, text in sorted(rows)]


def delivered_by_push(push_ids: list[int], now: datetime) -> Any:
    """The statement marking delivered the notices these pushes (kind f, sent) told."""
    return (
        update(NoticeRow)
        .where(
            NoticeRow.delivered_at.is_(None),
            pushed(
                ReminderRow.push_id.in_(push_ids),
                ReminderRow.status == ReminderStatus.SENT.value,
            ),
        )
        .values(delivered_at=now)
        .execution_options(synchronize_session=False)
    )
