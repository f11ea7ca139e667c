"""What VDAB pays for a gesprek (A2): hourly rates by period, amounts in euro cents, totals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from flows.domain.cheques import GesprekType

CENT = Decimal("0.01")
# Paid types: every gesprek on the cheque except nazorg (never paid); deleted ones never count.
PAID_TYPES = (
    GesprekType.INTAKE,
    GesprekType.VERDIEPING,
    GesprekType.SYNTHESE,
    GesprekType.STOPZETTING,
)
# The public figure for 2020 onwards: € 140.256 per hour, excl. btw.
DEFAULT_RATES_TEXT = "2020-01-01=140.256"
# Durations an amount search looks at: wider than A6.1's 30–120 minutes, for imported history.
SEARCHED_MINUTES = range(1, 481)


@dataclass(frozen=True)
class Rate:
    """An hourly fee (excl. btw) in force from `start` until the next rate starts."""

    start: date
    per_hour: Decimal


@dataclass(frozen=True)
class Period:
    """The days [start, end) one rate covers; `end` None means open-ended."""

    start: date
    end: date | None
    per_hour: Decimal


@dataclass(frozen=True)
class RateTable:
    """Rates by period, ordered by start; a day before the first start has no rate."""

    rates: tuple[Rate, ...]

    def periods(self) -> tuple[Period, ...]:
        ends = [rate.start for rate in self.rates[1:]] + [None]
        return tuple(
            Period(rate.start, end, rate.per_hour)
            for rate, end in zip(self.rates, ends, strict=True)
        )

    def on(self, day: date) -> Decimal | None:
        """The hourly rate in force on `day`, or None before the first period."""
        found: Decimal | None = None
        for rate in self.rates:
            if rate.start <= day:
                found = rate.per_hour
        return found


class RatesError(ValueError):
    """A rates table that cannot be read; the message says what is wrong."""


def parse_rates(text: str) -> RateTable:
    """Read `2020-01-01=140.256;2026-01-01=150` into a table (at least one rate, no repeats)."""
    rates: dict[date, Decimal] = {}
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        start_text, sep, amount_text = part.partition("=")
        try:
            start = date.fromisoformat(start_text.strip())
            per_hour = Decimal(amount_text.strip().replace(",", "."))
        except (ValueError, InvalidOperation):
            raise RatesError(f"{part!r} is not START=RATE") from None
        if not sep or not per_hour.is_finite() or per_hour <= 0:
            raise RatesError(f"{part!r} is not START=RATE with a positive rate")
        if start in rates:
            raise RatesError(f"two rates start on {start.isoformat()}")
        rates[start] = per_hour
    if not rates:
        raise RatesError("no rate given")
    return RateTable(tuple(Rate(start, rates[start]) for start in sorted(rates)))


DEFAULT_RATES = parse_rates(DEFAULT_RATES_TEXT)


def is_paid(kind: GesprekType, deleted: bool) -> bool:
    """Only intake, verdieping, synthese and stopzetting are paid, and never when deleted."""
    return kind in PAID_TYPES and not deleted


def amount_at(minutes: int, per_hour: Decimal) -> Decimal:
    """Minutes at an hourly rate, rounded half-up to the cent (multiply first: exact)."""
    return (Decimal(minutes) * per_hour / 60).quantize(CENT, rounding=ROUND_HALF_UP)


def amount(minutes: int, day: date, rates: RateTable) -> Decimal | None:
    """What a paid gesprek of `minutes` on `day` is worth; None when no rate applies yet."""
    per_hour = rates.on(day)
    return None if per_hour is None else amount_at(minutes, per_hour)


@dataclass(frozen=True)
class AmountMatch:
    """Gesprekken worth a searched amount: these durations within one rate's period."""

    minutes: tuple[int, ...]
    period: Period


def matches_for_amount(wanted: Decimal, rates: RateTable) -> tuple[AmountMatch, ...]:
    """Turn an amount into (durations, period) pairs, so a search can use the stored minutes."""
    found = []
    for period in rates.periods():
        minutes = tuple(m for m in SEARCHED_MINUTES if amount_at(m, period.per_hour) == wanted)
        if minutes:
            found.append(AmountMatch(minutes, period))
    return tuple(found)


def fmt_euro(value: Decimal) -> str:
    """`€ 1.234,56`: the Belgian way, two decimals."""
    sign = "-" if value < 0 else ""
    whole, cents = f"{abs(value):.2f}".split(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{sign}€ {groups},{cents}"


def fmt_decimal(value: Decimal) -> str:
    """`1234,56`: two decimals with a comma, no grouping (for CSV cells)."""
    return f"{value:.2f}".replace(".", ",")


def hours(minutes: int) -> Decimal:
    """Minutes as hours with two decimals (90 → 1.50)."""
    return (Decimal(minutes) / 60).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class MonthTotal:
    """The paid gesprekken of one month: how many, how long, and what they are worth."""

    month: date  # the first day of the month
    count: int
    minutes: int
    amount: Decimal


@dataclass(frozen=True)
class DurationCount:
    """How many paid gesprekken of one duration fall in one rate period (a month's slice)."""

    month: date
    period_start: date | None  # None: before any rate
    minutes: int
    count: int


def month_totals(groups: Iterable[DurationCount], rates: RateTable) -> list[MonthTotal]:
    """Sum per month, each gesprek rounded on its own (as VDAB pays them), newest month first."""
    by_month: dict[date, tuple[int, int, Decimal]] = {}
    per_hour = {rate.start: rate.per_hour for rate in rates.rates}
    for group in groups:
        count, minutes, total = by_month.get(group.month, (0, 0, Decimal(0)))
        rate = per_hour.get(group.period_start) if group.period_start else None
        worth = amount_at(group.minutes, rate) * group.count if rate is not None else Decimal(0)
        by_month[group.month] = (
            count + group.count,
            minutes + group.minutes * group.count,
            total + worth,
        )
    return [
        MonthTotal(month, count, minutes, total)
        for month, (count, minutes, total) in sorted(by_month.items(), reverse=True)
    ]


def month_of(day: date) -> date:
    return day.replace(day=1)


MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december")  # fmt: skip


def fmt_month(month: date) -> str:
    """`maart 2026`."""
    return f"{MONTHS[month.month - 1]} {month.year}"
