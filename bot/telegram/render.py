"""Replies as Telegram messages: text within 4096 characters, options as inline keyboards."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.telegram import callbacks
from flows.engine.values import DATE_WIDGET, Message, Option

MAX_TEXT = 4096
SHORT_LABEL = 14  # labels up to this length sit two to a row
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")  # fmt: skip
WEEKDAYS = ("ma", "di", "wo", "do", "vr", "za", "zo")


@dataclass(frozen=True)
class Outgoing:
    """One Telegram message to send (or to edit into an existing one)."""

    text: str
    markup: InlineKeyboardMarkup | None = None


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Cut a long text into messages at line breaks (a single overlong line is cut hard)."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    chunks.append(current)
    return [chunk for chunk in chunks if chunk] or [""]


def keyboard(
    message: Message, today: date, month: tuple[int, int] | None = None
) -> InlineKeyboardMarkup | None:
    """Options as buttons; a date question gets a calendar button (or the month when paged).

    `today` is the engine's today (its clock, its time zone): the calendar opens there.
    """
    if message.seq is None or not message.options:
        return None
    rows: list[list[InlineKeyboardButton]] = []
    if message.widget == DATE_WIDGET and month is not None:
        rows += calendar_rows(message.seq, *month)
    rows += _option_rows(message.seq, message.options)
    if message.widget == DATE_WIDGET and month is None:
        rows.insert(
            len(rows) - _trailing_controls(message.options),
            [
                _button(
                    "📅 Andere datum kiezen",
                    callbacks.calendar_page(message.seq, today.year, today.month),
                )
            ],
        )
    return InlineKeyboardMarkup(rows)


def _trailing_controls(options: Sequence[Option]) -> int:
    """Rows of the engine's own ⬅ Vorige / ✖ Annuleren, kept at the bottom."""
    return 1 if any(o.value.startswith("__") for o in options) else 0


def _option_rows(seq: int, options: Sequence[Option]) -> list[list[InlineKeyboardButton]]:
    """Short labels two to a row, long ones alone, the engine's own controls last.

    Each button carries its option's position in the question, never the option's value.
    """
    numbered = list(enumerate(options))
    controls = [(i, o) for i, o in numbered if o.value.startswith("__")]
    rows: list[list[InlineKeyboardButton]] = []
    pending: list[InlineKeyboardButton] = []
    for index, option in ((i, o) for i, o in numbered if not o.value.startswith("__")):
        button = _button(option.label, callbacks.option(seq, index))
        if len(option.label) <= SHORT_LABEL:
            pending.append(button)
            if len(pending) == 2:
                rows.append(pending)
                pending = []
        else:
            if pending:
                rows.append(pending)
                pending = []
            rows.append([button])
    if pending:
        rows.append(pending)
    if controls:
        rows.append([_button(o.label, callbacks.option(seq, i)) for i, o in controls])
    return rows


def calendar_rows(seq: int, year: int, month: int) -> list[list[InlineKeyboardButton]]:
    """A month view: paging row, weekday names, then the days (presses carry an ISO date)."""
    previous = (year - 1, 12) if month == 1 else (year, month - 1)
    following = (year + 1, 1) if month == 12 else (year, month + 1)
    rows = [
        [
            _button("◀", callbacks.calendar_page(seq, *previous)),
            _button(f"{MONTHS[month - 1]} {year}", callbacks.NOOP),
            _button("▶", callbacks.calendar_page(seq, *following)),
        ],
        [_button(day, callbacks.NOOP) for day in WEEKDAYS],
    ]
    for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month):
        rows.append(
            [
                _button(str(day), callbacks.day(seq, date(year, month, day)))
                if day
                else _button(" ", callbacks.NOOP)
                for day in week
            ]
        )
    return rows


def _button(label: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(label, callback_data=data)


def outgoing(message: Message, today: date) -> list[Outgoing]:
    """Render one reply: long text split over messages, the keyboard on the last one."""
    chunks = split_text(message.text)
    last = Outgoing(chunks[-1], keyboard(message, today))
    return [Outgoing(chunk) for chunk in chunks[:-1]] + [last]
