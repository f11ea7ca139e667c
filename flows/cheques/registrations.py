"""Registering a cheque (A5): re-checks availability in the caller's unit of work, then writes."""

from __future__ import annotations

from dataclasses import asdict

from flows.domain.audit import AuditEntry, jsonable
from flows.domain.cheques import NewRegistration
from flows.domain.errors import Refusal
from flows.domain.rules.cheques import check_available
from flows.domain.staff import Staff
from flows.ports.unit_of_work import UnitOfWork


async def register_cheque(uow: UnitOfWork, staff: Staff, registration: NewRegistration) -> int:
    """Store A5's three steps at once, linking the cheque to the staff member's centre."""
    issued = await uow.cheques.issued_by_id(registration.issued_cheque_id)
    if issued is None:
        raise Refusal("Deze cheque is niet (meer) gekend. Begin opnieuw met /cheque.")
    try:
        check_available(
            issued,
            await uow.cheques.holder(issued.id),
            klantnummer=issued.klantnummer,
            chequenummer=issued.chequenummer,
            organisation_id=staff.organisation.id,
            today=registration.registered_at.date(),
            practice=staff.organisation.practice,
        )
    except Refusal as refused:  # taken (or expired) since it was found: confirming cannot mend it
        raise Refusal(refused.message, final=True) from refused
    registration_id = await uow.cheques.add_registration(registration)
    await uow.audit.record(
        AuditEntry(
            at=registration.registered_at,
            staff_id=staff.id,
            organisation_id=staff.organisation.id,
            action="cheque.registered",
            entity="cheque_registration",
            entity_id=str(registration_id),
            before=None,
            after=jsonable(asdict(registration)),
        )
    )
    return registration_id
