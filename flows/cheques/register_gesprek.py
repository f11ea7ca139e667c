"""Flow `/gesprek`: a gesprek on a registered cheque, with the warnings of A6.2 when they matter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flows.cheques.answers import FileRef, GesprekAnswers, QuickDefaults
from flows.cheques.choose_cheque import choose_cheque_step, file_header, remember_file
from flows.cheques.file_changes import own_file
from flows.cheques.gesprek_saving import (
    CLOSING,
    CONFIRM,
    HOURS_LOST,
    STORE,
    WARN_CLOSE,
    WARN_HOURS,
)
from flows.cheques.gesprek_steps import gesprek_lines, gesprek_steps
from flows.domain.cheques import GesprekType, GesprekVorm
from flows.domain.intents import RegisterGesprek, RegisterGesprekOn
from flows.domain.rules import gesprekken as rules
from flows.domain.rules.dates import check_gesprek_date
from flows.domain.staff import at_loopbaancentrum
from flows.engine.answers import AnswersUnreadable
from flows.engine.definition import (
    Advance,
    Answer,
    Condition,
    Entry,
    Flow,
    Outcome,
    Question,
    Step,
    StepContext,
    Transition,
)
from flows.engine.values import Option

DEFAULT_MINUTES = 60


def _header(ctx: StepContext[GesprekAnswers]) -> str:
    return f"{file_header(ctx.answers)}\n📝 {ctx.answers.kind().label}"


# -- type ---------------------------------------------------------------------------------------
async def _ask_type(ctx: StepContext[GesprekAnswers]) -> Question:
    # Read fresh: a colleague may have closed the cheque since it was chosen.
    file = await own_file(ctx.uow, ctx.staff, ctx.answers.file_id())
    remember_file(ctx.answers, file)
    kinds = rules.allowed_types(file)
    hint = "\nDe cheque is afgesloten: enkel een nazorggesprek kan nog." if file.is_closed else ""
    return Question(
        f"{file_header(ctx.answers)}\n\nWelk type gesprek?{hint}",
        tuple(Option(kind.label, kind.value) for kind in kinds),
        typed=False,
    )


async def _accept_type(ctx: StepContext[GesprekAnswers], answer: Answer) -> Outcome:
    a = ctx.answers
    kind = GesprekType(answer.value or "")
    file = await own_file(ctx.uow, ctx.staff, a.file_id())
    rules.check_type(file, kind)
    remember_file(a, file)
    last = rules.last_gesprek(file)
    minutes = last.minutes if last else DEFAULT_MINUTES
    usable = kind is GesprekType.NAZORG or minutes <= rules.minutes_left(file)
    vorm = last.vorm if last else GesprekVorm.INDIVIDUEEL
    a.type, a.last_date = kind, last.datum if last else None
    a.quick = QuickDefaults(vorm, minutes) if usable else None
    a.stop_agreed = a.quick_used = None
    return Advance()


IS_STOPZETTING = Condition[GesprekAnswers](
    "is_stopzetting", lambda a: a.type is GesprekType.STOPZETTING
)
STOP_AGREED = Condition[GesprekAnswers]("client_agrees_to_stop", lambda a: a.stop_agreed is True)
QUICK_POSSIBLE = Condition[GesprekAnswers]("defaults_fit", lambda a: a.quick is not None)
WANTS_QUICK = Condition[GesprekAnswers]("defaults_confirmed", lambda a: a.quick_used is True)


def _ask_stop_akkoord(ctx: StepContext[GesprekAnswers]) -> Question:
    return Question(
        f"{_header(ctx)}\n\nEen stopzetting door de klant vóór de minimale uren begeleiding zijn "
        "afgerond, kan alleen op voorwaarde dat de klant akkoord is. Is de klant akkoord?",
        (Option("Ja, de klant is akkoord", "ja"), Option("Nee", "nee")),
        typed=False,
    )


async def _accept_stop_akkoord(ctx: StepContext[GesprekAnswers], answer: Answer) -> Outcome:
    agreed = answer.value == "ja"
    ctx.answers.stop_agreed = agreed
    if agreed:
        return Advance()
    return Advance("Zonder akkoord van de klant kan je de begeleiding niet stopzetten.")


# -- the routine path: today, the user, the vorm and duur of the last gesprek -----------------
def _use_quick(ctx: StepContext[GesprekAnswers], answers: GesprekAnswers) -> None:
    """Fill the fields as the routine proposal has them."""
    quick = answers.quick
    if quick is None:
        raise AnswersUnreadable("the routine proposal does not fit")
    answers.datum, answers.begeleider = ctx.today, ctx.staff.name
    answers.vorm, answers.minutes, answers.feedback = quick.vorm, quick.minutes, None


def _ask_quick(ctx: StepContext[GesprekAnswers]) -> Question:
    proposal = replace(ctx.answers)
    _use_quick(ctx, proposal)
    lines = "\n".join(gesprek_lines(proposal, proposal.kind()))
    return Question(
        f"{_header(ctx)}\n\nZo registreren?\n{lines}",
        (Option("✅ Bevestigen en opslaan", CONFIRM), Option("✏️ Gegevens aanpassen", "edit")),
        typed=False,
    )


async def _accept_quick(ctx: StepContext[GesprekAnswers], answer: Answer) -> Outcome:
    ctx.answers.quick_used = answer.value == CONFIRM
    if ctx.answers.quick_used:
        _use_quick(ctx, ctx.answers)
    return Advance()


# -- the fields, then the summary --------------------------------------------------------------
def _check_date(ctx: StepContext[GesprekAnswers], day: date) -> None:
    check_gesprek_date(day, ctx.today)
    last = ctx.answers.last_date
    if last is not None and day < last:
        raise rules.chronology_refusal(last)


def _minutes_left(ctx: StepContext[GesprekAnswers]) -> int | None:
    return None if ctx.answers.kind() is GesprekType.NAZORG else ctx.answers.card().left


def _ask_summary(ctx: StepContext[GesprekAnswers]) -> Question:
    lines = "\n".join(gesprek_lines(ctx.answers, ctx.answers.kind()))
    return Question(
        f"{file_header(ctx.answers)}\n\nControleer en bevestig:\n{lines}",
        (Option("✅ Bevestigen en opslaan", CONFIRM),),
        typed=False,
    )


async def _accept_summary(ctx: StepContext[GesprekAnswers], answer: Answer) -> Outcome:
    return Advance()


CHEQUE: Step[GesprekAnswers] = choose_cheque_step()
TYPE = Step[GesprekAnswers]("type", "het type gesprek", _ask_type, _accept_type)
STOP_AKKOORD = Step[GesprekAnswers](
    "stop_akkoord",
    "het akkoord van de klant met de stopzetting",
    _ask_stop_akkoord,
    _accept_stop_akkoord,
)
QUICK = Step[GesprekAnswers](
    "quick", "het voorstel om snel te registreren", _ask_quick, _accept_quick
)
FIELDS = gesprek_steps(_header, _check_date, "het gesprek", _minutes_left)
SUMMARY = Step[GesprekAnswers](
    "summary", "het overzicht voor bevestiging", _ask_summary, _accept_summary
)

TRANSITIONS = (
    Transition(CHEQUE, TYPE),
    Transition(TYPE, STOP_AKKOORD, conditions=(IS_STOPZETTING,)),
    Transition(TYPE, QUICK, conditions=(QUICK_POSSIBLE,), unless=(IS_STOPZETTING,)),
    Transition(TYPE, FIELDS.datum, unless=(IS_STOPZETTING, QUICK_POSSIBLE)),
    Transition(STOP_AKKOORD, TYPE, unless=(STOP_AGREED,)),
    Transition(STOP_AKKOORD, QUICK, conditions=(STOP_AGREED, QUICK_POSSIBLE)),
    Transition(STOP_AKKOORD, FIELDS.datum, conditions=(STOP_AGREED,), unless=(QUICK_POSSIBLE,)),
    Transition(QUICK, WARN_CLOSE, conditions=(WANTS_QUICK, CLOSING)),
    Transition(QUICK, STORE, conditions=(WANTS_QUICK,), unless=(CLOSING,)),
    Transition(QUICK, FIELDS.datum, unless=(WANTS_QUICK,)),
    *FIELDS.transitions(then=SUMMARY),
    Transition(SUMMARY, WARN_CLOSE, conditions=(CLOSING,)),
    Transition(SUMMARY, STORE, unless=(CLOSING,)),
    Transition(WARN_CLOSE, WARN_HOURS, conditions=(HOURS_LOST,)),
    Transition(WARN_CLOSE, STORE, unless=(HOURS_LOST,)),
    Transition(WARN_HOURS, STORE),
)


GESPREK_REGISTRATION = Flow(
    name="gesprek_registration",
    title="Gesprek registreren",
    command="gesprek",
    answers=GesprekAnswers,
    steps=(
        CHEQUE,
        TYPE,
        STOP_AKKOORD,
        QUICK,
        *FIELDS.steps,
        SUMMARY,
        WARN_CLOSE,
        WARN_HOURS,
        STORE,
    ),
    transitions=TRANSITIONS,
    available_to=at_loopbaancentrum,
    entries=(
        Entry(
            RegisterGesprekOn,
            TYPE,
            lambda intent: GesprekAnswers(file=FileRef(intent.registration_id)),
        ),
        Entry(RegisterGesprek, CHEQUE, lambda intent: GesprekAnswers()),
    ),
)
