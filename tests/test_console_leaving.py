"""Scripted console sessions of issue 13: what a counsellor meets leaving, closing, writing."""

from __future__ import annotations

from pathlib import Path

from flows.engine import texts
from tests.test_console_gesprekken import Line, register
from tests.test_console_gesprekken import console as console_named
from tests.test_console_gesprekken import stored as stored_gesprekken
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


def test_a_cheque_whose_hours_are_used_up_is_closed_by_converting_its_last_gesprek(
    tmp_path: Path,
) -> None:
    script: list[Line] = register("100200300", "1234567")  # intake 1u on a 4u cheque
    script += ["/gesprek", "100200300", "Verdiepingsgesprek", "Gegevens aanpassen", "vandaag"]
    script += ["Peeters An", "E-coaching", "2u", "Geen feedback", "Bevestigen en opslaan"]
    script += ["/gesprek", "100200300", "Verdiepingsgesprek", "vandaag", "Peeters An"]
    script += ["E-coaching", "45", "Geen feedback", ("last_fit", "Bevestigen en opslaan")]
    script += [("kept", "Toch als verdiepingsgesprek")]
    script += ["/gesprek", ("too_little", "100200300"), ("detail", "Cheque bekijken")]
    script += [("convert", "Laatste gesprek omzetten naar synthese")]
    script += [("closed", "Omzetten en cheque afsluiten")]
    reply = console_named(tmp_path, script)
    assert "te weinig voor een synthesegesprek (minstens 30 minuten)" in reply["last_fit"]
    assert "Er blijft 15 min op de cheque." in reply["kept"]
    assert (
        "Er blijft nog 15 min over op de cheque: te weinig voor een gesprek"
        in (reply["too_little"])
    )
    assert "Laatste gesprek omzetten naar synthese" in reply["detail"]
    assert "opnieuw geregistreerd als synthesegesprek met dezelfde datum" in reply["convert"]
    assert "na dit synthesegesprek blijft er nog 15 min over" in reply["convert"]
    assert reply["closed"].startswith("✅ Het laatste gesprek is nu een synthesegesprek")
    assert "De cheque is nu afgesloten." in reply["closed"]
    gesprekken, statuses = stored_gesprekken(tmp_path, "100200300")
    assert gesprekken == [
        ("intake", 60, False),
        ("verdieping", 120, False),
        ("verdieping", 45, True),
        ("synthese", 45, False),
    ]
    assert statuses == ["afgesloten"]


def test_feedback_naming_the_client_or_a_special_category_warns_in_the_console(
    tmp_path: Path,
) -> None:
    script: list[Line] = register("100200300", "1234567")
    script += ["/gesprek", "100200300", "Verdiepingsgesprek", "Gegevens aanpassen", "vandaag"]
    script += ["Peeters An", "E-coaching", "1u", ("name", "Vermeulen Els heeft schulden")]
    script += ["Feedback aanpassen", ("special", "Klant is depressief na scheiding")]
    script += ["Feedback aanpassen", ("clean", "Cv aangepast; drie vacatures besproken")]
    script += [("stored", "Bevestigen en opslaan")]
    reply = console_named(tmp_path, script)
    assert (
        "⚠️ Let op: je feedback lijkt de naam van de klant en info over schulden te bevatten."
    ) in reply["name"]
    assert (
        "je feedback lijkt info over de mentale gezondheid en info over de gezinssituatie te "
        "bevatten"
    ) in reply["special"]
    assert "Controleer en bevestig" in reply["clean"]
    assert reply["stored"].startswith("✅ Verdiepingsgesprek van")
