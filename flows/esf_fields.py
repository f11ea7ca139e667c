"""A date question for the ESF flows: typed dd/mm/jjjj, or vandaag / gisteren / a calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from flows.conversation import DATE_WIDGET, Option
from flows.flow import Advance, Answer, Outcome, Question, Step, StepContext
from flows.rules.dates import fmt, parse_date

Text = Callable[[StepContext], str]
DayCheck = Callable[[StepContext, date], None]


def day_step(name: str, describe: str, key: str, text: Text, check: DayCheck, help: str) -> Step:
    """Ask a day, check it with `check` (which refuses with the reason), keep it under `key`."""

    def ask(ctx: StepContext) -> Question:
        yesterday = ctx.today - timedelta(days=1)
        return Question(
            f"{text(ctx)} Typ de datum als dd/mm/jjjj of kies:",
            (
                Option(f"Vandaag ({fmt(ctx.today)})", "vandaag"),
                Option(f"Gisteren ({fmt(yesterday)})", "gisteren"),
            ),
            widget=DATE_WIDGET,
        )

    async def accept(ctx: StepContext, answer: Answer) -> Outcome:
        day = parse_date(answer.value or answer.text, ctx.today)
        check(ctx, day)
        ctx.answers[key] = day.isoformat()
        return Advance()

    return Step(name, describe, ask, accept, help=help)
