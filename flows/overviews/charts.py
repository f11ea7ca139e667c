"""📊 Grafiek of /financieel: the last 12 months of paid gesprekken, hours and amount per month,
paid and not yet paid apart (by registration month, as the overview's month totals)."""

from __future__ import annotations

import asyncio
from datetime import date, tzinfo

from flows.domain.overviews import FinancialQuery, PaidFilter
from flows.domain.rules.money import MonthTotal, RateTable, month_totals
from flows.engine.downloads import Picture
from flows.ports.unit_of_work import ReadUnitOfWork
from flows.widgets.charts import Panel, Series, last_months, month_chart
from flows.widgets.paging import month_range

PAID_LABELS = {PaidFilter.BETAALD: "betaald", PaidFilter.NIET_BETAALD: "nog niet betaald"}


def financial_chart(
    reader: ReadUnitOfWork,
    organisation_id: int,
    name: str,
    rates: RateTable,
    zone: tzinfo,
    today: date,
) -> Picture:
    """The chart of one organisation, read from `reader` when drawn."""

    async def draw() -> bytes:
        months = last_months(today)
        ranges = [(month, *month_range(month, zone)) for month in months]
        totals: dict[PaidFilter, dict[date, MonthTotal]] = {}
        for paid in PAID_LABELS:
            query = FinancialQuery(organisation_id, paid, None, rates)
            groups = await reader.overviews.duration_counts(query, ranges)
            totals[paid] = {total.month: total for total in month_totals(groups, rates)}

        def values(paid: PaidFilter, measure: str) -> list[float]:
            found = [totals[paid].get(month) for month in months]
            if measure == "hours":
                return [t.minutes / 60 if t else 0.0 for t in found]
            return [float(t.amount) if t else 0.0 for t in found]

        panels = [
            Panel(
                "Uren per maand",
                [Series(label, values(paid, "hours")) for paid, label in PAID_LABELS.items()],
            ),
            Panel(
                "Bedrag per maand (€, excl. btw)",
                [Series(label, values(paid, "amount")) for paid, label in PAID_LABELS.items()],
            ),
        ]
        return await asyncio.to_thread(month_chart, f"Financieel · {name}", months, panels)

    return Picture(f"grafiek financieel {name}", draw)
