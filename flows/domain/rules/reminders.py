"""When a reminder is due, and when one may be pushed (pure rules, no storage)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

from flows.domain.errors import Refusal
from flows.domain.reminders import (
    CentreWeek,
    Coach,
    Coordinator,
    DueReminder,
    IdleCheque,
    OpenLine,
    ReminderKind,
)
from flows.domain.rules.dates import fmt
from flows.domain.rules.duration import fmt_minutes

DEFAULT_IDLE_DAYS = 30
IDLE_DAYS_RANGE = (7, 90)  # what a coordinator may set for the centre
LOW_MINUTES = 30
SAMENVATTING_DAYS = 14  # B6: the samenvatting may be completed up to 14 days after the end
WINDOW_WARNING_DAYS = 2
LATER = timedelta(days=7)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY = "(mon|tue|wed|thu|fri|sat|sun)"
_HOURS = re.compile(rf"^{_DAY}-{_DAY} (\d{{2}}):(\d{{2}})-(\d{{2}}):(\d{{2}})$", re.ASCII)


class HoursError(ValueError):
    """REMINDER_HOURS is not of the form `mon-fri 08:00-18:00`."""


@dataclass(frozen=True)
class ReminderHours:
    """The days (0 = Monday) and the hours [start, end) in which reminders may be pushed."""

    first_day: int = 0
    last_day: int = 4
    start_minute: int = 8 * 60
    end_minute: int = 18 * 60

    def allows(self, local: datetime) -> bool:
        """Whether `local` (in the bot's time zone) lies within these hours."""
        day = local.weekday()
        if self.first_day <= self.last_day:
            on_day = self.first_day <= day <= self.last_day
        else:  # e.g. sat-tue
            on_day = day >= self.first_day or day <= self.last_day
        minute = local.hour * 60 + local.minute
        return on_day and self.start_minute <= minute < self.end_minute


def parse_hours(text: str) -> ReminderHours:
    """Read `mon-fri 08:00-18:00`; `mon-sun 00:00-24:00` means always."""
    match = _HOURS.match(" ".join(text.strip().lower().split()))
    if match is None:
        raise HoursError(f"expected e.g. 'mon-fri 08:00-18:00', got {text!r}")
    first, last, h1, m1, h2, m2 = match.groups()
    start, end = int(h1) * 60 + int(m1), int(h2) * 60 + int(m2)
    if int(m1) > 59 or int(m2) > 59 or start > 24 * 60 or end > 24 * 60 or start >= end:
        raise HoursError(f"the hours in {text!r} are not a range within one day")
    return ReminderHours(DAYS.index(first), DAYS.index(last), start, end)


def check_idle_days(text: str) -> int:
    """A centre's idle days: a whole number from 7 to 90."""
    low, high = IDLE_DAYS_RANGE
    typed = text.strip()
    if not (typed.isascii() and typed.isdigit()) or not low <= int(typed) <= high:
        raise Refusal(f"Geef een aantal dagen van {low} tot en met {high}, bijvoorbeeld 30.")
    return int(typed)


def idle_since(today: date, last_activity: date, idle_days: int) -> bool:
    """A file is idle once `idle_days` whole days passed since its last activity."""
    return (today - last_activity).days >= idle_days


def due_for_cheque(cheque: IdleCheque, today: date, idle_days: int) -> list[DueReminder]:
    """Kinds a (idle) and b (less than 30 minutes left) for one cheque in gebruik."""
    if cheque.recipient_id is None:
        return []
    header = f"Loopbaancheque {cheque.chequenummer} · {cheque.klant}"
    found: list[DueReminder] = []
    if idle_since(today, cheque.last_activity, idle_days):
        days = (today - cheque.last_activity).days
        found.append(
            DueReminder(
                ReminderKind.IDLE_CHEQUE,
                cheque.registration_id,
                f"idle:{cheque.last_activity.isoformat()}",
                cheque.recipient_id,
                cheque.organisation_id,
                header,
                f"Geen gesprek meer sinds {fmt(cheque.last_activity)} ({days} dagen).",
                cheque.chequenummer,
            )
        )
    if 0 < cheque.minutes_left < LOW_MINUTES:
        found.append(
            DueReminder(
                ReminderKind.LOW_MINUTES,
                cheque.registration_id,
                f"left:{cheque.minutes_left}",
                cheque.recipient_id,
                cheque.organisation_id,
                header,
                low_minutes_detail(cheque.minutes_left),
                cheque.chequenummer,
            )
        )
    return found


def low_minutes_detail(left: int) -> str:
    """Kind b: too little left for a gesprek; the detail's conversion closes the cheque (A8)."""
    return (
        f"Nog {fmt_minutes(left)} over: te weinig voor een gesprek (minstens 30 minuten). Sluit "
        "de cheque af in het detail: zet het laatste gesprek om naar een synthesegesprek of "
        "stopzetting."
    )


def due_for_coaches(coaches: list[Coach], waiting: int, today: date) -> list[DueReminder]:
    """Kind e: while removal requests wait, each coach once a day (`file` is the coach)."""
    if not waiting:
        return []
    detail = (
        "1 aanvraag tot verwijdering wacht op een beslissing."
        if waiting == 1
        else f"{waiting} aanvragen tot verwijdering wachten op een beslissing."
    )
    return [
        DueReminder(
            ReminderKind.REMOVALS_WAITING,
            coach.staff_id,
            f"day:{today.isoformat()}",
            coach.staff_id,
            coach.organisation_id,
            "ESF · aanvragen tot verwijdering",
            detail,
        )
        for coach in coaches
    ]


def due_digests(
    coordinators: list[Coordinator],
    weeks: dict[int, CentreWeek],
    idle: dict[int, tuple[int, int]],
    today: date,
    zone: tzinfo,
) -> list[DueReminder]:
    """Kind g: each coordinator's weekly digest, on their day, due from their hour.

    `idle` holds per centre (idle cheques, idle begeleidingen) as the rules found them today.
    """
    found = []
    year, week, _ = today.isocalendar()
    for coordinator in coordinators:
        if today.weekday() != coordinator.digest_day:
            continue
        centre = weeks.get(coordinator.organisation_id, CentreWeek())
        cheques, lines = idle.get(coordinator.organisation_id, (0, 0))
        parts = [
            f"Cheques zonder gesprek: {cheques}",
            f"ESF-begeleidingen zonder actie: {lines}",
            f"Cheques in gebruik: {centre.cheques_in_gebruik}, samen nog "
            f"{fmt_minutes(centre.minutes_left)} niet gebruikt",
        ]
        if centre.unreachable:
            parts.append("De bot bereikt niet (geblokkeerd): " + ", ".join(centre.unreachable))
        moment = datetime.combine(today, time(coordinator.digest_hour), zone)
        found.append(
            DueReminder(
                ReminderKind.DIGEST,
                coordinator.staff_id,
                f"week:{year}-{week:02d}",
                coordinator.staff_id,
                coordinator.organisation_id,
                f"Weekoverzicht week {week}",
                "\n".join(parts),
                not_before=moment,
            )
        )
    return found


def samenvatting_until(einddatum: date) -> date:
    """B6: the last day on which the samenvatting of an ended line may be completed."""
    return einddatum + timedelta(days=SAMENVATTING_DAYS)


def due_for_line(line: OpenLine, today: date, idle_days: int) -> list[DueReminder]:
    """Kind c (a line bezig without action) or d (an ended line's window closing soon)."""
    header = f"ESF-begeleiding · {line.jongere} ({line.klantnummer})"
    if line.bezig:
        if not idle_since(today, line.last_activity, idle_days):
            return []
        days = (today - line.last_activity).days
        return [
            DueReminder(
                ReminderKind.IDLE_BEGELEIDING,
                line.begeleiding_id,
                f"idle:{line.last_activity.isoformat()}",
                line.uitvoerder_id,
                line.organisation_id,
                header,
                f"Geen actie meer sinds {fmt(line.last_activity)} ({days} dagen).",
                line.klantnummer,
            )
        ]
    if line.einddatum is None:
        return []
    last = samenvatting_until(line.einddatum)
    if not 0 <= (last - today).days <= WINDOW_WARNING_DAYS:
        return []
    return [
        DueReminder(
            ReminderKind.SAMENVATTING_WINDOW,
            line.begeleiding_id,
            f"window:{line.einddatum.isoformat()}",
            line.uitvoerder_id,
            line.organisation_id,
            header,
            f"De samenvatting aanvullen kan nog tot en met {fmt(last)}.",
            line.klantnummer,
        )
    ]


def later_period(period: str, until: date) -> str:
    """The key of the reminder *Later* schedules again (one per original and day)."""
    return f"{period}|later:{until.isoformat()}"


def base_period(period: str) -> str:
    """The period a reminder (or its *Later*) is about: what the sweep finds due."""
    return period.split("|", 1)[0]


def may_interrupt(
    in_flow: bool, paused: bool, updated_at: datetime | None, now: datetime, resume_after: timedelta
) -> bool:
    """A push never lands mid-flow: only at a pause, or once the chat idled `resume_after`."""
    if not in_flow or paused or updated_at is None:
        return True
    return now - updated_at > resume_after


def within(hours: ReminderHours, now: datetime, zone: tzinfo) -> bool:
    """Whether `now` lies within the reminder hours in the bot's time zone `zone`."""
    return hours.allows(now.astimezone(zone))
