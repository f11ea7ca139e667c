"""Flow `/gesprek`: a gesprek on a registered cheque, with the warnings of A6.2 when they matter."""

from __future__ import annotations

from datetime import date

from flows.cheque_choice import choose_cheque_step, file_header, remember_file
from flows.conversation import Option
from flows.domain import GesprekType, GesprekVorm, at_loopbaancentrum
from flows.flow import (
    Advance,
    Answer,
    Answers,
    Condition,
    Finish,
    Flow,
    Outcome,
    Question,
    Step,
    StepContext,
    Transition,
    linear,
)
from flows.gesprek_fields import (
    FEEDBACK_LOOKS_PERSONAL,
    KEEP_FEEDBACK,
    begeleider_step,
    datum_step,
    duur_step,
    feedback_check_step,
    feedback_step,
    gesprek_lines,
    new_gesprek,
    vorm_step,
)
from flows.gesprek_services import own_file, register_gesprek
from flows.rules import gesprekken as rules
from flows.rules.dates import check_gesprek_date, fmt
from flows.rules.duration import fmt_minutes

CONFIRM = "confirm"
DEFAULT_MINUTES = 60


def _kind(answers: Answers) -> GesprekType:
    return GesprekType(answers["type"])


def _header(ctx: StepContext) -> str:
    return f"{file_header(ctx)}\n📝 {_kind(ctx.answers).label}"


# -- type ---------------------------------------------------------------------------------------
async def _ask_type(ctx: StepContext) -> Question:
    # Read fresh: a colleague may have closed the cheque since it was chosen.
    file = await own_file(ctx.uow, ctx.staff, int(ctx.answers["file"]["id"]))
    remember_file(ctx.answers, file)
    kinds = rules.allowed_types(file)
    hint = "\nDe cheque is afgesloten: enkel een nazorggesprek kan nog." if file.is_closed else ""
    return Question(
        f"{file_header(ctx)}\n\nWelk type gesprek?{hint}",
        tuple(Option(kind.label, kind.value) for kind in kinds),
        typed=False,
    )


async def _accept_type(ctx: StepContext, answer: Answer) -> Outcome:
    kind = GesprekType(answer.value or "")
    file = await own_file(ctx.uow, ctx.staff, int(ctx.answers["file"]["id"]))
    rules.check_type(file, kind)
    remember_file(ctx.answers, file)
    last = rules.last_gesprek(file)
    minutes = last.minutes if last else DEFAULT_MINUTES
    usable = kind is GesprekType.NAZORG or minutes <= rules.minutes_left(file)
    ctx.answers.update(
        type=kind.value,
        last_date=last.datum.isoformat() if last else None,
        quick={"vorm": (last.vorm if last else GesprekVorm.INDIVIDUEEL).value, "minutes": minutes}
        if usable
        else None,
        stop_agreed=None,
        quick_used=None,
    )
    return Advance()


IS_STOPZETTING = Condition("is_stopzetting", lambda a: a.get("type") == GesprekType.STOPZETTING)
STOP_AGREED = Condition("client_agrees_to_stop", lambda a: a.get("stop_agreed") is True)
QUICK_POSSIBLE = Condition("defaults_fit", lambda a: a.get("quick") is not None)
WANTS_QUICK = Condition("defaults_confirmed", lambda a: a.get("quick_used") is True)
HOURS_LOST = Condition(
    "hours_remain",
    lambda a: a.get("type") == GesprekType.SYNTHESE and a["file"]["left"] > int(a["minutes"]),
)


def _ask_stop_akkoord(ctx: StepContext) -> Question:
    return Question(
        f"{_header(ctx)}\n\nEen stopzetting door de klant vóór de minimale uren begeleiding zijn "
        "afgerond, kan alleen op voorwaarde dat de klant akkoord is. Is de klant akkoord?",
        (Option("Ja, de klant is akkoord", "ja"), Option("Nee", "nee")),
        typed=False,
    )


async def _accept_stop_akkoord(ctx: StepContext, answer: Answer) -> Outcome:
    agreed = answer.value == "ja"
    ctx.answers["stop_agreed"] = agreed
    if agreed:
        return Advance()
    return Advance("Zonder akkoord van de klant kan je de begeleiding niet stopzetten.")


# -- the routine path: today, the user, the vorm and duur of the last gesprek -----------------
def _quick_answers(ctx: StepContext) -> Answers:
    quick = ctx.answers["quick"]
    return {
        **ctx.answers,
        "datum": ctx.today.isoformat(),
        "begeleider": ctx.staff.name,
        "vorm": quick["vorm"],
        "minutes": quick["minutes"],
        "feedback": None,
    }


def _ask_quick(ctx: StepContext) -> Question:
    lines = "\n".join(gesprek_lines(_quick_answers(ctx), _kind(ctx.answers)))
    return Question(
        f"{_header(ctx)}\n\nZo registreren?\n{lines}",
        (Option("✅ Bevestigen en opslaan", CONFIRM), Option("✏️ Gegevens aanpassen", "edit")),
        typed=False,
    )


async def _accept_quick(ctx: StepContext, answer: Answer) -> Outcome:
    if answer.value != CONFIRM:
        ctx.answers["quick_used"] = False
        return Advance()
    ctx.answers.update(_quick_answers(ctx), quick_used=True)
    return await _store_unless_warning(ctx)


# -- the fields, then the summary --------------------------------------------------------------
def _check_date(ctx: StepContext, day: date) -> None:
    check_gesprek_date(day, ctx.today)
    last = ctx.answers.get("last_date")
    if last is not None and day < date.fromisoformat(last):
        raise rules.chronology_refusal(date.fromisoformat(last))


def _minutes_left(ctx: StepContext) -> int | None:
    return None if _kind(ctx.answers) is GesprekType.NAZORG else int(ctx.answers["file"]["left"])


def _ask_summary(ctx: StepContext) -> Question:
    lines = "\n".join(gesprek_lines(ctx.answers, _kind(ctx.answers)))
    return Question(
        f"{file_header(ctx)}\n\nControleer en bevestig:\n{lines}",
        (Option("✅ Bevestigen en opslaan", CONFIRM),),
        typed=False,
    )


async def _accept_summary(ctx: StepContext, answer: Answer) -> Outcome:
    return await _store_unless_warning(ctx)


# -- warnings before a closing ----------------------------------------------------------------
def _ask_warn_close(ctx: StepContext) -> Question:
    if _kind(ctx.answers) is GesprekType.SYNTHESE:
        text = (
            "⚠️ Opgelet: een synthesegesprek sluit de loopbaancheque automatisch af. Daarna kan je "
            "enkel nog een nazorggesprek registreren en geen gesprekken meer verwijderen."
        )
    else:
        text = (
            "🟠 Opgelet: een stopzetting van de begeleiding geldt als een afsluiting van de "
            "loopbaancheque (Cheque stopgezet). Daarna kan je enkel nog een nazorggesprek "
            "registreren en geen gesprekken meer verwijderen."
        )
    return Question(
        f"{file_header(ctx)}\n\n{text}\nCheque afsluiten en opslaan?",
        (Option("Ja, cheque afsluiten en opslaan", CONFIRM),),
        typed=False,
    )


async def _accept_warn_close(ctx: StepContext, answer: Answer) -> Outcome:
    if HOURS_LOST.test(ctx.answers):
        return Advance()
    return await _store(ctx)


def _ask_warn_hours(ctx: StepContext) -> Question:
    left = int(ctx.answers["file"]["left"]) - int(ctx.answers["minutes"])
    return Question(
        f"{file_header(ctx)}\n\n⚠️ Opgelet: na dit synthesegesprek blijft er nog "
        f"{fmt_minutes(left)} over op de cheque. Die uren gaan verloren als je de cheque nu "
        "afsluit.",
        (Option("Ja, toch afsluiten en opslaan", CONFIRM),),
        typed=False,
    )


async def _accept_warn_hours(ctx: StepContext, answer: Answer) -> Outcome:
    return await _store(ctx)


async def _store_unless_warning(ctx: StepContext) -> Outcome:
    if _kind(ctx.answers) in rules.CLOSING:
        return Advance()
    return await _store(ctx)


async def _store(ctx: StepContext) -> Outcome:
    kind = _kind(ctx.answers)
    gesprek = new_gesprek(ctx.answers, kind)
    file = await register_gesprek(
        ctx.uow, ctx.staff, int(ctx.answers["file"]["id"]), gesprek, ctx.now
    )
    text = (
        f"✅ {kind.label} van {fmt(gesprek.datum)} ({fmt_minutes(gesprek.minutes)}) geregistreerd "
        f"op cheque {file.cheque.chequenummer} van {file.cheque.klantnaam}."
    )
    if file.is_closed and kind in rules.CLOSING:
        text += f"\nDe cheque is nu {file.status.label.lower().removeprefix('cheque ')}."
    elif kind is GesprekType.NAZORG:
        text += " Een nazorggesprek wordt niet uitbetaald."
    else:
        text += f" Er blijft {fmt_minutes(rules.minutes_left(file))} op de cheque."
    return Finish(text)


STEPS = (
    choose_cheque_step(),
    Step("type", "het type gesprek", _ask_type, _accept_type),
    Step(
        "stop_akkoord",
        "het akkoord van de klant met de stopzetting",
        _ask_stop_akkoord,
        _accept_stop_akkoord,
    ),
    Step("quick", "het voorstel om snel te registreren", _ask_quick, _accept_quick),
    datum_step(_header, _check_date, "het gesprek"),
    begeleider_step(_header),
    vorm_step(_header),
    duur_step(_header, _minutes_left),
    feedback_step(_header),
    feedback_check_step(_header),
    Step("summary", "het overzicht voor bevestiging", _ask_summary, _accept_summary),
    Step(
        "warn_close",
        "de waarschuwing dat de cheque afgesloten wordt",
        _ask_warn_close,
        _accept_warn_close,
    ),
    Step("warn_hours", "de waarschuwing over resterende uren", _ask_warn_hours, _accept_warn_hours),
)

TRANSITIONS = (
    Transition("next", "cheque", "type"),
    Transition("back", "type", "cheque"),
    Transition("next", "type", "stop_akkoord", conditions=(IS_STOPZETTING,)),
    Transition("next", "type", "quick", conditions=(QUICK_POSSIBLE,), unless=(IS_STOPZETTING,)),
    Transition("next", "type", "datum", unless=(IS_STOPZETTING, QUICK_POSSIBLE)),
    Transition("next", "stop_akkoord", "type", unless=(STOP_AGREED,)),
    Transition("next", "stop_akkoord", "quick", conditions=(STOP_AGREED, QUICK_POSSIBLE)),
    Transition(
        "next", "stop_akkoord", "datum", conditions=(STOP_AGREED,), unless=(QUICK_POSSIBLE,)
    ),
    Transition("back", "stop_akkoord", "type"),
    Transition("next", "quick", "warn_close", conditions=(WANTS_QUICK,)),
    Transition("next", "quick", "datum", unless=(WANTS_QUICK,)),
    Transition("back", "quick", "type"),
    Transition("back", "datum", "type"),
    *linear(["datum", "begeleider", "vorm", "duur", "feedback"]),
    Transition("next", "feedback", "feedback_check", conditions=(FEEDBACK_LOOKS_PERSONAL,)),
    Transition("next", "feedback", "summary", unless=(FEEDBACK_LOOKS_PERSONAL,)),
    Transition("next", "feedback_check", "summary", conditions=(KEEP_FEEDBACK,)),
    Transition("next", "feedback_check", "feedback", unless=(KEEP_FEEDBACK,)),
    Transition("back", "feedback_check", "feedback"),
    Transition("back", "summary", "feedback"),
    Transition("next", "summary", "warn_close"),
    Transition("back", "warn_close", "quick", conditions=(WANTS_QUICK,)),
    Transition("back", "warn_close", "summary", unless=(WANTS_QUICK,)),
    Transition("next", "warn_close", "warn_hours", conditions=(HOURS_LOST,)),
    Transition("back", "warn_hours", "warn_close"),
)


GESPREK_REGISTRATION = Flow(
    name="gesprek_registration",
    title="Gesprek registreren",
    command="gesprek",
    steps=STEPS,
    transitions=TRANSITIONS,
    available_to=at_loopbaancentrum,
)
