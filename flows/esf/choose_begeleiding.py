"""The overview of an organisation's ESF lines: running first, filtered, searched, paged."""

from __future__ import annotations

from flows.domain import handbook
from flows.domain.errors import Refusal
from flows.domain.esf import Toestand
from flows.engine.definition import Advance, Answer, Outcome, Question, Stay, Step, StepContext
from flows.engine.downloads import Download
from flows.engine.values import Option
from flows.esf.answers import DossierAnswers, EsfFilter, line_card
from flows.esf.begeleiding_changes import own_begeleiding
from flows.esf.charts import esf_chart
from flows.esf.exports import esf_export
from flows.esf.render import summary_label
from flows.widgets.list_screen import (
    ScreenControls,
    apply_control,
    download_note,
    file_kind,
    filter_options,
    lines_text,
    search_options,
)
from flows.widgets.paging import offset_options, zone_of

PAGE = 5
CHART = "grafiek"
# By the filter's value, which the command line's `export esf --status` takes as well.
FILTERS: dict[EsfFilter, Toestand | None] = {
    EsfFilter.ALLE: None,
    EsfFilter.BEZIG: Toestand.BEZIG,
    EsfFilter.BEEINDIGD: Toestand.BEEINDIGD,
}
FILTER_LABELS = {
    value: f"Filter: {each.label.lower() if each else 'alle'}" for value, each in FILTERS.items()
}
Context = StepContext[DossierAnswers]


async def _ask(ctx: Context) -> Question:
    a, organisation = ctx.answers, ctx.staff.organisation
    toestand, term = FILTERS[a.filter], a.term or ""
    rows, total = await ctx.uow.begeleidingen.overview(
        organisation.id, toestand, term, a.page * PAGE, PAGE
    )
    options = [Option(summary_label(row), f"b{row.id}") for row in rows]
    options += offset_options(a, PAGE, total)
    options += filter_options(FILTER_LABELS, a.filter)
    options += search_options(bool(term), total, "Zoekterm wissen")
    options += [Option("📊 Grafiek", CHART)]
    shown = f"Filter: {toestand.label.lower() if toestand else 'alle'}"
    shown += f" · zoekterm ‘{term}’" if term else ""
    if rows:
        body = (
            f"{a.page * PAGE + 1}–{a.page * PAGE + len(rows)} van {total}, lopende eerst. Kies "
            "een lijn, of typ een naam of klantnummer om te zoeken."
        )
    else:
        body = "Geen begeleidingen gevonden. Een nieuwe registreer je met /esf."
    return Question(
        f"ESF-begeleidingen van {organisation.name} ({handbook.ESF_STEP})\n{shown}\n{body}",
        tuple(options),
    )


async def _accept(ctx: Context, answer: Answer) -> Outcome:
    value, a = answer.value, ctx.answers
    shared = apply_control(
        a, value, ScreenControls(tuple(EsfFilter), lambda fmt_: _download(ctx, fmt_))
    )
    if shared is not None:
        return shared
    if value == CHART:
        return _chart(ctx)
    if value is not None and value.startswith("b"):
        return await _choose(ctx, int(value[1:]))
    term = " ".join(answer.text.split())
    if not term:
        raise Refusal("Typ een naam of klantnummer.")
    organisation = ctx.staff.organisation
    rows, total = await ctx.uow.begeleidingen.overview(
        organisation.id, FILTERS[a.filter], term, 0, 1
    )
    if total == 0:
        raise Refusal(f"Geen begeleiding gevonden voor ‘{term}’ bij {organisation.name}.")
    if total == 1:
        return await _choose(ctx, rows[0].id)
    a.term = term
    a.first_page()
    return Stay(f"{total} begeleidingen gevonden voor ‘{term}’.")


def _download(ctx: Context, fmt_: str) -> Outcome:
    """The overview under the current filter and search, as a file in the chat (A3 for ESF)."""
    organisation, toestand = ctx.staff.organisation, FILTERS[ctx.answers.filter]
    term, zone = ctx.answers.term or "", zone_of(ctx)
    name = f"esf-begeleidingen {organisation.name}"

    def reply(rows: int, filename: str) -> str:
        return f"⬇ De begeleidingen ({lines_text(rows)}) als {file_kind(fmt_)}: {filename}"

    export = Download(
        lambda reader: esf_export(reader, organisation.id, toestand, term, zone, name),
        fmt_,
        reply,
    )
    return Stay(download_note(fmt_), export)


def _chart(ctx: Context) -> Outcome:
    """The last 12 months as a picture in the chat, drawn after the turn is stored."""
    organisation, today = ctx.staff.organisation, ctx.now.astimezone(zone_of(ctx)).date()

    def reply(rows: int, filename: str) -> str:
        return (
            "📊 De begeleidingen van de laatste 12 maanden: gestart en beëindigd per maand, "
            "en het resultaat van de beëindigde."
        )

    chart = Download(
        lambda reader: esf_chart(reader, organisation.id, organisation.name, today), "png", reply
    )
    return Stay("📊 De grafiek wordt getekend en volgt hieronder.", chart)


async def _choose(ctx: Context, begeleiding_id: int) -> Outcome:
    line = await own_begeleiding(ctx.uow, ctx.staff, begeleiding_id)
    ctx.answers.line = line_card(line)
    return Advance()


OVERVIEW = Step[DossierAnswers](
    "overzicht",
    "het overzicht van de begeleidingen",
    _ask,
    _accept,
    help="Lopende begeleidingen staan eerst. Kies een lijn, filter op bezig of beëindigd, "
    "of typ (een deel van) de naam of het klantnummer van de jongere. 📊 Grafiek toont de "
    "laatste 12 maanden als afbeelding.",
    screen=True,
)
