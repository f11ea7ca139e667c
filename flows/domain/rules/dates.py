"""Dates as Dutch speakers type them (dd/mm/jjjj, 12 maart, gisteren, maandag) and A6.1's limits."""

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


WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_MONTH_SHORT = {"jan": 1, "feb": 2, "mrt": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8}
_MONTH_SHORT |= {"sep": 9, "sept": 9, "okt": 10, "nov": 11, "dec": 12}
_MONTH_NUMBER = {name: number for number, name in enumerate(MONTHS, 1)} | _MONTH_SHORT
_WEEKDAY_SHORT = dict(zip(("ma", "di", "wo", "do", "vr", "za", "zo"), range(7), strict=True))
_WEEKDAY_NUMBER = {name: number for number, name in enumerate(WEEKDAYS)} | _WEEKDAY_SHORT
_RELATIVE = {"vandaag": 0, "gisteren": 1, "eergisteren": 2, "morgen": -1, "overmorgen": -2}
_DAY_MONTH = re.compile(r"^(\d{1,2})[/-](\d{1,2})$")  # not 1.5: that is a duur
_DAY_MONTHNAME = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?(?:\s+(\d+))?$")
_DAYS_AGO = re.compile(r"^(\d{1,3})\s+dag(?:en)?\s+geleden$")
MAX_TYPED = 40  # longer is no date: refused before any number is read
DATE_EXAMPLES = (
    "Typ de datum als dd/mm/jjjj (bijvoorbeeld 02/11/2025), als 12/3 of 12 maart, of als "
    "vandaag, gisteren, eergisteren, een weekdag (maandag), vorige dinsdag of 3 dagen geleden."
)


def fmt_long(day: date) -> str:
    """A date with its weekday, as a summary writes a date the user did not type out."""
    return f"{WEEKDAYS[day.weekday()]} {fmt(day)}"


def _this_or_last_year(day: int, month: int, today: date, typed: str) -> date:
    """A day and month without a year: this year, or last year when it is still to come."""
    for year in (today.year, today.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    raise Refusal(f"{typed} is geen bestaande datum.")


def read_date(text: str, today: date) -> date | None:
    """The day Dutch `text` names (see DATE_EXAMPLES), None when it is no date at all.

    A date that is typed as one but cannot be (31/02, a two-digit year) is refused with why.
    """
    word = " ".join(text.strip().lower().split())
    if _DATE.match(word):
        return parse_ddmmyyyy(word)
    if not word or len(word) > MAX_TYPED:
        return None
    if word in _RELATIVE:
        return today - timedelta(days=_RELATIVE[word])
    if word in _WEEKDAY_NUMBER:  # the most recent one; today's weekday is today
        return today - timedelta(days=(today.weekday() - _WEEKDAY_NUMBER[word]) % 7)
    first, _, rest = word.partition(" ")
    if first == "vorige" and rest in _WEEKDAY_NUMBER:  # that day of last week (from Monday)
        monday = today - timedelta(days=today.weekday() + 7)
        return monday + timedelta(days=_WEEKDAY_NUMBER[rest])
    if match := _DAYS_AGO.match(word):
        return today - timedelta(days=int(match.group(1)))
    if match := _DAY_MONTH.match(word):
        return _this_or_last_year(int(match.group(1)), int(match.group(2)), today, text.strip())
    if (match := _DAY_MONTHNAME.match(word)) and match.group(2) in _MONTH_NUMBER:
        day, month = int(match.group(1)), _MONTH_NUMBER[match.group(2)]
        if match.group(3) is None:
            return _this_or_last_year(day, month, today, text.strip())
        return parse_ddmmyyyy(f"{day}/{month}/{match.group(3)}")
    return None


def parse_date(text: str, today: date) -> date:
    """Read a date as Dutch speakers type it (see `read_date`); refuse anything else with why."""
    day = read_date(text, today)
    if day is None:
        raise Refusal(f"Dat begrijp ik niet als datum. {DATE_EXAMPLES}")
    return day


def parse_ddmmyyyy(text: str) -> date:
    """Read a date written as dd/mm/jjjj only (files, where `vandaag` means nothing)."""
    match = _DATE.match(text.strip())
    if not match:
        raise Refusal("Geef de datum als dd/mm/jjjj, bijvoorbeeld 02/11/2025.")
    typed_year = match.group(3)
    if len(typed_year) > 4:
        raise Refusal("Schrijf het jaar met vier cijfers: dd/mm/jjjj.")
    day, month, year = (int(part) for part in match.groups())
    if len(typed_year) != 4:
        raise Refusal(
            "Schrijf het jaar met vier cijfers: dd/mm/jjjj, "
            f"bijvoorbeeld {day:02d}/{month:02d}/20{typed_year[-2:].zfill(2)} "
            f"en niet {day:02d}/{month:02d}/{typed_year}."
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
