"""Partner organisations, and new staff members of one."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.administration import NewOrganisation, NewStaff
from flows.domain.staff import Organisation
from storage.constraints import raise_race_or_bug
from storage.models import OrganisationRow, StaffRow


def _organisation(row: OrganisationRow) -> Organisation:
    return Organisation(row.id, row.name, row.is_loopbaancentrum, row.is_esf, row.practice)


async def _flush(session: AsyncSession) -> None:
    """Write what was added; a name or Telegram id taken meanwhile is a race, replayed."""
    try:
        await session.flush()
    except IntegrityError as error:
        raise_race_or_bug(error)


class SqlOrganisationRepository:
    """Reads organisations by name and adds them; the unique name guards two adds at once."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _where(self, *criteria: ColumnElement[bool]) -> list[Organisation]:
        rows = await self._session.scalars(
            select(OrganisationRow).where(*criteria).order_by(OrganisationRow.name)
        )
        return [_organisation(row) for row in rows]

    async def by_name(self, name: str) -> Organisation | None:
        found = await self._where(OrganisationRow.name == name, OrganisationRow.practice.is_(False))
        return found[0] if found else None

    async def all(self) -> list[Organisation]:
        """The real organisations (a practice one is nobody's to export or administer)."""
        return await self._where(OrganisationRow.practice.is_(False))

    async def add(self, organisation: NewOrganisation, now: datetime) -> int:
        row = OrganisationRow(
            name=organisation.name,
            is_loopbaancentrum=organisation.is_loopbaancentrum,
            is_esf=organisation.is_esf,
            created_at=now,
        )
        self._session.add(row)
        await _flush(self._session)
        return row.id


class SqlStaffRoster:
    """Adds staff members; unique names and Telegram ids guard two adds at once."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, staff: NewStaff, organisation_id: int, now: datetime) -> int:
        row = StaffRow(
            name=staff.name,
            role=staff.role.value,
            organisation_id=organisation_id,
            telegram_user_id=staff.telegram_user_id,
            created_at=now,
        )
        self._session.add(row)
        await _flush(self._session)
        return row.id
