"""Continuing on a line (B4): dated additions to the samenvatting, and actions or contacts."""

from __future__ import annotations

from datetime import date

from flows import messages
from flows.conversation import Option
from flows.esf_domain import ActieSoort, NewActie
from flows.esf_fields import day_step
from flows.esf_render import line_header, remember_line
from flows.esf_services import add_samenvatting, register_actie
from flows.flow import (
    Advance,
    Answer,
    Condition,
    Outcome,
    Question,
    Step,
    StepContext,
    Transition,
    linear,
)
from flows.rules import esf as rules
from flows.rules.dates import fmt

CONFIRM, EDIT, NONE = "confirm", "edit", "geen"


def _id(ctx: StepContext) -> int:
    return int(ctx.answers["line"]["id"])


# -- samenvatting aanvullen ---------------------------------------------------------------------
def _ask_aanvulling(ctx: StepContext) -> Question:
    return Question(
        f"{line_header(ctx)}\n\nVul de samenvatting aan. {messages.ESF_SAMENVATTING}\n"
        f"De aanvulling krijgt de datum van vandaag ({fmt(ctx.today)})."
    )


async def _accept_aanvulling(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["aanvulling"] = rules.check_samenvatting(answer.text)
    ctx.answers.pop("saved", None)
    return Advance()


def _ask_aanvulling_ok(ctx: StepContext) -> Question:
    return Question(
        f"{line_header(ctx)}\n\nAanvulling bij de samenvatting, {fmt(ctx.today)}:\n"
        f"“{ctx.answers['aanvulling']}”\n\nOpslaan?",
        (Option("✅ Opslaan", CONFIRM), Option("✏️ Aanpassen", EDIT)),
        typed=False,
    )


async def _accept_aanvulling_ok(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["saved"] = answer.value == CONFIRM
    if answer.value != CONFIRM:
        return Advance()
    line = await add_samenvatting(ctx.uow, ctx.staff, _id(ctx), ctx.answers["aanvulling"], ctx.now)
    remember_line(ctx.answers, line)
    return Advance("✅ Samenvatting aangevuld.")


SAVED = Condition("saved", lambda a: a.get("saved") is True)


# -- actie registreren ----------------------------------------------------------------------------
def _ask_soort(ctx: StepContext) -> Question:
    return Question(
        f"{line_header(ctx)}\n\nWelke actie of welk contact wil je registreren?",
        tuple(Option(soort.label, soort.value) for soort in ActieSoort),
        typed=False,
    )


async def _accept_soort(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["soort"] = ActieSoort(answer.value or "").value
    return Advance()


def _datum_text(ctx: StepContext) -> str:
    soort = ActieSoort(ctx.answers["soort"]).label
    return f"{line_header(ctx)}\n\n{soort}: wanneer vond de actie plaats?"


def _check_datum(ctx: StepContext, day: date) -> None:
    rules.check_actie_day(day, date.fromisoformat(ctx.answers["line"]["startdatum"]), ctx.today)


def _ask_notitie(ctx: StepContext) -> Question:
    return Question(
        f"{line_header(ctx)}\n\nKorte notitie (niet verplicht): wat werd er gedaan of "
        "afgesproken? Typ je notitie of kies:",
        (Option("Geen notitie", NONE),),
    )


async def _accept_notitie(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["notitie"] = None if answer.value == NONE else rules.check_notitie(answer.text)
    return Advance()


def _actie(ctx: StepContext) -> NewActie:
    a = ctx.answers
    return NewActie(date.fromisoformat(a["actie_datum"]), ActieSoort(a["soort"]), a["notitie"])


def _ask_actie_ok(ctx: StepContext) -> Question:
    actie = _actie(ctx)
    return Question(
        f"{line_header(ctx)}\n\nControleer en bevestig:\nActie: {actie.soort.label}\n"
        f"Datum: {fmt(actie.datum)}\nNotitie: {actie.notitie or '—'}",
        (Option("✅ Bevestigen en opslaan", CONFIRM),),
        typed=False,
    )


async def _accept_actie_ok(ctx: StepContext, answer: Answer) -> Outcome:
    actie = _actie(ctx)
    line = await register_actie(ctx.uow, ctx.staff, _id(ctx), actie, ctx.now)
    remember_line(ctx.answers, line)
    return Advance(f"✅ {actie.soort.label} van {fmt(actie.datum)} geregistreerd.")


STEPS = (
    Step("aanvulling", "de aanvulling van de samenvatting", _ask_aanvulling, _accept_aanvulling),
    Step(
        "aanvulling_ok",
        "het bevestigen van de aanvulling",
        _ask_aanvulling_ok,
        _accept_aanvulling_ok,
    ),
    Step("actie_soort", "de soort actie", _ask_soort, _accept_soort),
    day_step(
        "actie_datum",
        "de datum van de actie",
        "actie_datum",
        _datum_text,
        _check_datum,
        help="De datum van de actie: dd/mm/jjjj, vanaf de startdatum van de begeleiding en niet "
        "in de toekomst.",
    ),
    Step("actie_notitie", "de notitie bij de actie", _ask_notitie, _accept_notitie),
    Step("actie_ok", "het overzicht van de actie", _ask_actie_ok, _accept_actie_ok),
)

TRANSITIONS = (
    Transition("back", "aanvulling", "detail"),
    Transition("next", "aanvulling", "aanvulling_ok"),
    Transition("next", "aanvulling_ok", "detail", conditions=(SAVED,)),
    Transition("next", "aanvulling_ok", "aanvulling", unless=(SAVED,)),
    Transition("back", "aanvulling_ok", "aanvulling"),
    Transition("back", "actie_soort", "detail"),
    *linear(["actie_soort", "actie_datum", "actie_notitie", "actie_ok"]),
    Transition("next", "actie_ok", "detail"),
)
