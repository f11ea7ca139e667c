"""Flow `/overzicht`: the registered cheques of the user's loopbaancentrum (A1, A3).

Active ones by default, newest change first (⇅ sorts by another column), ten to a page; a
filter on status, a trefwoord (typed), downloads as CSV or Excel with the same filter and order;
a line opens the detail (A4); a cheque or a gesprek can be registered from here (A1.4).
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.domain.intents import (
    OpenCheque,
    RegisterCheque,
    RegisterGesprek,
    ShowChequeOverview,
    ShowFinancialOverview,
)
from flows.domain.overviews import (
    ChequeSort,
    Order,
    OverviewLine,
    OverviewQuery,
    Page,
    StatusFilter,
)
from flows.domain.rules.dates import fmt, local_day
from flows.domain.rules.duration import fmt_minutes
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
from flows.overviews.exports import overview_export
from flows.overviews.settings import rates_of
from flows.widgets.list_screen import (
    ScreenControls,
    download_note,
    file_kind,
    filter_options,
    keyword_of,
    keyword_text,
    lines_text,
    search_options,
)
from flows.widgets.paging import KeysetState, keyset_options, load, position_text, zone_of
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
DONE, FINANCIAL, NEW_CHEQUE, NEW_GESPREK = "done", "financieel", "cheque", "gesprek"
FILTER_LABELS = {
    StatusFilter.ACTIEF: "Enkel actieve",
    StatusFilter.ALLE: "Toon alle",
    StatusFilter.AFGESLOTEN: "Enkel afgesloten",
    StatusFilter.STOPGEZET: "Enkel stopgezet",
}
SORTS = Sorts(
    (
        SortColumn(ChequeSort.GEWIJZIGD, "datum laatst gewijzigd", DATES),
        SortColumn(ChequeSort.KLANTNAAM, "klantnaam"),
        SortColumn(ChequeSort.CHEQUENUMMER, "chequenummer", NUMBERS),
        SortColumn(ChequeSort.BEGELEIDER, "begeleider"),
        SortColumn(ChequeSort.STATUS, "status"),
    )
)
SEARCH_HINT = (
    "Typ een trefwoord om te zoeken: chequenummer, klantnummer, (deel van de) naam van de "
    "klant, begeleider, type gesprek, datum (dd/mm/jjjj) of bedrag (bv. 140,26)."
)


@dataclass
class OverviewAnswers(KeysetState[StatusFilter]):
    """What /overzicht keeps between presses: the filter (active ones first), trefwoord, page."""

    filter: StatusFilter = StatusFilter.ACTIEF


def query_of(ctx: StepContext[OverviewAnswers]) -> OverviewQuery:
    """The overview this chat looks at: its organisation, filter, trefwoord and order."""
    column, descending = SORTS.chosen(ctx.answers)
    return OverviewQuery(
        ctx.staff.organisation.id,
        ctx.answers.filter,
        keyword_of(ctx.answers),
        rates_of(ctx.settings),
        Order(ChequeSort(column.value), descending),
    )


async def _page(ctx: StepContext[OverviewAnswers]) -> Page[OverviewLine]:
    query = query_of(ctx)
    return await load(
        ctx.answers,
        lambda cursor: ctx.uow.overviews.cheques(query, cursor, PAGE),
        PAGE,
        query.order.by.kinds,
    )


def line_text(number: int, line: OverviewLine, ctx: StepContext[OverviewAnswers]) -> str:
    """Two lines per cheque: whose it is, then status, hours, last gesprek and begeleiders."""
    last = f" · laatste gesprek {fmt(line.laatste_gesprek)}" if line.laatste_gesprek else ""
    who = f" · {line.begeleiders}" if line.begeleiders else ""
    changed = fmt(local_day(line.updated_at, ctx.now))
    return (
        f"{number}. {line.klantnaam} · cheque {line.chequenummer} · klant {line.klantnummer}\n"
        f"   {line.status.label} · {fmt_minutes(line.minutes_used)} van "
        f"{fmt_minutes(line.minutes)} gebruikt{last}{who} · gewijzigd {changed}"
    )


async def _ask(ctx: StepContext[OverviewAnswers]) -> Question:
    title = f"📋 Overzicht begeleidingen · {ctx.staff.organisation.name}"
    if ctx.answers.sorting:
        return sort_question(ctx.answers, SORTS, title)
    page = await _page(ctx)
    filter_ = ctx.answers.filter
    shown = f"Filter: {filter_.label}{keyword_text(ctx.answers)}"
    lines = [line_text(page.first + i, line, ctx) for i, line in enumerate(page.lines)]
    if lines:
        order = heading(ctx.answers, SORTS, "laatst gewijzigd eerst")
        body = f"{position_text(page)}, {order}:\n\n" + "\n".join(lines)
        body += "\n\nKies een nummer om de cheque te openen. " + SEARCH_HINT
    else:
        body = "Geen cheques gevonden. " + SEARCH_HINT
    options = [
        Option(f"{page.first + i}. {line.klantnaam}", f"r{line.registration_id}")
        for i, line in enumerate(page.lines)
    ]
    options += keyset_options(page, PAGE)
    options += filter_options(FILTER_LABELS, filter_)
    options += [sort_option()] if page.total > 1 else []
    options += search_options(ctx.answers.term is not None, page.total)
    options += [  # A1.4: register from here, as well as open a line
        Option("Cheque registreren", NEW_CHEQUE),
        Option("Gesprek registreren", NEW_GESPREK),
        Option("💶 Financieel overzicht", FINANCIAL),
        Option("Klaar", DONE),
    ]
    return Question(f"{title}\n{shown}\n{body}", tuple(options))


async def _accept(ctx: StepContext[OverviewAnswers], answer: Answer) -> Outcome:
    value = answer.value
    if value == DONE:
        return Finish("Klaar.")
    if value == FINANCIAL:
        return Switch(ShowFinancialOverview())
    if value == NEW_CHEQUE:
        return Switch(RegisterCheque())
    if value == NEW_GESPREK:
        return Switch(RegisterGesprek())
    if value is not None and value.startswith("r"):
        return Switch(OpenCheque(int(value[1:])))
    controls = ScreenControls(FILTER_LABELS, lambda fmt_: _download(ctx, fmt_))
    return sort_control_or_search(ctx.answers, answer, SORTS, controls)


def _download(ctx: StepContext[OverviewAnswers], fmt_: str) -> Outcome:
    """The overview under the current filter and trefwoord, as a file in the chat (A3)."""
    query, zone = query_of(ctx), zone_of(ctx)
    name = f"overzicht {ctx.staff.organisation.name}"

    def reply(rows: int, filename: str) -> str:
        return f"⬇ Het overzicht ({lines_text(rows)}) als {file_kind(fmt_)}: {filename}"

    export = Download(lambda reader: overview_export(reader, query, zone, name), fmt_, reply)
    return Stay(download_note(fmt_), export)


LIST = Step[OverviewAnswers](
    "lijst",
    "het overzicht van de begeleidingen",
    _ask,
    _accept,
    help="Het overzicht toont de geregistreerde cheques van je loopbaancentrum, laatst "
    "gewijzigd eerst (standaard enkel de actieve). Kies een nummer om een cheque te "
    "openen, filter op status, sorteer met ⇅ Sorteren, of typ een trefwoord. Met ⬇ "
    "download je de lijst zoals je ze ziet.",
    screen=True,
)

OVERVIEW = Flow[OverviewAnswers](
    name="overzicht",
    title="Overzicht begeleidingen",
    command="overzicht",
    answers=OverviewAnswers,
    steps=(LIST,),
    transitions=(),
    available_to=at_loopbaancentrum,
    entries=(Entry(ShowChequeOverview, LIST, lambda intent: OverviewAnswers()),),
)
