"""The coach's side of B7: open removal requests, and approving or refusing them.

A coach sees the open requests of *every* ESF organisation: the handbook's "provinciale coach
klantendossier – partners" serves several partner organisations, so the check is the role
(`Role.COACH`), re-read on every update, not membership of the requesting organisation.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from flows.domain import handbook
from flows.domain.errors import Refusal
from flows.domain.esf import Begeleiding, RemovalRequest, RemovalStatus, RemovalSummary
from flows.domain.reminders import decision
from flows.domain.rules import esf as rules
from flows.domain.rules.dates import fmt
from flows.domain.staff import Role, Staff
from flows.esf.begeleiding_changes import audit, state
from flows.ports.unit_of_work import UnitOfWork

ONLY_COACHES = "Enkel een provinciale coach behandelt aanvragen tot verwijdering."
GONE = "Deze aanvraag vind ik niet (meer)."


def _check_coach(staff: Staff) -> None:
    if staff.role is not Role.COACH:
        raise Refusal(ONLY_COACHES)


async def open_requests(uow: UnitOfWork, staff: Staff) -> list[RemovalSummary]:
    """Every open request, oldest first, for a coach only."""
    _check_coach(staff)
    return await uow.removals.open_requests()


async def request_with_line(
    uow: UnitOfWork, staff: Staff, request_id: int, *, lock: bool = False
) -> tuple[RemovalRequest, Begeleiding]:
    """A request and the line it is about, for a coach only."""
    _check_coach(staff)
    request = await uow.removals.get(request_id, lock=lock)
    line = await uow.begeleidingen.get(request.begeleiding_id, lock=lock) if request else None
    if request is None or line is None:
        raise Refusal(GONE)
    return request, line


def _about(line: Begeleiding) -> str:
    jongere = line.jongere
    return (
        f"Je aanvraag om de lijn ‘{handbook.ESF_STEP}’ van {jongere.naam} (klant "
        f"{jongere.klantnummer}) te verwijderen"
    )


async def approve_removal(
    uow: UnitOfWork, staff: Staff, request_id: int, now: datetime
) -> Begeleiding:
    """Remove the line from the overviews (the audit log keeps it) and tell the requester."""
    request, line = await request_with_line(uow, staff, request_id, lock=True)
    rules.check_request_open(request)
    await uow.removals.decide(request_id, RemovalStatus.GOEDGEKEURD, staff.id, None, now)
    await uow.begeleidingen.remove(line.id, now)
    after = {**state(line), "removed": True, "request_id": request_id, "decision": "goedgekeurd"}
    await audit(uow, staff, line.id, now, "esf.removal_approved", state(line), after)
    await _tell(
        uow,
        request,
        line,
        f"📬 {_about(line)}, werd op {fmt(now.date())} goedgekeurd door {staff.name}. "
        "De lijn staat niet meer in het overzicht.",
        now,
    )
    return line


async def refuse_removal(
    uow: UnitOfWork, staff: Staff, request_id: int, reason: str, now: datetime
) -> Begeleiding:
    """Refuse with a reason; the line stays and the requester is told why."""
    request, line = await request_with_line(uow, staff, request_id, lock=True)
    rules.check_request_open(request)
    reason = rules.check_reden(reason)
    await uow.removals.decide(request_id, RemovalStatus.GEWEIGERD, staff.id, reason, now)
    after = {"request_id": request_id, "decision": "geweigerd", "reden": reason}
    await audit(uow, staff, line.id, now, "esf.removal_refused", None, after)
    await _tell(
        uow,
        request,
        line,
        f"📬 {_about(line)}, werd op {fmt(now.date())} geweigerd door {staff.name}: “{reason}”. "
        "De lijn blijft in het overzicht.",
        now,
    )
    return line


async def _tell(
    uow: UnitOfWork, request: RemovalRequest, line: Begeleiding, text: str, now: datetime
) -> None:
    """Push it at once (kind f), else tell it at the requester's next pause (whichever comes
    first; storage keeps it to one), stored in this same unit of work as the decision."""
    await uow.notices.add(request.requested_by.id, text, now)
    header = f"ESF-begeleiding · {line.jongere.naam} ({line.jongere.klantnummer})"
    pushed = decision(request.id, request.requested_by.id, line.organisation_id, header, text)
    await uow.reminders.add_due([replace(pushed, reference=line.jongere.klantnummer)], now)
