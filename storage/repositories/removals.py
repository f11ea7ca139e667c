"""Requests to remove a closed ESF line, and the coaches' decisions on them (B7)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from flows.domain.esf import RemovalRequest, RemovalStatus, RemovalSummary, StaffRef
from storage.constraints import raise_race_or_bug
from storage.models import (
    BegeleidingRow,
    JongereRow,
    OrganisationRow,
    RemovalRequestRow,
    StaffRow,
)

_REQUESTER, _DECIDER = aliased(StaffRow), aliased(StaffRow)


async def _requests(
    session: AsyncSession, criterion: ColumnElement[bool], *, lock: bool = False
) -> list[RemovalRequest]:
    if lock:
        await session.execute(select(RemovalRequestRow.id).where(criterion).with_for_update())
    rows = await session.execute(
        select(RemovalRequestRow, _REQUESTER.name, _DECIDER.name)
        .join(_REQUESTER, RemovalRequestRow.requested_by == _REQUESTER.id)
        .outerjoin(_DECIDER, RemovalRequestRow.decided_by == _DECIDER.id)
        .where(criterion)
        .order_by(RemovalRequestRow.id.desc())
    )
    return [
        RemovalRequest(
            id=row.id,
            begeleiding_id=row.begeleiding_id,
            requested_by=StaffRef(row.requested_by, requester),
            requested_at=row.requested_at,
            reden=row.reden,
            status=RemovalStatus(row.status),
            decided_by=StaffRef(row.decided_by, decider) if row.decided_by is not None else None,
            decided_at=row.decided_at,
            decision_reason=row.decision_reason,
        )
        for row, requester, decider in rows
    ]


async def latest_request(session: AsyncSession, begeleiding_id: int) -> RemovalRequest | None:
    """The most recent request on a line, whatever its status."""
    found = await _requests(session, RemovalRequestRow.begeleiding_id == begeleiding_id)
    return found[0] if found else None


class SqlRemovalRepository:
    """Adds requests (one open per line, by index), lists open ones, records decisions."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, begeleiding_id: int, staff_id: int, reden: str, now: datetime) -> int:
        row = RemovalRequestRow(
            begeleiding_id=begeleiding_id,
            requested_by=staff_id,
            requested_at=now,
            reden=reden,
            status=RemovalStatus.OPEN.value,
        )
        self._session.add(row)
        try:
            await self._session.flush()
        except IntegrityError as error:
            raise_race_or_bug(error)
        return row.id

    async def get(self, request_id: int, *, lock: bool = False) -> RemovalRequest | None:
        found = await _requests(self._session, RemovalRequestRow.id == request_id, lock=lock)
        return found[0] if found else None

    async def open_requests(self) -> list[RemovalSummary]:
        """Open requests of every organisation, oldest first (coaches serve several partners)."""
        rows = await self._session.execute(
            select(
                RemovalRequestRow.id,
                RemovalRequestRow.begeleiding_id,
                OrganisationRow.name,
                JongereRow.naam,
                JongereRow.klantnummer,
                StaffRow.name,
                RemovalRequestRow.requested_at,
            )
            .join(BegeleidingRow, RemovalRequestRow.begeleiding_id == BegeleidingRow.id)
            .join(OrganisationRow, BegeleidingRow.organisation_id == OrganisationRow.id)
            .join(JongereRow, BegeleidingRow.jongere_id == JongereRow.id)
            .join(StaffRow, RemovalRequestRow.requested_by == StaffRow.id)
            .where(RemovalRequestRow.status == RemovalStatus.OPEN.value)
            .order_by(RemovalRequestRow.requested_at, RemovalRequestRow.id)
        )
        return [RemovalSummary(*row) for row in rows]

    async def decide(
        self,
        request_id: int,
        status: RemovalStatus,
        staff_id: int,
        reason: str | None,
        now: datetime,
    ) -> None:
        await self._session.execute(
            update(RemovalRequestRow)
            .where(RemovalRequestRow.id == request_id)
            .values(
                status=status.value, decided_by=staff_id, decided_at=now, decision_reason=reason
            ),
            execution_options={"synchronize_session": False},
        )
