"""Flow `/begeleidingen`: the organisation's ESF lines (overview, detail) and all work on them.

From a line's detail: add to the samenvatting and register actions (B4), end it with a
resultaat (B5–B6), cancel it when registered by mistake (B3), ask its removal (B7).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from flows import esf_closing, esf_followup
from flows.conversation import Option
from flows.domain import Refusal
from flows.esf_choice import overview_step
from flows.esf_domain import Begeleiding, RemovalStatus, Toestand
from flows.esf_registration import is_esf
from flows.esf_render import remember_line, render_line
from flows.esf_services import own_begeleiding
from flows.flow import (
    Advance,
    Answer,
    Condition,
    Finish,
    Flow,
    Outcome,
    Question,
    Step,
    StepContext,
    Transition,
)
from flows.rules import esf as rules

AANVULLEN, ACTIE, EINDE, ANNULEREN = "aanvullen", "actie", "einde", "annuleren"
VERWIJDERING, OTHER, DONE = "verwijdering", "other", "done"

# What each action checks before its first question (the service checks again on storing).
_CHECKS: dict[str, Callable[[Begeleiding, datetime], None]] = {
    AANVULLEN: lambda line, now: rules.check_may_add_samenvatting(line, now.date()),
    ACTIE: lambda line, now: rules.check_open(line, now.date()),
    EINDE: lambda line, now: rules.check_open(line, now.date()),
    ANNULEREN: lambda line, now: rules.check_may_cancel(line, now.date()),
    VERWIJDERING: rules.check_may_request_removal,
}


def _options(line: Begeleiding) -> list[Option]:
    if line.toestand is Toestand.BEZIG:
        return [
            Option("Samenvatting aanvullen", AANVULLEN),
            Option("Actie registreren", ACTIE),
            Option("Beëindigen", EINDE),
            Option("Lijn annuleren (foutief geregistreerd)", ANNULEREN),
        ]
    options = [Option("Samenvatting aanvullen", AANVULLEN)]
    if line.removal is None or line.removal.status is not RemovalStatus.OPEN:
        options.append(Option("Verwijdering aanvragen", VERWIJDERING))
    return options


async def _ask_detail(ctx: StepContext) -> Question:
    leave = (Option("Andere begeleiding", OTHER), Option("Klaar", DONE))
    try:
        line = await own_begeleiding(ctx.uow, ctx.staff, int(ctx.answers["line"]["id"]))
    except Refusal as gone:
        return Question(gone.message, leave, typed=False)
    return Question(
        f"{render_line(line, ctx.now)}\n\nWat wil je doen?",
        (*_options(line), *leave),
        typed=False,
    )


async def _accept_detail(ctx: StepContext, answer: Answer) -> Outcome:
    action = answer.value or ""
    ctx.answers["action"] = action
    if action == DONE:
        return Finish("Klaar.")
    if action == OTHER:
        ctx.answers.pop("line", None)
        return Advance()
    line = await own_begeleiding(ctx.uow, ctx.staff, int(ctx.answers["line"]["id"]))
    remember_line(ctx.answers, line)
    _CHECKS[action](line, ctx.now)
    return Advance()


def _chose(action: str) -> Condition:
    return Condition(f"chose_{action}", lambda a: a.get("action") == action)


STEPS = (
    overview_step(),
    Step("detail", "het detail van de begeleiding", _ask_detail, _accept_detail),
    *esf_followup.STEPS,
    *esf_closing.STEPS,
)

TRANSITIONS = (
    Transition("next", "overzicht", "detail"),
    Transition("back", "detail", "overzicht"),
    Transition("next", "detail", "overzicht", conditions=(_chose(OTHER),)),
    Transition("next", "detail", "aanvulling", conditions=(_chose(AANVULLEN),)),
    Transition("next", "detail", "actie_soort", conditions=(_chose(ACTIE),)),
    Transition("next", "detail", "einddatum", conditions=(_chose(EINDE),)),
    Transition("next", "detail", "annuleren", conditions=(_chose(ANNULEREN),)),
    Transition("next", "detail", "reden", conditions=(_chose(VERWIJDERING),)),
    *esf_followup.TRANSITIONS,
    *esf_closing.TRANSITIONS,
)

ESF_DOSSIER = Flow(
    name="esf_dossier",
    title="ESF-begeleidingen bekijken",
    command="begeleidingen",
    steps=STEPS,
    transitions=TRANSITIONS,
    available_to=is_esf,
)
