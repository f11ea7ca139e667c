"""Flow `/esfoverzicht`: the organisation's ESF lines (overview, detail) and all work on them.

From a line's detail: add to the samenvatting and register actions (B4), end it with a
resultaat (B5–B6), cancel it when registered by mistake (B3), ask its removal (B7).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flows.domain.errors import Refusal
from flows.domain.esf import Begeleiding, RemovalStatus, Toestand
from flows.domain.intents import AddSamenvattingTo, EndBegeleiding, RegisterActieOn
from flows.domain.rules import esf as rules
from flows.engine.definition import (
    Advance,
    Answer,
    Condition,
    Entry,
    Finish,
    Flow,
    Outcome,
    Question,
    Step,
    StepContext,
    Transition,
    action,
)
from flows.engine.values import Option
from flows.esf import closing, followup
from flows.esf.answers import DossierAnswers, LineAction, line_card
from flows.esf.begeleiding_changes import own_begeleiding
from flows.esf.choose_begeleiding import OVERVIEW
from flows.esf.register_begeleiding import is_esf
from flows.esf.render import render_line

AANVULLEN, ACTIE, EINDE = LineAction.AANVULLEN, LineAction.ACTIE, LineAction.EINDE
ANNULEREN, VERWIJDERING = LineAction.ANNULEREN, LineAction.VERWIJDERING
OTHER, DONE = LineAction.OTHER, LineAction.DONE
Context = StepContext[DossierAnswers]

# What each action checks before its first question (the service checks again on storing).
_CHECKS: dict[LineAction, Callable[[Begeleiding, datetime], None]] = {
    AANVULLEN: rules.check_may_add_samenvatting,
    ACTIE: rules.check_open,
    EINDE: rules.check_open,
    ANNULEREN: rules.check_may_cancel,
    VERWIJDERING: rules.check_may_request_removal,
}


def _options(line: Begeleiding, now: datetime) -> list[Option]:
    """Only what can be accepted: no aanvulling once B6's 14 days have passed."""
    if line.toestand is Toestand.BEZIG:
        return [
            Option("Samenvatting aanvullen", AANVULLEN),
            Option("Actie registreren", ACTIE),
            Option("Beëindigen", EINDE),
            Option("Lijn annuleren (foutief geregistreerd)", ANNULEREN),
        ]
    options = []
    if rules.may_add_samenvatting(line, now):
        options.append(Option("Samenvatting aanvullen", AANVULLEN))
    if line.removal is None or line.removal.status is not RemovalStatus.OPEN:
        options.append(Option("Verwijdering aanvragen", VERWIJDERING))
    return options


async def _ask_detail(ctx: Context) -> Question:
    leave = (Option("Andere begeleiding", OTHER), Option("Klaar", DONE))
    try:
        line = await own_begeleiding(ctx.uow, ctx.staff, ctx.answers.chosen.id)
    except Refusal as gone:
        return Question(gone.message, leave, typed=False)
    return Question(
        f"{render_line(line, ctx.now)}\n\nWat wil je doen?",
        (*_options(line, ctx.now), *leave),
        typed=False,
    )


async def _accept_detail(ctx: Context, answer: Answer) -> Outcome:
    chosen = ctx.answers.action = LineAction(answer.value or "")
    if chosen is DONE:
        return Finish("Klaar.")
    if chosen is OTHER:
        ctx.answers.line = None
        return Advance()
    line = await own_begeleiding(ctx.uow, ctx.staff, ctx.answers.chosen.id)
    ctx.answers.line = line_card(line)
    _CHECKS[chosen](line, ctx.now)
    return Advance()


def _chose(action: LineAction) -> Condition[DossierAnswers]:
    return Condition[DossierAnswers](f"chose_{action}", lambda a: a.action is action)


DETAIL = Step[DossierAnswers](
    "detail", "het detail van de begeleiding", _ask_detail, _accept_detail, screen=True
)


async def _open_line(ctx: Context) -> Outcome:
    """A line opened from elsewhere (a reminder's button): read, owned, and checked now."""
    assert ctx.answers.opening is not None
    assert ctx.answers.action is not None
    line = await own_begeleiding(ctx.uow, ctx.staff, ctx.answers.opening)
    ctx.answers.line, ctx.answers.opening = line_card(line), None
    _CHECKS[ctx.answers.action](line, ctx.now)
    return Advance()


OPEN_LINE = action("open_line", _open_line)


def _entry(
    intent: type[AddSamenvattingTo | RegisterActieOn | EndBegeleiding], to: LineAction
) -> Entry[Any, DossierAnswers]:
    return Entry(intent, OPEN_LINE, lambda i: DossierAnswers(action=to, opening=i.begeleiding_id))


STEPS = (OVERVIEW, DETAIL, *followup.STEPS, *closing.STEPS, OPEN_LINE)

TRANSITIONS = (
    Transition(OVERVIEW, DETAIL),
    Transition(DETAIL, OVERVIEW, conditions=(_chose(OTHER),)),
    Transition(DETAIL, followup.AANVULLING, conditions=(_chose(AANVULLEN),)),
    Transition(DETAIL, followup.ACTIE_SOORT, conditions=(_chose(ACTIE),)),
    Transition(DETAIL, closing.EINDDATUM, conditions=(_chose(EINDE),)),
    Transition(DETAIL, closing.ANNULEREN, conditions=(_chose(ANNULEREN),)),
    Transition(DETAIL, closing.REDEN, conditions=(_chose(VERWIJDERING),)),
    Transition(OPEN_LINE, followup.AANVULLING, conditions=(_chose(AANVULLEN),)),
    Transition(OPEN_LINE, followup.ACTIE_SOORT, conditions=(_chose(ACTIE),)),
    Transition(OPEN_LINE, closing.EINDDATUM, conditions=(_chose(EINDE),)),
    *followup.transitions(detail=DETAIL),
    *closing.transitions(detail=DETAIL, overview=OVERVIEW),
)

ESF_DOSSIER = Flow(
    name="esf_dossier",
    title="ESF-begeleidingen bekijken",
    command="esfoverzicht",
    answers=DossierAnswers,
    steps=STEPS,
    transitions=TRANSITIONS,
    available_to=is_esf,
    entries=(
        _entry(AddSamenvattingTo, AANVULLEN),
        _entry(RegisterActieOn, ACTIE),
        _entry(EndBegeleiding, EINDE),
    ),
)
