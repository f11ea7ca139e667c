"""Ending a line (B5–B6), cancelling one registered by mistake (B3), asking its removal (B7)."""

from __future__ import annotations

from datetime import date

from flows.domain import handbook
from flows.domain.esf import Resultaat
from flows.domain.rules import esf as rules
from flows.domain.rules.dates import fmt
from flows.engine.definition import (
    Advance,
    Answer,
    Condition,
    Outcome,
    Question,
    Step,
    StepContext,
    Transition,
    action,
    linear,
)
from flows.engine.values import Option
from flows.esf.answers import DossierAnswers, line_card
from flows.esf.begeleiding_changes import cancel_begeleiding, close_begeleiding, request_removal
from flows.esf.render import aanvullen_text, line_header
from flows.widgets.date_step import date_step

CONFIRM = "confirm"
Context = StepContext[DossierAnswers]


# -- B5: beëindigen ---------------------------------------------------------------------------
def _einde_text(ctx: Context) -> str:
    return (
        f"{line_header(ctx.answers.chosen)}\n\nToestand: Beëindigd. Wat is de einddatum van de "
        "begeleiding? Na deze datum kan je voor deze begeleiding geen acties meer registreren."
    )


def _check_einde(ctx: Context, day: date) -> None:
    line = ctx.answers.chosen
    rules.check_einddatum_day(day, line.startdatum, line.last_actie, ctx.today)


def _keep_einde(answers: DossierAnswers, day: date) -> None:
    answers.einddatum = day


def _einddatum(ctx: Context) -> date:
    assert ctx.answers.einddatum is not None, "asked before the einddatum"
    return ctx.answers.einddatum


def _resultaat(ctx: Context) -> Resultaat:
    assert ctx.answers.resultaat is not None, "asked before the resultaat"
    return ctx.answers.resultaat


def _mark(resultaat: Resultaat) -> str:
    return "➕" if resultaat.positief else "➖"


# Short names for the buttons: the handbook's full wording is numbered in the message (a phone
# cuts long button labels off).
_SHORT = {
    Resultaat.OPLEIDING_VERDER: "Opleiding verder",
    Resultaat.GESTOPT_MET_WERK: "Gestopt, heeft werk",
    Resultaat.KWALIFICATIE: "Kwalificatie behaald",
    Resultaat.GEEN_KWALIFICATIE: "Geen kwalificatie, geen werk",
    Resultaat.STOPGEZET_IN_ONDERWIJS: "Stopgezet, blijft in onderwijs",
}


def _ask_resultaat(ctx: Context) -> Question:
    ordered = sorted(Resultaat, key=lambda r: not r.positief)  # positive first, as the handbook
    number = {each: index for index, each in enumerate(ordered, 1)}
    groups = [
        f"{title}\n"
        + "\n".join(f"{number[r]}. {_mark(r)} {r.label}" for r in ordered if r.positief is good)
        for title, good in ((handbook.ESF_POSITIEF, True), (handbook.ESF_NEGATIEF, False))
    ]
    return Question(
        f"{line_header(ctx.answers.chosen)}\nEinddatum: {fmt(_einddatum(ctx))}\n\n"
        "Kies het resultaat (verplicht).\n" + "\n".join(groups),
        tuple(
            Option(f"{number[each]}. {_mark(each)} {_SHORT[each]}", each.value) for each in ordered
        ),
        typed=False,
    )


async def _accept_resultaat(ctx: Context, answer: Answer) -> Outcome:
    ctx.answers.resultaat = Resultaat(answer.value or "")
    return Advance()


def _ask_einde_ok(ctx: Context) -> Question:
    einddatum, resultaat = _einddatum(ctx), _resultaat(ctx)
    kind = "positief" if resultaat.positief else "negatief"
    return Question(
        f"{line_header(ctx.answers.chosen)}\n\nControleer en bevestig:\nToestand: Beëindigd\n"
        f"Einddatum: {fmt(einddatum)}\nResultaat ({kind}): {resultaat.label}\n\n"
        f"⚠️ Opgelet: {handbook.ESF_FINAL}\n{aanvullen_text(ctx.today, ctx.today)}",
        (Option("✅ Bevestigen: begeleiding beëindigen", CONFIRM),),
        typed=False,
    )


async def _accept_einde_ok(ctx: Context, answer: Answer) -> Outcome:
    einddatum, resultaat = _einddatum(ctx), _resultaat(ctx)
    line = await close_begeleiding(
        ctx.uow, ctx.staff, ctx.answers.chosen.id, einddatum, resultaat, ctx.now
    )
    ctx.answers.line = line_card(line)
    return Advance(
        f"✅ Beëindigd op {fmt(einddatum)}. "
        f"{aanvullen_text(rules.closed_on(line, ctx.now), ctx.today)}",
        stored=True,
    )


# -- B3: annuleren ----------------------------------------------------------------------------
def _ask_annuleren(ctx: Context) -> Question:
    return Question(
        f"{line_header(ctx.answers.chosen)}\n\nToestand {handbook.ESF_CANCEL} Na bevestigen "
        "verdwijnt de lijn uit het overzicht (het auditlog bewaart ze). Lijn annuleren?",
        (Option("Ja, lijn annuleren", "ja"), Option("Nee, niet annuleren", "nee")),
        typed=False,
    )


async def _accept_annuleren(ctx: Context, answer: Answer) -> Outcome:
    ctx.answers.cancelled = answer.value == "ja"
    return Advance()


async def _cancel(ctx: Context) -> Outcome:
    """Cancel the line as confirmed: it leaves the overview, so the chat returns there."""
    line = await cancel_begeleiding(ctx.uow, ctx.staff, ctx.answers.chosen.id, ctx.now)
    ctx.answers.line = None
    return Advance(
        f"🗑 De lijn van {line.jongere.naam} staat op Geannuleerd en verdwijnt uit het overzicht.",
        stored=True,
    )


CANCELLED = Condition[DossierAnswers]("cancelled", lambda a: a.cancelled)


# -- B7: verwijdering aanvragen ----------------------------------------------------------------
def _ask_reden(ctx: Context) -> Question:
    return Question(
        f"{line_header(ctx.answers.chosen)}\n\nWaarom moet deze beëindigde lijn verwijderd "
        "worden? De provinciale coach klantendossier – partners beslist over je aanvraag."
    )


async def _accept_reden(ctx: Context, answer: Answer) -> Outcome:
    ctx.answers.reden = rules.check_reden(answer.text)
    return Advance()


def _ask_reden_ok(ctx: Context) -> Question:
    return Question(
        f"{line_header(ctx.answers.chosen)}\n\nVerwijdering aanvragen, met als reden:\n"
        f"“{ctx.answers.reden}”",
        (Option("✅ Aanvraag versturen", CONFIRM),),
        typed=False,
    )


async def _accept_reden_ok(ctx: Context, answer: Answer) -> Outcome:
    await request_removal(ctx.uow, ctx.staff, ctx.answers.chosen.id, ctx.answers.reden, ctx.now)
    return Advance(
        "📨 Je aanvraag tot verwijdering ging naar de provinciale coach. Je krijgt bericht zodra "
        "die beslist heeft.",
        stored=True,
    )


EINDDATUM = date_step(
    "einddatum",
    "de einddatum",
    _einde_text,
    _check_einde,
    _keep_einde,
    help="De einddatum: niet vóór de startdatum of de laatste actie, niet in de toekomst.",
)
RESULTAAT = Step[DossierAnswers]("resultaat", "het resultaat", _ask_resultaat, _accept_resultaat)
EINDE_OK = Step[DossierAnswers](
    "einde_ok", "het bevestigen van het beëindigen", _ask_einde_ok, _accept_einde_ok
)
ANNULEREN = Step[DossierAnswers](
    "annuleren", "het annuleren van de lijn", _ask_annuleren, _accept_annuleren
)
CANCEL = action("cancel", _cancel)
REDEN = Step[DossierAnswers]("reden", "de reden voor de verwijdering", _ask_reden, _accept_reden)
REDEN_OK = Step[DossierAnswers](
    "reden_ok", "het versturen van de aanvraag", _ask_reden_ok, _accept_reden_ok
)

STEPS = (EINDDATUM, RESULTAAT, EINDE_OK, ANNULEREN, CANCEL, REDEN, REDEN_OK)


def transitions(
    detail: Step[DossierAnswers], overview: Step[DossierAnswers]
) -> tuple[Transition[DossierAnswers], ...]:
    """B3, B5 and B7's routes: back to the line's `detail`, or to the `overview` it left."""
    return (
        *linear([EINDDATUM, RESULTAAT, EINDE_OK]),
        Transition(EINDE_OK, detail),
        Transition(ANNULEREN, CANCEL, conditions=(CANCELLED,)),
        Transition(ANNULEREN, detail, unless=(CANCELLED,)),
        Transition(CANCEL, overview),
        *linear([REDEN, REDEN_OK]),
        Transition(REDEN_OK, detail),
    )
