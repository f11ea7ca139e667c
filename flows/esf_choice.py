"""The overview of an organisation's ESF lines: running first, filtered, searched, paged."""

from __future__ import annotations

from flows import messages
from flows.conversation import Option
from flows.domain import Refusal
from flows.downloads import Download
from flows.esf_domain import Toestand
from flows.esf_render import remember_line, summary_label
from flows.esf_services import own_begeleiding
from flows.flow import Advance, Answer, Answers, Outcome, Question, Stay, Step, StepContext
from flows.list_screen import (
    NEXT,
    ListControls,
    download_note,
    file_kind,
    filter_options,
    lines_text,
    paging_options,
    search_options,
    shared_control,
)
from flows.overview_exports import esf_export
from flows.overview_paging import zone_of

PAGE = 5
FILTERS: dict[str, Toestand | None] = {
    "alle": None,
    "bezig": Toestand.BEZIG,
    "beeindigd": Toestand.BEEINDIGD,
}
FILTER_LABELS = {
    value: f"Filter: {each.label.lower() if each else 'alle'}" for value, each in FILTERS.items()
}


def _filter_value(answers: Answers) -> str:
    value = str(answers.get("filter", "alle"))
    return value if value in FILTERS else "alle"


def _filter(answers: Answers) -> Toestand | None:
    return FILTERS[_filter_value(answers)]


def _first_page(answers: Answers) -> None:
    answers["page"] = 0


async def _ask(ctx: StepContext) -> Question:
    organisation, toestand = ctx.staff.organisation, _filter(ctx.answers)
    term, page = str(ctx.answers.get("term", "")), int(ctx.answers.get("page", 0))
    rows, total = await ctx.uow.begeleidingen.overview(
        organisation.id, toestand, term, page * PAGE, PAGE
    )
    options = [Option(summary_label(row), f"b{row.id}") for row in rows]
    options += paging_options(page > 0, (page + 1) * PAGE < total)
    options += filter_options(FILTER_LABELS, _filter_value(ctx.answers))
    options += search_options(bool(term), total, "Zoekterm wissen")
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
    shared = await shared_control(answers, value, _controls(ctx))
    if shared is not None:
        return shared
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


def _controls(ctx: StepContext) -> ListControls:
    async def turn_page(way: str) -> None:
        page = int(ctx.answers.get("page", 0))
        ctx.answers["page"] = max(0, page + (1 if way == NEXT else -1))

    return ListControls(FILTERS, turn_page, _first_page, lambda fmt_: _download(ctx, fmt_))


def _download(ctx: StepContext, fmt_: str) -> Outcome:
    """The overview under the current filter and search, as a file in the chat (A3 for ESF)."""
    organisation, toestand = ctx.staff.organisation, _filter(ctx.answers)
    term, zone = str(ctx.answers.get("term", "")), zone_of(ctx)
    name = f"esf-begeleidingen {organisation.name}"

    def reply(rows: int, filename: str) -> str:
        return f"⬇ De begeleidingen ({lines_text(rows)}) als {file_kind(fmt_)}: {filename}"

    export = Download(
        lambda reader: esf_export(reader, organisation.id, toestand, term, zone, name),
        fmt_,
        reply,
    )
    return Stay(download_note(fmt_), export)


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
