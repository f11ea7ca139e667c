"""Amounts of A2: hourly rates by period, half-up cents, durations for an amount, month totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from flows.domain.cheques import GesprekType
from flows.domain.rules.money import (
    DEFAULT_RATES,
    DurationCount,
    RatesError,
    amount,
    fmt_decimal,
    fmt_euro,
    hours,
    is_paid,
    matches_for_amount,
    month_totals,
    parse_rates,
)

TWO = parse_rates("2020-01-01=140.256;2026-01-01=150")


def test_the_default_rate_is_the_public_figure_from_2020() -> None:
    assert DEFAULT_RATES.on(date(2020, 1, 1)) == Decimal("140.256")
    assert DEFAULT_RATES.on(date(2026, 3, 10)) == Decimal("140.256")
    assert DEFAULT_RATES.on(date(2019, 12, 31)) is None


def test_each_day_takes_the_rate_of_the_period_it_falls_in() -> None:
    assert TWO.on(date(2025, 12, 31)) == Decimal("140.256")
    assert TWO.on(date(2026, 1, 1)) == Decimal("150")
    periods = TWO.periods()
    assert [(p.start, p.end) for p in periods] == [
        (date(2020, 1, 1), date(2026, 1, 1)),
        (date(2026, 1, 1), None),
    ]


def test_rates_are_read_in_any_order_with_a_decimal_comma() -> None:
    table = parse_rates(" 2026-01-01=150,5 ; 2020-01-01=140.256 ;")
    assert [r.start for r in table.rates] == [date(2020, 1, 1), date(2026, 1, 1)]
    assert table.rates[1].per_hour == Decimal("150.5")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no rate given"),
        ("140.256", "is not START=RATE"),
        ("2020-13-01=140", "is not START=RATE"),
        ("2020-01-01=abc", "is not START=RATE"),
        ("2020-01-01=0", "positive"),
        ("2020-01-01=-5", "positive"),
        ("2020-01-01=140;2020-01-01=150", "two rates start on 2020-01-01"),
    ],
)
def test_a_bad_rates_table_is_refused_with_the_reason(text: str, reason: str) -> None:
    with pytest.raises(RatesError, match=reason):
        parse_rates(text)


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (60, "140.26"),  # 140.256 → half-up to the cent
        (30, "70.13"),  # 70.128
        (45, "105.19"),  # 105.192
        (90, "210.38"),  # 210.384
        (120, "280.51"),  # 280.512
        (50, "116.88"),  # 116.88 exactly: multiplied before divided
    ],
)
def test_an_amount_is_hours_times_the_rate_rounded_half_up(minutes: int, expected: str) -> None:
    assert amount(minutes, date(2026, 3, 10), DEFAULT_RATES) == Decimal(expected)


def test_half_a_cent_rounds_up_not_to_even() -> None:
    table = parse_rates("2020-01-01=0.3")  # 1 minute = 0.005
    assert amount(1, date(2024, 1, 1), table) == Decimal("0.01")
    assert amount(3, date(2024, 1, 1), table) == Decimal("0.02")  # 0.015 → 0.02


def test_an_amount_follows_the_rate_on_the_gesprek_date() -> None:
    assert amount(60, date(2025, 12, 31), TWO) == Decimal("140.26")
    assert amount(60, date(2026, 1, 1), TWO) == Decimal("150.00")
    assert amount(60, date(2019, 6, 1), TWO) is None


def test_nazorg_and_deleted_gesprekken_are_never_paid() -> None:
    assert is_paid(GesprekType.INTAKE, deleted=False)
    assert is_paid(GesprekType.VERDIEPING, deleted=False)
    assert is_paid(GesprekType.SYNTHESE, deleted=False)
    assert is_paid(GesprekType.STOPZETTING, deleted=False)
    assert not is_paid(GesprekType.NAZORG, deleted=False)
    assert not is_paid(GesprekType.INTAKE, deleted=True)


def test_an_amount_is_found_back_as_durations_per_rate_period() -> None:
    found = matches_for_amount(Decimal("140.26"), TWO)
    assert [(m.minutes, m.period.start) for m in found] == [((60,), date(2020, 1, 1))]
    found = matches_for_amount(Decimal("150.00"), TWO)
    assert [(m.minutes, m.period.start) for m in found] == [((60,), date(2026, 1, 1))]
    assert matches_for_amount(Decimal("140.27"), TWO) == ()


def test_month_totals_round_each_gesprek_before_adding_newest_month_first() -> None:
    march, february = date(2026, 3, 1), date(2026, 2, 1)
    totals = month_totals(
        [
            DurationCount(february, date(2020, 1, 1), 60, 2),
            DurationCount(march, date(2020, 1, 1), 60, 3),  # 3 × 140.26, not 3 × 140.256
            DurationCount(march, date(2026, 1, 1), 30, 1),
            DurationCount(march, None, 45, 1),  # before any rate: counted, worth nothing
        ],
        TWO,
    )
    assert [t.month for t in totals] == [march, february]
    assert totals[0].count == 5
    assert totals[0].minutes == 3 * 60 + 30 + 45
    assert totals[0].amount == Decimal("420.78") + Decimal("75.00")
    assert totals[1].amount == Decimal("280.52")


def test_money_is_shown_the_belgian_way() -> None:
    assert fmt_euro(Decimal("1234567.5")) == "€ 1.234.567,50"
    assert fmt_euro(Decimal("140.26")) == "€ 140,26"
    assert fmt_euro(Decimal("-3")) == "-€ 3,00"
    assert fmt_decimal(Decimal("1234.5")) == "1234,50"
    assert hours(90) == Decimal("1.50")
    assert hours(80) == Decimal("1.33")
