"""Saving a gesprek (/gesprek): the warnings before one that closes the cheque, then the store."""

from __future__ import annotations

from flows.cheques.answers import GesprekAnswers
from flows.cheques.choose_cheque import file_header
from flows.cheques.file_changes import register_gesprek
from flows.domain.cheques import GesprekType
from flows.domain.rules import gesprekken as rules
from flows.domain.rules.dates import fmt
from flows.domain.rules.duration import MIN_MINUTES, fmt_minutes
from flows.engine.definition import (
    Advance,
    Answer,
    Condition,
    Finish,
    Outcome,
    Question,
    Step,
    StepContext,
    action,
)
from flows.engine.values import Option

CONFIRM, AS_SYNTHESE = "confirm", "as_synthese"


def hours_lost(a: GesprekAnswers) -> bool:
    kind = a.stored_kind()
    return kind is GesprekType.SYNTHESE and a.card().left > a.gesprek(kind).minutes


CLOSING = Condition[GesprekAnswers]("closes_the_cheque", lambda a: a.stored_kind() in rules.CLOSING)
HOURS_LOST = Condition[GesprekAnswers]("hours_remain", hours_lost)


def _leaves_no_synthese(a: GesprekAnswers) -> bool:
    kind = a.kind()
    return kind is GesprekType.VERDIEPING and a.card().left - a.gesprek(kind).minutes < MIN_MINUTES


LAST_FIT = Condition[GesprekAnswers]("leaves_no_synthese", _leaves_no_synthese)


def close_warning(a: GesprekAnswers) -> str:
    """A6.2: what closing the cheque with this gesprek means."""
    return closing_warning(a.stored_kind())


def hours_warning(a: GesprekAnswers) -> str:
    """A6.2: the hours a synthese leaves on the cheque are lost."""
    return hours_lost_warning(a.card().left - a.gesprek(a.stored_kind()).minutes)


def closing_warning(kind: GesprekType) -> str:
    """A6.2 warning before a gesprek that closes the cheque (synthese or stopzetting)."""
    if kind is GesprekType.SYNTHESE:
        return (
            "⚠️ Opgelet: een synthesegesprek sluit de loopbaancheque automatisch af. Daarna kan je "
            "enkel nog een nazorggesprek registreren en geen gesprekken meer verwijderen."
        )
    return (
        "🟠 Opgelet: een stopzetting van de begeleiding geldt als een afsluiting van de "
        "loopbaancheque (Cheque stopgezet). Daarna kan je enkel nog een nazorggesprek "
        "registreren en geen gesprekken meer verwijderen."
    )


def hours_lost_warning(left: int) -> str:
    """A6.2's warning when a synthese leaves hours on the cheque."""
    return (
        f"⚠️ Opgelet: na dit synthesegesprek blijft er nog {fmt_minutes(left)} over op de "
        "cheque. Die uren gaan verloren als je de cheque nu afsluit."
    )


def _ask_warn_close(ctx: StepContext[GesprekAnswers]) -> Question:
    text = close_warning(ctx.answers)
    return Question(
        f"{file_header(ctx.answers)}\n\n{text}\nCheque afsluiten en opslaan?",
        (Option("Ja, cheque afsluiten en opslaan", CONFIRM),),
        typed=False,
    )


def _ask_warn_hours(ctx: StepContext[GesprekAnswers]) -> Question:
    return Question(
        f"{file_header(ctx.answers)}\n\n{hours_warning(ctx.answers)}",
        (Option("Ja, toch afsluiten en opslaan", CONFIRM),),
        typed=False,
    )


def _ask_warn_last(ctx: StepContext[GesprekAnswers]) -> Question:
    a = ctx.answers
    minutes = a.gesprek(a.kind()).minutes
    left = a.card().left - minutes
    return Question(
        f"{file_header(a)}\n\n⚠️ Opgelet: na dit verdiepingsgesprek ({fmt_minutes(minutes)}) "
        f"blijft er nog {fmt_minutes(left)} over op de cheque: te weinig voor een "
        "synthesegesprek (minstens 30 minuten). Zonder synthese of stopzetting kan de cheque "
        "niet afgesloten worden.\nWil je dit gesprek registreren als synthesegesprek? Dat sluit "
        "de cheque af.",
        (
            Option("Als synthesegesprek registreren", AS_SYNTHESE),
            Option("Toch als verdiepingsgesprek", CONFIRM),
        ),
        typed=False,
    )


async def _accept_warn_last(ctx: StepContext[GesprekAnswers], answer: Answer) -> Outcome:
    ctx.answers.as_synthese = answer.value == AS_SYNTHESE
    return Advance()


async def _confirmed(ctx: StepContext[GesprekAnswers], answer: Answer) -> Outcome:
    return Advance()


async def _store(ctx: StepContext[GesprekAnswers]) -> Outcome:
    kind = ctx.answers.stored_kind()
    gesprek = ctx.answers.gesprek(kind)
    file = await register_gesprek(ctx.uow, ctx.staff, ctx.answers.file_id(), gesprek, ctx.now)
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


WARN_CLOSE = Step[GesprekAnswers](
    "warn_close", "de waarschuwing dat de cheque afgesloten wordt", _ask_warn_close, _confirmed
)
WARN_HOURS = Step[GesprekAnswers](
    "warn_hours", "de waarschuwing over resterende uren", _ask_warn_hours, _confirmed
)
WARN_LAST = Step[GesprekAnswers](
    "warn_last", "de waarschuwing dat er geen synthese meer past", _ask_warn_last, _accept_warn_last
)
STORE: Step[GesprekAnswers] = action("store", _store)
