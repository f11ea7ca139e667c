"""Continuing on a line (B4): dated additions to the samenvatting, and actions or contacts."""

from __future__ import annotations

from datetime import date

from flows.domain import handbook
from flows.domain.esf import ActieSoort, NewActie
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
from flows.esf.begeleiding_changes import add_samenvatting, register_actie
from flows.esf.render import line_header
from flows.widgets.date_step import date_step

CONFIRM, EDIT, NONE = "confirm", "edit", "geen"
Context = StepContext[DossierAnswers]


# -- samenvatting aanvullen ---------------------------------------------------------------------
def _ask_aanvulling(ctx: Context) -> Question:
    return Question(
        f"{line_header(ctx.answers.chosen)}\n\nVul de samenvatting aan. "
        f"{handbook.ESF_SAMENVATTING}\nDe aanvulling krijgt de datum van vandaag "
        f"({fmt(ctx.today)})."
    )


async def _accept_aanvulling(ctx: Context, answer: Answer) -> Outcome:
    ctx.answers.aanvulling = rules.check_samenvatting(answer.text)
    ctx.answers.saved = False
    return Advance()


def _ask_aanvulling_ok(ctx: Context) -> Question:
    return Question(
        f"{line_header(ctx.answers.chosen)}\n\nAanvulling bij de samenvatting, "
        f"{fmt(ctx.today)}:\n“{ctx.answers.aanvulling}”\n\nOpslaan?",
        (Option("✅ Opslaan", CONFIRM), Option("✏️ Aanpassen", EDIT)),
        typed=False,
    )


async def _accept_aanvulling_ok(ctx: Context, answer: Answer) -> Outcome:
    ctx.answers.saved = answer.value == CONFIRM
    return Advance()


async def _store_aanvulling(ctx: Context) -> Outcome:
    """Add the confirmed aanvulling, dated today."""
    a = ctx.answers
    line = await add_samenvatting(ctx.uow, ctx.staff, a.chosen.id, a.aanvulling, ctx.now)
    a.line = line_card(line)
    return Advance("✅ Samenvatting aangevuld.", stored=True)


SAVED = Condition[DossierAnswers]("saved", lambda a: a.saved)


# -- actie registreren ----------------------------------------------------------------------------
def _ask_soort(ctx: Context) -> Question:
    return Question(
        f"{line_header(ctx.answers.chosen)}\n\nWelke actie of welk contact wil je registreren?",
        tuple(Option(soort.label, soort.value) for soort in ActieSoort),
        typed=False,
    )


async def _accept_soort(ctx: Context, answer: Answer) -> Outcome:
    ctx.answers.soort = ActieSoort(answer.value or "")
    return Advance()


def _soort(ctx: Context) -> ActieSoort:
    assert ctx.answers.soort is not None, "asked before the soort"
    return ctx.answers.soort


def _datum_text(ctx: Context) -> str:
    return (
        f"{line_header(ctx.answers.chosen)}\n\n{_soort(ctx).label}: wanneer vond de actie plaats?"
    )


def _check_datum(ctx: Context, day: date) -> None:
    rules.check_actie_day(day, ctx.answers.chosen.startdatum, ctx.today)


def _keep_datum(answers: DossierAnswers, day: date) -> None:
    answers.actie_datum = day


def _ask_notitie(ctx: Context) -> Question:
    return Question(
        f"{line_header(ctx.answers.chosen)}\n\nKorte notitie (niet verplicht): wat werd er "
        "gedaan of afgesproken? Typ je notitie of kies:",
        (Option("Geen notitie", NONE),),
    )


async def _accept_notitie(ctx: Context, answer: Answer) -> Outcome:
    ctx.answers.notitie = None if answer.value == NONE else rules.check_notitie(answer.text)
    return Advance()


def _actie(ctx: Context) -> NewActie:
    assert ctx.answers.actie_datum is not None, "asked before the datum"
    return NewActie(ctx.answers.actie_datum, _soort(ctx), ctx.answers.notitie)


def _ask_actie_ok(ctx: Context) -> Question:
    actie = _actie(ctx)
    return Question(
        f"{line_header(ctx.answers.chosen)}\n\nControleer en bevestig:\n"
        f"Actie: {actie.soort.label}\nDatum: {fmt(actie.datum)}\nNotitie: {actie.notitie or '—'}",
        (Option("✅ Bevestigen en opslaan", CONFIRM),),
        typed=False,
    )


async def _accept_actie_ok(ctx: Context, answer: Answer) -> Outcome:
    actie = _actie(ctx)
    line = await register_actie(ctx.uow, ctx.staff, ctx.answers.chosen.id, actie, ctx.now)
    ctx.answers.line = line_card(line)
    return Advance(f"✅ {actie.soort.label} van {fmt(actie.datum)} geregistreerd.", stored=True)


AANVULLING = Step[DossierAnswers](
    "aanvulling", "de aanvulling van de samenvatting", _ask_aanvulling, _accept_aanvulling
)
AANVULLING_OK = Step[DossierAnswers](
    "aanvulling_ok", "het bevestigen van de aanvulling", _ask_aanvulling_ok, _accept_aanvulling_ok
)
STORE_AANVULLING = action("store_aanvulling", _store_aanvulling)
ACTIE_SOORT = Step[DossierAnswers]("actie_soort", "de soort actie", _ask_soort, _accept_soort)
ACTIE_DATUM = date_step(
    "actie_datum",
    "de datum van de actie",
    _datum_text,
    _check_datum,
    _keep_datum,
    help="De datum van de actie: dd/mm/jjjj, vanaf de startdatum van de begeleiding en niet "
    "in de toekomst.",
)
ACTIE_NOTITIE = Step[DossierAnswers](
    "actie_notitie", "de notitie bij de actie", _ask_notitie, _accept_notitie
)
ACTIE_OK = Step[DossierAnswers](
    "actie_ok", "het overzicht van de actie", _ask_actie_ok, _accept_actie_ok
)

STEPS = (
    AANVULLING,
    AANVULLING_OK,
    STORE_AANVULLING,
    ACTIE_SOORT,
    ACTIE_DATUM,
    ACTIE_NOTITIE,
    ACTIE_OK,
)


def transitions(detail: Step[DossierAnswers]) -> tuple[Transition[DossierAnswers], ...]:
    """B4's routes; each change, once stored, leads back to the line's `detail`."""
    return (
        Transition(AANVULLING, AANVULLING_OK),
        Transition(AANVULLING_OK, STORE_AANVULLING, conditions=(SAVED,)),
        Transition(AANVULLING_OK, AANVULLING, unless=(SAVED,)),
        Transition(STORE_AANVULLING, detail),
        *linear([ACTIE_SOORT, ACTIE_DATUM, ACTIE_NOTITIE, ACTIE_OK]),
        Transition(ACTIE_OK, detail),
    )
