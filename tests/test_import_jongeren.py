"""The jongeren CSV: checked whole first, then inserted or updated by klantnummer, audited."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import App
from bot.cli.csv_files import JONGERE_HEADER, parse_jongeren_csv
from flows.administration.imports import import_jongeren
from flows.domain.errors import AdminError
from flows.domain.esf import Diploma, NewJongere
from storage.models import AuditRow, JongereRow
from tests.support import database

REPO = Path(__file__).resolve().parents[1]
TODAY = date(2026, 3, 10)
FIRST, LATER = datetime(2026, 3, 10, 9, tzinfo=UTC), datetime(2026, 3, 11, 9, tzinfo=UTC)
HEADER = ",".join(JONGERE_HEADER)
GOOD = f"""{HEADER}
1101,Janssens Tom,12/05/2008,nee
11.02,El Amrani  Yasmine,03/09/2007,Onbekend
1103,Pauwels Kobe,21/01/2006,JA
"""


def problems(text: str) -> list[str]:
    with pytest.raises(AdminError) as raised:
        parse_jongeren_csv(text, TODAY)
    return str(raised.value).splitlines()


def test_a_good_file_gives_one_jongere_per_row_normalised() -> None:
    assert parse_jongeren_csv(GOOD, TODAY) == [
        NewJongere("1101", "Janssens Tom", date(2008, 5, 12), Diploma.NEE),
        NewJongere("1102", "El Amrani Yasmine", date(2007, 9, 3), Diploma.ONBEKEND),
        NewJongere("1103", "Pauwels Kobe", date(2006, 1, 21), Diploma.JA),
    ]


def test_a_byte_order_mark_blank_lines_and_header_case_are_tolerated() -> None:
    text = "\ufeff" + HEADER.upper() + "\n\n1101,Janssens Tom,12/05/2008,nee\n,,,\n"
    assert [jongere.klantnummer for jongere in parse_jongeren_csv(text, TODAY)] == ["1101"]


@pytest.mark.parametrize("text", ["", "klant,naam\n1,2\n", HEADER.replace("diploma_", "")])
def test_a_wrong_or_missing_header_is_refused_on_line_one(text: str) -> None:
    assert problems(text) == [f"line 1: the header must be {HEADER}"]


def test_every_bad_row_is_reported_with_its_line_number_in_one_error() -> None:
    text = f"""{HEADER}
1101,Janssens Tom,12/05/2008,nee
1102,El Amrani Yasmine,03/09/07,nee
1103,Pauwels Kobe,21/01/2006,misschien
1101,Iemand Anders,01/01/2008,nee
11O4,Verbeke Lore,14/11/2007,nee
1105,,14/11/2007,nee
1106,Peeters Jo,01/01/2027,nee
1107,Maes Tom,31/02/2008,nee
1108,Claes Ann
"""
    assert problems(text) == [
        "line 3: Schrijf het jaar met vier cijfers: dd/mm/jjjj, bijvoorbeeld 03/09/2007 en niet "
        "03/09/07.",
        "line 4: diploma_secundair 'misschien' must be ja, nee or onbekend",
        "line 5: klantnummer 1101 also on line 2",
        "line 6: Een klantnummer bestaat enkel uit cijfers.",
        "line 7: naam is empty",
        "line 8: geboortedatum 01/01/2027 is in the future",
        "line 9: 31/02/2008 is geen bestaande datum.",
        "line 10: expected 4 columns, found 2",
    ]


async def _import(app: App, text: str, now: datetime) -> tuple[int, int]:
    jongeren = parse_jongeren_csv(text, now.date())
    async with app.unit_of_work() as uow:
        imported = await import_jongeren(uow, jongeren, now)
        await uow.commit()
    return len(imported.added), len(imported.updated)


async def _jongeren(app: App) -> dict[str, tuple[str, date, str]]:
    async with database(app) as db:
        rows = await db.scalars(select(JongereRow))
        return {r.klantnummer: (r.naam, r.geboortedatum, r.diploma_secundair) for r in rows}


async def test_an_import_stores_every_jongere_and_writes_an_audit_entry(app: App) -> None:
    assert await _import(app, GOOD, FIRST) == (3, 0)
    assert await _jongeren(app) == {
        "1101": ("Janssens Tom", date(2008, 5, 12), "nee"),
        "1102": ("El Amrani Yasmine", date(2007, 9, 3), "onbekend"),
        "1103": ("Pauwels Kobe", date(2006, 1, 21), "ja"),
    }
    async with database(app) as db:
        after = await db.scalar(
            select(AuditRow.after).where(AuditRow.action == "jongeren.imported")
        )
    assert after == {"added": ["1101", "1102", "1103"], "updated": []}


async def test_re_importing_updates_by_klantnummer_and_never_duplicates(app: App) -> None:
    await _import(app, GOOD, FIRST)
    changed = f"""{HEADER}
1101,Janssens-Peeters Tom,12/05/2008,ja
1104,Verbeke Lore,14/11/2007,nee
"""
    assert await _import(app, changed, LATER) == (1, 1)
    jongeren = await _jongeren(app)
    assert len(jongeren) == 4
    assert jongeren["1101"] == ("Janssens-Peeters Tom", date(2008, 5, 12), "ja")
    assert jongeren["1102"][0] == "El Amrani Yasmine"
    assert await _import(app, GOOD, LATER) == (0, 3)
    assert len(await _jongeren(app)) == 4


def _cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TELEGRAM_BOT_TOKEN"}}
    env.update(PYTHONPATH=str(REPO), PYTHONUTF8="1", DATABASE_URL=f"sqlite:///{cwd / 'x.db'}")
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_imports_a_good_file_and_a_file_with_a_bad_row_imports_nothing(
    tmp_path: Path,
) -> None:
    (tmp_path / "good.csv").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.csv").write_text(
        f"{HEADER}\n1104,Verbeke Lore,14/11/2007,nee\n1105,Maes Tom,14/11/2007,soms\n",
        encoding="utf-8",
    )
    result = _cli(tmp_path, "import", "jongeren", "bad.csv")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        "registratiebot: line 3: diploma_secundair 'soms' must be ja, nee or onbekend\n"
    )
    result = _cli(tmp_path, "import", "jongeren", "good.csv")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "Imported 3 jongeren: 3 new, 0 updated.\n"
    with sqlite3.connect(tmp_path / "x.db") as connection:
        stored = connection.execute("SELECT klantnummer FROM jongeren ORDER BY 1").fetchall()
    assert stored == [("1101",), ("1102",), ("1103",)]
    again = _cli(tmp_path, "import", "jongeren", "good.csv")
    assert again.stdout == "Imported 3 jongeren: 0 new, 3 updated.\n"
