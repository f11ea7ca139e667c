"""Domain changes: each re-checks its rules inside the caller's unit of work, then writes."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from flows.domain import AuditEntry, NewRegistration, Refusal, Staff
from flows.ports import UnitOfWork
from flows.rules.cheques import check_available


async def register_cheque(uow: UnitOfWork, staff: Staff, registration: NewRegistration) -> int:
    """Store A5's three steps at once, linking the cheque to the staff member's centre."""
    issued = await uow.cheques.issued_by_id(registration.issued_cheque_id)
    if issued is None:
        raise Refusal("Deze cheque is niet (meer) gekend. Begin opnieuw met /cheque.")
    check_available(
        issued,
        await uow.cheques.holder(issued.id),
        klantnummer=issued.klantnummer,
        chequenummer=issued.chequenummer,
        organisation_id=staff.organisation.id,
        today=registration.registered_at.date(),
    )
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


def jsonable(record: dict[str, Any]) -> dict[str, Any]:
    """Turn dates, enums and tuples into JSON values for the audit log."""
    return {key: _value(item) for key, item in record.items()}


def _value(value: object) -> object:
    if isinstance(value, dict):
        return jsonable(value)
    if isinstance(value, list | tuple):
        return [_value(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
