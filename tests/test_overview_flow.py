"""/overzicht, /financieel and the downloads (A1–A3) through the engine, on both databases."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import event

from bot.app import App
from flows.domain.cheques import ChequeStatus, GesprekType
from flows.engine import texts
from flows.engine.clock import FixedClock
from flows.engine.values import Document
from tests.esf_support import register as register_esf
from tests.esf_support import seed_esf
from tests.overview_support import add, issue, organisation_id, register
from tests.support import Chat, World


@pytest.fixture
async def twelve(app: App, world: World, clock: FixedClock) -> list[int]:
    """Twelve cheques at De Brug, the newest change last; the fourth closed with a synthese."""
    brug = await organisation_id(app, "De Brug")
    numbers = await issue(app, clock.now(), [f"Klant Nummer{n:02d}" for n in range(12)], first=10)
    ids = [
        await register(app, brug, world.an, number, clock.now() - timedelta(hours=20 - n))
        for n, number in enumerate(numbers)
    ]
    await add(
        app, ids[3], world.an, clock.now() - timedelta(hours=1), GesprekType.SYNTHESE,
        minutes=90, datum=date(2026, 1, 20), status=ChequeStatus.AFGESLOTEN,
    )  # fmt: skip
    return ids


def _delivered(chat: Chat) -> Iterator[Path]:
    document = chat.last.document
    assert isinstance(document, Document)
    path = Path(document.path)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


async def test_an_empty_overview_says_so_and_offers_no_download(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    reply = await chat.command("overzicht")
    assert reply.text.startswith(
        "📋 Overzicht begeleidingen · De Brug\nFilter: enkel actieve (cheque in gebruik)\n"
        "Geen cheques gevonden."
    )
    assert "⬇ CSV" not in chat.labels


async def test_the_overview_pages_ten_at_a_time_newest_change_first(
    app: App, world: World, twelve: list[int]
) -> None:
    chat = Chat(app, world.an)
    reply = await chat.command("overzicht")
    assert "1–10 van 11, laatst gewijzigd eerst:" in reply.text  # the closed one is not active
    assert (
        "1. Klant Nummer11 · cheque 400021 · klant 4021\n   Cheque in gebruik · 1u van 4u"
        in reply.text
    )
    assert chat.labels[:2] == ["1. Klant Nummer11", "2. Klant Nummer10"]
    assert "◀ Vorige pagina" not in chat.labels
    reply = await chat.press("Volgende pagina")
    assert "11–11 van 11" in reply.text
    assert chat.labels[0] == "11. Klant Nummer00"
    assert "Volgende pagina ▶" not in chat.labels
    reply = await chat.press("Vorige pagina")
    assert "1–10 van 11" in reply.text


async def _statements_of(app: App, chat: Chat, label: str) -> list[str]:
    """The SQL statements one press sends to the database, in order."""
    sent: list[str] = []

    def record(*args: object) -> None:
        sent.append(str(args[2]))

    event.listen(app.database.sync_engine, "before_cursor_execute", record)
    try:
        await chat.press(label)
    finally:
        event.remove(app.database.sync_engine, "before_cursor_execute", record)
    return sent


async def test_a_page_press_reads_only_the_page_shown_and_its_count_once(
    app: App, world: World, twelve: list[int]
) -> None:
    chat = Chat(app, world.an)
    await chat.command("overzicht")
    sent = await _statements_of(app, chat, "Volgende pagina")
    assert "11–11 van 11" in chat.text
    read = [statement for statement in sent if "cheque_registrations" in statement]
    counts = [statement for statement in read if "count(" in statement.lower()]
    assert (len(read), len(counts)) == (2, 1), read
    sent = await _statements_of(app, chat, "Vorige pagina")
    assert "1–10 van 11" in chat.text
    assert len([statement for statement in sent if "cheque_registrations" in statement]) == 2


async def test_the_filters_show_all_or_one_status(
    app: App, world: World, twelve: list[int]
) -> None:
    chat = Chat(app, world.an)
    await chat.command("overzicht")
    reply = await chat.press("Toon alle")
    assert "Filter: alle\n1–10 van 12" in reply.text
    assert chat.labels[0] == "1. Klant Nummer03"  # closed last: the newest change
    reply = await chat.press("Enkel afgesloten")
    assert "1–1 van 1" in reply.text
    assert "Cheque afgesloten · 2u30 van 4u gebruikt" in reply.text
    reply = await chat.press("Enkel stopgezet")
    assert "Geen cheques gevonden." in reply.text
    reply = await chat.press("Enkel actieve")
    assert "1–10 van 11" in reply.text


async def test_a_typed_trefwoord_searches_and_can_be_cleared(
    app: App, world: World, twelve: list[int]
) -> None:
    chat = Chat(app, world.an)
    await chat.command("overzicht")
    await chat.press("Toon alle")
    reply = await chat.say("nummer03")
    assert "trefwoord ‘nummer03’ (naam of begeleider met ‘nummer03’)\n1–1 van 1" in reply.text
    reply = await chat.say("synthese")
    assert "(synthesegesprek)\n1–1 van 1" in reply.text
    reply = await chat.say("210,38")
    assert "(een gesprek van € 210,38)\n1–1 van 1" in reply.text
    reply = await chat.say("400013")
    assert "1. Klant Nummer03" in reply.text
    reply = await chat.say("31/02/2026")
    assert reply.text.startswith("31/02/2026 is geen bestaande datum.")
    assert "trefwoord ‘400013’" in reply.text  # the search before stays
    reply = await chat.press("Trefwoord wissen")
    assert "Filter: alle\n1–10 van 12" in reply.text


async def test_a_line_opens_the_detail_of_the_cheque(
    app: App, world: World, twelve: list[int]
) -> None:
    chat = Chat(app, world.an)
    await chat.command("overzicht")
    reply = await chat.press("1. Klant Nummer11")
    assert reply.text.startswith("📁 Cheque 400021 · Klant Nummer11 (klant 4021)")
    assert "Gesprek registreren" in chat.labels


async def test_another_centre_sees_none_of_these_cheques(
    app: App, world: World, twelve: list[int]
) -> None:
    chat = Chat(app, world.pieter)
    reply = await chat.command("overzicht")
    assert "📋 Overzicht begeleidingen · Horizon" in reply.text
    assert "Geen cheques gevonden." in reply.text
    await chat.say("400021")
    assert "Geen cheques gevonden." in chat.text


async def test_an_esf_only_organisation_has_no_cheque_overviews(app: App, world: World) -> None:
    chat = Chat(app, world.esf_only)
    reply = await chat.command("overzicht")
    assert reply.text.startswith(texts.NOT_AVAILABLE.format(title="Overzicht begeleidingen"))
    reply = await chat.command("financieel")
    assert reply.text.startswith(texts.NOT_AVAILABLE.format(title="Financieel overzicht"))


async def test_the_overview_downloads_as_csv_with_the_current_filter(
    app: App, world: World, twelve: list[int], clock: FixedClock
) -> None:
    chat = Chat(app, world.an)
    await chat.command("overzicht")
    await chat.press("Toon alle")
    await chat.say("nummer0")  # ten of them
    reply = await chat.press("⬇ CSV")
    assert reply.text.startswith(
        "⬇ Het overzicht (10 lijnen) als CSV-bestand: overzicht-de-brug-2026-03-10.csv"
    )
    assert reply.document is not None
    assert reply.document.filename == "overzicht-de-brug-2026-03-10.csv"
    for path in _delivered(chat):
        rows = _csv_rows(path)
    assert rows[0] == [
        "Chequenummer", "Klantnummer", "Klant", "Status", "Uren cheque", "Uren gebruikt",
        "Uren over", "Begeleider(s)", "Laatste gesprek", "Geregistreerd op", "Laatst gewijzigd",
    ]  # fmt: skip
    assert [row[2] for row in rows[1:]] == ["Klant Nummer03"] + [
        f"Klant Nummer{n:02d}" for n in (9, 8, 7, 6, 5, 4, 2, 1, 0)
    ]
    assert rows[1] == [
        "400013", "4013", "Klant Nummer03", "Cheque afgesloten", "4,00", "2,50", "1,50",
        "Peeters An", "20/01/2026", "09/03/2026", "10/03/2026",
    ]  # fmt: skip


async def test_the_overview_downloads_as_xlsx_whose_rows_match_the_overview(
    app: App, world: World, twelve: list[int]
) -> None:
    chat = Chat(app, world.an)
    reply = await chat.command("overzicht")
    shown = [label.split(". ", 1)[1] for label in chat.labels if label[0].isdigit()]
    await chat.press("Volgende pagina")
    shown += [label.split(". ", 1)[1] for label in chat.labels if label[0].isdigit()]
    reply = await chat.press("⬇ Excel")
    assert "⬇ Het overzicht (11 lijnen) als Excel-bestand" in reply.text
    for path in _delivered(chat):
        book = openpyxl.load_workbook(path)
        sheet = book["Overzicht begeleidingen"]
        rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Chequenummer", "Klantnummer", "Klant", "Status")
    assert [row[2] for row in rows[1:]] == shown
    first = rows[1]
    assert first[:4] == ("400021", "4021", "Klant Nummer11", "Cheque in gebruik")
    assert (first[4], first[5], first[6]) == (4, 1, 3)  # numbers, not text
    assert first[8] == datetime(2026, 1, 5)  # a real date cell …
    assert sheet.cell(2, 9).number_format == "DD/MM/YYYY"  # … shown dd/mm/jjjj
    assert sheet.cell(2, 5).number_format == "#,##0.00"


async def test_the_financial_overview_shows_amounts_and_month_totals(
    app: App, world: World, twelve: list[int]
) -> None:
    chat = Chat(app, world.an)
    reply = await chat.command("financieel")
    assert reply.text.startswith(
        "💶 Financieel overzicht · De Brug\nFilter: alle\n"
        "1–10 van 13 gesprekken die VDAB vergoedt, laatst geregistreerd eerst:\n"
        "maart 2026 (geregistreerd) · 13 gesprekken · 13u30 · totaal € 1.893,50\n"
        "  20/01/2026 · 400013 Klant Nummer03 · Synthesegesprek 1u30 · Peeters An · € 210,38 · "
        "nog niet betaald\n"
    )
    assert "Tarief: € 140,256 per uur (excl. btw) vanaf 01/01/2020." in reply.text
    reply = await chat.say("synthese")
    assert "1–1 van 1 gesprekken" in reply.text
    assert "maart 2026 (geregistreerd) · 1 gesprek · 1u30" in reply.text
    reply = await chat.press("Toon betaald")
    assert "Geen gesprekken gevonden." in reply.text


async def test_the_financial_overview_downloads_as_xlsx_with_month_totals(
    app: App, world: World, twelve: list[int]
) -> None:
    chat = Chat(app, world.an)
    await chat.command("financieel")
    reply = await chat.press("⬇ Excel")
    assert "(13 gesprekken) als Excel-bestand (met totalen per maand)" in reply.text
    for path in _delivered(chat):
        book = openpyxl.load_workbook(path)
        lines = list(book["Financieel overzicht"].iter_rows(values_only=True))
        months = list(book["Per maand"].iter_rows(values_only=True))
    assert lines[0] == (
        "Registratiedatum", "Gespreksdatum", "Chequenummer", "Klantnummer", "Klant", "Begeleider",
        "Type gesprek", "Vorm", "Uren", "Tarief per uur", "Bedrag", "Betaald op", "Betaald bedrag",
    )  # fmt: skip
    assert lines[1][2:7] == ("400013", "4013", "Klant Nummer03", "Peeters An", "Synthesegesprek")
    assert Decimal(str(lines[1][10])) == Decimal("210.38")
    assert sum(Decimal(str(line[10])) for line in lines[1:]) == Decimal("1893.50")
    assert months == [("Maand", "Gesprekken", "Uren", "Bedrag"), ("03/2026", 13, 13.5, 1893.5)]


async def test_the_financial_overview_downloads_as_csv_with_decimal_commas(
    app: App, world: World, twelve: list[int]
) -> None:
    chat = Chat(app, world.an)
    await chat.command("financieel")
    await chat.say("synthese")
    await chat.press("⬇ CSV")
    for path in _delivered(chat):
        rows = _csv_rows(path)
    assert rows[1] == [
        "10/03/2026", "20/01/2026", "400013", "4013", "Klant Nummer03", "Peeters An",
        "Synthesegesprek", "Individueel gesprek", "1,50", "140,26", "210,38", "", "",
    ]  # fmt: skip


async def test_the_esf_overview_downloads_with_its_filter(
    app: App, world: World, clock: FixedClock
) -> None:
    esf = await seed_esf(app, world, clock.now())
    chat = Chat(app, esf.noor)
    await register_esf(chat)
    await chat.command("esfoverzicht")
    reply = await chat.press("⬇ Excel")
    assert "⬇ De begeleidingen (1 lijn) als Excel-bestand" in reply.text
    for path in _delivered(chat):
        rows = list(openpyxl.load_workbook(path)["ESF-begeleidingen"].iter_rows(values_only=True))
    assert rows == [
        ("Klantnummer", "Jongere", "Toestand", "Startdatum", "Einddatum", "Laatst gewijzigd"),
        ("1101", "Janssens Tom", "Bezig", datetime(2026, 3, 2), None, datetime(2026, 3, 10)),
    ]
    await chat.press("Filter: beëindigd")
    assert "⬇ CSV" not in chat.labels
