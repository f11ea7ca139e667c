"""The sweep: find what is due by the rules, and create each outbox row once."""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from flows.domain.reminders import DueReminder, ReminderKind
from flows.domain.rules import reminders as rules
from flows.ports.unit_of_work import UnitOfWork


async def find_due(uow: UnitOfWork, today: date, idle_days: int, zone: tzinfo) -> list[DueReminder]:
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
    idle: dict[int, tuple[int, int]] = {}
    for each in due:
        cheques, lines = idle.get(each.organisation_id, (0, 0))
        if each.kind is ReminderKind.IDLE_CHEQUE:
            idle[each.organisation_id] = (cheques + 1, lines)
        elif each.kind is ReminderKind.IDLE_BEGELEIDING:
            idle[each.organisation_id] = (cheques, lines + 1)
    coordinators = await uow.reminders.coordinators()
    if any(today.weekday() == c.digest_day for c in coordinators):
        weeks = await uow.reminders.centre_weeks()
        due += rules.due_digests(coordinators, weeks, idle, today, zone)
    due += rules.due_for_coaches(
        await uow.reminders.coaches(), len(await uow.removals.open_requests()), today
    )
    off = await uow.reminders.kinds_off()
    return [each for each in due if each.kind not in off.get(each.staff_id, ())]


async def sweep(uow: UnitOfWork, now: datetime, idle_days: int, zone: tzinfo) -> int:
    """Create the rows now due (none twice); cancel due rows whose file moved on; new ones."""
    due = await find_due(uow, now.astimezone(zone).date(), idle_days, zone)
    created = await uow.reminders.add_due(due, now)
    await uow.reminders.cancel_stale({(d.kind.value, d.file_id, d.period) for d in due}, now)
    return created
