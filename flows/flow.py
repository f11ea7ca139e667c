"""How a flow is declared (steps and a transitions table) and run on one shared Machine."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise
from typing import Any

from transitions import EventData, Machine, MachineError

from flows.conversation import Option
from flows.domain import Staff
from flows.downloads import Download
from flows.ports import UnitOfWork
from flows.rules.cheques import DEFAULT_THEMES

Answers = dict[str, Any]


@dataclass(frozen=True)
class FlowSettings:
    """Settings flows read: configurable lists and the resume threshold."""

    themes: tuple[str, ...] = DEFAULT_THEMES
    resume_after: timedelta = timedelta(minutes=30)
    bot_username: str | None = None  # for t.me links; known once the Telegram bot started


@dataclass(frozen=True)
class Question:
    """What a step asks: text, finite options, and whether typing is accepted besides them.

    `widget` names a richer input a channel may offer (`"date"`: a calendar whose day presses
    come back as `DAY_PREFIX` + ISO date).
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
    """The step is answered: fire `next`; `note` is shown before the next question."""

    note: str | None = None
    download: Download | None = None  # a file to send, written after the commit


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
    """Leave this flow for another one, at a given step, with answers carried over."""

    flow: str
    state: str
    answers: Answers
    note: str | None = None


Outcome = Advance | Stay | Finish | Switch


@dataclass
class StepContext:
    """What a step sees: this chat's answers, the staff member, the time and the unit of work."""

    answers: Answers
    staff: Staff
    now: datetime
    settings: FlowSettings
    uow: UnitOfWork

    @property
    def today(self) -> date:
        return self.now.date()


@dataclass(frozen=True)
class Step:
    """One state of a flow: how it looks (`ask`) apart from what its answer does (`accept`).

    `ask` may be async when the question shows stored data (a list to choose from).
    """

    name: str
    describe: str
    ask: Callable[[StepContext], Question | Awaitable[Question]]
    accept: Callable[[StepContext, Answer], Awaitable[Outcome]]
    help: str = ""


@dataclass(frozen=True)
class Condition:
    """A named test on the collected answers, used to choose between transitions."""

    name: str
    test: Callable[[Answers], bool]

    def for_machine(self) -> Callable[[EventData], bool]:
        def check(event: EventData) -> bool:
            model: FlowModel = event.model  # type: ignore[assignment]
            return self.test(model.answers)

        check.__name__ = self.name
        return check


@dataclass(frozen=True)
class Transition:
    """A row of a flow's transitions table."""

    trigger: str
    source: str
    dest: str
    conditions: tuple[Condition, ...] = ()
    unless: tuple[Condition, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "trigger": self.trigger,
            "source": self.source,
            "dest": self.dest,
            "conditions": [c.for_machine() for c in self.conditions],
            "unless": [c.for_machine() for c in self.unless],
        }


@dataclass(frozen=True)
class Flow:
    """A flow as data: its steps, its transitions table, its command and who may use it."""

    name: str
    title: str
    command: str
    steps: tuple[Step, ...]
    transitions: tuple[Transition, ...]
    available_to: Callable[[Staff], bool] = field(default=lambda staff: True)

    @property
    def initial(self) -> str:
        return self.steps[0].name

    def step(self, name: str) -> Step:
        for step in self.steps:
            if step.name == name:
                return step
        raise KeyError(f"flow {self.name} has no step {name}")

    def machine_config(self) -> dict[str, Any]:
        """Keyword arguments that build this flow's (Graph)Machine."""
        return {
            "states": [step.name for step in self.steps],
            "transitions": [t.as_dict() for t in self.transitions],
            "initial": self.initial,
            "auto_transitions": False,
            "send_event": True,
        }


def linear(names: Sequence[str], *, back_only: bool = False) -> list[Transition]:
    """Return `next` (unless back_only) and `back` transitions along a sequence of steps."""
    rows: list[Transition] = []
    for before, after in pairwise(names):
        if not back_only:
            rows.append(Transition("next", before, after))
        rows.append(Transition("back", after, before))
    return rows


class FlowModel:
    """A chat's side of a flow, attached to the shared Machine for the length of one step."""

    state: str
    trigger: Callable[..., bool]

    def __init__(self, answers: Answers) -> None:
        self.answers = answers


class FlowMachine:
    """One transitions Machine per flow definition, shared by every chat."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        self._machine = Machine(model=None, **flow.machine_config())
        self._back_sources = {t.source for t in flow.transitions if t.trigger == "back"}

    def has_back(self, state: str) -> bool:
        return state in self._back_sources

    def fire(self, state: str, trigger: str, answers: Answers) -> str | None:
        """Return the state after `trigger` from `state`, or None when no transition applies."""
        model = FlowModel(answers)
        self._machine.add_model(model, initial=state)
        try:
            return model.state if model.trigger(trigger) else None
        except MachineError:
            return None
        finally:
            self._machine.remove_model(model)
