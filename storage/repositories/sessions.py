"""Conversation sessions (locked per chat on PostgreSQL, version-checked everywhere)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.exc import StaleDataError

from flows.domain import ConcurrencyConflict
from flows.ports import SessionState
from storage.models import SessionRow


class SqlSessionRepository:
    """Loads a chat's session with FOR UPDATE; saving a stale version is a conflict."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._rows: dict[str, SessionRow] = {}

    async def load(self, chat_key: str) -> SessionState | None:
        query = select(SessionRow).where(SessionRow.chat_key == chat_key).with_for_update()
        row = (await self._session.scalars(query)).first()
        if row is None:
            return None
        self._rows[chat_key] = row
        return SessionState(
            chat_key=row.chat_key,
            staff_id=row.staff_id,
            flow=row.flow,
            state=row.state,
            answers=dict(row.answers),
            seq=row.seq,
            paused=row.paused,
            version=row.version,
            updated_at=row.updated_at,
        )

    async def save(self, session: SessionState, now: datetime) -> None:
        row = self._rows.get(session.chat_key)
        if row is None:
            row = SessionRow(chat_key=session.chat_key)
            self._session.add(row)
        row.staff_id = session.staff_id
        row.flow, row.state = session.flow, session.state
        row.answers = dict(session.answers)
        row.seq, row.paused, row.updated_at = session.seq, session.paused, now
        try:
            await self._session.flush()
        except (IntegrityError, StaleDataError) as error:
            raise ConcurrencyConflict(f"session {session.chat_key} changed concurrently") from error
        self._rows[session.chat_key] = row
        session.version, session.updated_at = row.version, now
