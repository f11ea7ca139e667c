"""The dependency rules: what each layer and package of the code may import, and no cycles.

- flows/ knows neither Telegram nor SQLAlchemy; storage/ knows no bot/.
- flows/ has no module at its top level but its public API (`__init__.py`).
- The engine imports no feature; domain/ imports neither the engine nor a feature; ports/ only
  the domain; a feature imports no other feature (what two share lives in domain/ or widgets/).
- No import cycle between modules anywhere in bot/, flows/ and storage/.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ("bot", "flows", "storage")
FORBIDDEN = {
    "flows": {"telegram", "sqlalchemy", "alembic", "asyncpg", "aiosqlite", "bot", "storage"},
    "storage": {"telegram", "bot"},
}
FEATURES = frozenset({"cheques", "overviews", "esf", "access", "administration", "reminders"})
# What each part of flows/ may import from flows/ besides itself.
ALLOWED = {
    "domain": frozenset(),
    "ports": frozenset({"domain"}),
    "engine": frozenset({"domain", "ports"}),
    "widgets": frozenset({"domain", "ports", "engine"}),
    **{feature: frozenset({"domain", "ports", "engine", "widgets"}) for feature in FEATURES},
}


def _module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, root: Path) -> Iterator[str]:
    """Every module a file imports, absolute, as written (`from a import b` also yields a.b)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def _graph(root: Path, packages: tuple[str, ...]) -> dict[str, set[str]]:
    """Module -> the modules of the same code base it imports."""
    files = {_module_name(p, root): p for top in packages for p in (root / top).rglob("*.py")}
    return {
        name: {dep for dep in _imports(path, root) if dep in files and dep != name}
        for name, path in files.items()
    }


def _part(module: str) -> str | None:
    """The part of flows/ a module belongs to (`flows.esf.closing` -> `esf`)."""
    parts = module.split(".")
    return parts[1] if parts[0] == "flows" and len(parts) > 2 else None


def layering_violations(root: Path) -> list[str]:
    """Every import between parts of flows/ that the rules above do not allow."""
    found = []
    for module, deps in sorted(_graph(root, ("flows",)).items()):
        part = _part(module)
        if part is None:
            continue
        allowed = ALLOWED.get(part)
        for dep in sorted(deps):
            other = _part(dep)
            if other is None or other == part:
                continue
            if allowed is None or other not in allowed:
                found.append(f"{module} -> {dep}")
    return found


def top_level_modules(root: Path) -> list[str]:
    """Modules directly in flows/ besides its public API."""
    return sorted(p.name for p in (root / "flows").glob("*.py") if p.name != "__init__.py")


def import_cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Cycles in an import graph (Tarjan's strongly connected components of size > 1)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for dep in graph.get(node, ()):
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_from_the_layers_it_must_not_know(package: str) -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            {name.split(".")[0] for name in _imports(path, ROOT)} & FORBIDDEN[package]
        )
        for path in (ROOT / package).rglob("*.py")
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_flows_has_no_module_at_its_top_level_but_its_public_api() -> None:
    assert top_level_modules(ROOT) == []


def test_engine_domain_ports_widgets_and_features_import_only_what_they_may() -> None:
    assert layering_violations(ROOT) == []


def test_no_module_takes_part_in_an_import_cycle() -> None:
    assert import_cycles(_graph(ROOT, CODE)) == []


def _plant(tmp_path: Path, files: Mapping[str, str]) -> Path:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_a_feature_importing_another_feature_is_caught(tmp_path: Path) -> None:
    root = _plant(
        tmp_path,
        {
            "flows/__init__.py": "",
            "flows/esf/__init__.py": "",
            "flows/esf/a.py": "from flows.cheques.b import X\n",
            "flows/cheques/__init__.py": "",
            "flows/cheques/b.py": "X = 1\n",
        },
    )
    assert layering_violations(root) == ["flows.esf.a -> flows.cheques.b"]


def test_the_engine_importing_a_feature_and_the_domain_importing_the_engine_are_caught(
    tmp_path: Path,
) -> None:
    root = _plant(
        tmp_path,
        {
            "flows/__init__.py": "",
            "flows/engine/__init__.py": "",
            "flows/engine/e.py": "from flows.access import invite\n",
            "flows/access/__init__.py": "",
            "flows/access/invite.py": "",
            "flows/domain/__init__.py": "",
            "flows/domain/d.py": "from ..engine import e\n",
        },
    )
    assert layering_violations(root) == [
        "flows.domain.d -> flows.engine.e",
        "flows.engine.e -> flows.access.invite",
    ]


def test_a_module_at_the_top_of_flows_is_caught(tmp_path: Path) -> None:
    root = _plant(tmp_path, {"flows/__init__.py": "", "flows/helpers.py": ""})
    assert top_level_modules(root) == ["helpers.py"]


def test_an_import_cycle_is_caught(tmp_path: Path) -> None:
    root = _plant(
        tmp_path,
        {
            "bot/__init__.py": "",
            "bot/a.py": "from bot import b\n",
            "bot/b.py": "import bot.c\n",
            "bot/c.py": "from bot.a import thing\n",
        },
    )
    assert import_cycles(_graph(root, ("bot",))) == [["bot.a", "bot.b", "bot.c"]]


def test_importing_every_flow_loads_neither_telegram_nor_sqlalchemy() -> None:
    modules = sorted(_module_name(path, ROOT) for path in (ROOT / "flows").rglob("*.py"))
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'telegram', 'sqlalchemy'}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
