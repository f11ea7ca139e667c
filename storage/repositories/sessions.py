"""Conversation sessions: version-checked everywhere; reads lock the row on PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, func, insert, literal, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.errors import ConcurrencyConflict
from flows.ports.sessions import AskedQuestion, Opening, SessionState, UpdateKey, Visit
from storage.models import Base, OnboardingRow, OrganisationRow, SandboxRow, SessionRow, StaffRow
from storage.repositories.log import LOGGING
from storage.repositories.onboarding import ONBOARDING_COLUMNS, onboarding_of
from storage.repositories.staff import STAFF_COLUMNS, staff_of

_TABLE = Base.metadata.tables[SessionRow.__tablename__]
# Built once: the staff member, their onboarding state and this chat's session (if any) in
# one statement. On
# PostgreSQL the session row is locked in its own subquery (a lock on an outer join's
# nullable side is refused), so a chat's concurrent turns wait for each other instead of
# conflicting; `save`'s version check still guards, and SQLite has its one writer.
_LOCKED = (
    select(_TABLE)
    .where(_TABLE.c.chat_key == bindparam("chat_key"))
    .with_for_update()
    .subquery("chat_session")
)
_SESSION_COLUMNS = tuple(column.label(f"session_{column.name}") for column in _LOCKED.c)
_OPENING = (
    select(*STAFF_COLUMNS, *ONBOARDING_COLUMNS, *_SESSION_COLUMNS)
    .select_from(StaffRow)
    .join(OrganisationRow, StaffRow.organisation_id == OrganisationRow.id)
    .outerjoin(SandboxRow, SandboxRow.staff_id == StaffRow.id)
    .outerjoin(OnboardingRow, OnboardingRow.staff_id == StaffRow.id)
    .outerjoin(_LOCKED, true())
)
_BY_TELEGRAM_ID = _OPENING.where(StaffRow.telegram_user_id == bindparam("telegram_user_id"))
_BY_STAFF_ID = _OPENING.where(StaffRow.id == bindparam("staff_id"))


def _logged(opening: Any) -> Any:
    """PostgreSQL: the update log's INSERT in a CTE, and the opening read, in one statement."""
    logged = LOGGING["postgresql"].returning(literal(1).label("one")).cte("logged")
    fresh = select(func.count().label("fresh")).select_from(logged).subquery("fresh")
    found = opening.subquery("found")
    return select(fresh.c.fresh, found).select_from(fresh.outerjoin(found, true()))


_LOGGED = {"telegram_user_id": _logged(_BY_TELEGRAM_ID), "staff_id": _logged(_BY_STAFF_ID)}
_SAVED: tuple[str, ...] = ("staff_id", "flow", "state", "answers", "seq", "paused")
_SAVED += ("updated_at", "version", "asked", "history")
_SET: dict[str, Any] = {name: bindparam(f"new_{name}") for name in _SAVED}
_INSERT = insert(_TABLE).values(chat_key=bindparam("key"), **_SET)
_UPDATE = (
    update(_TABLE)
    .where(_TABLE.c.chat_key == bindparam("key"), _TABLE.c.version == bindparam("old_version"))
    .values(**_SET)
)
_LOAD = select(_TABLE).where(_TABLE.c.chat_key == bindparam("chat_key")).with_for_update()


_NAMES: tuple[str, ...] = ("chat_key", "staff_id", "flow", "state", "answers", "seq", "paused")
_NAMES += ("version", "updated_at", "asked", "history")
_PREFIXED = {prefix: tuple(prefix + name for name in _NAMES) for prefix in ("", "session_")}


def _state(row: Any, prefix: str = "") -> SessionState:
    """A session from a row of its columns (named with `prefix`: "" or "session_")."""
    chat_key, staff_id, flow, state, answers, seq, paused, version, updated_at, asked, history = (
        row[name] for name in _PREFIXED[prefix]
    )
    return SessionState(
        chat_key=chat_key,
        staff_id=staff_id,
        flow=flow,
        state=state,
        answers=dict(answers),
        seq=seq,
        paused=paused,
        version=version,
        updated_at=updated_at,
        asked=AskedQuestion.load(asked) if asked else None,
        history=[Visit.load(visit) for visit in history or ()],
    )


class SqlSessionRepository:
    """Reads a chat's session (with its staff member); a save from a stale version is a conflict.

    Plain Core statements: this runs on every update, and the ORM's unit of work is
    measurable overhead here (see bench/engine_vs_commit.py).
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def load(self, chat_key: str) -> SessionState | None:
        connection = await self._session.connection()
        row = (await connection.execute(_LOAD, {"chat_key": chat_key})).mappings().first()
        return None if row is None else _state(row)

    async def load_with_staff(
        self,
        chat_key: str,
        *,
        telegram_user_id: int | None = None,
        staff_id: int | None = None,
        update: UpdateKey | None = None,
    ) -> Opening:
        params: dict[str, object] = {"chat_key": chat_key}
        if telegram_user_id is not None:
            key, query = "telegram_user_id", _BY_TELEGRAM_ID
            params[key] = telegram_user_id
        elif staff_id is not None:
            key, query = "staff_id", _BY_STAFF_ID
            params[key] = staff_id
        else:
            raise ValueError("a staff member is looked up by Telegram id or by id")
        fresh, counted = True, False
        connection = await self._session.connection()  # Core: no ORM execution path per update
        if update is not None:
            logged: dict[str, object] = dict(
                zip(("channel", "update_id", "processed_at"), update, strict=True)
            )
            if connection.dialect.name == "postgresql":
                query, params, counted = _LOGGED[key], {**params, **logged}, True
            else:  # no INSERT inside a query on SQLite: the log's own statement first
                result = await connection.execute(LOGGING["sqlite"], logged)
                fresh = result.rowcount == 1
        row = (await connection.execute(query, params)).first()
        if row is None:
            return Opening(fresh)
        columns = row._mapping
        if counted:  # the logged read counts the update log's new row
            fresh = columns["fresh"] == 1
        if columns["id"] is None:  # PostgreSQL's logged read: no such staff member
            return Opening(fresh)
        has_session = columns["session_chat_key"] is not None
        session = _state(columns, "session_") if has_session else None
        sandbox, progress = onboarding_of(row)
        return Opening(fresh, staff_of(row), session, sandbox, progress)

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
        params = {f"new_{name}": value for name, value in values.items()}
        params["key"] = session.chat_key
        connection = await self._session.connection()  # Core, statements built once
        if session.version == 0:
            try:
                await connection.execute(_INSERT, params)
            except IntegrityError as error:
                raise ConcurrencyConflict(
                    f"session {session.chat_key} created concurrently"
                ) from error
        else:
            result = await connection.execute(_UPDATE, {**params, "old_version": session.version})
            if result.rowcount != 1:
                raise ConcurrencyConflict(f"session {session.chat_key} changed concurrently")
        session.version, session.updated_at = session.version + 1, now
