"""The README's diagrams are generated from the flows and must not go stale."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from bot.app import FLOWS
from bot.demo import ESF_STAFF
from bot.diagram import update_readme
from flows.domain.staff import Role

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


def test_the_demo_people_are_described_with_the_roles_staff_add_offers() -> None:
    text = README.read_text(encoding="utf-8")
    described = re.findall(r'--as "([^"]+)"` \(role \*(\w+)\*', text)
    demo_roles = {name: role.value for name, role in ESF_STAFF}
    assert described == [("Willems Ines", "begeleider"), ("Coppens Hilde", "coach")]
    for name, role in described:
        assert role in {each.value for each in Role}
        assert demo_roles[name] == role
    assert "(organisator;" not in text
