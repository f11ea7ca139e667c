"""The A6.1 questions of a gesprek, each under the header of the flow that asks it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from flows.cheques.answers import GesprekFields
from flows.domain.cheques import GesprekVorm
from flows.domain.errors import Refusal
from flows.domain.rules.duration import check_minutes, fmt_minutes, parse_minutes
from flows.domain.rules.feedback import MAX_FEEDBACK, personal_data_kinds
from flows.engine.definition import Advance, Answer, Outcome, Question, Step, StepContext
from flows.engine.values import Option
from flows.widgets.date_step import date_step

G = TypeVar("G", bound=GesprekFields)  # the answers of a flow that registers a gesprek

Header = Callable[[StepContext[G]], str]
DateCheck = Callable[[StepContext[G], date], None]
MinutesLeft = Callable[[StepContext[G]], int | None]

DURATIONS = (30, 45, 60, 90, 120)
NO_FEEDBACK = "geen"


def with_header(header: Header[G], ctx: StepContext[G], text: str) -> str:
    """Put the flow's header, when it has one, above a question."""
    top = header(ctx)
    return f"{top}\n\n{text}" if top else text


def datum_step(header: Header[G], check: DateCheck[G], what: str) -> Step[G]:
    """Ask the day the gesprek took place; typed dd/mm/jjjj or a button."""

    def text(ctx: StepContext[G]) -> str:
        return with_header(header, ctx, f"Wanneer vond {what} plaats?")

    def keep(answers: G, day: date) -> None:
        answers.datum = day

    return date_step(
        "datum",
        "de datum van het gesprek",
        text,
        check,
        keep,
        help="Datum: de dag waarop het gesprek plaatsvond, als dd/mm/jjjj met vier cijfers "
        "voor het jaar (02/11/2025, niet 02/11/25), of als 12/3, 12 maart, vandaag, gisteren, "
        "eergisteren, maandag, vorige dinsdag of 3 dagen geleden. Niet in de toekomst, niet "
        "meer dan een jaar terug.",
    )


def vorm_step(header: Header[G]) -> Step[G]:
    """Ask the vorm gesprek as a choice."""

    def ask(ctx: StepContext[G]) -> Question:
        return Question(
            with_header(header, ctx, "Vorm van het gesprek?"),
            tuple(Option(vorm.label, vorm.value) for vorm in GesprekVorm),
            typed=False,
        )

    async def accept(ctx: StepContext[G], answer: Answer) -> Outcome:
        ctx.answers.vorm = GesprekVorm(answer.value or "")
        return Advance()

    return Step("vorm", "de vorm van het gesprek", ask, accept)


def duur_step(header: Header[G], minutes_left: MinutesLeft[G]) -> Step[G]:
    """Ask the duration: 30 minutes to 2 hours, within the cheque's remaining hours."""

    def ask(ctx: StepContext[G]) -> Question:
        left = minutes_left(ctx)
        suffix = f" Er blijft nog {fmt_minutes(left)} op de cheque." if left is not None else ""
        return Question(
            with_header(
                header, ctx, f"Hoe lang duurde het gesprek? Van 30 minuten tot 2 uur.{suffix}"
            ),
            tuple(  # only durations that fit: no button that will be refused
                Option(fmt_minutes(m), str(m)) for m in DURATIONS if left is None or m <= left
            ),
        )

    async def accept(ctx: StepContext[G], answer: Answer) -> Outcome:
        minutes = check_minutes(int(answer.value) if answer.value else parse_minutes(answer.text))
        left = minutes_left(ctx)
        if left is not None and minutes > left:
            raise Refusal(
                f"Dit gesprek ({fmt_minutes(minutes)}) gaat over de uren van de cheque: "
                f"er blijft nog {fmt_minutes(left)}."
            )
        ctx.answers.minutes = minutes
        return Advance()

    return Step(
        "duur",
        "de duur van het gesprek",
        ask,
        accept,
        help="Duur: typ bv. 90, 1u30 of 1,5 uur, of kies een knop.",
    )


def feedback_step(header: Header[G]) -> Step[G]:
    """Ask the optional feedback; flag what looks like personal data."""

    def ask(ctx: StepContext[G]) -> Question:
        return Question(
            with_header(
                header,
                ctx,
                "Feedback (niet verplicht): noteer enkel algemene stappen in het traject, "
                "geen persoonlijke info van de klant. Typ je feedback of kies:",
            ),
            (Option("Geen feedback", NO_FEEDBACK),),
        )

    async def accept(ctx: StepContext[G], answer: Answer) -> Outcome:
        if answer.value == NO_FEEDBACK:
            ctx.answers.feedback = None
            ctx.answers.feedback_kinds = []
            return Advance()
        text = answer.text.strip()
        if len(text) > MAX_FEEDBACK:
            raise Refusal(f"Hou de feedback kort: maximaal {MAX_FEEDBACK} tekens (nu {len(text)}).")
        ctx.answers.feedback = text or None
        ctx.answers.feedback_kinds = personal_data_kinds(text, *ctx.answers.client())
        ctx.answers.feedback_keep = None
        return Advance()

    return Step("feedback", "de feedback", ask, accept)


def feedback_check_step(header: Header[G]) -> Step[G]:
    """Warn that the feedback seems to hold personal data; adjust or keep it knowingly."""

    def ask(ctx: StepContext[G]) -> Question:
        kinds = " en ".join(ctx.answers.feedback_kinds)
        warning = (
            f"⚠️ Let op: je feedback lijkt {kinds} te bevatten. Noteer enkel algemene stappen in "
            f"het traject, geen persoonlijke info van de klant.\n\n“{ctx.answers.feedback}”"
        )
        return Question(
            with_header(header, ctx, warning),
            (Option("Feedback aanpassen", "edit"), Option("Toch zo bewaren", "keep")),
            typed=False,
        )

    async def accept(ctx: StepContext[G], answer: Answer) -> Outcome:
        ctx.answers.feedback_keep = answer.value == "keep"
        return Advance()

    return Step("feedback_check", "de waarschuwing bij de feedback", ask, accept)
