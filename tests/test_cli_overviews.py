"""`registratiebot export …` and `registratiebot import betalingen …` as real processes."""

from __future__ import annotations

import argparse
import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from bot.app import build_app
from bot.cli import overviews
from bot.cli.overviews import OverviewCliError
from bot.settings import Settings
from flows.domain.cheques import ChequeStatus, GesprekType
from flows.engine import xlsx_stream
from tests.overview_support import add, issue, organisation_id, register
from tests.support import seed_world
from tests.test_cli import Db, refused

NOW = datetime.now(UTC)
TODAY = datetime.now(ZoneInfo("Europe/Brussels")).date()
PAYMENTS = "chequenummer,gespreksdatum,bedrag,betaald_op\n"


async def _seed(path: Path) -> None:
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{path}",
        telegram_token=None,
        telegram_api_base_url="https://api.telegram.org/bot",
        timezone=ZoneInfo("Europe/Brussels"),
    )
    app = await build_app(settings, migrate=True)
    try:
        world = await seed_world(app, NOW)
        brug = await organisation_id(app, "De Brug")
        numbers = await issue(app, NOW, ["Vermeulen Élise", "Dubois Karim", "Goossens Lien"])
        a = await register(app, brug, world.an, numbers[0], NOW - timedelta(hours=3))
        b = await register(app, brug, world.an, numbers[1], NOW - timedelta(hours=2), minutes=90)
        await register(app, brug, world.an, numbers[2], NOW - timedelta(hours=1), minutes=45)
        await add(app, a, world.an, NOW - timedelta(minutes=30), GesprekType.VERDIEPING, minutes=45)
        await add(
            app, b, world.an, NOW - timedelta(minutes=20), GesprekType.SYNTHESE,
            status=ChequeStatus.AFGESLOTEN,
        )  # fmt: skip
    finally:
        await app.close()


@pytest.fixture
def db(tmp_path: Path) -> Db:
    database = Db(tmp_path)
    asyncio.run(_seed(database.path))
    return database


def test_the_overview_exports_to_csv_under_exports_by_default(db: Db) -> None:
    out = db.ok("export", "overzicht", "--organisation", "De Brug")
    path = db.cwd / "exports" / f"overzicht-de-brug-{TODAY.isoformat()}.csv"
    assert out == f"Wrote 2 rows to {path.relative_to(db.cwd)}.\n"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Chequenummer;Klantnummer;Klant;Status;Uren cheque")
    assert [line.split(";")[2] for line in lines[1:]] == ["Vermeulen Élise", "Goossens Lien"]


def test_the_overview_exports_to_xlsx_with_a_status_and_a_trefwoord(db: Db) -> None:
    target = db.cwd / "alles.xlsx"
    db.ok(
        "export", "overzicht", "--format", "xlsx", "--organisation", "De Brug",
        "--status", "alle", "--zoek", "intake", "--output", str(target),
    )  # fmt: skip
    rows = list(openpyxl.load_workbook(target).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert [row[2] for row in rows[1:]] == ["Dubois Karim", "Vermeulen Élise", "Goossens Lien"]
    assert rows[1][3] == "Cheque afgesloten"


def test_the_financial_overview_exports_every_paid_gesprek(db: Db) -> None:
    db.ok("export", "financieel", "--organisation", "De Brug", "--output", "f.csv")
    lines = (db.cwd / "f.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(";")[6] for line in lines[1:]] == [
        "Synthesegesprek", "Verdiepingsgesprek",
        "Intake gesprek", "Intake gesprek", "Intake gesprek",
    ]  # fmt: skip
    assert [line.split(";")[10] for line in lines[1:]] == [
        "140,26", "105,19", "105,19", "210,38", "140,26",
    ]  # fmt: skip


def _files(db: Db) -> set[Path]:
    """Every file under the working directory but the database and its journals."""
    return {
        path
        for path in db.cwd.rglob("*")
        if path.is_file() and not path.name.startswith(db.path.name)
    }


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        pytest.param(
            ("overzicht",),
            "give --organisation NAME: there is more than one organisation",
            id="no-organisation-among-several",
        ),
        pytest.param(
            ("overzicht", "--organisation", "Nergens"),
            "no organisation named 'Nergens' of the right kind for overzicht",
            id="unknown-organisation",
        ),
        pytest.param(
            ("financieel", "--organisation", "De Brug", "--status", "afgesloten"),
            "--status for financieel is one of: alle, betaald, niet_betaald",
            id="status-of-another-overview",
        ),
        pytest.param(
            ("overzicht", "--organisation", "De Brug", "--zoek", "31/02/2026"),
            "--zoek: 31/02/2026 is geen bestaande datum.",
            id="impossible-date",
        ),
    ],
)
def test_a_refused_export_says_why_and_writes_no_file(
    db: Db, args: tuple[str, ...], reason: str
) -> None:
    before = _files(db)
    refused(db("export", *args), reason)
    assert _files(db) == before
    assert not (db.cwd / "exports").exists()


def test_an_export_past_an_excel_sheets_rows_says_why_and_leaves_no_file(
    db: Db, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_stream, "MAX_ROWS", 2)  # the header and one line
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{db.path}",
        telegram_token=None,
        telegram_api_base_url="https://api.telegram.org/bot",
        timezone=ZoneInfo("Europe/Brussels"),
    )
    output = db.cwd / "groot.xlsx"
    args = argparse.Namespace(
        which="overzicht", status="alle", zoek="", organisation="De Brug",
        output=output, format="xlsx",
    )  # fmt: skip
    with pytest.raises(OverviewCliError, match="meer lijnen dan een Excel-blad"):
        asyncio.run(overviews.export(settings, args))
    assert not output.exists()


def test_payments_mark_gesprekken_and_report_rows_without_a_match(db: Db) -> None:
    day = "05/01/2026"
    (db.cwd / "betaald.csv").write_text(
        PAYMENTS
        + f'40001,{day},"140,26",01/03/2026\n'  # Élise's intake: marked
        + f"40002,{day},210.38,01/03/2026\n"  # Karim's intake: marked
        + f'40003,{day},"50,00",01/03/2026\n'  # Lien's intake is worth 105,19
        + '40009,05/01/2026,"140,26",01/03/2026\n',  # no such gesprek
        encoding="utf-8",
    )
    out = db.ok("import", "betalingen", "betaald.csv")
    assert out.splitlines() == [
        "Imported 4 payments: 2 gesprekken marked as paid, 0 already marked, 2 reported.",
        f"line 4: cheque 40003, gesprek of {day}: 50,00 in the file, 105,19 computed",
        f"line 5: no paid gesprek on cheque 40009 on {day}",
    ]
    again = db.ok("import", "betalingen", "betaald.csv")
    assert again.splitlines()[0].endswith(
        "0 gesprekken marked as paid, 2 already marked, 2 reported."
    )
    db.ok(
        "export",
        "financieel",
        "--organisation",
        "De Brug",
        "--status",
        "betaald",
        "--output",
        "p.csv",
    )
    lines = (db.cwd / "p.csv").read_text(encoding="utf-8-sig").splitlines()
    assert [line.split(";")[11:] for line in lines[1:]] == [
        ["01/03/2026", "210,38"],
        ["01/03/2026", "140,26"],
    ]


def test_a_malformed_payment_list_imports_nothing(db: Db) -> None:
    (db.cwd / "slecht.csv").write_text(
        PAYMENTS + '40001,05/01/2026,"140,26",01/03/2026\n40002,5/1/26,abc,01/03/2026\n',
        encoding="utf-8",
    )
    result = db("import", "betalingen", "slecht.csv")
    assert result.returncode == 2
    assert "line 3:" in result.stderr
    (db.cwd / "kop.csv").write_text("cheque,datum\n", encoding="utf-8")
    refused(
        db("import", "betalingen", "kop.csv"),
        "line 1: the header must be chequenummer,gespreksdatum,bedrag,betaald_op",
    )
    db.ok(
        "export",
        "financieel",
        "--organisation",
        "De Brug",
        "--status",
        "betaald",
        "--output",
        "p.csv",
    )
    assert len((db.cwd / "p.csv").read_text(encoding="utf-8-sig").splitlines()) == 1


def test_hourly_rates_come_from_the_setting_and_a_bad_one_stops_with_one_line(db: Db) -> None:
    url = f"sqlite:///{db.path}"
    from tests.test_cli import run

    result = run(db.cwd, "export", "financieel", "--organisation", "De Brug", "--output", "r.csv",
                 DATABASE_URL=url, HOURLY_RATES="2020-01-01=150")  # fmt: skip
    assert result.returncode == 0, result.stderr
    amounts = [
        line.split(";")[10] for line in (db.cwd / "r.csv").read_text("utf-8-sig").splitlines()[1:]
    ]
    assert amounts == ["150,00", "112,50", "112,50", "225,00", "150,00"]
    refused(
        run(db.cwd, "export", "overzicht", DATABASE_URL=url, HOURLY_RATES="2020-01-01"),
        "HOURLY_RATES: '2020-01-01' is not START=RATE "
        "(expected e.g. 2020-01-01=140.256;2026-01-01=150).",
    )
