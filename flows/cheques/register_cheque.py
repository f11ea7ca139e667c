"""Flow `/cheque`: register a loopbaancheque in three steps, stored at once (A5, A6.1)."""

from __future__ import annotations

from datetime import date

from flows.cheques.answers import ChequeAnswers
from flows.cheques.cheque_steps import (
    AKKOORD,
    BEGINVRAAG,
    CHEQUENUMMER,
    CLIENT_AGREES,
    KLANTNUMMER,
    THEMES,
    client_line,
)
from flows.cheques.gesprek_steps import gesprek_lines, gesprek_steps
from flows.cheques.registrations import register_cheque
from flows.domain import handbook
from flows.domain.cheques import GesprekType, NewRegistration
from flows.domain.intents import RegisterCheque
from flows.domain.rules.dates import check_gesprek_date, fmt
from flows.domain.rules.duration import fmt_minutes
from flows.domain.staff import at_loopbaancentrum
from flows.engine.answers import AnswersUnreadable
from flows.engine.definition import (
    Answer,
    Entry,
    Finish,
    Flow,
    Outcome,
    Question,
    Step,
    StepContext,
    Transition,
    linear,
)
from flows.engine.values import Option


# -- Stap 3 -------------------------------------------------------------------------------------
def _intake_header(ctx: StepContext[ChequeAnswers]) -> str:
    return f"{handbook.STEP3_TITLE} (Intake gesprek)\n{client_line(ctx.answers)}"


def _check_intake_date(ctx: StepContext[ChequeAnswers], day: date) -> None:
    a = ctx.answers
    if a.ordered_on is None or a.start_by is None:
        raise AnswersUnreadable("the cheque was not found")
    check_gesprek_date(day, ctx.today, not_before=a.ordered_on, not_after=a.start_by)


def _minutes_left(ctx: StepContext[ChequeAnswers]) -> int:
    return ctx.answers.cheque_minutes


INTAKE = gesprek_steps(_intake_header, _check_intake_date, "het intakegesprek", _minutes_left)


# -- Overzicht ----------------------------------------------------------------------------------
def _ask_summary(ctx: StepContext[ChequeAnswers]) -> Question:
    a = ctx.answers
    lines = [
        "Controleer en bevestig. Pas na bevestigen wordt alles opgeslagen en wordt de cheque "
        f"gekoppeld aan {ctx.staff.organisation.name}.",
        "",
        f"Stap 1 · {client_line(a)}",
        f"Stap 2 · Thema's: {', '.join(a.themes)}",
        f"         Beginvraag: “{a.beginvraag}”",
        "Stap 3 · " + "\n         ".join(gesprek_lines(a, GesprekType.INTAKE)),
    ]
    return Question("\n".join(lines), (Option("✅ Bevestigen en opslaan", "confirm"),), typed=False)


async def _accept_summary(ctx: StepContext[ChequeAnswers], answer: Answer) -> Outcome:
    a = ctx.answers
    if a.issued_cheque_id is None:
        raise AnswersUnreadable("the cheque was not found")
    intake = a.gesprek(GesprekType.INTAKE)
    await register_cheque(
        ctx.uow,
        ctx.staff,
        NewRegistration(
            issued_cheque_id=a.issued_cheque_id,
            organisation_id=ctx.staff.organisation.id,
            registered_by=ctx.staff.id,
            registered_at=ctx.now,
            themes=tuple(a.themes),
            beginvraag=a.beginvraag,
            intake=intake,
        ),
    )
    left = a.cheque_minutes - intake.minutes
    return Finish(
        f"✅ Geregistreerd. Cheque {a.chequenummer} van {a.klantnaam} is nu gekoppeld aan "
        f"{ctx.staff.organisation.name}, met het intakegesprek van {fmt(intake.datum)} "
        f"({fmt_minutes(intake.minutes)}). Er blijft {fmt_minutes(left)} op de cheque."
    )


SUMMARY = Step[ChequeAnswers](
    "summary", "het overzicht voor bevestiging", _ask_summary, _accept_summary
)

TRANSITIONS = (
    *linear([CHEQUENUMMER, KLANTNUMMER, THEMES, BEGINVRAAG, AKKOORD]),
    Transition(AKKOORD, INTAKE.datum, conditions=(CLIENT_AGREES,)),
    Transition(AKKOORD, BEGINVRAAG, unless=(CLIENT_AGREES,)),
    *INTAKE.transitions(then=SUMMARY),
)


CHEQUE_REGISTRATION = Flow(
    name="cheque_registration",
    title="Cheque registreren",
    command="cheque",
    answers=ChequeAnswers,
    steps=(CHEQUENUMMER, KLANTNUMMER, THEMES, BEGINVRAAG, AKKOORD, *INTAKE.steps, SUMMARY),
    transitions=TRANSITIONS,
    available_to=at_loopbaancentrum,
    entries=(Entry(RegisterCheque, CHEQUENUMMER, lambda intent: ChequeAnswers()),),
)
