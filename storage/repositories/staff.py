"""Staff members with their organisation, as domain values."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain import Organisation, Role, Staff
from storage.models import OrganisationRow, StaffRow


def to_organisation(row: OrganisationRow) -> Organisation:
    return Organisation(row.id, row.name, row.is_loopbaancentrum, row.is_esf)


class SqlStaffRepository:
    """Looks staff up by id, Telegram id or name; every lookup brings the organisation along."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _one(self, *criteria: object) -> Staff | None:
        query = (
            select(StaffRow, OrganisationRow)
            .join(OrganisationRow, StaffRow.organisation_id == OrganisationRow.id)
            .where(*criteria)  # type: ignore[arg-type]
        )
        found = (await self._session.execute(query)).first()
        if found is None:
            return None
        staff, organisation = found
        return Staff(
            staff.id,
            staff.name,
            Role(staff.role),
            to_organisation(organisation),
            staff.telegram_user_id,
        )

    async def get(self, staff_id: int) -> Staff | None:
        return await self._one(StaffRow.id == staff_id)

    async def by_telegram_id(self, telegram_user_id: int) -> Staff | None:
        return await self._one(StaffRow.telegram_user_id == telegram_user_id)

    async def by_name(self, name: str) -> Staff | None:
        return await self._one(StaffRow.name == name)

    async def names_in_organisation(self, organisation_id: int) -> list[str]:
        query = select(StaffRow.name).where(StaffRow.organisation_id == organisation_id)
        return list((await self._session.scalars(query)).all())
