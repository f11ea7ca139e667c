"""Staff members with their organisation, as domain values."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.staff import Organisation, Role, Staff
from storage.constraints import raise_race_or_bug
from storage.models import OrganisationRow, StaffRow

STAFF_COLUMNS = (
    StaffRow.id,
    StaffRow.name,
    StaffRow.role,
    StaffRow.telegram_user_id,
    OrganisationRow.id.label("organisation_id"),
    OrganisationRow.name.label("organisation_name"),
    OrganisationRow.is_loopbaancentrum,
    OrganisationRow.is_esf,
    OrganisationRow.practice,
)
_STAFF = select(*STAFF_COLUMNS).join(
    OrganisationRow, StaffRow.organisation_id == OrganisationRow.id
)


def staff_of(row: Any) -> Staff:
    """A staff member from a row with STAFF_COLUMNS."""
    organisation = Organisation(
        row.organisation_id,
        row.organisation_name,
        row.is_loopbaancentrum,
        row.is_esf,
        row.practice,
    )
    return Staff(row.id, row.name, Role(row.role), organisation, row.telegram_user_id)


class SqlStaffRepository:
    """Looks staff up by id, Telegram id or name; every lookup brings the organisation along.

    A plain row read (no ORM entities): the engine re-checks the staff member on every update.
    """

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _one(self, criterion: ColumnElement[bool]) -> Staff | None:
        row: Any = (await self._session.execute(_STAFF.where(criterion))).first()
        return None if row is None else staff_of(row)

    async def get(self, staff_id: int) -> Staff | None:
        return await self._one(StaffRow.id == staff_id)

    async def by_telegram_id(self, telegram_user_id: int) -> Staff | None:
        return await self._one(StaffRow.telegram_user_id == telegram_user_id)

    async def by_name(self, name: str) -> Staff | None:
        return await self._one(StaffRow.name == name)

    async def link_telegram(self, staff_id: int, telegram_user_id: int) -> None:
        """Link the account; one linked to someone else meanwhile is a race, replayed."""
        try:
            await self._session.execute(
                update(StaffRow)
                .where(StaffRow.id == staff_id)
                .values(telegram_user_id=telegram_user_id)
            )
        except IntegrityError as error:
            raise_race_or_bug(error)

    async def members(self, organisation_id: int) -> list[Staff]:
        query = _STAFF.where(StaffRow.organisation_id == organisation_id).order_by(StaffRow.name)
        return [staff_of(row) for row in await self._session.execute(query)]

    async def linked(self) -> list[Staff]:
        """Everyone with a linked Telegram account (for their command menus)."""
        query = _STAFF.where(StaffRow.telegram_user_id.is_not(None)).order_by(StaffRow.id)
        return [staff_of(row) for row in await self._session.execute(query)]

    async def names_in_organisation(self, organisation_id: int) -> list[str]:
        query = select(StaffRow.name).where(StaffRow.organisation_id == organisation_id)
        return list((await self._session.scalars(query)).all())
