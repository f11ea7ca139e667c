"""Mermaid diagrams of the flows, generated from the same definitions the engine runs."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from transitions.extensions.diagrams import GraphMachine

from flows.engine.definition import Flow
from flows.engine.machine import machine_config

_BLOCK = re.compile(r"(<!-- diagram:(?P<name>[\w-]+) -->\n)(?:.*?\n)?(<!-- /diagram -->)", re.S)


def mermaid(flow: Flow[Any]) -> str:
    """Draw the flow's state machine (conditions shown on their transitions)."""
    config = machine_config(flow)
    machine = GraphMachine(
        model=None, graph_engine="mermaid", show_conditions=True, title=flow.title, **config
    )

    class _Model:
        state: str

    model = _Model()
    machine.add_model(model)
    source: str = getattr(model, "get_graph")().draw(None)  # noqa: B009 (bound by GraphMachine)
    # Drop the styling that marks the initial state as "active": noise in documentation.
    lines = [
        line for line in source.splitlines() if not line.strip().startswith(("classDef", "Class "))
    ]
    return "\n".join(line.rstrip() for line in lines).strip()


def update_readme(path: Path, flows: dict[str, Flow[Any]]) -> bool:
    """Replace each `<!-- diagram:NAME -->` block; return whether the file changed."""
    text = path.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        flow = flows[match.group("name")]
        return f"{match.group(1)}```mermaid\n{mermaid(flow)}\n```\n{match.group(3)}"

    updated = _BLOCK.sub(replace, text)
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text
