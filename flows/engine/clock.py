"""Time as a dependency: the real clock in the bot, a fixed one in tests and benchmarks."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo


class Clock(Protocol):
    """Tells the current moment in the bot's time zone."""

    def now(self) -> datetime: ...


class SystemClock:
    """The real time, in the configured zone (Europe/Brussels by default)."""

    def __init__(self, zone: ZoneInfo) -> None:
        self._zone = zone

    def now(self) -> datetime:
        return datetime.now(self._zone)


class FixedClock:
    """A clock that only moves when told to, so tests need neither sleep nor the real date."""

    def __init__(self, at: datetime) -> None:
        self._at = at

    def now(self) -> datetime:
        return self._at

    def advance(self, delta: timedelta) -> None:
        self._at += delta

    def set_day(self, day: date) -> None:
        self._at = self._at.replace(year=day.year, month=day.month, day=day.day)
