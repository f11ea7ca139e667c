"""The A6.1 fields of a gesprek as reusable steps: datum, begeleider, vorm, duur, feedback."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flows.conversation import DATE_WIDGET, Option
from flows.domain import GesprekType, GesprekVorm, NewGesprek, Refusal
from flows.flow import (
    Advance,
    Answer,
    Answers,
    Condition,
    Outcome,
    Question,
    Stay,
    Step,
    StepContext,
)
from flows.rules.dates import fmt, parse_date
from flows.rules.duration import check_minutes, fmt_minutes, parse_minutes
from flows.rules.feedback import MAX_FEEDBACK, personal_data_kinds
from flows.rules.names import check_begeleider_name, proposed_form, reversed_name

Header = Callable[[StepContext], str]
DateCheck = Callable[[StepContext, date], None]
MinutesLeft = Callable[[StepContext], int | None]

SELF = "self"
DURATIONS = (30, 45, 60, 90, 120)


def _with_header(header: Header, ctx: StepContext, text: str) -> str:
    top = header(ctx)
    return f"{top}\n\n{text}" if top else text


def datum_step(header: Header, check: DateCheck, what: str) -> Step:
    """Ask the day the gesprek took place; typed dd/mm/jjjj or a button."""

    def ask(ctx: StepContext) -> Question:
        yesterday = ctx.today - timedelta(days=1)
        return Question(
            _with_header(
                header, ctx, f"Wanneer vond {what} plaats? Typ de datum als dd/mm/jjjj of kies:"
            ),
            (
                Option(f"Vandaag ({fmt(ctx.today)})", "vandaag"),
                Option(f"Gisteren ({fmt(yesterday)})", "gisteren"),
            ),
            widget=DATE_WIDGET,
        )

    async def accept(ctx: StepContext, answer: Answer) -> Outcome:
        day = parse_date(answer.value or answer.text, ctx.today)
        check(ctx, day)
        ctx.answers["datum"] = day.isoformat()
        return Advance()

    return Step(
        "datum",
        "de datum van het gesprek",
        ask,
        accept,
        help="Datum: de dag waarop het gesprek plaatsvond, als dd/mm/jjjj met vier cijfers "
        "voor het jaar (02/11/2025, niet 02/11/25). Niet in de toekomst, niet meer dan een "
        "jaar terug.",
    )


def begeleider_step(header: Header) -> Step:
    """Ask the begeleider's name as `Familienaam Voornaam`, offering the user's own."""

    def ask(ctx: StepContext) -> Question:
        options = [Option(ctx.staff.name, SELF)]
        proposal = ctx.answers.get("begeleider_voorstel")
        if proposal and proposal != ctx.staff.name:
            options.append(Option(proposal, f"voorstel:{proposal}"))
        return Question(
            _with_header(header, ctx, "Naam van de begeleider (Familienaam Voornaam)?"),
            tuple(options),
        )

    async def accept(ctx: StepContext, answer: Answer) -> Outcome:
        if answer.value == SELF:
            name = ctx.staff.name
        elif answer.value and answer.value.startswith("voorstel:"):
            name = check_begeleider_name(answer.value.removeprefix("voorstel:"))
        else:
            typed = " ".join(answer.text.split())
            known = await ctx.uow.staff.names_in_organisation(ctx.staff.organisation.id)
            if len(typed.split()) >= 2 and typed not in known and reversed_name(typed) in known:
                return _propose(ctx, reversed_name(typed), "Eerst de familienaam, dan de voornaam.")
            try:
                name = check_begeleider_name(typed)
            except Refusal as refusal:
                proposal = proposed_form(typed)
                if not _is_valid_name(proposal):
                    raise
                return _propose(ctx, proposal, refusal.message)
        ctx.answers.pop("begeleider_voorstel", None)
        ctx.answers["begeleider"] = name
        return Advance()

    return Step(
        "begeleider",
        "de naam van de begeleider",
        ask,
        accept,
        help="Naam begeleider: ‘Familienaam Voornaam’, in die volgorde, telkens met een "
        "hoofdletter.",
    )


def _is_valid_name(name: str) -> bool:
    try:
        check_begeleider_name(name)
    except Refusal:
        return False
    return True


def _propose(ctx: StepContext, name: str, reason: str) -> Outcome:
    """Keep the corrected name as a one-tap option and ask again."""
    ctx.answers["begeleider_voorstel"] = name
    suffix = "" if "Bedoel je" in reason else f" Bedoel je ‘{name}’?"
    return Stay(reason + suffix)


def vorm_step(header: Header) -> Step:
    """Ask the vorm gesprek as a choice."""

    def ask(ctx: StepContext) -> Question:
        return Question(
            _with_header(header, ctx, "Vorm van het gesprek?"),
            tuple(Option(vorm.label, vorm.value) for vorm in GesprekVorm),
            typed=False,
        )

    async def accept(ctx: StepContext, answer: Answer) -> Outcome:
        ctx.answers["vorm"] = GesprekVorm(answer.value or "").value
        return Advance()

    return Step("vorm", "de vorm van het gesprek", ask, accept)


def duur_step(header: Header, minutes_left: MinutesLeft) -> Step:
    """Ask the duration: 30 minutes to 2 hours, within the cheque's remaining hours."""

    def ask(ctx: StepContext) -> Question:
        left = minutes_left(ctx)
        suffix = f" Er blijft nog {fmt_minutes(left)} op de cheque." if left is not None else ""
        return Question(
            _with_header(
                header, ctx, f"Hoe lang duurde het gesprek? Van 30 minuten tot 2 uur.{suffix}"
            ),
            tuple(Option(fmt_minutes(m), str(m)) for m in DURATIONS),
        )

    async def accept(ctx: StepContext, answer: Answer) -> Outcome:
        minutes = check_minutes(int(answer.value) if answer.value else parse_minutes(answer.text))
        left = minutes_left(ctx)
        if left is not None and minutes > left:
            raise Refusal(
                f"Dit gesprek ({fmt_minutes(minutes)}) gaat over de uren van de cheque: "
                f"er blijft nog {fmt_minutes(left)}."
            )
        ctx.answers["minutes"] = minutes
        return Advance()

    return Step(
        "duur",
        "de duur van het gesprek",
        ask,
        accept,
        help="Duur: typ bv. 90, 1u30 of 1,5 uur, of kies een knop.",
    )


NO_FEEDBACK = "geen"


def feedback_step(header: Header) -> Step:
    """Ask the optional feedback; flag what looks like personal data."""

    def ask(ctx: StepContext) -> Question:
        return Question(
            _with_header(
                header,
                ctx,
                "Feedback (niet verplicht): noteer enkel algemene stappen in het traject, "
                "geen persoonlijke info van de klant. Typ je feedback of kies:",
            ),
            (Option("Geen feedback", NO_FEEDBACK),),
        )

    async def accept(ctx: StepContext, answer: Answer) -> Outcome:
        if answer.value == NO_FEEDBACK:
            ctx.answers["feedback"] = None
            ctx.answers["feedback_kinds"] = []
            return Advance()
        text = answer.text.strip()
        if len(text) > MAX_FEEDBACK:
            raise Refusal(f"Hou de feedback kort: maximaal {MAX_FEEDBACK} tekens (nu {len(text)}).")
        ctx.answers["feedback"] = text or None
        ctx.answers["feedback_kinds"] = personal_data_kinds(text)
        ctx.answers.pop("feedback_keep", None)
        return Advance()

    return Step("feedback", "de feedback", ask, accept)


FEEDBACK_LOOKS_PERSONAL = Condition(
    "feedback_looks_personal", lambda a: bool(a.get("feedback_kinds"))
)
KEEP_FEEDBACK = Condition("keep_feedback", lambda a: a.get("feedback_keep") is True)


def feedback_check_step(header: Header) -> Step:
    """Warn that the feedback seems to hold personal data; adjust or keep it knowingly."""

    def ask(ctx: StepContext) -> Question:
        kinds = " en ".join(ctx.answers.get("feedback_kinds", []))
        warning = (
            f"⚠️ Let op: je feedback lijkt {kinds} te bevatten. Noteer enkel algemene stappen in "
            f"het traject, geen persoonlijke info van de klant.\n\n“{ctx.answers.get('feedback')}”"
        )
        return Question(
            _with_header(header, ctx, warning),
            (Option("Feedback aanpassen", "edit"), Option("Toch zo bewaren", "keep")),
            typed=False,
        )

    async def accept(ctx: StepContext, answer: Answer) -> Outcome:
        ctx.answers["feedback_keep"] = answer.value == "keep"
        return Advance()

    return Step("feedback_check", "de waarschuwing bij de feedback", ask, accept)


def new_gesprek(answers: Answers, kind: GesprekType) -> NewGesprek:
    """Build the gesprek the fields collected."""
    return NewGesprek(
        datum=date.fromisoformat(answers["datum"]),
        begeleider=answers["begeleider"],
        type=kind,
        vorm=GesprekVorm(answers["vorm"]),
        minutes=int(answers["minutes"]),
        feedback=answers.get("feedback"),
    )


def gesprek_lines(answers: Answers, kind: GesprekType) -> list[str]:
    """Summarise the gesprek fields for the confirmation screen."""
    gesprek = new_gesprek(answers, kind)
    return [
        f"Type gesprek: {gesprek.type.label}",
        f"Datum: {fmt(gesprek.datum)}",
        f"Begeleider: {gesprek.begeleider}",
        f"Vorm: {gesprek.vorm.label}",
        f"Duur: {fmt_minutes(gesprek.minutes)}",
        f"Feedback: {gesprek.feedback or '—'}",
    ]
