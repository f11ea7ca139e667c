"""The sweep: find what is due by the rules, and create each outbox row once."""

from __future__ import annotations

from datetime import date, datetime

from flows.domain.reminders import DueReminder
from flows.domain.rules import reminders as rules
from flows.ports.unit_of_work import UnitOfWork


async def find_due(uow: UnitOfWork, today: date, idle_days: int) -> list[DueReminder]:
    """Every reminder due on `today`, of every kind, by the rules: with each centre's own idle
    days (else `idle_days`), and none of a kind its person turned off."""
    centres = await uow.reminders.centre_idle_days()
    fewest = min([idle_days, *centres.values()])  # the storage query's coarse bound

    def days(organisation_id: int) -> int:
        return centres.get(organisation_id, idle_days)

    due = [
        reminder
        for cheque in await uow.reminders.cheques(today, fewest)
        for reminder in rules.due_for_cheque(cheque, today, days(cheque.organisation_id))
    ]
    due += [
        reminder
        for line in await uow.reminders.lines(today, fewest)
        for reminder in rules.due_for_line(line, today, days(line.organisation_id))
    ]
    due += rules.due_for_coaches(
        await uow.reminders.coaches(), len(await uow.removals.open_requests()), today
    )
    off = await uow.reminders.kinds_off()
    return [each for each in due if each.kind not in off.get(each.staff_id, ())]


async def sweep(uow: UnitOfWork, now: datetime, today: date, idle_days: int) -> int:
    """Create the rows now due (none twice); cancel due rows whose file moved on; new ones."""
    due = await find_due(uow, today, idle_days)
    created = await uow.reminders.add_due(due, now)
    await uow.reminders.cancel_stale({(d.kind.value, d.file_id, d.period) for d in due}, now)
    return created
