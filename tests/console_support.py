"""Scripted console sessions as subprocesses: type lines, read the reply to each."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SETTINGS = {
    "DATABASE_URL",
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "BOT_TIMEZONE",
    "CHEQUE_THEMES",
    "RESUME_AFTER_MINUTES",
    "BOT_FIXED_NOW",
}


def run_console(cwd: Path, lines: list[str], *args: str, **settings: str) -> list[tuple[str, str]]:
    """Run `registratiebot console` in `cwd` on piped input; return (line, reply) pairs.

    The first pair is ("", the opening); the environment's own settings are left out so the
    session runs on the default database in `cwd` unless `settings` say otherwise.
    """
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS}
    env.update(PYTHONPATH=str(REPO), PYTHONUTF8="1", **settings)
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "console", *args],
        cwd=cwd,
        env=env,
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    turns: list[tuple[str, list[str]]] = [("", [])]
    for line in result.stdout.splitlines():
        if line.startswith("> "):
            turns.append((line[2:], []))
        else:
            turns[-1][1].append(line)
    assert [typed for typed, _ in turns[1:]] == lines
    return [(typed, "\n".join(reply).strip("\n")) for typed, reply in turns]
