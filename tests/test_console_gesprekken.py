"""Scripted console sessions for gesprekken and corrections, on the default demo database."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from flows.domain import handbook
from flows.domain.rules.dates import fmt
from tests.console_support import run_console

BEGINVRAAG = "Welke job past bij mij na mijn ontslag?"


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Brussels")).date()


Line = str | tuple[str, str]  # a typed line, or (name, line) to look its reply up by name


def console(cwd: Path, script: list[Line], *args: str) -> dict[str, str]:
    """Run a console session in `cwd`; return the replies to the named lines, by name."""
    lines = [line if isinstance(line, str) else line[1] for line in script]
    turns = run_console(cwd, lines, *args)[1:]
    return {
        line[0]: reply.strip()
        for line, (_, reply) in zip(script, turns, strict=True)
        if not isinstance(line, str)
    }


def register(chequenummer: str, klantnummer: str) -> list[Line]:
    """/cheque with an intake of 1u today, by the console user, confirmed."""
    lines: list[Line] = ["/cheque", chequenummer, ("found", klantnummer), "#2", "Klaar"]
    return [
        *lines,
        BEGINVRAAG,
        "#1",
        "vandaag",
        "#1",
        "#1",
        "1u",
        "Geen feedback",
        ("stored", "#1"),
    ]


def stored(cwd: Path, chequenummer: str) -> tuple[list[tuple[str, int, bool]], list[str]]:
    """The cheque's gesprekken (type, minutes, deleted) and its registrations' statuses."""
    with sqlite3.connect(cwd / "data" / "registratiebot.sqlite3") as connection:
        gesprekken = connection.execute(
            "SELECT g.type, g.minutes, g.deleted_at IS NOT NULL FROM gesprekken g "
            "JOIN cheque_registrations r ON r.id = g.registration_id "
            "JOIN issued_cheques i ON i.id = r.issued_cheque_id WHERE i.chequenummer = ? "
            "ORDER BY g.id",
            (chequenummer,),
        ).fetchall()
        statuses = connection.execute(
            "SELECT r.status || CASE WHEN r.released_at IS NULL THEN '' ELSE ' vrijgegeven' END "
            "FROM cheque_registrations r JOIN issued_cheques i ON i.id = r.issued_cheque_id "
            "WHERE i.chequenummer = ? ORDER BY r.id",
            (chequenummer,),
        ).fetchall()
    return [(t, m, bool(d)) for t, m, d in gesprekken], [s for (s,) in statuses]


def test_gesprekken_in_order_within_the_hours_then_a_synthese_leaves_only_nazorg(
    tmp_path: Path,
) -> None:
    day, yesterday = fmt(today()), fmt(today() - timedelta(days=1))
    script = register("100200300", "1234567")
    script += [("list", "/gesprek"), "#1", ("proposal", "Verdiepingsgesprek")]
    script += [("first", "Bevestigen en opslaan"), "/gesprek", "#1", "Verdiepingsgesprek"]
    script += ["Gegevens aanpassen", ("early", "gisteren"), "vandaag", "#1", "1", "30"]
    script += ["Geen feedback", ("second", "Bevestigen en opslaan"), "/gesprek", "#1"]
    script += [
        "Synthesegesprek",
        "Gegevens aanpassen",
        "vandaag",
        "#1",
        ("duur", "1"),
        ("2u", "2u"),
    ]
    script += ["30", "Geen feedback", ("warn_close", "Bevestigen en opslaan")]
    script += [("warn_hours", "1"), ("closed", "1"), ("none_open", "/gesprek")]
    script += [("nazorg_only", "100200300")]
    reply = console(tmp_path, script)
    assert "Kies een open cheque" in reply["list"]
    assert "[#1] Vermeulen Els · 100200300 · 3u over" in reply["list"]
    proposal = reply["proposal"]
    assert proposal.startswith("👤 Vermeulen Els (klant 1234567) · cheque 100200300\n⏱ 1u gebruikt")
    assert f"Zo registreren?\nType gesprek: Verdiepingsgesprek\nDatum: {day}\n" in proposal
    assert reply["first"].startswith(
        f"✅ Verdiepingsgesprek van {day} (1u) geregistreerd op cheque 100200300 van Vermeulen "
        "Els. Er blijft 2u op de cheque."
    )
    assert reply["early"].startswith(
        f"Het laatst geregistreerde gesprek was op {day}. Registreer gesprekken in de volgorde"
    )
    assert "Wanneer vond het gesprek plaats?" in reply["early"]
    assert f"Vandaag ({day})" in reply["early"]  # the button, offered again
    assert f"Gisteren ({yesterday})" not in reply["early"]  # before the last gesprek: not offered
    assert "Er blijft 1u30 op de cheque." in reply["second"]
    assert "Er blijft nog 1u30 op de cheque." in reply["duur"]
    assert reply["2u"].startswith(
        "Dit gesprek (2u) gaat over de uren van de cheque: er blijft nog 1u30.\n\n"
    )
    assert "Hoe lang duurde het gesprek?" in reply["2u"]
    assert "een synthesegesprek sluit de loopbaancheque automatisch af" in reply["warn_close"]
    assert "na dit synthesegesprek blijft er nog 1u over op de cheque" in reply["warn_hours"]
    assert "De cheque is nu afgesloten." in reply["closed"]
    assert "Er zijn geen open cheques." in reply["none_open"]
    nazorg_only = reply["nazorg_only"]
    assert "\n⏱ 3u gebruikt, 1u " in nazorg_only
    assert " · Cheque afgesloten\n" in nazorg_only
    assert nazorg_only.endswith(
        "De cheque is afgesloten: enkel een nazorggesprek kan nog.\n"
        "  [1] Nazorggesprek\n  [2] ⬅ Vorige\n  [3] ✖ Annuleren"
    )
    assert stored(tmp_path, "100200300") == (
        [
            ("intake", 60, False),
            ("verdieping", 60, False),
            ("verdieping", 30, False),
            ("synthese", 30, False),
        ],
        ["afgesloten"],
    )


def test_deleting_every_gesprek_newest_first_frees_the_cheque_for_another_centre(
    tmp_path: Path,
) -> None:
    script = register("100200301", "2345678")
    script += ["/gesprek", "#1", "Verdiepingsgesprek", "Bevestigen en opslaan", "/dossier", "#1"]
    script += [("confirm", "Laatste gesprek verwijderen"), ("deleted", "Ja, verwijderen")]
    script += [("confirm_intake", "Laatste gesprek verwijderen"), ("released", "Ja, verwijderen")]
    reply = console(tmp_path, script)
    first = reply["confirm"]
    assert "\n2. " in first
    assert "· Verdiepingsgesprek · 1u · Individueel gesprek · Peeters An\n\n" in first
    assert f"\n\n{handbook.CONFIRM_DELETE_GESPREK}\n  [1] Ja, verwijderen\n" in first
    assert reply["deleted"].startswith("🗑 Gesprek verwijderd: het blijft zichtbaar")
    assert "Peeters An — Verwijderd\n" in reply["deleted"]
    assert "· Intake gesprek ·" in reply["confirm_intake"]
    assert reply["released"].startswith(
        "🗑 Gesprek verwijderd. Er staan geen gesprekken meer op deze cheque: de cheque is weer "
        "beschikbaar."
    )
    assert stored(tmp_path, "100200301") == (
        [("intake", 60, True), ("verdieping", 60, True)],
        ["in_gebruik vrijgegeven"],
    )

    elsewhere = console(tmp_path, register("100200301", "2345678"), "--as", "Claes Pieter")
    assert elsewhere["found"].startswith("✅ Cheque gevonden voor Dubois Karim: 4u begeleiding")
    assert elsewhere["stored"].startswith(
        "✅ Geregistreerd. Cheque 100200301 van Dubois Karim is nu gekoppeld aan Loopbaancentrum "
        f"Horizon, met het intakegesprek van {fmt(today())} (1u)."
    )
    gesprekken, statuses = stored(tmp_path, "100200301")
    assert (gesprekken[-1], statuses) == (
        ("intake", 60, False),
        ["in_gebruik vrijgegeven", "in_gebruik"],
    )
