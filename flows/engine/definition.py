"""How a flow is declared: steps (a question, and what its answer did) and one routing table.

A step never chooses the next step: it says what happened (`Advance`: accepted, `Stay`: ask
again, `Finish`, `Switch` to what another flow handles, or a `Refusal` raised). The flow's
transitions table alone decides where `Advance` leads; *Vorige* is the session's history.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any, Generic, TypeVar

from flows.domain.intents import Intent
from flows.domain.rules.cheques import DEFAULT_THEMES
from flows.domain.rules.reminders import DEFAULT_IDLE_DAYS
from flows.domain.staff import Staff
from flows.engine.downloads import Download
from flows.engine.values import Option
from flows.ports.unit_of_work import UnitOfWork

A = TypeVar("A")  # a flow's answers: a dataclass (flows/engine/answers.py stores it)
I = TypeVar("I", bound=Intent)  # noqa: E741 (the intent an entry handles)


@dataclass(frozen=True)
class FlowSettings:
    """Settings flows read: configurable lists and the resume threshold."""

    themes: tuple[str, ...] = DEFAULT_THEMES
    resume_after: timedelta = timedelta(minutes=30)
    bot_username: str | None = None  # for t.me links; known once the Telegram bot started
    reminder_idle_days: int = DEFAULT_IDLE_DAYS  # REMINDER_IDLE_DAYS: a centre may set its own


@dataclass(frozen=True)
class Question:
    """What a step asks: text, finite options, and whether typing is accepted besides them.

    `widget` names a richer input a channel may offer (`"date"`: a calendar whose day presses
    come back as the date typed out).
    """

    text: str
    options: tuple[Option, ...] = ()
    typed: bool = True
    widget: str | None = None


@dataclass(frozen=True)
class Answer:
    """The user's answer to a step: the chosen option's value, or the typed text."""

    value: str | None
    text: str


@dataclass(frozen=True)
class Advance:
    """Accepted: the transitions table picks the next step; `note` is shown before it.

    `stored`: this answer stored a change, so *Vorige* cannot lead back before it.
    """

    note: str | None = None
    download: Download | None = None  # a file to send, written after the commit
    stored: bool = False


@dataclass(frozen=True)
class Stay:
    """The answers changed but the step is not done: ask the same question again."""

    note: str | None = None
    download: Download | None = None  # a file to send, written after the commit


@dataclass(frozen=True)
class Finish:
    """The flow is done (its change is stored in this same unit of work)."""

    text: str
    download: Download | None = None  # a file to send, written after the commit


@dataclass(frozen=True)
class Switch:
    """Leave this flow for the one that handles `to` (see `Entry`)."""

    to: Intent
    note: str | None = None


Outcome = Advance | Stay | Finish | Switch


@dataclass
class StepContext(Generic[A]):
    """What a step sees: this chat's answers, the staff member, the time and the unit of work."""

    answers: A
    staff: Staff
    now: datetime
    settings: FlowSettings
    uow: UnitOfWork

    @property
    def today(self) -> date:
        return self.now.date()


Ask = Callable[[StepContext[A]], Question | Awaitable[Question]]
Accept = Callable[[StepContext[A], Answer], Awaitable[Outcome]]


@dataclass(frozen=True, eq=False)
class Step(Generic[A]):
    """One state of a flow: how it looks (`ask`) apart from what its answer does (`accept`).

    `ask` may be async when the question shows stored data (a list to choose from). A step
    without `ask` is an action: it runs as soon as the flow reaches it (storing, typically).
    `screen`: the step shows stored data (an overview, a detail, a list) and choosing on it
    collects nothing that leaving the flow would lose.
    """

    name: str
    describe: str
    ask: Ask[A] | None
    accept: Accept[A]
    help: str = ""
    screen: bool = False


def action(name: str, run: Callable[[StepContext[A]], Awaitable[Outcome]]) -> Step[A]:
    """A step that asks nothing: it runs when reached (a store after the last question)."""

    async def accept(ctx: StepContext[A], _answer: Answer) -> Outcome:
        return await run(ctx)

    return Step(name, name, None, accept)


@dataclass(frozen=True)
class Condition(Generic[A]):
    """A named test on the collected answers, used to choose between transitions."""

    name: str
    test: Callable[[A], bool]


@dataclass(frozen=True)
class Transition(Generic[A]):
    """A row of a flow's transitions table: where an accepted `source` leads."""

    source: Step[A]
    dest: Step[A]
    conditions: tuple[Condition[A], ...] = ()
    unless: tuple[Condition[A], ...] = ()


@dataclass(frozen=True)
class Entry(Generic[I, A]):
    """A way into a flow from another one: the intent it handles, the step, the answers."""

    intent: type[I]
    step: Step[A]
    answers: Callable[[I], A]


@dataclass(frozen=True)
class LineEntry(Generic[A]):
    """A flow started from one typed line: the words after its command, or a line at the menu.

    `answers` keeps the line for the flow's first step (an action) to read; `recognises` says
    whether a line typed at the menu is meant for this flow (no command needed then); `help`
    explains it in /help, `example` shows it in the command menu.
    """

    answers: Callable[[str], A]
    recognises: Callable[[str, date], bool]
    help: str
    example: str


@dataclass(frozen=True, eq=False)
class Flow(Generic[A]):
    """A flow as data: its answers' type, steps, transitions, command and who may use it."""

    name: str  # stored in sessions: never renamed
    title: str
    command: str
    answers: type[A]
    steps: tuple[Step[A], ...]
    transitions: tuple[Transition[A], ...]
    available_to: Callable[[Staff], bool] = field(default=lambda staff: True)
    entries: tuple[Entry[Any, A], ...] = ()
    line: LineEntry[A] | None = None
    in_menu: bool = True  # False: reached by its command and entries only (not in the menu)

    @property
    def initial(self) -> Step[A]:
        return self.steps[0]

    def step(self, name: str) -> Step[A]:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(f"flow {self.name} has no step {name}")


def linear(steps: Sequence[Step[A]]) -> list[Transition[A]]:
    """Transitions along a sequence of steps, each to the next."""
    return [Transition[A](before, after) for before, after in pairwise(steps)]
