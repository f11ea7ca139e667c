"""Changes to ESF lines (B1–B7): each re-checks ownership and rules in the unit of work, audited."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date, datetime
from typing import Any

from flows.domain.audit import AuditEntry, jsonable
from flows.domain.errors import Refusal
from flows.domain.esf import Begeleiding, Jongere, NewActie, NewBegeleiding, Resultaat
from flows.domain.practice import check_practice_jongere
from flows.domain.rules import esf as rules
from flows.domain.staff import Staff
from flows.ports.unit_of_work import UnitOfWork

NOT_YOURS = "Deze begeleiding vind ik niet (meer) in het overzicht van jouw organisatie."
ENTITY = "esf_begeleiding"


async def own_begeleiding(
    uow: UnitOfWork, staff: Staff, begeleiding_id: int, *, lock: bool = False
) -> Begeleiding:
    """Load a visible line only for staff of the ESF organisation that owns it (never trust ids)."""
    line = await uow.begeleidingen.get(begeleiding_id, lock=lock)
    if (
        line is None
        or not staff.organisation.is_esf
        or line.organisation_id != staff.organisation.id
        or not rules.in_overview(line)
    ):
        raise Refusal(NOT_YOURS)
    return line


async def audit(
    uow: UnitOfWork,
    staff: Staff,
    begeleiding_id: int,
    now: datetime,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any],
) -> None:
    """Record one change to a line, with the record before and after."""
    await uow.audit.record(
        AuditEntry(
            at=now,
            staff_id=staff.id,
            organisation_id=staff.organisation.id,
            action=action,
            entity=ENTITY,
            entity_id=str(begeleiding_id),
            before=jsonable(before) if before is not None else None,
            after=jsonable(after),
        )
    )


def state(line: Begeleiding) -> dict[str, Any]:
    """The fields of a line that a change can touch, for the audit log."""
    return {
        "toestand": line.toestand.value,
        "startdatum": line.startdatum,
        "einddatum": line.einddatum,
        "resultaat": line.resultaat.value if line.resultaat else None,
        "removed": line.removed_at is not None,
    }


async def _jongere(uow: UnitOfWork, staff: Staff, new: NewBegeleiding) -> tuple[Jongere, bool]:
    """The stored jongere (read fresh), or the one entered in the flow, added now."""
    today = new.registered_at.date()
    if isinstance(new.jongere, Jongere):
        stored = await uow.jongeren.get(new.jongere.id, staff.organisation.id)
        if stored is None:
            raise Refusal("Deze jongere is niet (meer) gekend. Begin opnieuw met /esf.")
        check_practice_jongere(stored, stored.klantnummer, staff, today)
        return stored, False
    stored = await uow.jongeren.by_klantnummer(new.jongere.klantnummer, staff.organisation.id)
    check_practice_jongere(stored, new.jongere.klantnummer, staff, today)
    if stored is not None:  # imported, or entered by a colleague meanwhile: that one counts
        return stored, False
    rules.check_eligible(new.jongere, no_diploma_confirmed=new.no_diploma_confirmed)
    return await uow.jongeren.add(new.jongere, staff.organisation.id, new.registered_at), True


async def register_begeleiding(uow: UnitOfWork, staff: Staff, new: NewBegeleiding) -> Begeleiding:
    """Store a new line ‘Bezig’ (B1–B2) after re-checking eligibility, uniqueness and people."""
    now = new.registered_at
    if not staff.organisation.is_esf or new.organisation_id != staff.organisation.id:
        raise Refusal("ESF-begeleidingen registreer je enkel voor je eigen ESF-organisatie.")
    jongere, added = await _jongere(uow, staff, new)
    diploma = rules.check_eligible(jongere, no_diploma_confirmed=new.no_diploma_confirmed)
    running = await uow.begeleidingen.running(staff.organisation.id, jongere.id)
    if running is not None:
        raise rules.running_refusal(running)
    rules.check_startdatum(new.startdatum, now.date())
    members = {ref.id for ref in await uow.begeleidingen.colleagues(staff.organisation.id)}
    if not {new.aanvrager_id, new.uitvoerder_id} <= members:
        raise Refusal("Aanvrager en uitvoerder moeten medewerkers van jouw organisatie zijn.")
    samenvatting = rules.check_samenvatting(new.samenvatting)
    if added:
        await uow.audit.record(
            AuditEntry(
                now,
                staff.id,
                staff.organisation.id,
                "jongere.added",
                "jongere",
                jongere.klantnummer,
                None,
                jsonable(asdict(jongere)),
            )
        )
    stored = replace(new, jongere=jongere, samenvatting=samenvatting)
    begeleiding_id = await uow.begeleidingen.add(stored, jongere.id, diploma)
    line = await own_begeleiding(uow, staff, begeleiding_id)
    after = {**state(line), "jongere": jongere.klantnummer, "diploma_bij_start": diploma.value}
    after |= {"aanvrager": line.aanvrager.name, "uitvoerder": line.uitvoerder.name}
    after |= {"financieringsnummer": line.financieringsnummer, "samenvatting": samenvatting}
    await audit(uow, staff, begeleiding_id, now, "esf.registered", None, after)
    return line


async def add_samenvatting(
    uow: UnitOfWork, staff: Staff, begeleiding_id: int, text: str, now: datetime
) -> Begeleiding:
    """Add a dated entry to the samenvatting (B4); after closing only within 14 days (B6)."""
    line = await own_begeleiding(uow, staff, begeleiding_id, lock=True)
    rules.check_may_add_samenvatting(line, now)
    text = rules.check_samenvatting(text)
    await uow.begeleidingen.add_samenvatting(begeleiding_id, text, staff.id, now)
    await audit(
        uow, staff, begeleiding_id, now, "esf.samenvatting_added", None, {"samenvatting": text}
    )
    return await own_begeleiding(uow, staff, begeleiding_id)


async def register_actie(
    uow: UnitOfWork, staff: Staff, begeleiding_id: int, actie: NewActie, now: datetime
) -> Begeleiding:
    """Register an action or contact on a running line, dated from its start to today (B4)."""
    line = await own_begeleiding(uow, staff, begeleiding_id, lock=True)
    rules.check_actie_date(line, actie.datum, now)
    if actie.notitie is not None:
        actie = NewActie(actie.datum, actie.soort, rules.check_notitie(actie.notitie))
    actie_id = await uow.begeleidingen.add_actie(begeleiding_id, actie, staff.id, now)
    after = {"actie_id": actie_id, "actie": asdict(actie)}
    await audit(uow, staff, begeleiding_id, now, "esf.actie_registered", None, after)
    return await own_begeleiding(uow, staff, begeleiding_id)


async def close_begeleiding(
    uow: UnitOfWork,
    staff: Staff,
    begeleiding_id: int,
    einddatum: date,
    resultaat: Resultaat,
    now: datetime,
) -> Begeleiding:
    """Set toestand beëindigd with its einddatum and resultaat (B5); final from then on (B6)."""
    line = await own_begeleiding(uow, staff, begeleiding_id, lock=True)
    rules.check_einddatum(line, einddatum, now)
    await uow.begeleidingen.close(begeleiding_id, einddatum, resultaat, now)
    closed = await own_begeleiding(uow, staff, begeleiding_id)
    await audit(uow, staff, begeleiding_id, now, "esf.closed", state(line), state(closed))
    return closed


async def cancel_begeleiding(
    uow: UnitOfWork, staff: Staff, begeleiding_id: int, now: datetime
) -> Begeleiding:
    """Set toestand geannuleerd on a line registered by mistake (B3): it leaves the overview."""
    line = await own_begeleiding(uow, staff, begeleiding_id, lock=True)
    rules.check_may_cancel(line, now)
    await uow.begeleidingen.cancel(begeleiding_id, now)
    after = {**state(line), "toestand": "geannuleerd"}
    await audit(uow, staff, begeleiding_id, now, "esf.cancelled", state(line), after)
    return line


async def request_removal(
    uow: UnitOfWork, staff: Staff, begeleiding_id: int, reden: str, now: datetime
) -> int:
    """Ask the provincial coach to remove a closed line (B7); return the request's id."""
    line = await own_begeleiding(uow, staff, begeleiding_id, lock=True)
    rules.check_may_request_removal(line, now)
    reden = rules.check_reden(reden)
    request_id = await uow.removals.add(begeleiding_id, staff.id, reden, now)
    after = {"request_id": request_id, "reden": reden}
    await audit(uow, staff, begeleiding_id, now, "esf.removal_requested", None, after)
    return request_id
