"""Dates as users type them (dd/mm/jjjj, vandaag, gisteren) and the A6.1 date limits."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo

from flows.domain.errors import Refusal

_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d+)\s*$")


def fmt(day: date) -> str:
    """Format a date the way the handbook writes it: dd/mm/jjjj."""
    return day.strftime("%d/%m/%Y")


def local_day(moment: datetime, now: datetime) -> date:
    """The calendar day of a stored moment (read back in UTC) in the zone the clock runs in."""
    return moment.astimezone(now.tzinfo).date()


def day_in(moment: datetime, zone: tzinfo) -> date:
    """The calendar day of a moment in a given zone (a download's columns)."""
    return moment.astimezone(zone).date()


def one_year_before(today: date) -> date:
    """Return the same calendar day a year earlier (28 February for 29 February)."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


def parse_date(text: str, today: date) -> date:
    """Read `dd/mm/jjjj`, `vandaag` or `gisteren`; refuse two-digit years with the reason."""
    word = text.strip().lower()
    if word == "vandaag":
        return today
    if word == "gisteren":
        return today - timedelta(days=1)
    return parse_ddmmyyyy(text)


def parse_ddmmyyyy(text: str) -> date:
    """Read a date written as dd/mm/jjjj only (files, where `vandaag` means nothing)."""
    match = _DATE.match(text.strip())
    if not match:
        raise Refusal("Geef de datum als dd/mm/jjjj, bijvoorbeeld 02/11/2025.")
    day, month, year = (int(part) for part in match.groups())
    if len(match.group(3)) != 4:
        raise Refusal(
            "Schrijf het jaar met vier cijfers: dd/mm/jjjj, "
            f"bijvoorbeeld {day:02d}/{month:02d}/20{match.group(3)[-2:].zfill(2)} "
            f"en niet {day:02d}/{month:02d}/{match.group(3)}."
        )
    try:
        return date(year, month, day)
    except ValueError:
        raise Refusal(f"{text.strip()} is geen bestaande datum.") from None


def check_gesprek_date(
    day: date, today: date, *, not_before: date | None = None, not_after: date | None = None
) -> None:
    """Apply A6.1: not in the future, at most one year back, within the cheque's own limits."""
    if day > today:
        raise Refusal(
            f"De datum {fmt(day)} ligt in de toekomst. "
            "Registreer enkel gesprekken die plaatsvonden."
        )
    if day < one_year_before(today):
        raise Refusal(
            f"De datum {fmt(day)} ligt meer dan een jaar in het verleden. "
            f"De vroegst mogelijke datum is {fmt(one_year_before(today))}."
        )
    if not_before is not None and day < not_before:
        raise Refusal(
            f"De datum {fmt(day)} ligt vóór de bestelling van de cheque ({fmt(not_before)})."
        )
    if not_after is not None and day > not_after:
        raise Refusal(
            f"De datum {fmt(day)} ligt na de laatste startdatum van de cheque ({fmt(not_after)}): "
            "de begeleiding moest ten laatste dan starten."
        )
