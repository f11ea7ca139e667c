"""The A6.1 fields of a gesprek as one reusable fragment: its steps, how they lead on, a summary.

/cheque (the intake) and /gesprek compose it: each gives its header, its date check and the
hours left, and names the step that follows once the feedback is settled.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic

from flows.cheques.answers import GesprekFields
from flows.cheques.begeleider_step import begeleider_step
from flows.cheques.gesprek_questions import (
    DateCheck,
    G,
    Header,
    MinutesLeft,
    datum_step,
    duur_step,
    feedback_check_step,
    feedback_step,
    vorm_step,
)
from flows.domain.cheques import GesprekType
from flows.domain.rules.dates import fmt, fmt_long
from flows.domain.rules.duration import fmt_minutes
from flows.engine.definition import Condition, Step, Transition, linear


@dataclass(frozen=True)
class GesprekSteps(Generic[G]):
    """The field steps as one flow composed them: datum to feedback, and the feedback warning."""

    datum: Step[G]
    begeleider: Step[G]
    vorm: Step[G]
    duur: Step[G]
    feedback: Step[G]
    feedback_check: Step[G]

    @property
    def steps(self) -> tuple[Step[G], ...]:
        return (
            self.datum,
            self.begeleider,
            self.vorm,
            self.duur,
            self.feedback,
            self.feedback_check,
        )

    def transitions(self, then: Step[G]) -> list[Transition[G]]:
        """Datum to feedback in order, then `then`; feedback that looks personal warns first."""
        looks_personal = Condition[G](
            "feedback_looks_personal", lambda answers: bool(answers.feedback_kinds)
        )
        keep = Condition[G]("keep_feedback", lambda answers: answers.feedback_keep is True)
        return [
            *linear([self.datum, self.begeleider, self.vorm, self.duur, self.feedback]),
            Transition(self.feedback, self.feedback_check, conditions=(looks_personal,)),
            Transition(self.feedback, then, unless=(looks_personal,)),
            Transition(self.feedback_check, then, conditions=(keep,)),
            Transition(self.feedback_check, self.feedback, unless=(keep,)),
        ]


def gesprek_steps(
    header: Header[G], check_date: DateCheck[G], what: str, minutes_left: MinutesLeft[G]
) -> GesprekSteps[G]:
    """The field steps under `header`; `what` names the gesprek in the date question."""
    return GesprekSteps(
        datum=datum_step(header, check_date, what),
        begeleider=begeleider_step(header),
        vorm=vorm_step(header),
        duur=duur_step(header, minutes_left),
        feedback=feedback_step(header),
        feedback_check=feedback_check_step(header),
    )


def gesprek_lines(
    answers: GesprekFields, kind: GesprekType, *, long_date: bool = False
) -> list[str]:
    """Summarise the gesprek fields for the confirmation screen (the date with its weekday)."""
    gesprek = answers.gesprek(kind)
    return [
        f"Type gesprek: {gesprek.type.label}",
        f"Datum: {fmt_long(gesprek.datum) if long_date else fmt(gesprek.datum)}",
        f"Begeleider: {gesprek.begeleider}",
        f"Vorm: {gesprek.vorm.label}",
        f"Duur: {fmt_minutes(gesprek.minutes)}",
        f"Feedback: {gesprek.feedback or '—'}",
    ]
