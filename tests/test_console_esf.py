"""A scripted console session of an ESF organisator on the demo database (real date)."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flows.domain import handbook
from flows.domain.rules.dates import fmt
from tests.console_support import run_console

FIRST = "Kennismaking op school; afspraken over de stageplaats."
FOLLOW_UP = "Gesprek met de mentor: de stage verloopt goed."


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Brussels")).date()


def console(cwd: Path, lines: list[str], *args: str) -> list[str]:
    """Run a console session; return the reply to each typed line, in order."""
    return [reply for _, reply in run_console(cwd, lines, *args)[1:]]


def test_an_organisator_registers_follows_up_and_closes_a_line_late_then_adds_to_the_samenvatting(
    tmp_path: Path,
) -> None:
    day = today()
    start, actie, einde = (fmt(day - timedelta(days=n)) for n in (60, 40, 20))
    last_day = day + timedelta(days=14)  # B6: from registering the closing, not the einddatum
    script = [
        "/esf",
        "7000003",  # Pauwels Kobe has a diploma: refused
        "7000001",  # Janssens Tom
        start,
        FIRST,
        "Bevestigen",
        "/esfoverzicht",
        "Janssens",
        "Actie registreren",
        "Gesprek met de jongere",
        actie,
        "Geen notitie",
        "Bevestigen en opslaan",
        "Samenvatting aanvullen",
        FOLLOW_UP,
        "Opslaan",
        "Beëindigen",
        einde,
        "1",  # the first resultaat: De jongere zet de opleiding verder …
        "Bevestigen: begeleiding beëindigen",
        "Samenvatting aanvullen",  # 20 days after the einddatum, the day of closing: fine
        "Nazorg: de jongere is goed gestart in het nieuwe schooljaar.",
        "Opslaan",
    ]
    replies = console(tmp_path, script, "--as", "Willems Ines")
    tip, asked = replies[0].split("\n\n", 1)  # the first time /esf opens: one tip (once)
    assert tip.startswith("Tip: ")
    assert asked.endswith("Geef het klantnummer van de jongere.\n  [#1] ✖ Annuleren")
    assert replies[1] == (
        "Pauwels Kobe (klant 7000003) heeft volgens de gegevens een diploma van het secundair "
        "onderwijs. Enkel een jongere die bij de start van de begeleiding geen diploma secundair "
        f"onderwijs had, behoort tot de doelgroep. {handbook.NOT_TARGET_GROUP}\n\n{asked}"
    )
    assert replies[2].startswith("✅ Gevonden: Janssens Tom, geboren 12/05/2008.")
    assert f"Startdatum: {start}\nFinancieringsnummer: EEWG019\n" in replies[4]
    assert replies[5].startswith("✅ Bevestigd. De lijn ‘Onderwijs ondersteuning alternerend")
    assert "[#1] Janssens Tom · Bezig sinds" in replies[6]
    assert "[#2] Verbeke Lore · Bezig sinds" in replies[6]  # the demo's running line
    assert replies[12].startswith(f"✅ Gesprek met de jongere van {actie} geregistreerd.")
    assert replies[15].startswith("✅ Samenvatting aangevuld.")
    assert f"  {fmt(day)} · Willems Ines: {FOLLOW_UP}" in replies[15]
    assert "Positief resultaat:\n1. ➕ De jongere zet de opleiding verder" in replies[17]
    assert "[1] 1. ➕ Opleiding verder" in replies[17]
    assert "Resultaat (positief): De jongere zet de opleiding verder" in replies[18]
    until = f"De samenvatting aanvullen kan nog tot en met {fmt(last_day)}."
    assert until in replies[18]
    assert replies[19].startswith(
        f"✅ Beëindigd op {einde}. {until}\n\n📁 Onderwijs ondersteuning alternerend leren"
    )
    assert "[1] Samenvatting aanvullen" in replies[19]
    assert replies[20].startswith("👤 Janssens Tom (klant 7000001)")
    assert replies[20].endswith(f"({fmt(day)}).\n  [#1] ⬅ Vorige\n  [#2] ✖ Annuleren")
    assert replies[22].startswith("✅ Samenvatting aangevuld.")
    with sqlite3.connect(tmp_path / "data" / "registratiebot.sqlite3") as connection:
        line = connection.execute(
            "SELECT b.toestand, b.startdatum, b.einddatum, b.resultaat, b.financieringsnummer, "
            "(SELECT count(*) FROM esf_samenvatting s WHERE s.begeleiding_id = b.id), "
            "(SELECT count(*) FROM esf_acties a WHERE a.begeleiding_id = b.id) "
            "FROM esf_begeleidingen b JOIN jongeren j ON j.id = b.jongere_id "
            "WHERE j.klantnummer = '7000001'"
        ).fetchall()
        kobe = connection.execute(
            "SELECT count(*) FROM esf_begeleidingen b JOIN jongeren j ON j.id = b.jongere_id "
            "WHERE j.klantnummer = '7000003'"
        ).fetchone()
    assert line == [
        (
            "beeindigd",
            (day - timedelta(days=60)).isoformat(),
            (day - timedelta(days=20)).isoformat(),
            "opleiding_verder",
            "EEWG019",
            3,
            1,
        )
    ]
    assert kobe == (0,)


def test_the_demo_coach_sees_the_removal_requests_in_the_menu(tmp_path: Path) -> None:
    opening = console(tmp_path, ["/menu"], "--as", "Coppens Hilde")[0]
    assert opening.endswith(
        "  [1] ESF-begeleiding registreren\n  [2] ESF-begeleidingen bekijken\n"
        "  [3] Verwijderingsaanvragen\n  [4] Herinneringen"
    )
