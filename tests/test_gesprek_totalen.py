"""A2's pre-counted paid gesprekken (storage/totals.py) on SQLite and PostgreSQL: after random
registrations, gesprekken, deletions and payments, the counts kept on each write equal the ones
counted afresh, and month totals and the unfiltered count read from them equal the gesprekken's."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text

from bot.app import App
from flows.domain.cheques import GesprekType
from flows.domain.overviews import FIRST, FinancialQuery, PaidFilter
from flows.domain.rules.money import DurationCount, RateTable, month_totals, parse_rates
from flows.engine.clock import FixedClock
from flows.widgets.paging import month_range
from storage import totals
from storage.models import GesprekRow
from tests.overview_support import add, issue, organisation_id, register
from tests.support import World, database

# A rate period that starts mid-month, so one month's gesprekken fall under two rates.
RATES = parse_rates("2020-01-01=140.256;2026-02-15=150")
MONTHS = [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
ZONES = [ZoneInfo("Europe/Brussels"), ZoneInfo("UTC"), ZoneInfo("Asia/Kolkata")]
KINDS = [
    GesprekType.VERDIEPING,
    GesprekType.VERDIEPING,
    GesprekType.SYNTHESE,
    GesprekType.STOPZETTING,
    GesprekType.NAZORG,
]


def _moment(rng: random.Random) -> datetime:
    """A minute from December 2025 to early March 2026; half of them within six hours of a
    month's first UTC midnight, where a time zone's month and the UTC days part."""
    if rng.random() < 0.5:
        first = datetime.combine(rng.choice(MONTHS[1:]), time(), tzinfo=UTC)
        return first + timedelta(minutes=rng.randrange(-6 * 60, 6 * 60))
    start = datetime(2025, 11, 30, 20, tzinfo=UTC)
    return start + timedelta(minutes=rng.randrange(95 * 24 * 60))


async def _random_centre(app: App, world: World, clock: FixedClock, seed: int) -> list[int]:
    """Registrations, gesprekken, deletions and payments at random; the organisations used."""
    rng = random.Random(seed)
    brug, horizon = await organisation_id(app, "De Brug"), await organisation_id(app, "Horizon")
    names = [f"Klant{n} Test" for n in range(14)]
    numbers = await issue(app, clock.now(), names)
    for index, number in enumerate(numbers):
        organisation, staff = (brug, world.an) if index % 3 else (horizon, world.pieter)
        datum = date(2025, 12, 1) + timedelta(days=rng.randrange(95))
        registration = await register(
            app, organisation, staff, number, _moment(rng), minutes=rng.choice([30, 60, 90])
        )
        for _ in range(rng.randrange(1, 6)):
            datum = date(2025, 12, 1) + timedelta(days=rng.randrange(95))
            kind = rng.choice(KINDS)
            await add(
                app, registration, staff, _moment(rng), kind,
                minutes=rng.choice([30, 45, 60, 90]), datum=datum,
            )  # fmt: skip
        async with app.unit_of_work() as uow:
            file = await uow.registrations.file(registration)
            assert file is not None
            for gesprek in file.gesprekken:
                if rng.random() < 0.25:
                    paid_on = gesprek.datum + timedelta(days=40)
                    await uow.payments.mark_paid(gesprek.id, paid_on, 100)
                    if rng.random() < 0.3:  # paid again (a list imported twice)
                        await uow.payments.mark_paid(gesprek.id, paid_on, 100)
            for gesprek in file.gesprekken:
                if rng.random() < 0.2:
                    await uow.registrations.delete_gesprek(gesprek.id, staff, clock.now())
            await uow.commit()
    return [brug, horizon]


def _expected(
    rows: list[tuple[int, datetime, date, int, str, bool, date | None]],
    organisation: int,
    paid: PaidFilter,
    month: date,
    zone: tzinfo,
    rates: RateTable,
) -> Counter[tuple[date, date | None, int]]:
    """Counted from the gesprekken themselves."""
    start, end = month_range(month, zone)
    found: Counter[tuple[date, date | None, int]] = Counter()
    for org, at, datum, minutes, kind, deleted, betaald_op in rows:
        if org != organisation or deleted or kind == GesprekType.NAZORG.value:
            continue
        if paid is PaidFilter.BETAALD and betaald_op is None:
            continue
        if paid is PaidFilter.NIET_BETAALD and betaald_op is not None:
            continue
        if start <= at < end:
            period = max((r.start for r in rates.rates if r.start <= datum), default=None)
            found[(month, period, minutes)] += 1
    return found


def _grouped(groups: list[DurationCount]) -> Counter[tuple[date, date | None, int]]:
    found: Counter[tuple[date, date | None, int]] = Counter()
    for group in groups:
        found[(group.month, group.period_start, group.minutes)] += group.count
    return found


@pytest.mark.parametrize("seed", [1, 2])
async def test_month_totals_and_counts_from_the_kept_rows_equal_the_gesprekkens(
    app: App, world: World, clock: FixedClock, seed: int
) -> None:
    organisations = await _random_centre(app, world, clock, seed)
    async with database(app) as session:
        rows = [
            (org, at, datum, minutes, kind, deleted, paid)
            for org, at, datum, minutes, kind, deleted, paid in (
                await session.execute(
                    select(
                        GesprekRow.organisation_id,
                        GesprekRow.registered_at,
                        GesprekRow.datum,
                        GesprekRow.minutes,
                        GesprekRow.type,
                        GesprekRow.deleted_at.is_not(None),
                        GesprekRow.betaald_op,
                    )
                )
            ).all()
        ]
    assert any(r[5] for r in rows)  # deletions
    assert any(r[6] for r in rows)  # payments
    async with app.unit_of_work() as uow:
        for organisation in organisations:
            for paid in PaidFilter:
                query = FinancialQuery(organisation, paid, rates=RATES)
                page = await uow.overviews.gesprekken(query, FIRST, 10)
                wanted = sum(
                    sum(_expected(rows, organisation, paid, m, UTC, RATES).values())
                    for m in [date(2025, 11, 1), *MONTHS]
                )
                assert page.total == wanted
                assert await uow.overviews.count_gesprekken(query) == wanted  # a download's
                for zone in ZONES:
                    ranges = [(month, *month_range(month, zone)) for month in MONTHS]
                    groups = await uow.overviews.duration_counts(query, ranges)
                    expected: Counter[tuple[date, date | None, int]] = Counter()
                    for month in MONTHS:
                        expected += _expected(rows, organisation, paid, month, zone, RATES)
                    assert _grouped(groups) == expected
                    assert month_totals(groups, RATES) == month_totals(
                        [DurationCount(m, p, n, c) for (m, p, n), c in expected.items()], RATES
                    )


async def test_the_counts_kept_on_each_write_equal_the_counts_made_afresh(
    app: App, world: World, clock: FixedClock
) -> None:
    await _random_centre(app, world, clock, 3)
    days = text(
        "SELECT organisation_id, dag, datum, minutes, betaald, aantal FROM gesprek_totalen "
        "WHERE aantal <> 0 ORDER BY 1, 2, 3, 4, 5"
    )
    organisations = text(
        "SELECT organisation_id, betaald, aantal FROM gesprek_aantallen "
        "WHERE aantal <> 0 ORDER BY 1, 2"
    )
    async with database(app) as session:
        kept = (await session.execute(days)).all(), (await session.execute(organisations)).all()
        for statement in totals.fill_statements(session.get_bind().dialect.name):
            await session.execute(statement)
        fresh = (await session.execute(days)).all(), (await session.execute(organisations)).all()
        await session.rollback()
    assert kept == fresh
    assert len(kept[0]) > len(kept[1]) > 0
