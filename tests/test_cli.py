"""The `registratiebot` command, run as a real process against a throwaway SQLite file."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.cli.csv_files import CHEQUE_HEADER

REPO = Path(__file__).resolve().parents[1]
SETTINGS = {"DATABASE_URL", "TELEGRAM_BOT_TOKEN", "TELEGRAM_API_BASE_URL"}
SETTINGS |= {"BOT_TIMEZONE", "CHEQUE_THEMES", "RESUME_AFTER_MINUTES"}
HEADER = ",".join(CHEQUE_HEADER)
CHEQUES = "SELECT chequenummer, client_id, ordered_on, start_by, minutes FROM issued_cheques"
GOOD = f"""{HEADER}
100/200/300,1234567,Vermeulen Els,01/02/2026,01/05/2026,4
100200301,2345678,Dubois Karim,15/01/2026,15/04/2026,"3,5"
"""
Result = subprocess.CompletedProcess[str]


def run(cwd: Path, *args: str, **settings: str) -> Result:
    """Run the command in `cwd` with none of the bot's settings inherited, only `settings`."""
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS}
    env.update(PYTHONPATH=str(REPO), PYTHONUTF8="1", **settings)
    command = [sys.executable, "-m", "bot.cli", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def refused(result: Result, reason: str | None = None) -> str:
    """Assert the command stopped with exit 2 and one line on stderr, and return that line."""
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    if reason is not None:
        assert lines[0] == f"registratiebot: {reason}"
    return lines[0]


class Db:
    """One SQLite file and the command pointed at it."""

    def __init__(self, tmp_path: Path) -> None:
        self.cwd, self.path = tmp_path, tmp_path / "x.sqlite3"

    def __call__(self, *args: str) -> Result:
        return run(self.cwd, *args, DATABASE_URL=f"sqlite:///{self.path}")

    def ok(self, *args: str) -> str:
        result = self(*args)
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        return result.stdout

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.path) as connection:
            return connection.execute(sql).fetchall()

    def count(self, table: str) -> int:
        return int(self.rows(f"SELECT count(*) FROM {table}")[0][0])

    def staff(self, name: str, organisation: str = "De Brug", *more: str) -> Result:
        return self("staff", "add", "--name", name, "--organisation", organisation, *more)

    def import_csv(self, text: str, name: str = "cheques.csv") -> Result:
        (self.cwd / name).write_text(text, encoding="utf-8")
        return self("import", "cheques", name)


@pytest.fixture
def db(tmp_path: Path) -> Db:
    return Db(tmp_path)


@pytest.fixture
def brug(db: Db) -> Db:
    db.ok("organisation", "add", "--name", "De Brug", "--kind", "loopbaancentrum")
    return db


@pytest.mark.parametrize(
    "args",
    [(), ("db", "upgrade"), ("console",), ("organisation", "add", "--name", "X", "--kind", "esf")],
)
def test_a_bad_setting_prints_one_clear_line_and_exits_2(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    result = run(tmp_path, *args, BOT_TIMEZONE="Mars/Olympus")
    refused(result, "BOT_TIMEZONE 'Mars/Olympus' is not a known time zone (e.g. Europe/Brussels).")
    assert result.stdout == ""
    assert not (tmp_path / "data").exists()


def test_a_bad_database_url_names_the_setting(tmp_path: Path) -> None:
    assert "DATABASE_URL" in refused(run(tmp_path, "db", "upgrade", DATABASE_URL="mysql://db/reg"))


def test_db_upgrade_creates_the_schema_and_can_run_again(db: Db) -> None:
    assert db.ok("db", "upgrade") == "Database is up to date.\n"
    assert db.ok("db", "upgrade") == "Database is up to date.\n"
    tables = {row[0] for row in db.rows("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"organisations", "staff", "issued_cheques", "cheque_registrations"} <= tables


def test_a_database_that_cannot_be_opened_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "adir").mkdir()
    result = run(tmp_path, "db", "upgrade", DATABASE_URL=f"sqlite:///{tmp_path / 'adir'}")
    assert refused(result).startswith("registratiebot: cannot use the database: ")


@pytest.mark.parametrize(
    ("kind", "flags"),
    [
        ("loopbaancentrum", (1, 0)),
        ("esf", (0, 1)),
        ("loopbaancentrum,esf", (1, 1)),
        (" esf , loopbaancentrum ", (1, 1)),
    ],
)
def test_organisation_add_stores_the_kinds(db: Db, kind: str, flags: tuple[int, int]) -> None:
    out = db.ok("organisation", "add", "--name", "De Brug", "--kind", kind)
    assert out == "Organisation 'De Brug' added.\n"
    organisations = db.rows("SELECT name, is_loopbaancentrum, is_esf FROM organisations")
    assert organisations == [("De Brug", *flags)]


@pytest.mark.parametrize("kind", ["school", "loopbaancentrum,school", "", "esf,"])
def test_organisation_add_with_a_bad_kind_is_one_line_and_stores_nothing(db: Db, kind: str) -> None:
    db.ok("db", "upgrade")
    result = db("organisation", "add", "--name", "De Brug", "--kind", kind)
    refused(result, "--kind must be loopbaancentrum, esf, or loopbaancentrum,esf")
    assert db.count("organisations") == 0


def test_an_organisation_name_is_unique(brug: Db) -> None:
    refused(
        brug("organisation", "add", "--name", "De Brug", "--kind", "esf"),
        "Organisation 'De Brug' already exists.",
    )


def test_staff_add_links_the_member_to_the_organisation(brug: Db) -> None:
    result = brug.staff("Peeters An", "De Brug", "--role", "begeleider", "--telegram-id", "42")
    assert (result.returncode, result.stdout) == (
        0,
        "Staff member 'Peeters An' added to 'De Brug'.\n",
    )
    assert brug.rows(
        "SELECT s.name, s.role, s.telegram_user_id, o.name FROM staff s "
        "JOIN organisations o ON o.id = s.organisation_id"
    ) == [("Peeters An", "begeleider", 42, "De Brug")]


def test_staff_add_refuses_a_lowercase_name_with_the_dutch_proposal(brug: Db) -> None:
    refused(
        brug.staff("peeters an", "De Brug", "--role", "begeleider"),
        "Schrijf de naam als ‘Familienaam Voornaam’, telkens met een hoofdletter. "
        "Bedoel je ‘Peeters An’?",
    )
    assert brug.count("staff") == 0


def test_staff_add_refuses_an_unknown_organisation(brug: Db) -> None:
    refused(
        brug.staff("Peeters An", "Nergens", "--role", "coach"), "No organisation named 'Nergens'."
    )
    assert brug.count("staff") == 0


def test_a_telegram_id_links_to_one_staff_member_only(brug: Db) -> None:
    assert (
        brug.staff("Peeters An", "De Brug", "--role", "coach", "--telegram-id", "42").returncode
        == 0
    )
    result = brug.staff("Maes Lotte", "De Brug", "--role", "begeleider", "--telegram-id", "42")
    refused(result, "Telegram id 42 is already linked to another staff member.")
    assert brug.count("staff") == 1


def test_every_administrative_command_leaves_an_audit_entry_of_no_staff_member(brug: Db) -> None:
    brug.staff("Peeters An", "De Brug", "--role", "coordinator")
    assert brug.import_csv(GOOD).returncode == 0
    (brug.cwd / "jongeren.csv").write_text(
        "klantnummer,naam,geboortedatum,diploma_secundair\n1101,Janssens Tom,12/05/2008,nee\n",
        encoding="utf-8",
    )
    brug.ok("import", "jongeren", "jongeren.csv")
    (brug.cwd / "betaald.csv").write_text(
        'chequenummer,gespreksdatum,bedrag,betaald_op\n100200300,05/01/2026,"140,26",01/03/2026\n',
        encoding="utf-8",
    )
    brug.ok("import", "betalingen", "betaald.csv")
    brug.ok("invite", "--staff", "Peeters An")
    assert brug.rows("SELECT action, entity, staff_id FROM audit_log ORDER BY id") == [
        ("organisation.added", "organisation", None),
        ("staff.added", "staff", None),
        ("cheques.imported", "issued_cheques", None),
        ("jongeren.imported", "jongeren", None),
        ("betalingen.imported", "gesprekken", None),
        ("invitation.created", "staff", None),
    ]


def imported(result: Result, new: int, updated: int) -> None:
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == f"Imported {new + updated} cheques: {new} new, {updated} updated.\n"


def test_import_cheques_stores_them_with_slashes_stripped(db: Db) -> None:
    imported(db.import_csv(GOOD), 2, 0)
    assert db.rows(CHEQUES) == [
        ("100200300", 1, "2026-02-01", "2026-05-01", 240),
        ("100200301", 2, "2026-01-15", "2026-04-15", 210),
    ]


def test_re_importing_the_same_file_updates_and_adds_no_rows(db: Db) -> None:
    imported(db.import_csv(GOOD), 2, 0)
    before = db.rows(CHEQUES)
    imported(db.import_csv(GOOD), 0, 2)
    imported(db.import_csv(GOOD), 0, 2)
    assert db.rows(CHEQUES) == before
    assert (db.count("issued_cheques"), db.count("clients")) == (2, 2)


def test_a_changed_row_updates_the_stored_values(db: Db) -> None:
    imported(db.import_csv(GOOD), 2, 0)
    old, new = (
        "Vermeulen Els,01/02/2026,01/05/2026,4",
        "Vermeulen-Claes Els,03/02/2026,01/06/2026,2",
    )
    imported(db.import_csv(GOOD.replace(old, new), "changed.csv"), 0, 2)
    assert db.rows(
        "SELECT c.naam, i.ordered_on, i.start_by, i.minutes FROM issued_cheques i "
        "JOIN clients c ON c.id = i.client_id WHERE i.chequenummer = '100200300'"
    ) == [("Vermeulen-Claes Els", "2026-02-03", "2026-06-01", 120)]
    assert db.count("issued_cheques") == 2


def test_a_file_with_bad_rows_names_each_line_and_imports_nothing(db: Db) -> None:
    imported(db.import_csv(GOOD), 2, 0)
    before = db.rows("SELECT * FROM issued_cheques ORDER BY id")
    result = db.import_csv(
        f"""{HEADER}
100200302,3456789,Goossens Lien,01/02/2026,01/05/2026,3
100200303,4567890,Mertens Jan,02/11/15,01/05/2026,4
100200304,5678901,Hermans Sofie,01/02/2026,01/05/2026,vier
100/200/302,6789012,Lambrechts Bram,01/02/2026,01/05/2026,4
100200300,1234567,Vermeulen Els,01/02/2026,01/05/2026,1
""",
        "bad.csv",
    )
    assert (result.returncode, result.stdout) == (2, "")
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "registratiebot: line 3: Schrijf het jaar met vier cijfers: dd/mm/jjjj, "
        "bijvoorbeeld 02/11/2015 en niet 02/11/15.",
        "line 4: uren 'vier' is not a number",
        "line 5: chequenummer 100200302 also on line 2",
    ]
    assert db.rows("SELECT * FROM issued_cheques ORDER BY id") == before
    assert (db.count("issued_cheques"), db.count("clients")) == (2, 2)


def test_a_file_with_the_wrong_header_imports_nothing(db: Db) -> None:
    imported(db.import_csv(GOOD), 2, 0)
    result = db.import_csv(GOOD.replace("uren", "minuten", 1).replace("300,", "399,"), "bad.csv")
    refused(result, f"line 1: the header must be {HEADER}")
    assert db.count("issued_cheques") == 2


def test_a_missing_file_is_one_line(db: Db) -> None:
    line = refused(db("import", "cheques", "nope.csv"))
    assert line.startswith("registratiebot: cannot read nope.csv: ")


def test_an_unreachable_postgresql_server_is_one_line_naming_the_server(tmp_path: Path) -> None:
    result = run(tmp_path, "db", "upgrade", DATABASE_URL="postgresql://bot@127.0.0.1:1/reg")
    line = refused(result)
    # The operating system words the refusal; the line says what failed and where.
    assert line.startswith("registratiebot: cannot reach the database: "), line
    assert "('127.0.0.1', 1)" in line, line


def test_a_sqlite_path_under_a_file_is_one_line_naming_that_file(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("", encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'afile' / 'x.sqlite3'}"
    line = refused(run(tmp_path, "db", "upgrade", DATABASE_URL=url))
    assert line.startswith("registratiebot: cannot reach the database: "), line
    assert f"File exists: '{tmp_path / 'afile'}'" in line, line
