"""Changes to a registered cheque: gesprekken, corrections, beginvraag (A6–A8), each audited."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime
from typing import Any

from flows.domain.audit import AuditEntry, jsonable
from flows.domain.cheques import ChequeFile, GesprekType, NewGesprek
from flows.domain.errors import Refusal
from flows.domain.rules import gesprekken as rules
from flows.domain.rules.cheques import check_beginvraag
from flows.domain.rules.dates import check_gesprek_date
from flows.domain.staff import Staff
from flows.ports.unit_of_work import UnitOfWork

NOT_YOURS = "Deze cheque vind ik niet bij jouw loopbaancentrum."
CHANGED_MEANWHILE = (
    "Intussen werd op deze cheque een ander gesprek geregistreerd of verwijderd. "
    "Bekijk de cheque opnieuw voor je iets verwijdert."
)
CHANGED_MEANWHILE_CONVERT = (
    "Intussen werd op deze cheque een ander gesprek geregistreerd of verwijderd. "
    "Bekijk de cheque opnieuw voor je een gesprek omzet."
)


async def own_file(uow: UnitOfWork, staff: Staff, registration_id: int) -> ChequeFile:
    """Load a file only for staff of the organisation that holds it (never trust the chat)."""
    file = await uow.registrations.file(registration_id)
    if file is None or file.organisation_id != staff.organisation.id:
        raise Refusal(NOT_YOURS)
    return file


async def _audit(
    uow: UnitOfWork,
    staff: Staff,
    registration_id: int,
    now: datetime,
    action: str,
    before: dict[str, Any],
    after: dict[str, Any],
) -> None:
    await uow.audit.record(
        AuditEntry(
            at=now,
            staff_id=staff.id,
            organisation_id=staff.organisation.id,
            action=action,
            entity="cheque_registration",
            entity_id=str(registration_id),
            before=jsonable(before),
            after=jsonable(after),
        )
    )


async def register_gesprek(
    uow: UnitOfWork, staff: Staff, registration_id: int, gesprek: NewGesprek, now: datetime
) -> ChequeFile:
    """Add a gesprek after re-checking type, date, chronology and hours; close when it closes."""
    file = await own_file(uow, staff, registration_id)
    try:
        rules.check_type(file, gesprek.type)
    except Refusal as refused:  # closed or used up meanwhile: confirming again cannot mend it
        raise Refusal(refused.message, final=True) from refused
    check_gesprek_date(gesprek.datum, now.date())
    rules.check_chronology(file, gesprek.datum)
    rules.check_hours(file, gesprek.type, gesprek.minutes)
    gesprek_id = await uow.registrations.add_gesprek(registration_id, gesprek, staff.id, now)
    status = rules.status_after(file, gesprek.type)
    if status is not file.status:
        await uow.registrations.set_status(registration_id, status, now)
    await _audit(
        uow,
        staff,
        registration_id,
        now,
        "gesprek.registered",
        {"status": file.status.value},
        {"status": status.value, "gesprek_id": gesprek_id, "gesprek": asdict(gesprek)},
    )
    return await own_file(uow, staff, registration_id)


async def delete_newest_gesprek(
    uow: UnitOfWork, staff: Staff, registration_id: int, gesprek_id: int, now: datetime
) -> bool:
    """Delete the newest gesprek (A8.1); return True when none is left and the cheque is free."""
    file = await own_file(uow, staff, registration_id)
    newest = rules.deletable(file)
    if newest.id != gesprek_id:
        raise Refusal(CHANGED_MEANWHILE)
    await uow.registrations.delete_gesprek(gesprek_id, staff.id, now)
    released = len(file.active_gesprekken) == 1
    if released:
        await uow.registrations.release(registration_id, now)
    await _audit(
        uow,
        staff,
        registration_id,
        now,
        "gesprek.deleted",
        {"gesprek": asdict(newest)},
        {"gesprek_id": gesprek_id, "deleted": True, "cheque_released": released},
    )
    return released


async def convert_newest_gesprek(
    uow: UnitOfWork,
    staff: Staff,
    registration_id: int,
    gesprek_id: int,
    kind: GesprekType,
    now: datetime,
) -> ChequeFile:
    """Close a cheque whose hours are used up (A8): the newest gesprek is deleted (it stays,
    labelled Verwijderd) and registered again as `kind` with the same date, vorm and duur."""
    if kind not in rules.CLOSING:
        raise ValueError(f"a gesprek converts to synthese or stopzetting, not {kind}")
    file = await own_file(uow, staff, registration_id)
    newest = rules.convertible(file)
    if newest.id != gesprek_id:
        raise Refusal(CHANGED_MEANWHILE_CONVERT)
    again = NewGesprek(
        datum=newest.datum,
        begeleider=newest.begeleider,
        type=kind,
        vorm=newest.vorm,
        minutes=newest.minutes,
        feedback=newest.feedback,
    )
    await uow.registrations.delete_gesprek(newest.id, staff.id, now)
    new_id = await uow.registrations.add_gesprek(registration_id, again, staff.id, now)
    status = rules.status_after(file, kind)
    await uow.registrations.set_status(registration_id, status, now)
    await _audit(
        uow,
        staff,
        registration_id,
        now,
        "gesprek.converted",
        {"status": file.status.value, "gesprek_id": newest.id, "gesprek": asdict(newest)},
        {
            "status": status.value,
            "deleted": newest.id,
            "gesprek_id": new_id,
            "gesprek": asdict(again),
        },
    )
    return await own_file(uow, staff, registration_id)


async def change_beginvraag(
    uow: UnitOfWork, staff: Staff, registration_id: int, text: str, now: datetime
) -> None:
    """Record an adjusted loopbaanvraag (A7); the earlier wordings stay in the history."""
    file = await own_file(uow, staff, registration_id)
    rules.check_may_change_beginvraag(file)
    text = check_beginvraag(text)
    await uow.registrations.add_beginvraag(registration_id, text, staff.id, now)
    before = file.beginvragen[-1].text if file.beginvragen else None
    await _audit(
        uow,
        staff,
        registration_id,
        now,
        "beginvraag.changed",
        {"beginvraag": before},
        {"beginvraag": text},
    )
