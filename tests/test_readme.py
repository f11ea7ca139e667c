"""The README's diagrams are generated from the flows and must not go stale."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot.app import FLOWS
from bot.diagram import update_readme

README = Path(__file__).resolve().parent.parent / "README.md"


def test_the_readme_diagrams_match_the_flow_definitions(tmp_path: Path) -> None:
    copy = tmp_path / "README.md"
    shutil.copy(README, copy)
    changed = update_readme(copy, {flow.command: flow for flow in FLOWS})
    assert not changed, "README diagrams are stale: run `make diagram`"


def test_the_registration_diagram_shows_the_conditions_that_branch_it() -> None:
    text = README.read_text(encoding="utf-8")
    assert "akkoord --> datum: next [client_agrees]" in text
    assert "feedback --> feedback_check: next [feedback_looks_personal]" in text
