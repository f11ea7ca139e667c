"""Callback data: `seq|value` for an option, `cal|seq|yyyy-mm` for paging the calendar.

Callback data comes from the client and is untrusted: it is parsed strictly here, and the
engine then checks that the value was offered by the pending question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_BYTES = 64  # Telegram's limit for callback_data
NOOP = "noop"
_OPTION = re.compile(r"^(\d{1,9})\|([\w:./\-]{1,50})$", re.ASCII)
_PAGE = re.compile(r"^cal\|(\d{1,9})\|(\d{4})-(\d{2})$", re.ASCII)


@dataclass(frozen=True)
class Pressed:
    """An option button: the question's sequence number and the option's value."""

    seq: int
    value: str


@dataclass(frozen=True)
class CalendarPage:
    """A calendar paging button: show another month for the same question."""

    seq: int
    year: int
    month: int


def option(seq: int, value: str) -> str:
    data = f"{seq}|{value}"
    if len(data.encode()) > MAX_BYTES or not _OPTION.match(data):
        raise ValueError(f"option value {value!r} does not fit in callback data")
    return data


def calendar_page(seq: int, year: int, month: int) -> str:
    return f"cal|{seq}|{year:04d}-{month:02d}"


def parse(data: str | None) -> Pressed | CalendarPage | None:
    """Read callback data; anything malformed is None (and answered as expired)."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    if match := _OPTION.match(data):
        return Pressed(int(match.group(1)), match.group(2))
    if (match := _PAGE.match(data)) and 1 <= int(match.group(3)) <= 12:
        return CalendarPage(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return None
