"""Flow `/financieel`: the paid gesprekken of the user's loopbaancentrum with amounts (A2, A3).

Newest registration first (⇅ sorts by another column), ten to a page, under month headers
with the month's totals (in that order only); the amount is the hours at the rate in force on
the gesprek's date; nazorg and deleted gesprekken are never paid. Filter on VDAB's payment
state, search by trefwoord, download as CSV or Excel, or see 📊 the last 12 months.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flows.domain.intents import ShowChequeOverview, ShowFinancialOverview
from flows.domain.overviews import (
    FinancialLine,
    FinancialQuery,
    FinancialSort,
    Order,
    Page,
    PaidFilter,
)
from flows.domain.rules.dates import fmt, local_day
from flows.domain.rules.duration import fmt_minutes
from flows.domain.rules.money import MonthTotal, fmt_euro, fmt_month, month_of, month_totals
from flows.domain.staff import at_loopbaancentrum
from flows.engine.definition import (
    Answer,
    Entry,
    Finish,
    Flow,
    Outcome,
    Question,
    Stay,
    Step,
    StepContext,
    Switch,
)
from flows.engine.downloads import Download
from flows.engine.values import Option
from flows.overviews.charts import financial_chart
from flows.overviews.exports import financial_export
from flows.overviews.settings import rates_of
from flows.widgets.list_screen import (
    ScreenControls,
    download_note,
    file_kind,
    filter_options,
    keyword_of,
    keyword_text,
    search_options,
)
from flows.widgets.paging import (
    KeysetState,
    keyset_options,
    load,
    month_range,
    position_text,
    zone_of,
)
from flows.widgets.sorting import (
    DATES,
    NUMBERS,
    SortColumn,
    Sorts,
    heading,
    sort_control_or_search,
    sort_option,
    sort_question,
)

PAGE = 10
DONE, OVERVIEW, CHART = "done", "overzicht", "grafiek"
FILTER_LABELS = {each: f"Toon {each.label}" for each in PaidFilter}
SORTS = Sorts(
    (
        SortColumn(FinancialSort.REGISTRATIEDATUM, "registratiedatum", DATES),
        SortColumn(FinancialSort.GESPREKSDATUM, "gespreksdatum", DATES),
        SortColumn(FinancialSort.BEDRAG, "bedrag", NUMBERS),
        SortColumn(FinancialSort.BEGELEIDER, "begeleider"),
    )
)
SEARCH_HINT = (
    "Typ een trefwoord om te zoeken: chequenummer, klantnummer, naam van de klant, begeleider, "
    "type gesprek, datum (dd/mm/jjjj) of bedrag (bv. 140,26)."
)


@dataclass
class FinancialAnswers(KeysetState[PaidFilter]):
    """What /financieel keeps between presses: the payment filter, trefwoord and page."""

    filter: PaidFilter = PaidFilter.ALLE


def query_of(ctx: StepContext[FinancialAnswers]) -> FinancialQuery:
    """The financial overview this chat looks at, in the order chosen."""
    column, descending = SORTS.chosen(ctx.answers)
    return FinancialQuery(
        ctx.staff.organisation.id,
        ctx.answers.filter,
        keyword_of(ctx.answers),
        rates_of(ctx.settings),
        Order(FinancialSort(column.value), descending),
    )


async def _page(ctx: StepContext[FinancialAnswers]) -> Page[FinancialLine]:
    query = query_of(ctx)
    return await load(
        ctx.answers,
        lambda cursor: ctx.uow.overviews.gesprekken(query, cursor, PAGE),
        PAGE,
        query.order.by.kinds,
    )


async def _totals(
    ctx: StepContext[FinancialAnswers], months: list[date], counted: int
) -> dict[date, MonthTotal]:
    """The whole month's totals (under the filter) of each month the page shows."""
    query, zone = query_of(ctx), zone_of(ctx)
    ranges = [(month, *month_range(month, zone)) for month in months]
    groups = await ctx.uow.overviews.duration_counts(query, ranges, counted)
    return {total.month: total for total in month_totals(groups, query.rates)}


def _gesprekken(count: int) -> str:
    return f"{count} gesprek" if count == 1 else f"{count} gesprekken"


def line_text(line: FinancialLine, ctx: StepContext[FinancialAnswers]) -> str:
    worth = line.amount(rates_of(ctx.settings))
    paid = f"betaald op {fmt(line.betaald_op)}" if line.betaald_op else "nog niet betaald"
    return (
        f"  {fmt(line.datum)} · {line.chequenummer} {line.klantnaam} · {line.type.label} "
        f"{fmt_minutes(line.minutes)} · {line.begeleider} · "
        f"{fmt_euro(worth) if worth is not None else 'geen tarief'} · {paid}"
    )


def _rates_text(ctx: StepContext[FinancialAnswers]) -> str:
    periods = rates_of(ctx.settings).periods()
    return "; ".join(
        f"€ {str(p.per_hour).replace('.', ',')} per uur (excl. btw) vanaf {fmt(p.start)}"
        for p in periods
    )


async def _ask(ctx: StepContext[FinancialAnswers]) -> Question:
    title = f"💶 Financieel overzicht · {ctx.staff.organisation.name}"
    if ctx.answers.sorting:
        return sort_question(ctx.answers, SORTS, title)
    page = await _page(ctx)
    zone = zone_of(ctx)
    paid = ctx.answers.filter
    shown = f"Filter: {paid.label}{keyword_text(ctx.answers)}"
    by_month = query_of(ctx).order.by is FinancialSort.REGISTRATIEDATUM
    months: list[date] = []
    for line in page.lines if by_month else ():  # month headers follow the registration order
        month = month_of(local_day(line.registered_at, ctx.now))
        if month not in months:
            months.append(month)
    totals = await _totals(ctx, months, page.total) if months else {}
    body: list[str] = []
    current: date | None = None
    for line in page.lines:
        month = month_of(line.registered_at.astimezone(zone).date())
        if by_month and month != current:
            current = month
            total = totals.get(month)
            if total is not None:
                body.append(
                    f"\n{fmt_month(month)} (geregistreerd) · {_gesprekken(total.count)} · "
                    f"{fmt_minutes(total.minutes)} · totaal {fmt_euro(total.amount)}"
                )
        body.append(line_text(line, ctx))
    if page.lines:
        order = heading(ctx.answers, SORTS, "laatst geregistreerd eerst")
        text = f"{position_text(page)} gesprekken die VDAB vergoedt, {order}:"
        text += "" if by_month else "\n"
        text += "\n".join(body) + f"\n\nTarief: {_rates_text(ctx)}.\n{SEARCH_HINT}"
    else:
        text = "Geen gesprekken gevonden. " + SEARCH_HINT
    return Question(
        f"{title}\n{shown}\n{text}",
        tuple(
            keyset_options(page, PAGE)
            + filter_options(FILTER_LABELS, paid)
            + ([sort_option()] if page.total > 1 else [])
            + search_options(ctx.answers.term is not None, page.total)
            + [
                Option("📊 Grafiek", CHART),
                Option("📋 Overzicht begeleidingen", OVERVIEW),
                Option("Klaar", DONE),
            ]
        ),
    )


async def _accept(ctx: StepContext[FinancialAnswers], answer: Answer) -> Outcome:
    value = answer.value
    if value == DONE:
        return Finish("Klaar.")
    if value == OVERVIEW:
        return Switch(ShowChequeOverview())
    if value == CHART:
        return _chart(ctx)
    controls = ScreenControls(FILTER_LABELS, lambda fmt_: _download(ctx, fmt_))
    return sort_control_or_search(ctx.answers, answer, SORTS, controls)


def _download(ctx: StepContext[FinancialAnswers], fmt_: str) -> Outcome:
    """The financial overview under the current filter and trefwoord, as a file (A3)."""
    query, rates, zone = query_of(ctx), rates_of(ctx.settings), zone_of(ctx)
    name = f"financieel {ctx.staff.organisation.name}"
    kind = file_kind(fmt_, "Excel-bestand (met totalen per maand)")

    def reply(rows: int, filename: str) -> str:
        return f"⬇ Het financieel overzicht ({_gesprekken(rows)}) als {kind}: {filename}"

    export = Download(
        lambda reader: financial_export(reader, query, rates, zone, name), fmt_, reply
    )
    return Stay(download_note(fmt_), export)


def _chart(ctx: StepContext[FinancialAnswers]) -> Outcome:
    """The last 12 months as a picture in the chat, drawn after the turn is stored."""
    organisation, rates, zone = ctx.staff.organisation, rates_of(ctx.settings), zone_of(ctx)
    today = ctx.now.astimezone(zone).date()

    def reply(rows: int, filename: str) -> str:
        return (
            "📊 De gesprekken die VDAB vergoedt, per registratiemaand, de laatste 12 maanden: "
            "uren en bedrag, betaald en nog niet betaald."
        )

    chart = Download(
        lambda reader: financial_chart(
            reader, organisation.id, organisation.name, rates, zone, today
        ),
        "png",
        reply,
    )
    return Stay("📊 De grafiek wordt getekend en volgt hieronder.", chart)


LIST = Step[FinancialAnswers](
    "lijst",
    "het financieel overzicht",
    _ask,
    _accept,
    help="Het financieel overzicht toont de betaalde gesprekken (intake, verdieping, "
    "synthese, stopzetting; nooit nazorg of verwijderde), laatst geregistreerd eerst, "
    "met het bedrag aan het uurtarief op de datum van het gesprek en de totalen per "
    "maand. Filter op betaald of nog niet betaald, sorteer met ⇅ Sorteren, of typ een "
    "trefwoord. 📊 Grafiek toont de laatste 12 maanden als afbeelding.",
    screen=True,
)

FINANCIAL = Flow[FinancialAnswers](
    name="financieel",
    title="Financieel overzicht",
    command="financieel",
    answers=FinancialAnswers,
    steps=(LIST,),
    transitions=(),
    available_to=at_loopbaancentrum,
    entries=(Entry(ShowFinancialOverview, LIST, lambda intent: FinancialAnswers()),),
)
