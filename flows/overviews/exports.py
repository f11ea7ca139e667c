"""The downloads of A3: columns in Dutch, one row per overview line."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date, tzinfo
from decimal import Decimal

from flows.domain.overviews import FinancialLine, FinancialQuery, OverviewLine, OverviewQuery
from flows.domain.rules.dates import day_in
from flows.domain.rules.money import RateTable, amount, hours, month_of
from flows.engine.export_files import Cell, Export, Sheet
from flows.ports.unit_of_work import ReadUnitOfWork

OVERVIEW_HEADERS = (
    "Chequenummer",
    "Klantnummer",
    "Klant",
    "Status",
    "Uren cheque",
    "Uren gebruikt",
    "Uren over",
    "Begeleider(s)",
    "Laatste gesprek",
    "Geregistreerd op",
    "Laatst gewijzigd",
)
FINANCIAL_HEADERS = (
    "Registratiedatum",
    "Gespreksdatum",
    "Chequenummer",
    "Klantnummer",
    "Klant",
    "Begeleider",
    "Type gesprek",
    "Vorm",
    "Uren",
    "Tarief per uur",
    "Bedrag",
    "Betaald op",
    "Betaald bedrag",
)
MONTH_HEADERS = ("Maand", "Gesprekken", "Uren", "Bedrag")


def overview_row(line: OverviewLine, zone: tzinfo) -> list[Cell]:
    """One A1 line as cells: hours with two decimals, days in the bot's time zone."""
    return [
        line.chequenummer,
        line.klantnummer,
        line.klantnaam,
        line.status.label,
        hours(line.minutes),
        hours(line.minutes_used),
        hours(line.minutes_left),
        line.begeleiders,
        line.laatste_gesprek,
        day_in(line.registered_at, zone),
        day_in(line.updated_at, zone),
    ]


def overview_export(
    uow: ReadUnitOfWork, query: OverviewQuery, zone: tzinfo, name: str = "overzicht"
) -> Export:
    """The A1 overview under its filter and trefwoord, in the order chosen."""

    async def rows() -> AsyncIterator[Sequence[Cell]]:
        async for line in uow.overviews.stream_cheques(query):
            yield overview_row(line, zone)

    return Export(
        name,
        "Overzicht begeleidingen",
        OVERVIEW_HEADERS,
        rows(),
        count=lambda: uow.overviews.count_cheques(query),
    )


def financial_row(line: FinancialLine, rates: RateTable, zone: tzinfo) -> list[Cell]:
    """One A2 line: the amount at the rate in force on the gesprek's date."""
    return [
        day_in(line.registered_at, zone),
        line.datum,
        line.chequenummer,
        line.klantnummer,
        line.klantnaam,
        line.begeleider,
        line.type.label,
        line.vorm.label,
        hours(line.minutes),
        rates.on(line.datum),
        amount(line.minutes, line.datum, rates),
        line.betaald_op,
        line.paid_amount,
    ]


class _MonthTally:
    """Month totals gathered while the rows stream past (by registration month)."""

    def __init__(self) -> None:
        self.months: dict[date, tuple[int, int, Decimal]] = {}

    def add(self, month: date, minutes: int, worth: Decimal | None) -> None:
        count, total_minutes, total = self.months.get(month, (0, 0, Decimal(0)))
        self.months[month] = (count + 1, total_minutes + minutes, total + (worth or Decimal(0)))

    def sheet(self) -> Sheet:
        return Sheet(
            "Per maand",
            MONTH_HEADERS,
            [
                [month.strftime("%m/%Y"), count, hours(minutes), total]
                for month, (count, minutes, total) in sorted(self.months.items(), reverse=True)
            ],
        )


def financial_export(
    uow: ReadUnitOfWork,
    query: FinancialQuery,
    rates: RateTable,
    zone: tzinfo,
    name: str = "financieel-overzicht",
) -> Export:
    """The A2 overview under its filter and trefwoord, with a sheet of month totals (XLSX)."""
    tally = _MonthTally()

    async def rows() -> AsyncIterator[Sequence[Cell]]:
        async for line in uow.overviews.stream_gesprekken(query):
            row = financial_row(line, rates, zone)
            worth = row[10]
            tally.add(
                month_of(day_in(line.registered_at, zone)),
                line.minutes,
                worth if isinstance(worth, Decimal) else None,
            )
            yield row

    return Export(
        name,
        "Financieel overzicht",
        FINANCIAL_HEADERS,
        rows(),
        tally.sheet,
        count=lambda: uow.overviews.count_gesprekken(query),
    )
