"""A scripted console session: a routine gesprek on another day in one line and *Bevestigen*."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from flows.domain.rules.dates import fmt, fmt_long
from tests.console_support import run_console
from tests.test_console_script import NOW, today

BEGINVRAAG = "Welke job past bij mij na mijn ontslag?"


def test_one_line_and_bevestigen_store_a_verdiepingsgesprek_of_three_days_ago(
    tmp_path: Path,
) -> None:
    three_days_ago = today() - timedelta(days=3)
    script = ["/cheque", "100200300", "1234567", "#2", "Klaar", BEGINVRAAG, "#1"]
    script += ["5 dagen geleden", "#1", "#1", "1u", "Geen feedback", "#1"]
    script += ["/gesprek 100200300 3 dagen geleden 1u30 verdieping", "1"]  # 1: Bevestigen
    script += ["/dossier", "100200300"]
    turns = run_console(tmp_path, script, BOT_FIXED_NOW=NOW.isoformat())
    summary, stored, dossier = turns[-4][1], turns[-3][1], turns[-1][1]
    assert "Controleer en bevestig:\nType gesprek: Verdiepingsgesprek\n" in summary
    assert f"Datum: {fmt_long(three_days_ago)}\n" in summary
    assert "Duur: 1u30\n" in summary
    assert summary.endswith(
        "  [1] ✅ Bevestigen en opslaan\n  [2] ✏️ Gegevens aanpassen\n  [3] ✖ Annuleren"
    )
    assert stored.startswith(
        f"✅ Verdiepingsgesprek van {fmt(three_days_ago)} (1u30) geregistreerd op cheque "
        "100200300 van Vermeulen Els."
    )
    assert f"{fmt(three_days_ago)} · Verdiepingsgesprek · 1u30 · Individueel gesprek" in dossier
    with sqlite3.connect(tmp_path / "data" / "registratiebot.sqlite3") as connection:
        assert connection.execute(
            "SELECT g.type, g.datum, g.minutes FROM gesprekken g "
            "JOIN cheque_registrations r ON r.id = g.registration_id "
            "JOIN issued_cheques i ON i.id = r.issued_cheque_id "
            "WHERE i.chequenummer = '100200300' ORDER BY g.id"
        ).fetchall() == [
            ("intake", (today() - timedelta(days=5)).isoformat(), 60),
            ("verdieping", three_days_ago.isoformat(), 90),
        ]


def test_a_line_typed_at_the_menu_is_a_gesprek_in_two_inputs(tmp_path: Path) -> None:
    script = ["/cheque", "100200300", "1234567", "#2", "Klaar", BEGINVRAAG, "#1"]
    script += ["5 dagen geleden", "#1", "#1", "1u", "Geen feedback", "#1"]
    script += ["verdieping Vermeulen gisteren 45 min e-coaching", "1"]
    turns = run_console(tmp_path, script, BOT_FIXED_NOW=NOW.isoformat())
    assert f"Datum: {fmt_long(today() - timedelta(days=1))}\n" in turns[-2][1]
    assert "Vorm: E-coaching\nDuur: 45 min\n" in turns[-2][1]
    assert turns[-1][1].startswith("✅ Verdiepingsgesprek van ")
