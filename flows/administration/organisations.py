"""Adding organisations and staff: the rules re-checked in the unit of work, each change audited."""

from __future__ import annotations

from datetime import datetime

from flows.domain.administration import NewOrganisation, NewStaff
from flows.domain.audit import AuditEntry
from flows.domain.errors import AdminError, Refusal
from flows.domain.rules.imports import organisation_name
from flows.domain.rules.names import check_begeleider_name
from flows.ports.unit_of_work import UnitOfWork


async def add_organisation(uow: UnitOfWork, organisation: NewOrganisation, now: datetime) -> int:
    """Create an organisation under a name no other organisation has; return its id."""
    name = organisation_name(organisation)
    if await uow.organisations.by_name(name) is not None:
        raise AdminError(f"Organisation {name!r} already exists.")
    stored = NewOrganisation(name, organisation.is_loopbaancentrum, organisation.is_esf)
    organisation_id = await uow.organisations.add(stored, now)
    after = {"name": name, "loopbaancentrum": stored.is_loopbaancentrum, "esf": stored.is_esf}
    await uow.audit.record(
        AuditEntry(
            now,
            None,
            organisation_id,
            "organisation.added",
            "organisation",
            str(organisation_id),
            after=after,
        )
    )
    return organisation_id


async def add_staff(uow: UnitOfWork, staff: NewStaff, now: datetime) -> int:
    """Create a staff member, named `Familienaam Voornaam`, of an existing organisation."""
    try:
        name = check_begeleider_name(staff.name)
    except Refusal as refusal:
        raise AdminError(refusal.message) from None
    organisation = await uow.organisations.by_name(" ".join(staff.organisation.split()))
    if organisation is None:
        raise AdminError(f"No organisation named {staff.organisation!r}.")
    if await uow.staff.by_name(name) is not None:
        raise AdminError(f"A staff member named {name!r} already exists.")
    telegram_id = staff.telegram_user_id
    if telegram_id is not None and await uow.staff.by_telegram_id(telegram_id) is not None:
        raise AdminError(f"Telegram id {telegram_id} is already linked to another staff member.")
    stored = NewStaff(name, staff.role, organisation.name, telegram_id)
    staff_id = await uow.roster.add(stored, organisation.id, now)
    after = {"name": name, "role": staff.role.value, "organisation": organisation.name}
    await uow.audit.record(
        AuditEntry(
            now,
            None,
            organisation.id,
            "staff.added",
            "staff",
            str(staff_id),
            after=after | {"telegram_user_id": telegram_id},
        )
    )
    return staff_id
