"""The reminders outbox: created once per (kind, file, period), claimed, outcome recorded.

Claiming locks the due rows with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so instances sharing
one database never claim the same row; on SQLite the one writer does the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.reminders import (
    CentreWeek,
    Coach,
    Coordinator,
    DueReminder,
    IdleCheque,
    OpenLine,
    Reminder,
    ReminderKind,
    ReminderPush,
    ReminderStatus,
)
from flows.domain.rules.reminders import base_period
from storage.models import (
    Base,
    CentreReminderRow,
    ReminderPreferenceRow,
    ReminderPushRow,
    ReminderRow,
    ReminderStopRow,
    SessionRow,
    StaffRow,
    UnreachableRow,
)
from storage.queries.reminders import CHEQUE, LINE, SqlReminderSweep
from storage.repositories.notices import delivered_by_push

DUE, CLAIMED = ReminderStatus.DUE.value, ReminderStatus.CLAIMED.value
_OUTBOX = Base.metadata.tables[ReminderRow.__tablename__]
_KINDS = {kind.value for kind in ReminderKind}
SWEPT = [kind.value for kind in ReminderKind if kind.swept]  # the others: once, not listed


def _reminder(row: ReminderRow) -> Reminder:
    return Reminder(
        row.id,
        ReminderKind(row.kind),
        row.file_id,
        row.period,
        row.staff_id,
        row.organisation_id,
        row.header,
        row.detail,
        ReminderStatus(row.status),
        row.created_at,
        row.acted_at,
    )


class SqlReminderRepository:
    """The outbox on one session (the unit of work's)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._sweep = SqlReminderSweep(session)

    def _insert(self) -> Any:
        dialect = self._session.get_bind().dialect.name
        return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(ReminderRow)

    # -- the sweep ----------------------------------------------------------------------------
    async def cheques(self, today: date, idle_days: int) -> list[IdleCheque]:
        return await self._sweep.cheques(today, idle_days)

    async def lines(self, today: date, idle_days: int) -> list[OpenLine]:
        return await self._sweep.lines(today, idle_days)

    async def coaches(self) -> list[Coach]:
        return await self._sweep.coaches()

    async def coordinators(self) -> list[Coordinator]:
        return await self._sweep.coordinators()

    async def centre_weeks(self) -> dict[int, CentreWeek]:
        return await self._sweep.centre_weeks()

    async def add_due(self, due: Sequence[DueReminder], now: datetime) -> int:
        """Create the rows not created before; returns how many are new."""
        created = 0
        for start in range(0, len(due), 500):
            values = [_values(each, now, now) for each in due[start : start + 500]]
            result = await self._session.execute(
                self._insert()
                .values(values)
                .on_conflict_do_nothing(index_elements=["kind", "file_id", "period"])
                .returning(ReminderRow.id)
            )
            created += len(result.all())
        return created

    async def schedule(self, due: DueReminder, not_before: datetime, now: datetime) -> bool:
        """One reminder due from `not_before` (*Later*); False when that key exists already."""
        result = await self._session.execute(
            self._insert()
            .values(_values(due, not_before, now))
            .on_conflict_do_nothing(index_elements=["kind", "file_id", "period"])
            .returning(ReminderRow.id)
        )
        return result.first() is not None

    async def known_keys(self, due: Sequence[DueReminder]) -> set[tuple[str, int, str]]:
        """Which of these keys the outbox holds already (whatever their status)."""
        known: set[tuple[str, int, str]] = set()
        files = sorted({each.file_id for each in due})
        for start in range(0, len(files), 500):
            rows = await self._session.execute(
                select(ReminderRow.kind, ReminderRow.file_id, ReminderRow.period).where(
                    ReminderRow.file_id.in_(files[start : start + 500])
                )
            )
            known |= {(row.kind, row.file_id, row.period) for row in rows}
        return known

    async def cancel_stale(self, keep: set[tuple[str, int, str]], now: datetime) -> int:
        """Cancel due rows whose file no longer needs them (a gesprek or action since)."""
        rows = (
            await self._session.execute(
                select(ReminderRow.id, ReminderRow.kind, ReminderRow.file_id, ReminderRow.period)
                .where(
                    ReminderRow.status == DUE,
                    ReminderRow.not_before <= now,
                    ReminderRow.kind.in_(SWEPT),
                )
                # Rows a sender is claiming are its own: skipped, never waited for (no deadlock).
                .with_for_update(skip_locked=True, of=ReminderRow)
            )
        ).all()
        stale = [
            row.id for row in rows if (row.kind, row.file_id, base_period(row.period)) not in keep
        ]
        for start in range(0, len(stale), 500):
            await self._session.execute(
                update(ReminderRow)
                .where(ReminderRow.id.in_(stale[start : start + 500]), ReminderRow.status == DUE)
                .values(status=ReminderStatus.CANCELLED.value, finished_at=now),
                execution_options={"synchronize_session": False},
            )
        return len(stale)

    async def chat_states(
        self, chat_keys: Sequence[str]
    ) -> dict[str, tuple[bool, bool, datetime | None]]:
        """Per chat (unlocked): in a flow, paused, last change; a push never lands mid-flow."""
        found: dict[str, tuple[bool, bool, datetime | None]] = {}
        for start in range(0, len(chat_keys), 500):
            rows = await self._session.execute(
                select(
                    SessionRow.chat_key, SessionRow.flow, SessionRow.paused, SessionRow.updated_at
                ).where(SessionRow.chat_key.in_(chat_keys[start : start + 500]))
            )
            for row in rows:
                found[row.chat_key] = (row.flow is not None, row.paused, row.updated_at)
        return found

    # -- claiming and outcomes -----------------------------------------------------------------
    async def due(self, now: datetime, limit: int, *, lock: bool = False) -> list[Reminder]:
        """Due rows of reachable people with a chat, by person; locked (skipping locked ones)
        if asked."""
        query = (
            select(ReminderRow)
            .where(
                ReminderRow.status == DUE,
                ReminderRow.not_before <= now,
                ReminderRow.staff_id.not_in(select(UnreachableRow.staff_id)),
                # Pushed only to people with a chat; the others see them in /herinneringen.
                ReminderRow.staff_id.in_(
                    select(StaffRow.id).where(StaffRow.telegram_user_id.is_not(None))
                ),
            )
            .order_by(ReminderRow.staff_id, ReminderRow.id)
            .limit(limit)
        )
        if lock:
            query = query.with_for_update(skip_locked=True, of=ReminderRow)
        rows = (await self._session.execute(query)).scalars().all()
        return [_reminder(row) for row in rows]

    async def expire_claims(self, before: datetime, now: datetime) -> int:
        """Claims older than `before` without an outcome: perhaps sent, so never resent."""
        result = await self._session.execute(
            update(ReminderRow)
            .where(ReminderRow.status == CLAIMED, ReminderRow.claimed_at < before)
            .values(status=ReminderStatus.UNKNOWN.value, finished_at=now)
            .returning(ReminderRow.id),
            execution_options={"synchronize_session": False},
        )
        return len(result.all())

    async def claim(
        self,
        messages: Sequence[tuple[int, Sequence[int], Sequence[tuple[str, str]]]],
        now: datetime,
    ) -> list[int]:
        """Claim due rows for messages (person, rows, buttons), stored as pushes; their ids."""
        if not messages:
            return []
        pushes = await self._session.execute(
            insert(ReminderPushRow).returning(ReminderPushRow.id, sort_by_parameter_order=True),
            [
                {"staff_id": staff, "options": [list(o) for o in options], "created_at": now}
                for staff, _, options in messages
            ],
        )
        ids = [row.id for row in pushes]
        await self._session.execute(
            update(ReminderRow),
            [
                {"id": row, "status": CLAIMED, "claimed_at": now, "push_id": push}
                for push, (_, rows, _) in zip(ids, messages, strict=True)
                for row in rows
            ],
        )
        return ids

    async def chats(self, staff_ids: Sequence[int]) -> dict[int, int]:
        """The Telegram chat of each of these people that has one."""
        found: dict[int, int] = {}
        for start in range(0, len(staff_ids), 500):
            rows = await self._session.execute(
                select(StaffRow.id, StaffRow.telegram_user_id).where(
                    StaffRow.id.in_(staff_ids[start : start + 500]),
                    StaffRow.telegram_user_id.is_not(None),
                )
            )
            found.update({row.id: row.telegram_user_id for row in rows})
        return found

    async def _finish(self, push: int, **values: Any) -> None:
        await self._session.execute(
            update(ReminderRow)
            .where(ReminderRow.push_id == push, ReminderRow.status == CLAIMED)
            .values(**values),
            execution_options={"synchronize_session": False},
        )

    async def sent(self, push_id: int, message_id: int, now: datetime) -> None:
        await self.sent_many([(push_id, message_id)], now)

    async def sent_many(self, sent: Sequence[tuple[int, int]], now: datetime) -> None:
        """Messages sent: (push, Telegram message id) each, in one statement; a decision's
        notice (kind f) then counts as told, so the next pause does not tell it again."""
        if sent:
            table = _OUTBOX
            await self._session.execute(
                update(table)
                .where(table.c.push_id == bindparam("push"), table.c.status == CLAIMED)
                .values(
                    status=ReminderStatus.SENT.value,
                    message_id=bindparam("message"),
                    finished_at=now,
                ),
                [{"push": push, "message": message} for push, message in sent],
            )
            await self._session.execute(delivered_by_push([push for push, _ in sent], now))

    async def retry(self, push_id: int, not_before: datetime) -> None:
        """Telegram asked to wait: due again afterwards, under a new message."""
        await self._finish(
            push_id, status=DUE, not_before=not_before, claimed_at=None, push_id=None
        )

    async def unknown(self, push_id: int, now: datetime) -> None:
        await self._finish(push_id, status=ReminderStatus.UNKNOWN.value, finished_at=now)

    async def failed(self, push_id: int, now: datetime) -> None:
        await self._finish(push_id, status=ReminderStatus.FAILED.value, finished_at=now)

    async def unreachable(self, push_id: int, staff_id: int, now: datetime) -> None:
        """The person blocked the bot: this message and anything still due for them stop."""
        await self._finish(push_id, status=ReminderStatus.UNREACHABLE.value, finished_at=now)
        await self._session.execute(
            update(ReminderRow)
            .where(ReminderRow.staff_id == staff_id, ReminderRow.status == DUE)
            .values(status=ReminderStatus.UNREACHABLE.value, finished_at=now),
            execution_options={"synchronize_session": False},
        )
        if await self._session.get(UnreachableRow, staff_id) is None:
            self._session.add(UnreachableRow(staff_id=staff_id, since=now))

    async def reachable(self, staff_id: int) -> None:
        """The person talks to the bot again: reminders may reach them."""
        await self._session.execute(
            delete(UnreachableRow).where(UnreachableRow.staff_id == staff_id)
        )

    async def unreachable_staff(self) -> set[int]:
        return set((await self._session.execute(select(UnreachableRow.staff_id))).scalars())

    # -- preferences ---------------------------------------------------------------------------
    async def kinds_off(self) -> dict[int, frozenset[ReminderKind]]:
        """Per person who turned any off: the kinds they do not want."""
        rows = await self._session.execute(
            select(ReminderPreferenceRow.staff_id, ReminderPreferenceRow.off)
        )
        return {
            row.staff_id: frozenset(ReminderKind(k) for k in row.off if k in _KINDS) for row in rows
        }

    async def _preferences(self, staff_id: int, now: datetime) -> ReminderPreferenceRow:
        """This person's preferences row, made with the defaults (all on, Monday 08:00)."""
        row = await self._session.get(ReminderPreferenceRow, staff_id)
        if row is None:
            row = ReminderPreferenceRow(
                staff_id=staff_id, off=[], digest_day=0, digest_hour=8, updated_at=now
            )
            self._session.add(row)
        return row

    async def set_kinds_off(
        self, staff_id: int, off: frozenset[ReminderKind], now: datetime
    ) -> None:
        row = await self._preferences(staff_id, now)
        row.off, row.updated_at = sorted(kind.value for kind in off), now
        await self._session.flush()

    async def digest_moments(self) -> dict[int, tuple[int, int]]:
        """Per person who chose: the weekly digest's day (0 = Monday) and hour."""
        rows = await self._session.execute(
            select(
                ReminderPreferenceRow.staff_id,
                ReminderPreferenceRow.digest_day,
                ReminderPreferenceRow.digest_hour,
            )
        )
        return {row.staff_id: (row.digest_day, row.digest_hour) for row in rows}

    async def set_digest_moment(self, staff_id: int, day: int, hour: int, now: datetime) -> None:
        row = await self._preferences(staff_id, now)
        row.digest_day, row.digest_hour, row.updated_at = day, hour, now
        await self._session.flush()

    async def centre_idle_days(self) -> dict[int, int]:
        rows = await self._session.execute(
            select(CentreReminderRow.organisation_id, CentreReminderRow.idle_days)
        )
        return {row.organisation_id: row.idle_days for row in rows}

    async def set_centre_idle_days(
        self, organisation_id: int, days: int, staff_id: int, now: datetime
    ) -> None:
        row = await self._session.get(CentreReminderRow, organisation_id)
        if row is None:
            self._session.add(
                CentreReminderRow(
                    organisation_id=organisation_id,
                    idle_days=days,
                    updated_by=staff_id,
                    updated_at=now,
                )
            )
        else:
            row.idle_days, row.updated_by, row.updated_at = days, staff_id, now
        await self._session.flush()

    # -- the buttons ---------------------------------------------------------------------------
    async def get(self, reminder_id: int) -> Reminder | None:
        row = await self._session.get(ReminderRow, reminder_id)
        return None if row is None else _reminder(row)

    async def push(self, push_id: int) -> ReminderPush | None:
        row = await self._session.get(ReminderPushRow, push_id)
        if row is None:
            return None
        options = tuple((str(label), str(value)) for label, value in row.options)
        return ReminderPush(row.id, row.staff_id, options)

    async def act(self, reminder_id: int, now: datetime) -> bool:
        """Mark a reminder acted upon; False when it was already (a second press)."""
        result = await self._session.execute(
            update(ReminderRow)
            .where(ReminderRow.id == reminder_id, ReminderRow.acted_at.is_(None))
            .values(acted_at=now)
            .returning(ReminderRow.id),
            execution_options={"synchronize_session": False},
        )
        return result.first() is not None

    async def stop(self, kind: ReminderKind, file_id: int, staff_id: int, now: datetime) -> None:
        """No more reminders for this file: recorded, and whatever is still due cancelled."""
        file_kind = CHEQUE if kind.about_cheque else LINE
        kinds = [k.value for k in ReminderKind if k.about_cheque == kind.about_cheque]
        await self._session.execute(
            delete(ReminderStopRow).where(
                ReminderStopRow.file_kind == file_kind, ReminderStopRow.file_id == file_id
            )
        )
        self._session.add(
            ReminderStopRow(file_kind=file_kind, file_id=file_id, staff_id=staff_id, at=now)
        )
        await self._session.execute(
            update(ReminderRow)
            .where(
                ReminderRow.kind.in_(kinds),
                ReminderRow.file_id == file_id,
                ReminderRow.status == DUE,
            )
            .values(status=ReminderStatus.CANCELLED.value, finished_at=now),
            execution_options={"synchronize_session": False},
        )

    async def open_for(self, staff_id: int) -> list[Reminder]:
        """This person's reminders due or sent and not yet acted upon, oldest first."""
        rows = (
            await self._session.execute(
                select(ReminderRow)
                .where(
                    ReminderRow.staff_id == staff_id,
                    ReminderRow.status.in_(
                        [DUE, ReminderStatus.SENT.value, ReminderStatus.UNKNOWN.value]
                    ),
                    ReminderRow.acted_at.is_(None),
                    ReminderRow.kind.in_(SWEPT),
                )
                .order_by(ReminderRow.id)
                .limit(50)
            )
        ).scalars()
        return [_reminder(row) for row in rows]


def _values(due: DueReminder, not_before: datetime, now: datetime) -> dict[str, Any]:
    not_before = max(not_before, due.not_before) if due.not_before else not_before
    return {
        "kind": due.kind.value,
        "file_id": due.file_id,
        "period": due.period,
        "staff_id": due.staff_id,
        "organisation_id": due.organisation_id,
        "header": due.header,
        "detail": due.detail,
        "status": DUE,
        "not_before": not_before,
        "created_at": now,
    }
