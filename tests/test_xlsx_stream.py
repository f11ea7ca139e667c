"""Our streaming XLSX writer: what openpyxl (and so Excel) reads back from its files."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
import xlsxwriter
from openpyxl.utils.escape import unescape

from flows.domain.errors import Refusal
from flows.engine import xlsx_stream
from flows.engine.xlsx_stream import AMOUNT_FORMAT, DATE_FORMAT, EXCEL_EPOCH, Cell, XlsxStream

SCRIPTS = [
    "Zoë Öztürk-Anaïs",
    "Ελληνικά γράμματα",
    "Русский текст",
    "العربية",
    "עברית",
    "中文字符",
    "日本語のテキスト",
    "한국어",
    "हिन्दी",
    "ไทย",
    "😀 👍🏽 🇧🇪",
    "a & b <c> \"d\" 'e' ]]>",
]


def _write(
    path: Path,
    rows: Sequence[Sequence[Cell]],
    summary: Sequence[Sequence[Cell]] | None = None,
    title: str = "Blad",
) -> Path:
    book = XlsxStream(path, title, ["Kop"])
    book.rows(rows)
    if summary is not None:
        book.sheet("Per maand", ["Maand"], summary)
    book.close()
    return path


def _column(path: Path) -> list[object]:
    sheet = openpyxl.load_workbook(path).worksheets[0]
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_text_in_any_script_reads_back_unchanged(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.xlsx", [[text] for text in SCRIPTS])
    assert _column(path) == SCRIPTS


def test_control_characters_are_excel_escapes_that_read_back_as_themselves(
    tmp_path: Path,
) -> None:
    raw = "tab\there\nline\rcr\x00nul\x1fus\x0bvt\ufffeend"
    (value,) = _column(_write(tmp_path / "x.xlsx", [[raw]]))
    assert isinstance(value, str)
    assert "_x0000_" in value
    assert "_x000D_" in value
    assert unescape(value) == raw


def test_a_literal_excel_escape_in_the_text_survives_the_round_trip(tmp_path: Path) -> None:
    raw = "code _x0041_ and _xZZZZ_ and _x00e9_"
    (value,) = _column(_write(tmp_path / "x.xlsx", [[raw]]))
    assert value == "code _x005F_x0041_ and _xZZZZ_ and _x005F_x00e9_"
    assert isinstance(value, str)
    assert unescape(value) == raw


def test_whitespace_at_either_end_of_a_text_is_kept(tmp_path: Path) -> None:
    texts = ["  ingesprongen", "achteraan  ", "\tboth\n", "mid  dle"]
    path = _write(tmp_path / "x.xlsx", [[text] for text in texts])
    assert _column(path) == texts
    sheet = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count('xml:space="preserve"') == 3


def test_text_longer_than_excel_allows_is_cut_at_its_limit_without_half_a_character(
    tmp_path: Path,
) -> None:
    long_plain, long_emoji = "a" * 40_000, "é😀" * 20_000  # an emoji is two UTF-16 units
    plain, emoji = _column(_write(tmp_path / "x.xlsx", [[long_plain], [long_emoji]]))
    assert plain == "a" * 32_767
    assert isinstance(emoji, str)
    assert long_emoji.startswith(emoji)
    assert len(emoji.encode("utf-16-le")) == 2 * 32_767


def test_numbers_days_and_amounts_are_real_numbers_and_dates_with_their_format(
    tmp_path: Path,
) -> None:
    rows: list[list[Cell]] = [
        [7, Decimal("1234.5"), date(2026, 3, 10), None, "x"],
        [-3, Decimal("0.10"), datetime(2026, 1, 5, 14, 30), None, ""],
        [10**12, Decimal("123456789.12"), date(2000, 2, 29), True, "y"],
    ]
    path = tmp_path / "x.xlsx"
    book = XlsxStream(path, "Blad", ["Aantal", "Bedrag", "Datum", "Leeg", "Tekst"])
    book.rows(rows)
    book.close()
    sheet = openpyxl.load_workbook(path)["Blad"]
    values = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == [
        [7, 1234.5, datetime(2026, 3, 10), None, "x"],
        [-3, 0.1, datetime(2026, 1, 5), None, None],  # a datetime counts by its day
        [10**12, 123456789.12, datetime(2000, 2, 29), 1, "y"],
    ]
    assert sheet["B2"].number_format == AMOUNT_FORMAT
    assert sheet["C2"].number_format == DATE_FORMAT
    assert sheet["A2"].number_format == "General"
    assert sheet["A1"].value == "Aantal"


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), float("nan")])
def test_a_number_excel_cannot_hold_is_an_error_not_a_broken_file(
    tmp_path: Path, bad: object
) -> None:
    book = XlsxStream(tmp_path / "x.xlsx", "Blad", ["a"])
    with pytest.raises(ValueError, match="cannot write"):
        book.rows([[bad]])  # type: ignore[list-item]
    book.abort()


def test_the_cells_read_back_like_xlsxwriters_own_file(tmp_path: Path) -> None:
    rows: list[list[Cell]] = [
        [text, n, Decimal(n) / 8, date(2026, 1, 1 + n % 28), None if n % 3 else "z"]
        for n, text in enumerate(
            [*SCRIPTS, "x\x01y", "_x0041_", "  a", "b  ", "a" * 40_000, "é😀" * 20_000]
        )
    ]
    ours = _write(tmp_path / "ours.xlsx", rows)
    theirs = tmp_path / "theirs.xlsx"
    book = xlsxwriter.Workbook(str(theirs), {"constant_memory": True})
    day, amount = (
        book.add_format({"num_format": DATE_FORMAT}),
        book.add_format({"num_format": AMOUNT_FORMAT}),
    )
    sheet = book.add_worksheet("Blad")
    sheet.write_string(0, 0, "Kop")
    for r, values in enumerate(rows, 1):
        for c, value in enumerate(values):
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, Decimal):
                sheet.write_number(r, c, float(value), amount)
            elif isinstance(value, date):
                sheet.write_number(r, c, value.toordinal() - EXCEL_EPOCH, day)
            elif value is not None:
                sheet.write_number(r, c, value)
    book.close()

    def cells(path: Path) -> list[list[tuple[object, str]]]:
        read = openpyxl.load_workbook(path).worksheets[0]
        return [[(cell.value, cell.number_format) for cell in row] for row in read.iter_rows()]

    assert cells(ours) == cells(theirs)


def test_the_summary_sheet_comes_second_and_only_when_there_is_one(tmp_path: Path) -> None:
    with_summary = _write(tmp_path / "a.xlsx", [["x"]], [["03/2026"]], title="Financieel")
    book = openpyxl.load_workbook(with_summary)
    assert book.sheetnames == ["Financieel", "Per maand"]
    assert book["Per maand"]["A2"].value == "03/2026"
    alone = _write(tmp_path / "b.xlsx", [["x"]])
    assert openpyxl.load_workbook(alone).sheetnames == ["Blad"]
    package = zipfile.ZipFile(alone)
    assert "xl/worksheets/sheet2.xml" not in package.namelist()
    assert b"sheet2" not in package.read("[Content_Types].xml")


def test_sheet_titles_are_cut_to_31_characters_without_what_excel_forbids(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path / "x.xlsx", [["x"]], title="Overzicht [alle]: a/b * c? & d\\e — en nog veel meer"
    )
    (title,) = openpyxl.load_workbook(path).sheetnames
    assert title == "Overzicht -alle-- a-b - c- & d-"
    assert len(title) == 31


def test_every_part_is_well_formed_and_the_package_names_each_part(tmp_path: Path) -> None:
    package = zipfile.ZipFile(_write(tmp_path / "x.xlsx", [["a & b"]], [["c"]]))
    names = package.namelist()
    assert names[0] == "_rels/.rels"  # how file sniffers recognise an Office file
    for name in names:
        ElementTree.fromstring(package.read(name))
    types = ElementTree.fromstring(package.read("[Content_Types].xml"))
    overridden = {element.get("PartName") for element in types if element.get("PartName")}
    assert overridden == {f"/{name}" for name in names if name.endswith(".xml")} - {
        "/[Content_Types].xml"
    }
    assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in package.infolist())


def test_more_rows_than_an_excel_sheet_holds_are_refused_not_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_stream, "MAX_ROWS", 5)  # the header and four rows
    book = XlsxStream(tmp_path / "x.xlsx", "Blad", ["a"])
    book.rows([["1"], ["2"], ["3"], ["4"]])
    with pytest.raises(Refusal, match="meer lijnen dan een Excel-blad kan bevatten"):
        book.rows([["5"]])
    book.abort()


def test_no_entry_carries_zip64_headers_excel_would_call_the_file_corrupt(
    tmp_path: Path,
) -> None:
    path = _write(tmp_path / "x.xlsx", [[f"r{n}", n] for n in range(2000)], [["c"]])
    raw = path.read_bytes()
    with zipfile.ZipFile(path) as package:
        for info in package.infolist():
            header = raw[info.header_offset : info.header_offset + 30]
            (version,), (extra_length,) = (struct.unpack("<H", header[i : i + 2]) for i in (4, 28))
            assert header[:4] == b"PK\x03\x04"
            assert (version, extra_length, info.extra) == (20, 0, b"")


def test_a_sheet_too_large_for_a_zip_entry_without_zip64_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(xlsx_stream, "MAX_SHEET_BYTES", 4000)
    book = XlsxStream(tmp_path / "x.xlsx", "Blad", ["a"])
    book.rows([["x" * 1000]])
    with pytest.raises(Refusal, match="te groot voor een Excel-bestand"):
        book.rows([["y" * 3000]])
    book.abort()
