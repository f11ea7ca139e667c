"""Writing a streamed table as CSV (Belgian Excel) and XLSX (our streaming writer)."""

from __future__ import annotations

import tracemalloc
import zipfile
from collections.abc import AsyncIterator, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from flows.domain.errors import Refusal
from flows.engine import xlsx_stream
from flows.engine.export_files import (
    Cell,
    Export,
    Sheet,
    csv_cell,
    export_document,
    file_name,
    write_export,
)

ROWS: list[list[Cell]] = [
    ["Élise; “quoted”", 3, Decimal("1234.5"), date(2026, 3, 10), None],
    ["Karim", 0, Decimal("0.1"), date(2026, 1, 5), "x"],
]


async def _rows(rows: Sequence[Sequence[Cell]]) -> AsyncIterator[Sequence[Cell]]:
    for row in rows:
        yield row


def _export(rows: Sequence[Sequence[Cell]] = ROWS) -> Export:
    return Export(
        "Test Één", "Blad", ("Naam", "Aantal", "Bedrag", "Datum", "Opmerking"), _rows(rows),
        lambda: Sheet("Samen", ("Totaal",), [[Decimal("1234.6")]]),
    )  # fmt: skip


def test_cells_are_written_the_way_belgian_excel_reads_them() -> None:
    assert csv_cell(date(2026, 3, 1)) == "01/03/2026"
    assert csv_cell(Decimal("1234.5")) == "1234,50"
    assert csv_cell(None) == ""
    assert csv_cell(7) == "7"


def test_a_file_name_is_ascii_lower_case_and_dated() -> None:
    assert file_name("Overzicht Loopbaancentrum Één!", "csv", date(2026, 3, 10)) == (
        "overzicht-loopbaancentrum-een-2026-03-10.csv"
    )


async def test_csv_has_a_bom_semicolons_and_quotes_where_needed(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    assert await write_export(_export(), "csv", path) == 2
    assert path.read_bytes().decode("utf-8") == (
        "\ufeffNaam;Aantal;Bedrag;Datum;Opmerking\r\n"
        '"Élise; “quoted”";3;1234,50;10/03/2026;\r\n'
        "Karim;0;0,10;05/01/2026;x\r\n"
    )


async def test_xlsx_has_real_numbers_and_dates_and_the_summary_sheet(tmp_path: Path) -> None:
    path = tmp_path / "x.xlsx"
    assert await write_export(_export(), "xlsx", path) == 2
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Blad", "Samen"]
    sheet = book["Blad"]
    assert [cell.value for cell in sheet[2]][:4] == [
        "Élise; “quoted”",
        3,
        1234.5,
        sheet["D2"].value,
    ]
    assert sheet["D2"].value.date() == date(2026, 3, 10)
    assert sheet["D2"].number_format == "DD/MM/YYYY"
    assert sheet["C2"].number_format == "#,##0.00"
    assert book["Samen"]["A2"].value == 1234.6


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
async def test_a_chat_download_of_nothing_is_refused_and_leaves_no_file(fmt: str) -> None:
    before = set(Path(tempfile_dir()).glob("registratiebot-*"))
    with pytest.raises(Refusal, match="geen lijnen"):
        await export_document(_export([]), fmt, date(2026, 3, 10))
    assert set(Path(tempfile_dir()).glob("registratiebot-*")) == before


async def test_a_download_longer_than_an_excel_sheet_is_refused_and_leaves_no_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(xlsx_stream, "MAX_ROWS", 1001)  # the header and 1000 rows
    rows: list[Sequence[Cell]] = [[f"r{n}"] for n in range(1001)]
    before = set(Path(tempfile_dir()).glob("registratiebot-*"))
    with pytest.raises(Refusal, match=r"meer lijnen dan een Excel-blad kan bevatten \(1\.000\)"):
        await export_document(_export(rows), "xlsx", date(2026, 3, 10))
    assert set(Path(tempfile_dir()).glob("registratiebot-*")) == before
    document, count = await export_document(_export(rows[:1000]), "xlsx", date(2026, 3, 10))
    assert count == 1000
    Path(document.path).unlink()


def tempfile_dir() -> str:
    import tempfile

    return tempfile.gettempdir()


async def test_an_unknown_format_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        await write_export(_export(), "pdf", tmp_path / "x.pdf")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
async def test_many_batches_keep_their_order_and_report_progress(tmp_path: Path, fmt: str) -> None:
    rows: list[Sequence[Cell]] = [
        [f"r{n:05d}", n, Decimal(n) / 4, date(2026, 1, 1)] for n in range(1234)
    ]
    heard: list[int] = []

    async def progress(count: int) -> None:
        heard.append(count)

    path = tmp_path / f"x.{fmt}"
    assert await write_export(_export(rows), fmt, path, progress) == 1234
    assert heard == [500, 1000, 1234]
    if fmt == "csv":
        lines = path.read_text(encoding="utf-8-sig").splitlines()[1:]
        firsts = [line.split(";")[0] for line in lines]
    else:
        sheet = openpyxl.load_workbook(path)["Blad"]
        firsts = [str(row[0]) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert firsts == [f"r{n:05d}" for n in range(1234)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
async def test_a_read_failing_half_way_fails_the_export_and_leaves_no_half_file(
    tmp_path: Path, fmt: str
) -> None:
    async def failing() -> AsyncIterator[Sequence[Cell]]:
        for n in range(700):  # a batch goes to the writer before the read fails
            yield [str(n)]
        raise RuntimeError("database gone")

    export = Export("x", "Blad", ("a",), failing())
    with pytest.raises(RuntimeError, match="database gone"):
        await write_export(export, fmt, tmp_path / f"x.{fmt}")
    assert list(tmp_path.iterdir()) == []


async def test_xlsx_memory_stays_flat_however_many_rows_pass(tmp_path: Path) -> None:
    async def many(count: int) -> AsyncIterator[Sequence[Cell]]:
        for n in range(count):
            yield [date(2026, 1, 1), f"{n:09d}", "Élise Vandenbroucke", Decimal(n) / 4, n]

    peaks = []
    for count in (5_000, 50_000):
        path = tmp_path / f"{count}.xlsx"
        tracemalloc.start()
        try:
            await write_export(Export("x", "Blad", "abcde", many(count)), "xlsx", path)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    with zipfile.ZipFile(tmp_path / "50000.xlsx") as package:
        sheet_size = package.getinfo("xl/worksheets/sheet1.xml").file_size
    assert sheet_size > 5 * peaks[1]  # the sheet never was in memory whole
    assert peaks[1] < 2 * peaks[0]  # ten times the rows, about the same memory
