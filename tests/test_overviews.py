"""The overview repositories (A1, A2) on SQLite and PostgreSQL: filters, order, keyset pages,
every trefwoord kind, the financial lines with their amounts, month totals and counts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.app import App
from bot.cli.csv_files import parse_payments_csv
from flows.administration.imports import import_cheques
from flows.administration.payments import import_payments
from flows.domain.administration import NewIssuedCheque
from flows.domain.cheques import ChequeStatus, GesprekType
from flows.domain.overviews import (
    FIRST,
    Cursor,
    FinancialQuery,
    OverviewQuery,
    PaidFilter,
    StatusFilter,
)
from flows.domain.rules.keywords import classify
from flows.domain.rules.money import DEFAULT_RATES, month_totals, parse_rates
from flows.engine.clock import FixedClock
from flows.widgets.list_screen import NEXT, PREVIOUS
from flows.widgets.paging import (
    KeysetState,
    StoredCursor,
    keyset_options,
    load,
    month_range,
    position_text,
)
from storage.queries import financial_overview as overviews
from tests.overview_support import START, add, issue, organisation_id, register
from tests.support import World

BRUG, HORIZON = "De Brug", "Horizon"


class Book:
    """Two cheques at De Brug with several gesprekken, one at Horizon, one released."""

    def __init__(self, app: App, world: World, clock: FixedClock) -> None:
        self.app, self.world, self.clock = app, world, clock

    async def build(self) -> None:
        app, world, now = self.app, self.world, self.clock.now()
        self.brug = await organisation_id(app, BRUG)
        self.horizon = await organisation_id(app, HORIZON)
        numbers = await issue(
            app, now, ["Vermeulen Élise", "Dubois Karim", "Vermeulen Els", "Weg Zijn"]
        )
        self.elise, self.karim, self.els, self.gone = numbers
        at = now - timedelta(days=3)
        self.a = await register(app, self.brug, world.an, self.elise, at, datum=date(2026, 1, 5))
        self.b = await register(
            app, self.brug, world.an, self.karim, at + timedelta(hours=1),
            minutes=90, begeleider="Claes Jan", datum=date(2026, 1, 6),
        )  # fmt: skip
        await add(
            app, self.a, world.an, at + timedelta(hours=2), GesprekType.VERDIEPING,
            minutes=45, begeleider="Maes Lotte", datum=date(2026, 1, 12),
        )  # fmt: skip
        await add(
            app, self.b, world.an, at + timedelta(hours=3), GesprekType.SYNTHESE,
            datum=date(2026, 2, 2), status=ChequeStatus.AFGESLOTEN,
        )  # fmt: skip
        await add(
            app, self.b, world.an, at + timedelta(hours=4), GesprekType.NAZORG,
            begeleider="Nazorg Nina", datum=date(2026, 2, 20),
        )  # fmt: skip
        self.c = await register(app, self.horizon, world.pieter, self.els, at)
        released = await register(app, self.brug, world.an, self.gone, at)
        async with app.unit_of_work() as uow:
            file = await uow.registrations.file(released)
            assert file is not None
            await uow.registrations.delete_gesprek(file.gesprekken[0].id, world.an, at)
            await uow.registrations.release(released, at)
            await uow.commit()

    async def cheques(self, filter_: StatusFilter = StatusFilter.ALLE, term: str = "") -> list[int]:
        keyword = classify(term) if term else None
        async with self.app.unit_of_work() as uow:
            found = await uow.overviews.cheques(
                OverviewQuery(self.brug, filter_, keyword), FIRST, 10
            )
        assert found.total == len(found.lines)
        return [line.registration_id for line in found.lines]

    async def money(
        self, term: str = "", paid: PaidFilter = PaidFilter.ALLE
    ) -> list[tuple[str, str]]:
        keyword = classify(term) if term else None
        async with self.app.unit_of_work() as uow:
            found = await uow.overviews.gesprekken(
                FinancialQuery(self.brug, paid, keyword), FIRST, 10
            )
        assert found.total == len(found.lines)
        return [(line.chequenummer, line.type.value) for line in found.lines]


@pytest.fixture
async def book(app: App, world: World, clock: FixedClock) -> Book:
    built = Book(app, world, clock)
    await built.build()
    return built


async def test_the_overview_shows_active_cheques_only_by_default(book: Book) -> None:
    assert await book.cheques(StatusFilter.ACTIEF) == [book.a]


async def test_all_cheques_newest_change_first_never_released_nor_another_centres(
    book: Book,
) -> None:
    assert await book.cheques(StatusFilter.ALLE) == [book.b, book.a]


@pytest.mark.parametrize(
    ("filter_", "expected"),
    [(StatusFilter.AFGESLOTEN, "b"), (StatusFilter.STOPGEZET, None), (StatusFilter.ACTIEF, "a")],
)
async def test_the_status_filter_keeps_one_status(
    book: Book, filter_: StatusFilter, expected: str | None
) -> None:
    assert await book.cheques(filter_) == ([getattr(book, expected)] if expected else [])


async def test_a_stopped_cheque_is_under_stopgezet(
    book: Book, world: World, clock: FixedClock
) -> None:
    at = clock.now() - timedelta(hours=1)
    await add(
        book.app, book.a, world.an, at, GesprekType.STOPZETTING, status=ChequeStatus.STOPGEZET
    )
    assert await book.cheques(StatusFilter.STOPGEZET) == [book.a]
    assert await book.cheques(StatusFilter.ACTIEF) == []


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("40001", ["a"]),  # chequenummer
        ("4000/1", ["a"]),  # typed with a slash
        ("401", ["a"]),  # klantnummer
        ("402", ["b"]),
        ("élise", ["a"]),  # client name, accents folded
        ("ELISE", ["a"]),
        ("vermeulen", ["a"]),  # not Horizon's Vermeulen Els
        ("maes", ["a"]),  # a begeleider of one of its gesprekken
        ("claes jan", ["b"]),
        ("verdieping", ["a"]),  # type gesprek
        ("synthese", ["b"]),
        ("intake", ["b", "a"]),
        ("nazorg", ["b"]),
        ("stopzetting", []),
        ("12/01/2026", ["a"]),  # date of a gesprek
        ("06/01/2026", ["b"]),
        ("07/01/2026", []),
        ("105,19", ["a"]),  # amount: 45 minutes at € 140.256
        ("€ 210,38", ["b"]),  # 90 minutes
        ("140,26", ["b", "a"]),  # 60 minutes: A's intake, B's synthese
        ("70,13", []),
        ("niemand", []),
        ("40003", []),  # Horizon's cheque
        ("40004", []),  # released
    ],
)
async def test_a_trefwoord_searches_every_field(book: Book, term: str, expected: list[str]) -> None:
    assert await book.cheques(StatusFilter.ALLE, term) == [getattr(book, x) for x in expected]


async def test_a_trefwoord_and_the_filter_combine(book: Book) -> None:
    assert await book.cheques(StatusFilter.ACTIEF, "intake") == [book.a]
    assert await book.cheques(StatusFilter.AFGESLOTEN, "maes") == []
    assert await book.cheques(StatusFilter.AFGESLOTEN, "claes") == [book.b]


async def test_a_deleted_gesprek_is_no_longer_searched(
    book: Book, world: World, clock: FixedClock
) -> None:
    async with book.app.unit_of_work() as uow:
        file = await uow.registrations.file(book.a)
        assert file is not None
        newest = file.gesprekken[-1]
        await uow.registrations.delete_gesprek(newest.id, world.an, clock.now())
        await uow.commit()
    assert await book.cheques(StatusFilter.ALLE, "maes") == []
    assert await book.cheques(StatusFilter.ALLE, "verdieping") == []
    assert await book.cheques(StatusFilter.ALLE, "105,19") == []
    assert ("40001", "verdieping") not in await book.money()


async def test_a_reimported_client_name_is_searched_under_the_new_name(
    book: Book, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    cheque = NewIssuedCheque(
        book.elise, "401", "Janssens Élise", START, START + timedelta(days=80), 240
    )
    async with book.app.unit_of_work() as uow:
        await import_cheques(uow, [cheque], clock.now())
        await uow.commit()
    assert await book.cheques(StatusFilter.ALLE, "janssens") == [book.a]
    assert await book.cheques(StatusFilter.ALLE, "vermeulen") == []
    élise = [("40001", "verdieping"), ("40001", "intake")]
    assert await book.money("janssens", PaidFilter.NIET_BETAALD) == élise
    monkeypatch.setattr(overviews, "CLIENT_LIMIT", 0)  # the walk: each gesprek's copy of the name
    assert await book.money("janssens", PaidFilter.NIET_BETAALD) == élise
    assert await book.money("vermeulen", PaidFilter.NIET_BETAALD) == []


async def test_an_amount_with_several_rates_matches_only_its_period(book: Book) -> None:
    rates = parse_rates("2020-01-01=140.256;2026-01-10=150")  # A's verdieping (12/01) at 150
    async with book.app.unit_of_work() as uow:

        def query(term: str) -> OverviewQuery:
            return OverviewQuery(book.brug, StatusFilter.ALLE, classify(term), rates)

        old = await uow.overviews.cheques(query("105,19"), FIRST, 10)
        new = await uow.overviews.cheques(query("112,50"), FIRST, 10)
        money = await uow.overviews.gesprekken(
            FinancialQuery(book.brug, PaidFilter.ALLE, classify("112,50"), rates), FIRST, 10
        )
    assert old.lines == []
    assert [line.registration_id for line in new.lines] == [book.a]
    assert [line.type for line in money.lines] == [GesprekType.VERDIEPING]


# -- A2: the financial lines -----------------------------------------------------------------------
async def test_the_financial_overview_lists_paid_gesprekken_newest_registration_first(
    book: Book,
) -> None:
    assert await book.money() == [
        ("40002", "synthese"),
        ("40001", "verdieping"),
        ("40002", "intake"),
        ("40001", "intake"),
    ]  # no nazorg, nothing deleted, nothing of Horizon


async def test_each_financial_line_is_worth_its_hours_at_the_rate_of_its_date(book: Book) -> None:
    async with book.app.unit_of_work() as uow:
        found = await uow.overviews.gesprekken(FinancialQuery(book.brug), FIRST, 10)
    worth = {
        (line.chequenummer, line.type.value): line.amount(DEFAULT_RATES) for line in found.lines
    }
    assert worth == {
        ("40002", "synthese"): Decimal("140.26"),
        ("40001", "verdieping"): Decimal("105.19"),
        ("40002", "intake"): Decimal("210.38"),
        ("40001", "intake"): Decimal("140.26"),
    }


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("40001", [("40001", "verdieping"), ("40001", "intake")]),
        ("402", [("40002", "synthese"), ("40002", "intake")]),
        ("vermeulen", [("40001", "verdieping"), ("40001", "intake")]),
        ("maes", [("40001", "verdieping")]),  # the gesprek's own begeleider
        ("peeters an", [("40002", "synthese"), ("40001", "intake")]),
        ("karim", [("40002", "synthese"), ("40002", "intake")]),
        ("verdieping", [("40001", "verdieping")]),
        ("nazorg", []),
        ("12/01/2026", [("40001", "verdieping")]),
        ("210,38", [("40002", "intake")]),
        ("140,26", [("40002", "synthese"), ("40001", "intake")]),
        ("nina", []),  # only a nazorg begeleider
    ],
)
async def test_the_financial_trefwoord_searches_each_gesprek(
    book: Book, term: str, expected: list[tuple[str, str]]
) -> None:
    assert await book.money(term) == expected


async def test_month_totals_add_the_whole_month_under_the_filter(
    book: Book, clock: FixedClock
) -> None:
    zone = clock.now().tzinfo
    assert zone is not None
    month = date(2026, 3, 1)
    start, end = month_range(month, zone)
    february = date(2026, 2, 1)
    async with book.app.unit_of_work() as uow:
        groups = await uow.overviews.duration_counts(
            FinancialQuery(book.brug), [(month, start, end)]
        )
        searched = await uow.overviews.duration_counts(
            FinancialQuery(book.brug, keyword=classify("karim")), [(month, start, end)]
        )
        before = await uow.overviews.duration_counts(
            FinancialQuery(book.brug), [(february, *month_range(february, zone))]
        )
    (total,) = month_totals(groups, DEFAULT_RATES)
    assert (total.count, total.minutes, total.amount) == (4, 255, Decimal("596.09"))
    (karim,) = month_totals(searched, DEFAULT_RATES)
    assert (karim.count, karim.amount) == (2, Decimal("350.64"))
    assert before == []


async def test_the_payment_state_filters_and_shows_on_each_line(
    book: Book, clock: FixedClock
) -> None:
    rows = parse_payments_csv(
        'chequenummer,gespreksdatum,bedrag,betaald_op\n40001,05/01/2026,"140,26",01/03/2026\n'
    )
    async with book.app.unit_of_work() as uow:
        report = await import_payments(uow, rows, DEFAULT_RATES, clock.now())
        await uow.commit()
    assert (len(report.marked), report.problems) == (1, [])
    assert await book.money(paid=PaidFilter.BETAALD) == [("40001", "intake")]
    assert ("40001", "intake") not in await book.money(paid=PaidFilter.NIET_BETAALD)
    async with book.app.unit_of_work() as uow:
        found = await uow.overviews.gesprekken(
            FinancialQuery(book.brug, PaidFilter.BETAALD), FIRST, 10
        )
    assert found.lines[0].betaald_op == date(2026, 3, 1)
    assert found.lines[0].paid_amount == Decimal("140.26")


# -- paging --------------------------------------------------------------------------------------
async def test_pages_follow_each_other_by_key_forward_and_back(
    app: App, world: World, clock: FixedClock
) -> None:
    brug = await organisation_id(app, BRUG)
    numbers = await issue(app, clock.now(), [f"Klant Nummer{n:02d}" for n in range(23)], first=10)
    ids = [
        await register(app, brug, world.an, number, clock.now() - timedelta(minutes=100 - n))
        for n, number in enumerate(numbers)
    ]
    newest_first = ids[::-1]
    state = KeysetState(StatusFilter.ACTIEF)
    options: dict[str, str] = {}

    async def page(uow_query: OverviewQuery) -> tuple[list[int], str, bool, bool]:
        async with app.unit_of_work() as uow:
            shown = await load(state, lambda c: uow.overviews.cheques(uow_query, c, 10), 10)
        options.clear()
        options.update((o.value.split(" ")[0], o.value) for o in keyset_options(shown, 10))
        return (
            [line.registration_id for line in shown.lines],
            position_text(shown),
            shown.has_previous,
            shown.has_next,
        )

    query = OverviewQuery(brug)
    assert await page(query) == (newest_first[:10], "1–10 van 23", False, True)
    state.turn_page(options[NEXT])
    assert await page(query) == (newest_first[10:20], "11–20 van 23", True, True)
    state.turn_page(options[NEXT])
    assert await page(query) == (newest_first[20:], "21–23 van 23", True, False)
    state.turn_page(options[PREVIOUS])
    assert await page(query) == (newest_first[10:20], "11–20 van 23", True, True)
    state.turn_page(options[PREVIOUS])
    assert await page(query) == (newest_first[:10], "1–10 van 23", False, True)


async def test_a_page_whose_lines_went_away_falls_back_to_the_first(
    app: App, world: World, clock: FixedClock
) -> None:
    brug = await organisation_id(app, BRUG)
    (number,) = await issue(app, clock.now(), ["Enige Klant"])
    only = await register(app, brug, world.an, number, clock.now())
    async with app.unit_of_work() as uow:
        query = OverviewQuery(brug)
        beyond = await uow.overviews.cheques(query, FIRST, 10)
        after_last = Cursor(after=beyond.lines[-1].key)
        empty = await uow.overviews.cheques(query, after_last, 10)
        last = beyond.lines[-1].key
        state = KeysetState(StatusFilter.ACTIEF, cursor=StoredCursor(after=last.dump()), pos=10)
        shown = await load(state, lambda c: uow.overviews.cheques(query, c, 10), 10)
    assert empty.lines == []
    assert not empty.more
    assert [line.registration_id for line in shown.lines] == [only]
    assert shown.first == 1
    assert not shown.has_previous


async def test_a_broad_text_count_stops_at_the_cap_and_both_ways_agree(
    app: App, world: World, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    brug = await organisation_id(app, BRUG)
    numbers = await issue(app, clock.now(), [f"Test Persoon{n}" for n in range(6)], first=50)
    for n, number in enumerate(numbers):
        await register(app, brug, world.an, number, clock.now() - timedelta(minutes=10 - n))
    monkeypatch.setattr(overviews, "COUNT_CAP", 3)
    results = []
    for limit in (100, 2):  # the sets way, then the walk (more clients than CLIENT_LIMIT)
        monkeypatch.setattr(overviews, "CLIENT_LIMIT", limit)
        async with app.unit_of_work() as uow:
            found = await uow.overviews.gesprekken(
                FinancialQuery(brug, keyword=classify("test")), FIRST, 4
            )
        results.append(([line.klantnaam for line in found.lines], found.total, found.more))
    expected = ([f"Test Persoon{n}" for n in (5, 4, 3, 2)], 4, True)
    assert results == [expected, expected]


async def test_streams_give_every_line_in_the_overview_order(book: Book) -> None:
    async with book.app.unit_of_work() as uow:
        cheques = [
            x.registration_id
            async for x in uow.overviews.stream_cheques(OverviewQuery(book.brug, StatusFilter.ALLE))
        ]
        money = [
            x.type.value async for x in uow.overviews.stream_gesprekken(FinancialQuery(book.brug))
        ]
    assert cheques == [book.b, book.a]
    assert money == ["synthese", "verdieping", "intake", "intake"]
