"""The overview of an organisation's ESF lines: running first, filtered, searched, paged."""

from __future__ import annotations

from flows import messages
from flows.conversation import Option
from flows.domain import Refusal
from flows.esf_domain import Toestand
from flows.esf_render import remember_line, summary_label
from flows.esf_services import own_begeleiding
from flows.export_files import export_document
from flows.flow import Advance, Answer, Answers, Outcome, Question, Stay, Step, StepContext
from flows.overview_exports import esf_export
from flows.overview_paging import zone_of

PAGE = 5
NEXT, PREVIOUS, CLEAR, CSV, XLSX = "next", "prev", "clear", "csv", "xlsx"
FILTERS: dict[str, Toestand | None] = {
    "f_alle": None,
    "f_bezig": Toestand.BEZIG,
    "f_beeindigd": Toestand.BEEINDIGD,
}


def _filter(answers: Answers) -> Toestand | None:
    return FILTERS[answers.get("filter", "f_alle")]


async def _ask(ctx: StepContext) -> Question:
    organisation, toestand = ctx.staff.organisation, _filter(ctx.answers)
    term, page = str(ctx.answers.get("term", "")), int(ctx.answers.get("page", 0))
    rows, total = await ctx.uow.begeleidingen.overview(
        organisation.id, toestand, term, page * PAGE, PAGE
    )
    options = [Option(summary_label(row), f"b{row.id}") for row in rows]
    if page > 0:
        options.append(Option("◀ Vorige pagina", PREVIOUS))
    if (page + 1) * PAGE < total:
        options.append(Option("Volgende pagina ▶", NEXT))
    for value, each in FILTERS.items():
        if each is not toestand:
            options.append(Option(f"Filter: {each.label.lower() if each else 'alle'}", value))
    if term:
        options.append(Option("Zoekterm wissen", CLEAR))
    if total:
        options += [Option("⬇ CSV", CSV), Option("⬇ Excel", XLSX)]
    shown = f"Filter: {toestand.label.lower() if toestand else 'alle'}"
    shown += f" · zoekterm ‘{term}’" if term else ""
    if rows:
        body = (
            f"{page * PAGE + 1}–{page * PAGE + len(rows)} van {total}, lopende eerst. Kies een "
            "lijn, of typ een naam of klantnummer om te zoeken."
        )
    else:
        body = "Geen begeleidingen gevonden. Een nieuwe registreer je met /esf."
    return Question(
        f"ESF-begeleidingen van {organisation.name} ({messages.ESF_STEP})\n{shown}\n{body}",
        tuple(options),
    )


async def _accept(ctx: StepContext, answer: Answer) -> Outcome:
    value, answers = answer.value, ctx.answers
    if value in (NEXT, PREVIOUS):
        answers["page"] = max(0, int(answers.get("page", 0)) + (1 if value == NEXT else -1))
        return Stay()
    if value in FILTERS or value == CLEAR:
        if value == CLEAR:
            answers.pop("term", None)
        else:
            answers["filter"] = value
        answers["page"] = 0
        return Stay()
    if value in (CSV, XLSX):
        return await _download(ctx, value)
    if value is not None and value.startswith("b"):
        return await _choose(ctx, int(value[1:]))
    term = " ".join(answer.text.split())
    if not term:
        raise Refusal("Typ een naam of klantnummer.")
    organisation = ctx.staff.organisation
    rows, total = await ctx.uow.begeleidingen.overview(
        organisation.id, _filter(answers), term, 0, 1
    )
    if total == 0:
        raise Refusal(f"Geen begeleiding gevonden voor ‘{term}’ bij {organisation.name}.")
    if total == 1:
        return await _choose(ctx, rows[0].id)
    answers.update(term=term, page=0)
    return Stay(f"{total} begeleidingen gevonden voor ‘{term}’.")


async def _download(ctx: StepContext, fmt_: str) -> Outcome:
    """The overview under the current filter and search, as a file in the chat (A3 for ESF)."""
    organisation = ctx.staff.organisation
    export = esf_export(
        ctx.uow,
        organisation.id,
        _filter(ctx.answers),
        str(ctx.answers.get("term", "")),
        zone_of(ctx),
        f"esf-begeleidingen {organisation.name}",
    )
    document, rows = await export_document(export, fmt_, ctx.today)
    kind = "CSV-bestand" if fmt_ == CSV else "Excel-bestand"
    return Stay(f"⬇ De begeleidingen ({rows} lijnen) als {kind}: {document.filename}", document)


async def _choose(ctx: StepContext, begeleiding_id: int) -> Outcome:
    line = await own_begeleiding(ctx.uow, ctx.staff, begeleiding_id)
    remember_line(ctx.answers, line)
    return Advance()


def overview_step() -> Step:
    """The step that puts a chosen line in the answers (`line`), after an ownership check."""
    return Step(
        "overzicht",
        "het overzicht van de begeleidingen",
        _ask,
        _accept,
        help="Lopende begeleidingen staan eerst. Kies een lijn, filter op bezig of beëindigd, "
        "of typ (een deel van) de naam of het klantnummer van de jongere.",
    )
