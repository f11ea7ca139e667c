"""The flows the engine runs, indexed: by name, by command, and by the intents they handle."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flows.domain.intents import Intent
from flows.engine.definition import Entry, Flow, FlowSettings
from flows.engine.machine import FlowMachine


class Catalogue:
    """Every flow with its shared Machine; checked once, when the engine is built."""

    def __init__(self, flows: Sequence[Flow[Any]], settings: FlowSettings) -> None:
        self.settings = settings
        self.flows = {flow.name: flow for flow in flows}
        self.machines = {flow.name: FlowMachine(flow) for flow in flows}
        self.commands = {flow.command: flow for flow in flows}
        self.entries: dict[type[Intent], tuple[Flow[Any], Entry[Any, Any]]] = {}
        for flow in flows:
            for entry in flow.entries:
                if entry.intent in self.entries:
                    raise ValueError(f"{entry.intent.__name__} is handled by two flows")
                if flow.step(entry.step.name) is not entry.step:
                    raise ValueError(f"flow {flow.name}: entry step {entry.step.name} unknown")
                self.entries[entry.intent] = (flow, entry)
        if len(self.flows) != len(flows) or len(self.commands) != len(flows):
            raise ValueError("two flows share a name or a command")

    def entry(self, intent: Intent) -> tuple[Flow[Any], Entry[Any, Any]]:
        """The flow that handles `intent`, and how it is entered."""
        try:
            return self.entries[type(intent)]
        except KeyError:
            raise LookupError(f"no flow handles {type(intent).__name__}") from None
