"""The reminder rules: when each kind is due, the hours, and never mid-flow."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from flows.domain.reminders import IdleCheque, OpenLine, ReminderKind
from flows.domain.rules.reminders import (
    HoursError,
    ReminderHours,
    base_period,
    due_for_cheque,
    due_for_line,
    later_period,
    may_interrupt,
    parse_hours,
    within,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
TODAY = date(2026, 4, 9)


def _cheque(last: date, left: int = 120, recipient: int | None = 7) -> IdleCheque:
    return IdleCheque(1, 2, "123456", "Vermeulen Els", last, left, recipient)


def _line(last: date, *, bezig: bool = True, einddatum: date | None = None) -> OpenLine:
    return OpenLine(3, 2, "Janssens Tom", "1101", bezig, last, einddatum, 9)


def test_an_idle_cheque_is_due_on_the_idle_day_and_not_the_day_before() -> None:
    assert due_for_cheque(_cheque(TODAY - timedelta(days=29)), TODAY, 30) == []
    (due,) = due_for_cheque(_cheque(TODAY - timedelta(days=30)), TODAY, 30)
    assert due.kind is ReminderKind.IDLE_CHEQUE
    assert due.period == "idle:2026-03-10"
    assert (due.staff_id, due.reference) == (7, "123456")
    assert "Geen gesprek meer sinds 10/03/2026 (30 dagen)." in due.detail


def test_a_cheque_with_less_than_30_minutes_left_is_due_once_per_amount_left() -> None:
    assert due_for_cheque(_cheque(TODAY, left=30), TODAY, 30) == []
    (due,) = due_for_cheque(_cheque(TODAY, left=20), TODAY, 30)
    assert (due.kind, due.period) == (ReminderKind.LOW_MINUTES, "left:20")
    assert due.detail.startswith("Nog 20 min over: te weinig voor een gesprek")
    assert "zet het laatste gesprek om naar een synthesegesprek of stopzetting" in due.detail
    assert due_for_cheque(_cheque(TODAY, left=0), TODAY, 30) == []


def test_a_cheque_without_anyone_to_remind_gives_nothing() -> None:
    assert due_for_cheque(_cheque(TODAY - timedelta(days=90), recipient=None), TODAY, 30) == []


def test_an_idle_line_is_due_after_the_idle_days() -> None:
    assert due_for_line(_line(TODAY - timedelta(days=6)), TODAY, 7) == []
    (due,) = due_for_line(_line(TODAY - timedelta(days=7)), TODAY, 7)
    assert (due.kind, due.staff_id, due.reference) == (ReminderKind.IDLE_BEGELEIDING, 9, "1101")


def test_the_samenvatting_window_warns_in_its_last_two_days_only() -> None:
    def due(ended_days_ago: int) -> list[ReminderKind]:
        line = _line(TODAY, bezig=False, einddatum=TODAY - timedelta(days=ended_days_ago))
        return [each.kind for each in due_for_line(line, TODAY, 30)]

    assert due(11) == []
    assert due(12) == [ReminderKind.SAMENVATTING_WINDOW]
    assert due(14) == [ReminderKind.SAMENVATTING_WINDOW]
    assert due(15) == []


def test_later_keeps_the_period_it_is_about() -> None:
    later = later_period("idle:2026-03-10", date(2026, 4, 16))
    assert later == "idle:2026-03-10|later:2026-04-16"
    assert base_period(later) == "idle:2026-03-10"


def test_reminder_hours_default_to_working_days_in_office_hours() -> None:
    hours = parse_hours("mon-fri 08:00-18:00")
    assert hours == ReminderHours()
    assert within(hours, datetime(2026, 4, 9, 8, 0, tzinfo=BRUSSELS), BRUSSELS)
    assert not within(hours, datetime(2026, 4, 9, 7, 59, tzinfo=BRUSSELS), BRUSSELS)
    assert not within(hours, datetime(2026, 4, 9, 18, 0, tzinfo=BRUSSELS), BRUSSELS)
    assert not within(hours, datetime(2026, 4, 11, 10, 0, tzinfo=BRUSSELS), BRUSSELS)  # Sat
    always = parse_hours("mon-sun 00:00-24:00")
    assert within(always, datetime(2026, 4, 12, 23, 59, tzinfo=BRUSSELS), BRUSSELS)


@pytest.mark.parametrize("text", ["", "weekdays", "mon-fri 18:00-08:00", "mon-fri 8-18"])
def test_malformed_reminder_hours_are_refused(text: str) -> None:
    with pytest.raises(HoursError):
        parse_hours(text)


def test_a_push_waits_while_a_chat_is_mid_flow_until_it_idles() -> None:
    now = datetime(2026, 4, 9, 10, 0, tzinfo=BRUSSELS)
    resume = timedelta(minutes=30)
    assert may_interrupt(False, False, None, now, resume)
    assert may_interrupt(True, True, now, now, resume)  # paused: at the menu
    assert not may_interrupt(True, False, now - timedelta(minutes=29), now, resume)
    assert may_interrupt(True, False, now - timedelta(minutes=31), now, resume)
