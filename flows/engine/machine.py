"""One `transitions` Machine per flow, shared by every chat: it routes an accepted step."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic

from transitions import EventData, Machine, MachineError

from flows.engine.definition import A, Condition, Flow, Transition

NEXT = "next"  # the one trigger: a step was accepted


class FlowModel(Generic[A]):
    """A chat's side of a flow, attached to the shared Machine for the length of one step."""

    state: str
    trigger: Callable[..., bool]

    def __init__(self, answers: A) -> None:
        self.answers = answers


def _check(condition: Condition[A]) -> Callable[[EventData], bool]:
    def check(event: EventData) -> bool:
        model: FlowModel[A] = event.model  # type: ignore[assignment]
        return condition.test(model.answers)

    check.__name__ = condition.name
    return check


def _row(transition: Transition[A]) -> dict[str, Any]:
    return {
        "trigger": NEXT,
        "source": transition.source.name,
        "dest": transition.dest.name,
        "conditions": [_check(c) for c in transition.conditions],
        "unless": [_check(c) for c in transition.unless],
    }


def machine_config(flow: Flow[A]) -> dict[str, Any]:
    """Keyword arguments that build this flow's (Graph)Machine: also what the diagrams draw."""
    names = {step.name for step in flow.steps}
    for transition in flow.transitions:
        for end in (transition.source, transition.dest):
            if end.name not in names or flow.step(end.name) is not end:
                raise ValueError(f"flow {flow.name}: {end.name} is not one of its steps")
    return {
        "states": [step.name for step in flow.steps],
        "transitions": [_row(t) for t in flow.transitions],
        "initial": flow.initial.name,
        "auto_transitions": False,
        "send_event": True,
    }


class FlowMachine(Generic[A]):
    """One transitions Machine per flow definition, shared by every chat.

    Its one model is set to a chat's step and answers for each `next`: routing never awaits,
    so no two chats share it at once, and attaching a model per step (transitions binds every
    state's callbacks to it) cost more than the routing itself.
    """

    def __init__(self, flow: Flow[A]) -> None:
        self.flow = flow
        self._model: FlowModel[A | None] = FlowModel(None)
        self._machine = Machine(model=self._model, **machine_config(flow))

    def next(self, state: str, answers: A) -> str | None:
        """The state an accepted `state` leads to, or None when no transition applies."""
        model = self._model
        model.answers = answers
        try:
            self._machine.set_state(state, model=model)
            return model.state if model.trigger(NEXT) else None
        except MachineError:
            return None
        finally:
            model.answers = None  # keep no chat's answers between steps
