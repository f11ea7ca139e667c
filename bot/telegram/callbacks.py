"""Callback data: `seq|index` for an option, `day|seq|yyyy-mm-dd` for a calendar day,
`cal|seq|yyyy-mm` for paging the calendar, `r|push|index` for a pushed message's button (a
reminder: its buttons are stored with the message, in the database).

Callback data comes from the client and is untrusted: it is parsed strictly here, and the
engine then checks it against the question it asked (stored with the session). An option's
value never travels: a button carries only its question's number and its own position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MAX_BYTES = 64  # Telegram's limit for callback_data
NOOP = "noop"
_OPTION = re.compile(r"^(\d{1,9})\|(\d{1,3})$", re.ASCII)
_DAY = re.compile(r"^day\|(\d{1,9})\|(\d{4}-\d{2}-\d{2})$", re.ASCII)
_PUSH = re.compile(r"^r\|(\d{1,12})\|(\d{1,3})$", re.ASCII)
_PAGE = re.compile(r"^cal\|(\d{1,9})\|(\d{4})-(\d{2})$", re.ASCII)


@dataclass(frozen=True)
class Pressed:
    """An option button: the question's sequence number and the option's position."""

    seq: int
    index: int


@dataclass(frozen=True)
class Day:
    """A day of the calendar of date question `seq`."""

    seq: int
    day: date


@dataclass(frozen=True)
class CalendarPage:
    """A calendar paging button: show another month for the same question."""

    seq: int
    year: int
    month: int


@dataclass(frozen=True)
class PushButton:
    """Button `index` of the pushed message `push_id` (checked against the stored message)."""

    push_id: int
    index: int


def push(push_id: int, index: int) -> str:
    return f"r|{push_id}|{index}"


def option(seq: int, index: int) -> str:
    return f"{seq}|{index}"


def day(seq: int, picked: date) -> str:
    return f"day|{seq}|{picked.isoformat()}"


def calendar_page(seq: int, year: int, month: int) -> str:
    return f"cal|{seq}|{year:04d}-{month:02d}"


def parse(data: str | None) -> Pressed | Day | CalendarPage | PushButton | None:
    """Read callback data; anything malformed is None (and answered as expired)."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    if match := _OPTION.match(data):
        return Pressed(int(match.group(1)), int(match.group(2)))
    if match := _PUSH.match(data):
        return PushButton(int(match.group(1)), int(match.group(2)))
    if match := _DAY.match(data):
        try:
            return Day(int(match.group(1)), date.fromisoformat(match.group(2)))
        except ValueError:
            return None
    if (match := _PAGE.match(data)) and 1 <= int(match.group(3)) <= 12:
        return CalendarPage(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    return None
