"""Sorting the overviews (⇅): every order pages by key both ways, on both databases, and the
screens and downloads keep the order chosen."""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bot.app import App
from flows.administration.imports import import_cheques
from flows.domain.administration import NewIssuedCheque
from flows.domain.cheques import ChequeStatus, GesprekType
from flows.domain.overviews import (
    FIRST,
    ChequeSort,
    Cursor,
    FinancialLine,
    FinancialQuery,
    FinancialSort,
    Order,
    OverviewLine,
    OverviewQuery,
    Slice,
    StatusFilter,
)
from flows.domain.rules.keywords import normalise
from flows.domain.rules.money import Rate, RateTable
from flows.engine.clock import FixedClock
from flows.engine.values import Document
from tests.overview_support import START, add, issue, organisation_id, register
from tests.support import Chat, World

# chequenummers of different lengths (number order is not text order), names with ties
CLIENTS = [
    ("9", "Dubois Émile", "Peeters An"),
    ("10", "dubois Anna", "Maes Lotte"),
    ("100", "Aerts Bert", "Peeters An"),
    ("11", "Zeger Tom", "Janssens Els"),
    ("2", "Aerts Bert", "Maes Lotte"),
    ("3000", "Claes Ine", "Peeters An"),
    ("45", "Ötzi Hans", "Janssens Els"),
]
TWO_RATES = RateTable(
    (Rate(date(2020, 1, 1), Decimal("100")), Rate(date(2026, 2, 1), Decimal("160")))
)


async def _fill(app: App, world: World, now: datetime) -> list[int]:
    """The clients' cheques registered at De Brug, one changed later, one closed."""
    cheques = [
        NewIssuedCheque(
            number, f"77{i}", name, START - timedelta(days=9), START + timedelta(days=80), 240
        )
        for i, (number, name, _) in enumerate(CLIENTS)
    ]
    async with app.unit_of_work() as uow:
        await import_cheques(uow, cheques, now)
        await uow.commit()
    brug = await organisation_id(app, "De Brug")
    ids = []
    for n, (number, _, begeleider) in enumerate(CLIENTS):
        at = now - timedelta(hours=30 - n)
        minutes = (60, 90, 45, 120, 60, 30, 75)[n]
        datum = START + timedelta(days=(5 * n) % 31)
        ids.append(
            await register(app, brug, world.an, number, at, minutes=minutes,
                           begeleider=begeleider, datum=datum)
        )  # fmt: skip
    # a verdieping after the new rate (worth more per minute), and a closed cheque
    await add(app, ids[5], world.an, now - timedelta(hours=2), GesprekType.VERDIEPING,
              minutes=60, datum=date(2026, 2, 20))  # fmt: skip
    await add(app, ids[2], world.an, now - timedelta(hours=1), GesprekType.SYNTHESE,
              minutes=60, datum=date(2026, 2, 10), status=ChequeStatus.AFGESLOTEN)  # fmt: skip
    return ids


def _cheque_value(line: OverviewLine, by: ChequeSort) -> tuple[object, ...]:
    return {
        ChequeSort.GEWIJZIGD: (line.updated_at,),
        ChequeSort.KLANTNAAM: (normalise(line.klantnaam),),
        ChequeSort.CHEQUENUMMER: (int(line.chequenummer),),
        ChequeSort.BEGELEIDER: (normalise(line.begeleiders),),
        ChequeSort.STATUS: (line.status.value, line.updated_at),
    }[by]


def _gesprek_value(line: FinancialLine, by: FinancialSort, rates: RateTable) -> tuple[object, ...]:
    worth = line.amount(rates)
    return {
        FinancialSort.REGISTRATIEDATUM: (line.registered_at,),
        FinancialSort.GESPREKSDATUM: (line.datum,),
        FinancialSort.BEDRAG: (worth if worth is not None else Decimal(0),),
        FinancialSort.BEGELEIDER: (line.begeleider,),
    }[by]


async def _walk(
    fetch: Callable[[Cursor, int], Awaitable[Slice[Any]]], limit: int
) -> tuple[list[int], list[int]]:
    """Every line's id paging forward by key, and then back again from the end."""
    forward, cursor = [], FIRST
    pages = []
    while True:
        found = await fetch(cursor, limit)
        pages.append(found.lines)
        forward += [line.key.id for line in found.lines]
        if not found.more:
            break
        cursor = Cursor(after=found.lines[-1].key)
    backward = [line.key.id for line in pages[-1]]
    first = pages[-1][0]
    while True:
        found = await fetch(Cursor(before=first.key), limit)
        if not found.lines:
            break
        backward = [line.key.id for line in found.lines] + backward
        first = found.lines[0]
        if not found.more:
            break
    return forward, backward


@pytest.mark.parametrize("by", list(ChequeSort))
@pytest.mark.parametrize("descending", [False, True])
async def test_every_cheque_order_sorts_and_pages_by_key_both_ways(
    app: App, world: World, clock: FixedClock, by: ChequeSort, descending: bool
) -> None:
    await _fill(app, world, clock.now())
    brug = await organisation_id(app, "De Brug")
    query = OverviewQuery(brug, StatusFilter.ALLE, order=Order(by, descending))
    async with app.unit_of_work() as uow:
        whole = (await uow.overviews.cheques(query, FIRST, 100)).lines
        forward, backward = await _walk(
            lambda cursor, limit: uow.overviews.cheques(query, cursor, limit), 2
        )
        streamed = [line.registration_id async for line in uow.overviews.stream_cheques(query)]
    assert len(whole) == len(CLIENTS)
    expected = sorted(whole, key=lambda line: (*_cheque_value(line, by), line.registration_id))
    if descending:
        expected.reverse()
    ids = [line.registration_id for line in expected]
    assert [line.registration_id for line in whole] == ids
    assert forward == ids
    assert backward == ids
    assert streamed == ids  # a download keeps the order


async def test_chequenummers_sort_as_numbers(app: App, world: World, clock: FixedClock) -> None:
    await _fill(app, world, clock.now())
    brug = await organisation_id(app, "De Brug")
    query = OverviewQuery(brug, StatusFilter.ALLE, order=Order(ChequeSort.CHEQUENUMMER, False))
    async with app.unit_of_work() as uow:
        lines = (await uow.overviews.cheques(query, FIRST, 100)).lines
    assert [line.chequenummer for line in lines] == ["2", "9", "10", "11", "45", "100", "3000"]


@pytest.mark.parametrize("by", list(FinancialSort))
@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("rates", ["one", "two"])
async def test_every_financial_order_sorts_and_pages_by_key_both_ways(
    app: App, world: World, clock: FixedClock, by: FinancialSort, descending: bool, rates: str
) -> None:
    await _fill(app, world, clock.now())
    brug = await organisation_id(app, "De Brug")
    table = TWO_RATES if rates == "two" else RateTable(TWO_RATES.rates[:1])
    query = FinancialQuery(brug, rates=table, order=Order(by, descending))
    async with app.unit_of_work() as uow:
        whole = (await uow.overviews.gesprekken(query, FIRST, 100)).lines
        forward, backward = await _walk(
            lambda cursor, limit: uow.overviews.gesprekken(query, cursor, limit), 3
        )
        streamed = [line.gesprek_id async for line in uow.overviews.stream_gesprekken(query)]
    assert len(whole) == len(CLIENTS) + 2
    expected = sorted(whole, key=lambda line: (*_gesprek_value(line, by, table), line.gesprek_id))
    if descending:
        expected.reverse()
    ids = [line.gesprek_id for line in expected]
    assert [line.gesprek_id for line in whole] == ids
    assert forward == ids
    assert backward == ids
    assert streamed == ids


async def test_sorting_the_overview_through_the_button(
    app: App, world: World, clock: FixedClock
) -> None:
    await _fill(app, world, clock.now())
    chat = Chat(app, world.an)
    await chat.command("overzicht")
    reply = await chat.press("⇅ Sorteren")
    assert "⇅ Sorteren · nu op datum laatst gewijzigd (nieuwste eerst)." in reply.text
    assert "Klantnaam A → Z" in chat.labels
    assert "Chequenummer hoog → laag" in chat.labels
    reply = await chat.press("Klantnaam A → Z")
    assert "1–6 van 6, gesorteerd op klantnaam (A → Z):" in reply.text
    assert chat.labels[:3] == ["1. Aerts Bert", "2. Claes Ine", "3. dubois Anna"]
    await chat.press("⇅ Sorteren")
    reply = await chat.press("Annuleren")
    assert "gesorteerd op klantnaam (A → Z)" in reply.text
    await chat.press("Toon alle")
    await chat.press("⇅ Sorteren")
    reply = await chat.press("Chequenummer hoog → laag")
    assert "gesorteerd op chequenummer (hoog → laag)" in reply.text
    assert chat.labels[:2] == ["1. Claes Ine", "2. Aerts Bert"]  # 3000, then 100
    await chat.press("⬇ CSV")
    document = chat.last.document
    assert isinstance(document, Document)
    path = Path(document.path)
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    path.unlink()
    assert [row[0] for row in rows[1:]] == ["3000", "100", "45", "11", "10", "9", "2"]


async def test_sorting_the_financial_overview_by_amount_keeps_paging(
    app: App, world: World, clock: FixedClock
) -> None:
    await _fill(app, world, clock.now())
    chat = Chat(app, world.an)
    await chat.command("financieel")
    await chat.press("⇅ Sorteren")
    reply = await chat.press("Bedrag hoog → laag")
    assert "1–9 van 9 gesprekken die VDAB vergoedt, gesorteerd op bedrag (hoog → laag):" in (
        reply.text
    )
    assert "(geregistreerd)" not in reply.text  # month headers follow the registration order
    first = reply.text.split("gesorteerd op bedrag (hoog → laag):\n")[1].split("\n")[0]
    assert "Zeger Tom" in first
    assert "2u" in first
    await chat.press("⇅ Sorteren")
    reply = await chat.press("Registratiedatum nieuwste eerst")
    assert "laatst geregistreerd eerst" in reply.text
    assert "(geregistreerd)" in reply.text


async def test_a_sort_choice_refuses_typed_text_and_keeps_the_list(
    app: App, world: World, clock: FixedClock
) -> None:
    await _fill(app, world, clock.now())
    chat = Chat(app, world.an)
    await chat.command("overzicht")
    await chat.press("⇅ Sorteren")
    await chat.say("klantnaam")
    assert "Klantnaam A → Z" in chat.labels
    reply = await chat.press("Begeleider Z → A")
    assert "gesorteerd op begeleider (Z → A)" in reply.text


async def test_a_sorted_overview_pages_forward_and_back_in_its_order(
    app: App, world: World, clock: FixedClock
) -> None:
    brug = await organisation_id(app, "De Brug")
    names = [f"Klant {letter}" for letter in "MBKAHCLDJEIFG"]  # thirteen, not in order
    numbers = await issue(app, clock.now(), names, first=50)
    for n, number in enumerate(numbers):
        await register(app, brug, world.an, number, clock.now() - timedelta(hours=n))
    chat = Chat(app, world.an)
    await chat.command("overzicht")
    await chat.press("⇅ Sorteren")
    reply = await chat.press("Klantnaam Z → A")
    assert "1–10 van 13, gesorteerd op klantnaam (Z → A):" in reply.text
    assert chat.labels[:2] == ["1. Klant M", "2. Klant L"]
    reply = await chat.press("Volgende pagina")
    assert "11–13 van 13" in reply.text
    assert chat.labels[:3] == ["11. Klant C", "12. Klant B", "13. Klant A"]
    reply = await chat.press("Vorige pagina")
    assert "1–10 van 13, gesorteerd op klantnaam (Z → A)" in reply.text
    assert chat.labels[0] == "1. Klant M"
