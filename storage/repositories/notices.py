"""Notices: messages kept for a staff member until their next pause in the chat."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import NoticeRow


class SqlNoticeRepository:
    """Adds notices; `take` marks the pending ones delivered and returns them, in one statement."""

    def __init__(self, session: AsyncSession, reading: bool = False) -> None:
        self._session = session
        self._reading = reading  # read first: look before marking, so none pending writes nothing

    async def add(self, staff_id: int, text: str, now: datetime) -> None:
        self._session.add(NoticeRow(staff_id=staff_id, text=text, created_at=now))

    async def take(self, staff_id: int, now: datetime) -> list[str]:
        pending = (NoticeRow.staff_id == staff_id, NoticeRow.delivered_at.is_(None))
        if self._reading and not await self._session.scalar(select(exists().where(*pending))):
            return []
        rows = await self._session.execute(
            update(NoticeRow)
            .where(*pending)
            .values(delivered_at=now)
            .returning(NoticeRow.id, NoticeRow.text),
            execution_options={"synchronize_session": False},
        )
        return [text for _, text in sorted(rows)]
