"""`registratiebot export` and `import` draw a progress bar on a terminal, and only there."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
from pathlib import Path

from bot.cli.progress_bar import ProgressBar, bar_text
from tests.test_cli import HEADER, REPO, SETTINGS, Db
from tests.test_cli_overviews import db  # noqa: F401 - the seeded database fixture


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_bar_fills_with_the_lines_done() -> None:
    assert bar_text("export", 40_000, 119_067) == (
        "export  [##########--------------------]  40.000/119.067 lijnen"
    )
    assert bar_text("export", 500, None) == "export  500 lijnen"


async def test_a_bar_draws_in_place_on_a_terminal_and_not_in_a_pipe() -> None:
    ticks = iter([0.0, 0.0, 0.1, 0.5, 0.6])
    terminal = Terminal()
    bar = ProgressBar(terminal, "import", 3000, lambda: next(ticks))
    for done in (1000, 2000, 3000):  # the second comes too soon; the last is always drawn
        await bar(done)
    bar.close()
    assert terminal.getvalue() == (
        "\rimport  [##########--------------------]  1.000/3.000 lijnen"
        "\rimport  [##############################]  3.000/3.000 lijnen\n"
    )
    piped = io.StringIO()
    quiet = ProgressBar(piped, "import", 3000)
    await quiet(3000)
    quiet.close()
    assert piped.getvalue() == ""


def _on_a_terminal(cwd: Path, database: Path, *args: str) -> str:
    """Run the command with its output on a pseudo-terminal; what it wrote there."""
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS}
    env.update(PYTHONPATH=str(REPO), PYTHONUTF8="1", DATABASE_URL=f"sqlite:///{database}")
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", *args], cwd=cwd, env=env, stdout=child, stderr=child
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    out = b"".join(chunks).decode()
    assert process.wait(timeout=120) == 0, out
    return out


def test_export_on_a_terminal_shows_the_bar_then_the_summary(db: Db) -> None:  # noqa: F811
    out = _on_a_terminal(
        db.cwd, db.path, "export", "financieel", "--organisation", "De Brug", "--format", "xlsx"
    )
    assert "export  [##############################]  5/5 lijnen" in out
    assert out.rstrip().splitlines()[-1].startswith("Wrote 5 rows to exports/financieel-")


def test_import_on_a_terminal_shows_the_bar(db: Db) -> None:  # noqa: F811
    (db.cwd / "cheques.csv").write_text(
        f"{HEADER}\n900001,9001,Nieuw Anna,01/02/2026,01/05/2026,4\n", encoding="utf-8"
    )
    out = _on_a_terminal(db.cwd, db.path, "import", "cheques", "cheques.csv")
    assert "import  [##############################]  1/1 lijnen" in out
    assert "Imported 1 cheques: 1 new, 0 updated." in out
