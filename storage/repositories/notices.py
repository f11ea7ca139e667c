"""Notices: messages kept for a staff member until their next pause in the chat."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import NoticeRow


class SqlNoticeRepository:
    """Adds notices; `take` marks the pending ones delivered and returns them, in one statement."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, staff_id: int, text: str, now: datetime) -> None:
        self._session.add(NoticeRow(staff_id=staff_id, text=text, created_at=now))

    async def take(self, staff_id: int, now: datetime) -> list[str]:
        rows = await self._session.execute(
            update(NoticeRow)
            .where(NoticeRow.staff_id == staff_id, NoticeRow.delivered_at.is_(None))
            .values(delivered_at=now)
            .returning(NoticeRow.id, NoticeRow.text),
            execution_options={"synchronize_session": False},
        )
        return [text for _, text in sorted(rows)]
