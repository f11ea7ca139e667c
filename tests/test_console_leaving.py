"""Scripted console sessions of issue 13: what a counsellor meets leaving, closing, writing."""

from __future__ import annotations

from pathlib import Path

from flows.engine import texts
from tests.test_console_script import console, stored


def test_a_command_mid_registration_asks_first_and_a_screen_is_left_without_a_word(
    tmp_path: Path,
) -> None:
    script = ["/cheque", "100/200-300", "/overzicht", "Terug naar de vraag"]
    script += ["/overzicht", "Stoppen zonder opslaan", "/financieel", "/dossier", "/cheque"]
    turns = console(tmp_path, script)
    replies = [reply for _, reply in turns]
    klantnummer = replies[2]
    assert replies[3] == (
        "Je bent bezig met: Cheque registreren — stap 1, het klantnummer. Wat je al invulde, "
        "is nog niet opgeslagen.\nWil je stoppen zonder opslaan en naar ‘Overzicht begeleidingen’ "
        f"gaan, of terug naar de vraag?\n  [1] {texts.DISCARD}\n  [2] {texts.BACK_TO_QUESTION}"
    )
    assert replies[4] == klantnummer
    assert replies[6].startswith(f"{texts.CANCELLED}\n\n")
    assert "Overzicht" in replies[6]
    for reply in replies[7:]:
        assert "opgeslagen" not in reply
        assert "Je bent bezig met" not in reply
    assert stored(tmp_path) == (1, 1, 1)  # only the demo's registration
