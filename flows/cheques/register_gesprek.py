"""Flow `/gesprek`: a gesprek on a registered cheque, with the warnings of A6.2 when they matter."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flows.cheques.answers import FileCard, FileRef, GesprekAnswers, QuickDefaults
from flows.cheques.choose_cheque import choose_cheque_step, file_header, remember_file
from flows.cheques.file_changes import own_file
from flows.cheques.gesprek_line import LINE_ENTRY, read_gesprek_line
from flows.cheques.gesprek_saving import (
    CLOSING,
    CONFIRM,
    HOURS_LOST,
    LAST_FIT,
    STORE,
    WARN_CLOSE,
    WARN_HOURS,
    WARN_LAST,
    close_warning,
    hours_lost,
    hours_warning,
)
from flows.cheques.gesprek_steps import gesprek_lines, gesprek_steps
from flows.domain.cheques import GesprekType, GesprekVorm
from flows.domain.errors import Refusal
from flows.domain.intents import OpenCheque, RegisterGesprek, RegisterGesprekOn
from flows.domain.rules import gesprekken as rules
from flows.domain.rules.dates import check_gesprek_date
from flows.domain.rules.duration import check_minutes, fmt_minutes
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
    Switch,
    Transition,
    action,
)
from flows.engine.values import Option

DEFAULT_MINUTES = 60
EDIT = "edit"
OPEN_CHEQUE = "open_cheque"


def _header(ctx: StepContext[GesprekAnswers]) -> str:
    return f"{file_header(ctx.answers)}\n📝 {ctx.answers.kind().label}"


# -- type ---------------------------------------------------------------------------------------
async def _ask_type(ctx: StepContext[GesprekAnswers]) -> Question:
    # Read fresh: a colleague may have closed the cheque since it was chosen.
    file = await own_file(ctx.uow, ctx.staff, ctx.answers.file_id())
    remember_file(ctx.answers, file)
    if rules.may_convert(file):  # no gesprek fits: only the detail's conversion closes it
        return Question(
            f"{file_header(ctx.answers)}\n\nEr blijft nog "
            f"{fmt_minutes(rules.minutes_left(file))} over op de cheque: te weinig voor een "
            "gesprek (minstens 30 minuten). Om de cheque af te sluiten, zet je het laatste "
            "gesprek om naar een synthesegesprek of stopzetting, in het detail van de cheque.",
            (Option("Cheque bekijken", OPEN_CHEQUE),),
            typed=False,
        )
    kinds = rules.allowed_types(file)
    hint = "\nDe cheque is afgesloten: enkel een nazorggesprek kan nog." if file.is_closed else ""
    return Question(
        f"{file_header(ctx.answers)}\n\nWelk type gesprek?{hint}",
        tuple(Option(kind.label, kind.value) for kind in kinds),
        typed=False,
    )


async def _accept_type(ctx: StepContext[GesprekAnswers], answer: Answer) -> Outcome:
    if answer.value == OPEN_CHEQUE:
        return Switch(OpenCheque(ctx.answers.file_id()))
    await _settle_type(ctx, GesprekType(answer.value or ""))
    return Advance(_settle_line(ctx))


async def _settle_type(ctx: StepContext[GesprekAnswers], kind: GesprekType) -> None:
    """Check the type on the cheque as it is now; keep what the routine proposal takes over."""
    a = ctx.answers
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
    if a.line_details:  # what the line did not say comes as in the routine proposal
        a.begeleider, a.feedback = a.begeleider or ctx.staff.name, None
        a.vorm = a.vorm or vorm


def _settle_line(ctx: StepContext[GesprekAnswers]) -> str | None:
    """Check the line's date and duur on the cheque; one that cannot be is told and asked."""
    a, notes = ctx.answers, []
    if not a.line_details:
        return None
    if a.datum is not None:
        try:
            _check_date(ctx, a.datum)
        except Refusal as refusal:
            notes.append(refusal.message)
            a.datum = None
    if a.minutes is not None:
        try:
            _check_minutes(ctx, a.minutes)
        except Refusal as refusal:
            notes.append(refusal.message)
            a.minutes = None
    return "\n".join(notes) or None


def _check_minutes(ctx: StepContext[GesprekAnswers], minutes: int) -> None:
    check_minutes(minutes)
    left = _minutes_left(ctx)
    if left is not None and minutes > left:
        raise Refusal(
            f"Dit gesprek ({fmt_minutes(minutes)}) gaat over de uren van de cheque: "
            f"er blijft nog {fmt_minutes(left)}."
        )


async def _apply_line(ctx: StepContext[GesprekAnswers]) -> Outcome:
    """After the cheque: the type the line named, checked; then its date and duur."""
    a = ctx.answers
    kind, a.type, a.line_type = a.line_type, None, None
    if kind is None:
        return Advance()
    try:
        await _settle_type(ctx, kind)
    except Refusal as refusal:  # asked with the types this cheque allows
        return Advance(refusal.message)
    return Advance(_settle_line(ctx))


IS_STOPZETTING = Condition[GesprekAnswers](
    "is_stopzetting", lambda a: a.type is GesprekType.STOPZETTING
)
STOP_AGREED = Condition[GesprekAnswers]("client_agrees_to_stop", lambda a: a.stop_agreed is True)
CHOSEN = Condition[GesprekAnswers]("cheque_known", lambda a: isinstance(a.file, FileCard))
NO_TYPE = Condition[GesprekAnswers]("type_unknown", lambda a: a.type is None)
FROM_LINE = Condition[GesprekAnswers]("line_gave_details", lambda a: a.line_details)
NO_DATUM = Condition[GesprekAnswers]("datum_unknown", lambda a: a.datum is None)
NO_MINUTES = Condition[GesprekAnswers]("duur_unknown", lambda a: a.minutes is None)
EDITING = Condition[GesprekAnswers]("line_edited", lambda a: a.line_edit)
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
    ctx.answers.as_synthese = None
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
    a = ctx.answers
    lines = "\n".join(gesprek_lines(a, a.kind(), long_date=True))
    text = f"{file_header(a)}\n\nControleer en bevestig:\n{lines}"
    button = "✅ Bevestigen en opslaan"
    if a.line_details and a.kind() in rules.CLOSING:  # the summary is the only confirmation
        text += f"\n\n{close_warning(a)}"
        if hours_lost(a):
            text += f"\n{hours_warning(a)}"
        button = "✅ Ja, cheque afsluiten en opslaan"
    options = [Option(button, CONFIRM)]
    if a.line_details:  # no questions before it to go back to: change a field from here
        options.append(Option("✏️ Gegevens aanpassen", EDIT))
    return Question(text, tuple(options), typed=False)


async def _accept_summary(ctx: StepContext[GesprekAnswers], answer: Answer) -> Outcome:
    a = ctx.answers
    a.as_synthese = None  # asked again after this summary, if it applies
    a.line_edit = answer.value == EDIT
    if a.line_edit:  # every field asked in turn, as without a line, filled in as it was
        a.line_details = False
    return Advance()


LINE: Step[GesprekAnswers] = action("line", read_gesprek_line)
CHEQUE: Step[GesprekAnswers] = choose_cheque_step()
APPLY_LINE: Step[GesprekAnswers] = action("line_type", _apply_line)
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


def _line_rows(
    source: Step[GesprekAnswers], *also: Condition[GesprekAnswers]
) -> list[Transition[GesprekAnswers]]:
    """After a line with details: only what it did not say is asked, then the summary."""
    return [
        Transition(source, FIELDS.datum, conditions=(*also, FROM_LINE, NO_DATUM)),
        Transition(source, FIELDS.duur, conditions=(*also, FROM_LINE, NO_MINUTES)),
        Transition(source, SUMMARY, conditions=(*also, FROM_LINE)),
    ]


def _after_type(source: Step[GesprekAnswers]) -> list[Transition[GesprekAnswers]]:
    """Where a settled type leads: the client's agreement, the line's rest, or the proposal."""
    return [
        Transition(source, STOP_AKKOORD, conditions=(IS_STOPZETTING,)),
        *_line_rows(source),
        Transition(source, QUICK, conditions=(QUICK_POSSIBLE,), unless=(IS_STOPZETTING,)),
        Transition(source, FIELDS.datum, unless=(IS_STOPZETTING, QUICK_POSSIBLE)),
    ]


TRANSITIONS = (
    Transition(LINE, APPLY_LINE, conditions=(CHOSEN,)),
    Transition(LINE, CHEQUE, unless=(CHOSEN,)),
    Transition(CHEQUE, APPLY_LINE),
    Transition(APPLY_LINE, TYPE, conditions=(NO_TYPE,)),
    *_after_type(APPLY_LINE),
    *_after_type(TYPE),
    Transition(STOP_AKKOORD, TYPE, unless=(STOP_AGREED,)),
    *_line_rows(STOP_AKKOORD, STOP_AGREED),
    Transition(STOP_AKKOORD, QUICK, conditions=(STOP_AGREED, QUICK_POSSIBLE)),
    Transition(STOP_AKKOORD, FIELDS.datum, conditions=(STOP_AGREED,), unless=(QUICK_POSSIBLE,)),
    Transition(QUICK, WARN_CLOSE, conditions=(WANTS_QUICK, CLOSING)),
    Transition(QUICK, WARN_LAST, conditions=(WANTS_QUICK, LAST_FIT)),
    Transition(QUICK, STORE, conditions=(WANTS_QUICK,), unless=(CLOSING, LAST_FIT)),
    Transition(QUICK, FIELDS.datum, unless=(WANTS_QUICK,)),
    Transition(FIELDS.datum, FIELDS.duur, conditions=(FROM_LINE, NO_MINUTES)),
    Transition(FIELDS.datum, SUMMARY, conditions=(FROM_LINE,)),
    Transition(FIELDS.duur, SUMMARY, conditions=(FROM_LINE,)),
    *FIELDS.transitions(then=SUMMARY),
    Transition(SUMMARY, FIELDS.datum, conditions=(EDITING,)),
    Transition(SUMMARY, WARN_LAST, conditions=(LAST_FIT,)),
    Transition(SUMMARY, STORE, conditions=(FROM_LINE,)),
    Transition(SUMMARY, WARN_CLOSE, conditions=(CLOSING,)),
    Transition(SUMMARY, STORE, unless=(CLOSING, LAST_FIT)),
    Transition(WARN_LAST, WARN_CLOSE, conditions=(CLOSING,)),
    Transition(WARN_LAST, STORE, unless=(CLOSING,)),
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
        LINE,
        CHEQUE,
        APPLY_LINE,
        TYPE,
        STOP_AKKOORD,
        QUICK,
        *FIELDS.steps,
        SUMMARY,
        WARN_CLOSE,
        WARN_HOURS,
        WARN_LAST,
        STORE,
    ),
    transitions=TRANSITIONS,
    available_to=at_loopbaancentrum,
    line=LINE_ENTRY,
    entries=(
        Entry(
            RegisterGesprekOn,
            TYPE,
            lambda intent: GesprekAnswers(file=FileRef(intent.registration_id)),
        ),
        Entry(RegisterGesprek, CHEQUE, lambda intent: GesprekAnswers()),
    ),
)
