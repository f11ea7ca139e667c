"""Flow `/overzicht`: the registered cheques of the user's loopbaancentrum (A1, A3).

Active ones by default, newest change first, ten to a page; a filter on status, a trefwoord
(typed), downloads as CSV or Excel with the same filter; a line opens the detail (A4).
"""

from __future__ import annotations

from flows.cheque_choice import remember_file
from flows.conversation import Option
from flows.domain import at_loopbaancentrum
from flows.export_files import export_document
from flows.flow import (
    Answer,
    Answers,
    Finish,
    Flow,
    Outcome,
    Question,
    Stay,
    Step,
    StepContext,
    Switch,
)
from flows.gesprek_services import own_file
from flows.overview_domain import OverviewLine, OverviewQuery, Page, StatusFilter
from flows.overview_exports import overview_export
from flows.overview_paging import NEXT, PREVIOUS, load, move, position_text, reset, zone_of
from flows.overview_settings import rates_of
from flows.rules.dates import fmt, local_day
from flows.rules.duration import fmt_minutes
from flows.rules.keywords import Keyword, classify, describe

PAGE = 10
CLEAR, CSV, XLSX, DONE, FINANCIAL = "clear", "csv", "xlsx", "done", "financieel"
FILTER_PREFIX = "f_"
FILTER_LABELS = {
    StatusFilter.ACTIEF: "Enkel actieve",
    StatusFilter.ALLE: "Toon alle",
    StatusFilter.AFGESLOTEN: "Enkel afgesloten",
    StatusFilter.STOPGEZET: "Enkel stopgezet",
}
SEARCH_HINT = (
    "Typ een trefwoord om te zoeken: chequenummer, klantnummer, (deel van de) naam van de "
    "klant, begeleider, type gesprek, datum (dd/mm/jjjj) of bedrag (bv. 140,26)."
)


def _filter(answers: Answers) -> StatusFilter:
    return StatusFilter(answers.get("filter", StatusFilter.ACTIEF.value))


def _keyword(answers: Answers) -> Keyword | None:
    term = answers.get("term")
    return classify(term) if term else None


def query_of(ctx: StepContext) -> OverviewQuery:
    """The overview this chat looks at: its organisation, filter and trefwoord."""
    return OverviewQuery(
        ctx.staff.organisation.id,
        _filter(ctx.answers),
        _keyword(ctx.answers),
        rates_of(ctx.settings),
    )


async def _page(ctx: StepContext) -> Page[OverviewLine]:
    query = query_of(ctx)
    return await load(
        ctx.answers, lambda cursor: ctx.uow.overviews.cheques(query, cursor, PAGE), PAGE
    )


def line_text(number: int, line: OverviewLine, ctx: StepContext) -> str:
    """Two lines per cheque: whose it is, then status, hours, last gesprek and begeleiders."""
    last = f" · laatste gesprek {fmt(line.laatste_gesprek)}" if line.laatste_gesprek else ""
    who = f" · {line.begeleiders}" if line.begeleiders else ""
    changed = fmt(local_day(line.updated_at, ctx.now))
    return (
        f"{number}. {line.klantnaam} · cheque {line.chequenummer} · klant {line.klantnummer}\n"
        f"   {line.status.label} · {fmt_minutes(line.minutes_used)} van "
        f"{fmt_minutes(line.minutes)} gebruikt{last}{who} · gewijzigd {changed}"
    )


async def _ask(ctx: StepContext) -> Question:
    page = await _page(ctx)
    filter_ = _filter(ctx.answers)
    keyword = _keyword(ctx.answers)
    shown = f"Filter: {filter_.label}"
    if keyword is not None:
        shown += f" · trefwoord ‘{ctx.answers['term']}’ ({describe(keyword)})"
    lines = [line_text(page.first + i, line, ctx) for i, line in enumerate(page.lines)]
    if lines:
        body = f"{position_text(page)}, laatst gewijzigd eerst:\n\n" + "\n".join(lines)
        body += "\n\nKies een nummer om de cheque te openen. " + SEARCH_HINT
    else:
        body = "Geen cheques gevonden. " + SEARCH_HINT
    options = [
        Option(f"{page.first + i}. {line.klantnaam}", f"r{line.registration_id}")
        for i, line in enumerate(page.lines)
    ]
    options += _controls(page, filter_, keyword is not None)
    return Question(
        f"📋 Overzicht begeleidingen · {ctx.staff.organisation.name}\n{shown}\n{body}",
        tuple(options),
    )


def _controls(page: Page[OverviewLine], filter_: StatusFilter, searched: bool) -> list[Option]:
    options = []
    if page.has_previous:
        options.append(Option("◀ Vorige pagina", PREVIOUS))
    if page.has_next:
        options.append(Option("Volgende pagina ▶", NEXT))
    options += [
        Option(FILTER_LABELS[each], FILTER_PREFIX + each.value)
        for each in StatusFilter
        if each is not filter_
    ]
    if searched:
        options.append(Option("Trefwoord wissen", CLEAR))
    if page.total:
        options += [Option("⬇ CSV", CSV), Option("⬇ Excel", XLSX)]
    options += [Option("💶 Financieel overzicht", FINANCIAL), Option("Klaar", DONE)]
    return options


async def _accept(ctx: StepContext, answer: Answer) -> Outcome:
    value, answers = answer.value, ctx.answers
    if value == DONE:
        return Finish("Klaar.")
    if value == FINANCIAL:
        return Switch("financieel", "lijst", {})
    if value in (NEXT, PREVIOUS):
        move(answers, await _page(ctx), value, PAGE)
        return Stay()
    if value is not None and value.startswith(FILTER_PREFIX):
        answers["filter"] = StatusFilter(value.removeprefix(FILTER_PREFIX)).value
        reset(answers)
        return Stay()
    if value == CLEAR:
        answers.pop("term", None)
        reset(answers)
        return Stay()
    if value in (CSV, XLSX):
        return await _download(ctx, value)
    if value is not None and value.startswith("r"):
        file = await own_file(ctx.uow, ctx.staff, int(value[1:]))
        opened: Answers = {}
        remember_file(opened, file)
        return Switch("dossier", "detail", opened)
    term = " ".join(answer.text.split())
    classify(term)  # a date that does not exist is refused here, with the reason
    answers["term"] = term
    reset(answers)
    return Stay()


async def _download(ctx: StepContext, fmt_: str) -> Outcome:
    """The overview under the current filter and trefwoord, as a file in the chat (A3)."""
    name = f"overzicht {ctx.staff.organisation.name}"
    export = overview_export(ctx.uow, query_of(ctx), zone_of(ctx), name)
    document, rows = await export_document(export, fmt_, ctx.today)
    kind = "CSV-bestand" if fmt_ == CSV else "Excel-bestand"
    return Stay(f"⬇ Het overzicht ({rows} lijnen) als {kind}: {document.filename}", document)


OVERVIEW = Flow(
    name="overzicht",
    title="Overzicht begeleidingen",
    command="overzicht",
    steps=(
        Step(
            "lijst",
            "het overzicht van de begeleidingen",
            _ask,
            _accept,
            help="Het overzicht toont de geregistreerde cheques van je loopbaancentrum, laatst "
            "gewijzigd eerst (standaard enkel de actieve). Kies een nummer om een cheque te "
            "openen, filter op status, of typ een trefwoord. Met ⬇ download je de lijst zoals "
            "je ze ziet.",
        ),
    ),
    transitions=(),
    available_to=at_loopbaancentrum,
)
