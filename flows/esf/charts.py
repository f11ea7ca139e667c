"""📊 Grafiek of /esfoverzicht: an ESF organisation's lines started and ended per month over the
last 12 months, and the resultaten of those that ended (cancelled and removed lines left out)."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Sequence
from datetime import date

from flows.domain.esf import EsfSpan, Resultaat
from flows.domain.rules.money import month_of
from flows.engine.downloads import Picture
from flows.ports.unit_of_work import ReadUnitOfWork
from flows.widgets.charts import Panel, Series, last_months, month_chart

# Short enough for a legend on a phone; + positief, − negatief as the handbook groups them.
SHORT = {
    Resultaat.OPLEIDING_VERDER: "+ opleiding verder",
    Resultaat.GESTOPT_MET_WERK: "+ gestopt, met werk",
    Resultaat.KWALIFICATIE: "+ kwalificatie behaald",
    Resultaat.GEEN_KWALIFICATIE: "− geen kwalificatie, geen werk",
    Resultaat.STOPGEZET_IN_ONDERWIJS: "− stopgezet, blijft in onderwijs",
}


def esf_panels(spans: Sequence[EsfSpan], months: Sequence[date]) -> list[Panel]:
    """Started and ended per month side by side; below, the ended ones by resultaat."""
    started = Counter(month_of(span.startdatum) for span in spans)
    ended = Counter(month_of(span.einddatum) for span in spans if span.einddatum is not None)
    results = Counter(
        (month_of(span.einddatum), span.resultaat)
        for span in spans
        if span.einddatum is not None and span.resultaat is not None
    )
    return [
        Panel(
            "Begeleidingen per maand",
            [
                Series("gestart", [started[month] for month in months]),
                Series("beëindigd", [ended[month] for month in months]),
            ],
            stacked=False,
        ),
        Panel(
            "Resultaat van de beëindigde",
            [
                Series(label, [results[(month, resultaat)] for month in months])
                for resultaat, label in SHORT.items()
            ],
        ),
    ]


def esf_chart(reader: ReadUnitOfWork, organisation_id: int, name: str, today: date) -> Picture:
    """The chart of one ESF organisation, read from `reader` when drawn."""

    async def draw() -> bytes:
        months = last_months(today)
        spans = await reader.begeleidingen.spans(organisation_id, months[0])
        panels = esf_panels(spans, months)
        return await asyncio.to_thread(month_chart, f"ESF · {name}", months, panels)

    return Picture(f"grafiek esf {name}", draw)
