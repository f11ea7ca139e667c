"""Scripted console sessions (piped stdin) on the default database with its demo data."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from flows.domain.rules.dates import fmt, one_year_before
from flows.engine import texts
from tests.console_support import REPO, SETTINGS, run_console

# Every question of the flow (and the menu) starts with one of these; notes come before it.
QUESTION_STARTS = ["Stap 1 van 3", "Stap 2 van 3", "Stap 3 van 3", "Beginvraag:\n", "Controleer"]
QUESTION_STARTS += ["⚠️ Let op", "Wat wil je doen?"]
STORED = ("cheque_registrations", "beginvragen", "gesprekken")
Check = Callable[[str, str], None]  # (reply before, reply to this line)


NOW = datetime(2026, 3, 10, 10, 0)  # the console's clock: given to it as BOT_FIXED_NOW


def today() -> date:
    """The day the console takes for today: the same in the test and the subprocess."""
    return NOW.date()


MENU = (
    "  [1] Cheque registreren\n  [2] Gesprek registreren\n  [3] Cheque bekijken\n"
    "  [4] Overzicht begeleidingen\n  [5] Financieel overzicht\n  [6] Herinneringen"
)


def console(cwd: Path, lines: list[str], *args: str, **settings: str) -> list[tuple[str, str]]:
    """Run a console session in `cwd`; return (typed line, reply) pairs, the opening first."""
    return run_console(cwd, lines, *args, **{"BOT_FIXED_NOW": NOW.isoformat(), **settings})


def question(reply: str) -> str:
    """The question a reply ends with (what comes before it are notes and refusals)."""
    return reply[min(at for start in QUESTION_STARTS if (at := reply.find(start)) >= 0) :]


def stored(cwd: Path) -> tuple[int, ...]:
    with sqlite3.connect(cwd / "data" / "registratiebot.sqlite3") as connection:
        return tuple(connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in STORED)


def again(reason: str) -> Check:
    """The reason, then the very same question once more."""

    def check(before: str, reply: str) -> None:
        assert reply == f"{reason}\n\n{question(before)}"

    return check


def asks(text: str) -> Check:
    def check(before: str, reply: str) -> None:
        assert text in reply, reply

    return check


def play(cwd: Path, script: list[tuple[str, Check | None]]) -> list[tuple[str, str]]:
    turns = console(cwd, [line for line, _ in script])
    for (_, check), (_, before), (_, reply) in zip(script, turns[:-1], turns[1:], strict=True):
        if check is not None:
            check(before, reply)
    return turns


def test_a_cheque_registered_end_to_end_is_then_in_use_here(tmp_path: Path) -> None:
    script = ["/cheque", "100/200-300", "1234567", "2", "Klaar"]
    script += ["Welke job past bij mij na mijn ontslag?", "1", "vandaag", "#1", "1", "1u30"]
    script += ["Geen feedback", "1"]
    turns = console(tmp_path, script)
    assert turns[0][1].startswith("Demo data created in data/registratiebot.sqlite3.\n\n")
    assert "Beginvraag: “Welke job past bij mij na mijn ontslag?”" in turns[-2][1]
    assert turns[-1][1] == (
        "✅ Geregistreerd. Cheque 100200300 van Vermeulen Els is nu gekoppeld aan Loopbaancentrum "
        f"De Brug, met het intakegesprek van {fmt(today())} (1u30). Er blijft 2u30 op de cheque."
        f"\n\n{texts.WHAT_NOW}\n{MENU}"
    )
    assert stored(tmp_path) == (2, 2, 2)
    with sqlite3.connect(tmp_path / "data" / "registratiebot.sqlite3") as connection:
        assert connection.execute(
            "SELECT g.datum, g.begeleider, g.type, g.vorm, g.minutes, g.feedback FROM gesprekken g "
            "JOIN cheque_registrations r ON r.id = g.registration_id "
            "JOIN issued_cheques i ON i.id = r.issued_cheque_id WHERE i.chequenummer = '100200300'"
        ).fetchall() == [(today().isoformat(), "Peeters An", "intake", "individueel", 90, None)]

    again_turns = console(tmp_path, ["/cheque", "100200300", "1234567"])
    assert "Demo data" not in again_turns[0][1]
    reply = again_turns[-1][1]
    assert reply.split("\n\n")[0] == "Deze cheque is reeds in gebruik bij jouw loopbaancentrum."
    assert (
        reply == f"Deze cheque is reeds in gebruik bij jouw loopbaancentrum.\n\n{question(reply)}"
    )
    assert question(reply) == question(again_turns[-2][1])
    assert stored(tmp_path) == (2, 2, 2)


def test_every_refusal_gives_its_reason_then_the_same_question_and_nothing_is_stored(
    tmp_path: Path,
) -> None:
    console(tmp_path, [])  # first run: the demo data, with one cheque in use at the other centre
    assert stored(tmp_path) == (1, 1, 1)
    day = today()
    tomorrow, long_ago, before_order = (fmt(day + timedelta(days=n)) for n in (1, -400, -11))
    not_found = "Geen cheque gevonden voor klantnummer {} en chequenummer {}"
    expired = (
        f"{not_found.format(4567890, 100200303)}\nDe geldigheidstermijn is verstreken (starten "
        f"kon tot {fmt(day - timedelta(days=29))}): vraag je klant om een nieuwe loopbaancheque "
        "aan te vragen."
    )
    too_long = " ".join(["Welke opleiding of job past het best bij mij?"] * 7)
    short = "Die beginvraag is wel erg kort. Formuleer de vraag van de klant in een zin"
    long = f"Hou de beginvraag kort en bondig: maximaal 300 tekens (nu {len(too_long)})."
    four_digits = "Schrijf het jaar met vier cijfers: dd/mm/jjjj, bijvoorbeeld 02/11/2015 en niet"
    future = (
        f"De datum {tomorrow} ligt in de toekomst. Registreer enkel gesprekken die plaatsvonden."
    )
    year = f"De datum {long_ago} ligt meer dan een jaar in het verleden. De vroegst mogelijke datum"
    order = f"De datum {before_order} ligt vóór de bestelling van de cheque"
    duur = "Een gesprek duurt van 30 minuten tot 2 uur; {} kan niet."
    script: list[tuple[str, Check | None]] = [
        ("/cheque", asks("Geef het chequenummer")),
        ("999999", asks("Geef nu het klantnummer")),
        ("7654321", again(not_found.format(7654321, 999999))),
        ("Vorige", asks("Geef het chequenummer")),
        ("100200303", None),
        ("4567890", again(expired)),
        ("Vorige", None),
        ("100200304", None),
        ("5678901", again("Deze cheque is reeds in gebruik bij een ander loopbaancentrum")),
        ("Vorige", None),
        (
            "1OO2OO3O2",
            again("Een chequenummer bestaat uit cijfers (slashes en streepjes mogen weg)."),
        ),
        ("100200302", None),
        ("3456789", asks("✅ Cheque gevonden voor Goossens Lien: 3u begeleiding")),
        ("Klaar", again("Duid minstens één thema aan.")),
        ("2", asks("✓ Competenties en talenten")),
        ("Klaar", asks("Noteer de beginvraag van de klant")),
        (" . ", again(f"{short} (minstens 10 tekens).")),
        (too_long, again(f"{long} Achtergrond en context laat je best weg.")),
        ("Welke job past bij mij na mijn ontslag?", asks("Is de klant akkoord")),
        ("Nee", asks("Noteer de beginvraag van de klant")),
        ("Welke opleiding past bij mij?", asks("“Welke opleiding past bij mij?”")),
        ("1", asks("Wanneer vond het intakegesprek plaats?")),
        ("02/11/15", again(f"{four_digits} 02/11/15.")),
        (tomorrow, again(future)),
        (long_ago, again(f"{year} is {fmt(one_year_before(day))}.")),
        (before_order, again(f"{order} ({fmt(day - timedelta(days=10))}).")),
        ("gisteren", asks("Naam van de begeleider (Familienaam Voornaam)?")),
        ("An Peeters", again("Eerst de familienaam, dan de voornaam. Bedoel je ‘Peeters An’?")),
        ("maes lotte", asks("[#2] Maes Lotte")),
        ("peeters an", asks("Vorm van het gesprek?")),  # the offered own name, in any case
        ("1", asks("Hoe lang duurde het gesprek?")),
        ("20 min", again(duur.format("20 min"))),
        (
            "20",
            again(
                "Bij 20 weet ik niet of je minuten of uren bedoelt. "
                "Typ bijvoorbeeld 1u30, 90 min, 1,5 uur of 2u."
            ),
        ),
        (
            "-30",
            again("Een duur kan niet negatief zijn. Typ bijvoorbeeld 1u30, 90 min, 1,5 uur of 2u."),
        ),
        ("3u", again(duur.format("3u"))),
        ("1u15", asks("Feedback (niet verplicht)")),
        ("Mail haar op els@example.com", asks("⚠️ Let op: je feedback lijkt een e-mailadres")),
        ("Feedback aanpassen", asks("Feedback (niet verplicht)")),
        ("Vorige", asks("Hoe lang duurde het gesprek?")),
        ("1u", asks("Feedback (niet verplicht)")),
        ("Geen feedback", asks("Controleer en bevestig")),
        ("/annuleer", None),
    ]
    turns = play(tmp_path, script)
    reply = {typed: text for typed, text in turns}
    assert reply["maes lotte"].startswith(
        "Schrijf de naam als ‘Familienaam Voornaam’, telkens met een hoofdletter. "
        "Bedoel je ‘Maes Lotte’?\n\nStap 3 van 3"
    )
    assert "  [#1] Peeters An\n  [#2] Maes Lotte\n" in reply["maes lotte"]
    summary = turns[-2][1]
    assert "Begeleider: Peeters An" in summary
    assert f"Datum: {fmt(day - timedelta(days=1))}" in summary
    assert "Duur: 1u\n" in summary
    assert turns[-1][1] == f"{texts.CANCELLED}\n\n{texts.WHAT_NOW}\n{MENU}"
    assert stored(tmp_path) == (1, 1, 1)


def test_help_mid_flow_is_followed_by_the_same_pending_question(tmp_path: Path) -> None:
    turns = console(tmp_path, ["/cheque", "100200300", "/help"])
    before, reply = turns[-2][1], turns[-1][1]
    assert reply == (
        texts.HELP.format(
            flow_commands=", /cheque (cheque registreren), /gesprek (gesprek registreren), "
            "/dossier (cheque bekijken), /overzicht (overzicht begeleidingen), "
            "/financieel (financieel overzicht), /herinneringen (herinneringen), "
            "/oefenen (oefenen op fictieve gegevens), "
            "/rondleiding (je eerste stappen)"
        )
        + "\n• Een gesprek in één bericht: /gesprek 100200300 gisteren 1u30 verdieping — cheque "
        "(chequenummer, klantnummer of naam), datum, duur, type en vorm in willekeurige volgorde; "
        "wat ontbreekt, vraag ik nog. Vanuit het menu mag /gesprek weg als je het type noemt."
        + "\n\nHet klantnummer staat ook op de loopbaancheque. Klopt het chequenummer niet? "
        "Kies ‘Vorige’.\n\n" + question(before)
    )
    assert "Geef nu het klantnummer" in question(before)


def test_console_as_an_unknown_name_is_one_line_and_exit_2(tmp_path: Path) -> None:
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "console", "--as", "Onbekend Iemand"],
        cwd=tmp_path,
        env={**env, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"},
        input="",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, "Traceback" in result.stderr) == (2, False)
    assert result.stderr.splitlines() == [
        "registratiebot: no staff member named 'Onbekend Iemand'; "
        "add one with `registratiebot staff add`"
    ]


def test_console_as_another_demo_member_greets_them(tmp_path: Path) -> None:
    opening = console(tmp_path, [], "--as", "Maes   Lotte")[0][1]
    assert "Dag Lotte! Ik help je je werk bij Loopbaancentrum De Brug te registreren" in opening


def test_on_a_typed_question_a_number_is_text_and_hash_number_picks_an_option(
    tmp_path: Path,
) -> None:
    replies = console(tmp_path, ["/cheque", "999999", "1", "#1", "999999", "7654321"])
    assert "Geen cheque gevonden voor klantnummer 1 en chequenummer 999999" in replies[-4][1]
    assert "  [#1] ⬅ Vorige\n" in replies[-4][1]
    assert "Geef het chequenummer" in replies[-3][1]  # #1 was ⬅ Vorige
    assert replies[-1][1].startswith(
        "Geen cheque gevonden voor klantnummer 7654321 en chequenummer 999999\n\n"
    )


def test_a_typed_2_at_the_duur_is_two_hours_and_hash_2_the_second_button(tmp_path: Path) -> None:
    script = ["/cheque", "100/200-300", "1234567", "2", "Klaar"]
    script += ["Welke job past bij mij na mijn ontslag?", "1", "vandaag", "#1", "1", "2"]
    script += ["Geen feedback", "Vorige", "Vorige", "#2", "Geen feedback"]
    turns = console(tmp_path, script)
    assert "Duur: 2u\n" in turns[-5][1]
    assert "Hoe lang duurde het gesprek?" in turns[-3][1]
    assert "  [#2] 45 min\n" in turns[-3][1]
    assert "Duur: 45 min\n" in turns[-1][1]


def test_a_line_of_any_length_is_answered_never_a_crash(tmp_path: Path) -> None:
    long_number = "9" * 5000
    turns = console(tmp_path, [long_number, "/gesprek", long_number, "#" + long_number])
    assert turns[1][1].startswith(f"{texts.CHOOSE_OPTION}\n\n{texts.WHAT_NOW}")
    assert turns[3][1].startswith(
        f"Geen geregistreerde cheque gevonden bij jouw loopbaancentrum voor ‘{'9' * 29}…’.\n\n"
        "Welke cheque?"
    )
    assert turns[4][1].startswith(f"{texts.INVALID_CHOICE}\n\nWelke cheque?")
