"""The one date question: typed as Dutch speakers do (12/3, maandag), two buttons, a calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flows.domain.errors import Refusal
from flows.domain.rules.dates import fmt, parse_date
from flows.engine.definition import A, Advance, Answer, Outcome, Question, Step, StepContext
from flows.engine.values import DATE_WIDGET, Option

Text = Callable[[StepContext[A]], str]
DayCheck = Callable[[StepContext[A], date], None]
Keep = Callable[[A, date], None]


def _accepted(check: DayCheck[A], ctx: StepContext[A], day: date) -> bool:
    try:
        check(ctx, day)
    except Refusal:
        return False
    return True


def date_step(
    name: str, describe: str, text: Text[A], check: DayCheck[A], keep: Keep[A], help: str
) -> Step[A]:
    """Ask a day after `text`; `check` refuses with the reason, `keep` puts it in the answers."""

    def ask(ctx: StepContext[A]) -> Question:
        yesterday = ctx.today - timedelta(days=1)
        days = (("Vandaag", "vandaag", ctx.today), ("Gisteren", "gisteren", yesterday))
        return Question(
            f"{text(ctx)} Typ de datum (dd/mm/jjjj, 12/3, maandag, 3 dagen geleden) of kies:",
            tuple(  # only a day `check` accepts: no button that will be refused
                Option(f"{label} ({fmt(day)})", value)
                for label, value, day in days
                if _accepted(check, ctx, day)
            ),
            widget=DATE_WIDGET,
        )

    async def accept(ctx: StepContext[A], answer: Answer) -> Outcome:
        day = parse_date(answer.value or answer.text, ctx.today)
        check(ctx, day)
        keep(ctx.answers, day)
        return Advance()

    return Step(name, describe, ask, accept, help=help)
