"""A scripted console session of a new colleague: welcome, practice, and a clean export."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from flows.domain.practice import BANNER, practice_data
from tests.console_support import REPO, SETTINGS
from tests.test_console_script import console, today

LOTTE = 2  # Maes Lotte: the demo's second staff member, never active before


def _export(cwd: Path, output: Path, organisation: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS}
    env.update(PYTHONPATH=str(REPO), PYTHONUTF8="1")
    command = ["export", "overzicht", "--status", "alle", "--organisation", organisation]
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *command, "--output", str(output)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_new_colleague_practises_a_cheque_leaves_and_the_export_lists_no_practice_cheque(
    tmp_path: Path,
) -> None:
    data = practice_data(LOTTE, today())
    cheque, klant = data.valid.chequenummer, data.valid.klantnummer
    script = ["/oefenen", "/cheque", cheque, klant, "#2", "Klaar"]
    script += ["Welke job past bij mij na mijn ontslag?", "#1", "vandaag", "#1", "#1", "1u30"]
    script += ["Geen feedback", "#1", "/stoppen", "/rondleiding"]
    turns = console(tmp_path, script, "--as", "Maes Lotte")
    opening = turns[0][1]
    assert "Welkom Lotte bij Loopbaancentrum De Brug!" in opening
    assert "⬜ Oefen een chequeregistratie" in opening
    practising = dict(turns[1:])
    assert practising["/oefenen"].startswith(BANNER)
    assert f"Registreer cheque {cheque} voor klant {klant}" in practising["/oefenen"]
    stored = turns[14][1]  # the reply to confirming the summary
    assert all(reply.startswith(BANNER) for _, reply in turns[1:15])
    assert f"✅ Geregistreerd. Cheque {cheque}" in stored
    assert "Uit de handleiding" in stored
    assert "Je hebt de oefenmodus verlaten" in practising["/stoppen"]
    assert not practising["/stoppen"].startswith(BANNER)
    assert "✅ Oefen een chequeregistratie" in practising["/rondleiding"]

    for centre in ("Loopbaancentrum De Brug", "Loopbaancentrum Horizon"):
        output = tmp_path / f"{centre}.csv"
        result = _export(tmp_path, output, centre)
        assert result.returncode == 0, result.stderr
        exported = output.read_text(encoding="utf-8-sig")
        assert exported.count("\n") >= 1  # the header at least: the file was written
        assert not any(each.chequenummer in exported for each in data.cheques)
        assert "Oefenklant" not in exported
    with sqlite3.connect(tmp_path / "data" / "registratiebot.sqlite3") as connection:
        sandboxes = [
            name for (name,) in connection.execute("SELECT name FROM organisations WHERE practice")
        ]
    assert sandboxes  # the sandbox and the fictional other centre exist, and cannot be exported
    for sandbox in sandboxes:
        refused = _export(tmp_path, tmp_path / "oefen.csv", sandbox)
        assert refused.returncode != 0
        assert "no organisation named" in refused.stderr
