"""Conversation sessions (locked per chat on PostgreSQL, version-checked everywhere)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.errors import ConcurrencyConflict
from flows.ports.sessions import AskedQuestion, SessionState, Visit
from storage.models import Base, SessionRow

_TABLE = Base.metadata.tables[SessionRow.__tablename__]


class SqlSessionRepository:
    """Reads a chat's session FOR UPDATE; a save from a stale version is a conflict.

    Plain Core statements: this runs on every update, and the ORM's unit of work is
    measurable overhead here (see bench/engine_vs_commit.py).
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def load(self, chat_key: str) -> SessionState | None:
        query = select(_TABLE).where(_TABLE.c.chat_key == chat_key).with_for_update()
        row = (await self._session.execute(query)).mappings().first()
        if row is None:
            return None
        return SessionState(
            chat_key=row["chat_key"],
            staff_id=row["staff_id"],
            flow=row["flow"],
            state=row["state"],
            answers=dict(row["answers"]),
            seq=row["seq"],
            paused=row["paused"],
            version=row["version"],
            updated_at=row["updated_at"],
            asked=AskedQuestion.load(row["asked"]) if row["asked"] else None,
            history=[Visit.load(visit) for visit in row["history"] or ()],
        )

    async def save(self, session: SessionState, now: datetime) -> None:
        values = {
            "staff_id": session.staff_id,
            "flow": session.flow,
            "state": session.state,
            "answers": session.answers,
            "seq": session.seq,
            "paused": session.paused,
            "updated_at": now,
            "version": session.version + 1,
            "asked": session.asked.dump() if session.asked else None,
            "history": [visit.dump() for visit in session.history],
        }
        if session.version == 0:
            try:
                await self._session.execute(
                    insert(_TABLE).values(chat_key=session.chat_key, **values)
                )
            except IntegrityError as error:
                raise ConcurrencyConflict(
                    f"session {session.chat_key} created concurrently"
                ) from error
        else:
            result = await self._session.execute(
                update(_TABLE)
                .where(_TABLE.c.chat_key == session.chat_key, _TABLE.c.version == session.version)
                .values(**values)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                raise ConcurrencyConflict(f"session {session.chat_key} changed concurrently")
        session.version, session.updated_at = session.version + 1, now
