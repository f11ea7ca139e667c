"""A streaming XLSX writer: rows go into the worksheet's zip entry as they come, memory stays flat.

It writes what XlsxWriter writes in constant-memory mode (inline strings, a dd/mm/jjjj date
style and a `#,##0.00` amount style), without a Python object per cell: each batch of rows
becomes one string of XML, deflated straight into the package. The package parts that name
the sheets are written at close, once it is known whether a second sheet came.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from flows.domain.errors import Refusal

Cell = str | int | Decimal | date | None
DATE_FORMAT = "DD/MM/YYYY"
AMOUNT_FORMAT = "#,##0.00"
MAX_ROWS = 1_048_576  # Excel's rows per sheet, the header among them
MAX_COLUMNS = 16_384
MAX_TEXT = 32_767  # characters in a cell, counted in UTF-16 units as Excel does
MAX_TITLE = 31
EXCEL_EPOCH = date(1899, 12, 30).toordinal()  # day 0 of Excel's 1900 date system, as used
AMOUNT_STYLE, DATE_STYLE = 1, 2  # the cellXfs in STYLES
# zlib's default, as XlsxWriter: files as small as before. Level 1 would save ~3 µs of a
# row's ~35 µs (and that in the writer's thread, zlib runs outside the GIL) for files 40% larger.
COMPRESSION_LEVEL = 6

# Without ZIP64 (Excel refuses a small package whose entries carry ZIP64 headers), an entry
# holds at most this much: the worksheet XML of more than Excel's rows of long texts.
MAX_SHEET_BYTES = zipfile.ZIP64_LIMIT
TOO_LARGE = (
    "Dit overzicht is te groot voor een Excel-bestand. "
    "Kies CSV, of beperk het overzicht met een filter of trefwoord."
)
TOO_MANY_ROWS = (
    "Dit overzicht heeft meer lijnen dan een Excel-blad kan bevatten ({limit}). "
    "Kies CSV, of beperk het overzicht met een filter of trefwoord."
)

# Anything a cell's text needs besides being copied: XML markup, characters XML 1.0 forbids,
# a literal `_xHHHH_` (Excel would read it as an escape), whitespace at either end.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_|^\s|\s\Z")
_LITERAL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
_NOT_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
_FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\ufffe\uffff]")

_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_OFFICE = "application/vnd.openxmlformats-officedocument"
_SHEET_START = (
    f'{_DECLARATION}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}">'
    '<sheetViews><sheetView{selected} workbookViewId="0"/></sheetViews>'
    '<sheetFormatPr defaultRowHeight="15"/><sheetData>'
)
_SHEET_END = (
    '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
    'header="0.3" footer="0.3"/></worksheet>'
)
STYLES = (
    f'{_DECLARATION}<styleSheet xmlns="{_MAIN}">'
    f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{AMOUNT_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{DATE_FORMAT}"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><color rgb="FF000000"/><name val="Calibri"/>'
    '<family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    "</cellXfs>"
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" '
    'defaultPivotStyle="PivotStyleLight16"/></styleSheet>'
)


def _column_letters(count: int) -> tuple[str, ...]:
    """A, B, … Z, AA, … XFD: every column Excel has."""
    letters = []
    for index in range(1, count + 1):
        name = ""
        while index:
            index, rest = divmod(index - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return tuple(letters)


COLUMNS = _column_letters(MAX_COLUMNS)


def text(value: str) -> str:
    """A cell's text as XML: cut at Excel's limit, escaped, Excel's `_xHHHH_` for control
    characters (and for a literal `_xHHHH_`, so it reads back the same)."""
    if len(value) > MAX_TEXT // 2 and len(value.encode("utf-16-le")) > 2 * MAX_TEXT:
        value = value.encode("utf-16-le")[: 2 * MAX_TEXT].decode("utf-16-le", "ignore")
    value = _LITERAL_ESCAPE.sub(r"_x005F\1", value)
    value = _FORBIDDEN.sub(lambda match: f"_x{ord(match.group()):04X}_", value)
    return escape(value)


def sheet_title(title: str) -> str:
    """A title Excel accepts: none of `[]:*?/\\`, at most 31 characters."""
    return _NOT_IN_TITLE.sub("-", title)[:MAX_TITLE] or "Blad"


def _string_cell(ref: str, value: str) -> str:
    """The slow way for text that needs more than copying (see _SPECIAL)."""
    preserve = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
    return f'<c r="{ref}" t="inlineStr"><is><t{preserve}>{text(value)}</t></is></c>'


def _other_cell(ref: str, value: object) -> str:
    """A cell of a type the fast path does not name (a subclass: bool, datetime; a float)."""
    if isinstance(value, str):
        return _string_cell(ref, value)
    if isinstance(value, date):  # a datetime counts by its day, as the CSV writes it
        return f'<c r="{ref}" s="{DATE_STYLE}"><v>{value.toordinal() - EXCEL_EPOCH}</v></c>'
    if isinstance(value, Decimal):
        return f'<c r="{ref}" s="{AMOUNT_STYLE}"><v>{_finite(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{_finite(value)}</v></c>'
    raise TypeError(f"cannot write a {type(value).__name__} to a cell")


def _finite(value: Decimal | float) -> str:
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot write {value} to a cell")
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"cannot write {value} to a cell")
    return repr(float(value))


def rows_xml(rows: Sequence[Sequence[Cell]], first: int) -> str:
    """Rows numbered from `first` (1-based) as worksheet XML: text inline, numbers and days as
    numbers with their style, None as no cell."""
    parts: list[str] = []
    append = parts.append
    special = _SPECIAL.search
    limit = MAX_TEXT // 2
    number = first
    for values in rows:
        row = str(number)
        append(f'<row r="{row}">')
        for column, value in zip(COLUMNS, values, strict=False):
            kind = type(value)
            if kind is str:
                if not value:  # as XlsxWriter: an empty text is no cell
                    continue
                if len(value) > limit or special(value) is not None:  # type: ignore[arg-type]
                    append(_string_cell(column + row, value))  # type: ignore[arg-type]
                else:
                    append(f'<c r="{column}{row}" t="inlineStr"><is><t>{value}</t></is></c>')
            elif kind is Decimal:
                if not value.is_finite():  # type: ignore[union-attr]
                    raise ValueError(f"cannot write {value} to a cell")
                append(f'<c r="{column}{row}" s="{AMOUNT_STYLE}"><v>{value}</v></c>')
            elif kind is date:
                day = value.toordinal() - EXCEL_EPOCH  # type: ignore[union-attr]
                append(f'<c r="{column}{row}" s="{DATE_STYLE}"><v>{day}</v></c>')
            elif kind is int:
                append(f'<c r="{column}{row}"><v>{value}</v></c>')
            elif value is not None:
                append(_other_cell(column + row, value))
        append("</row>")
        number += 1
    return "".join(parts)


class XlsxStream:
    """One workbook: a first sheet streamed in batches, an optional second one written whole."""

    def __init__(self, path: Path, title: str, headers: Sequence[str]) -> None:
        self._zip = zipfile.ZipFile(
            path, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESSION_LEVEL
        )
        self._titles: list[str] = []
        self._sheet: IO[bytes] | None = None
        try:
            self._zip.writestr("_rels/.rels", _package_rels())  # first: how tools sniff OOXML
            self._sheet = self._open_sheet(title, selected=True)
            self._rows, self._bytes = 0, len(_sheet_start(selected=True))
            self.rows([headers])
        except BaseException:
            self.abort()
            raise

    def rows(self, rows: Sequence[Sequence[Cell]]) -> None:
        """Append rows to the first sheet; more than Excel holds is refused, not cut."""
        if self._sheet is None:
            raise RuntimeError("the first sheet is already closed")
        if self._rows + len(rows) > MAX_ROWS:
            raise _too_many_rows()
        if rows and max(map(len, rows)) > MAX_COLUMNS:
            raise ValueError(f"a row has more than Excel's {MAX_COLUMNS} columns")
        data = rows_xml(rows, self._rows + 1).encode()
        if self._bytes + len(data) + len(_SHEET_END) > MAX_SHEET_BYTES:
            raise Refusal(TOO_LARGE)
        self._sheet.write(data)
        self._bytes += len(data)
        self._rows += len(rows)

    def sheet(self, title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]]) -> None:
        """A further, small sheet (a summary), after the first is complete."""
        self._end_sheet()
        if len(rows) + 1 > MAX_ROWS:
            raise _too_many_rows()
        with self._open_sheet(title, selected=False) as sheet:
            sheet.write(rows_xml([headers, *rows], 1).encode())
            sheet.write(_SHEET_END.encode())

    def close(self) -> None:
        """Finish the sheets and write the parts that name them: the file is complete."""
        try:
            self._end_sheet()
            for name, content in _package_parts(self._titles):
                self._zip.writestr(name, content)
        except BaseException:
            self.abort()
            raise
        self._zip.close()

    def abort(self) -> None:
        """Let go of the file after a failure (the caller removes what is left of it)."""
        try:
            if self._sheet is not None:
                self._sheet.close()
                self._sheet = None
        finally:
            self._zip.close()

    def _open_sheet(self, title: str, *, selected: bool) -> IO[bytes]:
        self._titles.append(sheet_title(title))
        name = f"xl/worksheets/sheet{len(self._titles)}.xml"
        sheet = self._zip.open(name, "w")  # no ZIP64: the size is bounded in rows()
        sheet.write(_sheet_start(selected=selected))
        return sheet

    def _end_sheet(self) -> None:
        if self._sheet is not None:
            self._sheet.write(_SHEET_END.encode())
            self._sheet.close()
            self._sheet = None


def _too_many_rows() -> Refusal:
    """The lines a sheet holds under its header, written the Belgian way (1.048.575)."""
    return Refusal(TOO_MANY_ROWS.format(limit=f"{MAX_ROWS - 1:,}".replace(",", ".")))


def _sheet_start(*, selected: bool) -> bytes:
    return _SHEET_START.format(selected=' tabSelected="1"' if selected else "").encode()


def _package_rels() -> str:
    kinds = (
        (f"{_RELS}/officeDocument", "xl/workbook.xml"),
        (f"{_PACKAGE_RELS}/metadata/core-properties", "docProps/core.xml"),
        (f"{_RELS}/extended-properties", "docProps/app.xml"),
    )
    return _relationships(kinds)


def _relationships(kinds: Sequence[tuple[str, str]]) -> str:
    links = "".join(
        f'<Relationship Id="rId{n}" Type="{kind}" Target="{target}"/>'
        for n, (kind, target) in enumerate(kinds, 1)
    )
    return f'{_DECLARATION}<Relationships xmlns="{_PACKAGE_RELS}">{links}</Relationships>'


def _package_parts(titles: Sequence[str]) -> list[tuple[str, str]]:
    """workbook.xml and the rest, as XlsxWriter writes them for these sheets."""
    numbers = range(1, len(titles) + 1)
    sheets = "".join(
        f'<sheet name="{escape(title, {chr(34): "&quot;"})}" sheetId="{n}" r:id="rId{n}"/>'
        for n, title in zip(numbers, titles, strict=True)
    )
    workbook = (
        f'{_DECLARATION}<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}">'
        '<fileVersion appName="xl" lastEdited="4" lowestEdited="4" rupBuild="4505"/>'
        '<workbookPr defaultThemeVersion="124226"/><bookViews><workbookView xWindow="240" '
        'yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews>'
        f'<sheets>{sheets}</sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>'
    )
    workbook_rels = _relationships(
        [(f"{_RELS}/worksheet", f"worksheets/sheet{n}.xml") for n in numbers]
        + [(f"{_RELS}/styles", "styles.xml")]
    )
    overrides = [
        ("/docProps/app.xml", f"{_OFFICE}.extended-properties+xml"),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/xl/styles.xml", f"{_OFFICE}.spreadsheetml.styles+xml"),
        ("/xl/workbook.xml", f"{_OFFICE}.spreadsheetml.sheet.main+xml"),
    ]
    worksheet = f"{_OFFICE}.spreadsheetml.worksheet+xml"
    overrides += [(f"/xl/worksheets/sheet{n}.xml", worksheet) for n in numbers]
    types = (
        f"{_DECLARATION}"
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
        + "</Types>"
    )
    return [
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
        ("xl/styles.xml", STYLES),
        ("docProps/core.xml", _core()),
        ("docProps/app.xml", _app(titles)),
        ("[Content_Types].xml", types),
    ]


def _core() -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        f"{_DECLARATION}<cp:coreProperties "
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        "<dc:creator>registratiebot</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _app(titles: Sequence[str]) -> str:
    names = "".join(f"<vt:lpstr>{escape(title)}</vt:lpstr>" for title in titles)
    return (
        f"{_DECLARATION}<Properties "
        'xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        "<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity>"
        '<ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="2" baseType="variant">'
        "<vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>"
        f"<vt:variant><vt:i4>{len(titles)}</vt:i4></vt:variant></vt:vector></HeadingPairs>"
        f'<TitlesOfParts><vt:vector size="{len(titles)}" baseType="lpstr">{names}'
        "</vt:vector></TitlesOfParts><LinksUpToDate>false</LinksUpToDate>"
        "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>"
        "<AppVersion>12.0000</AppVersion></Properties>"
    )
