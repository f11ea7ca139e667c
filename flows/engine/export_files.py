"""Write a streamed table to CSV or XLSX with flat memory: rows go to disk as they arrive.

CSV is written the way Excel opens it in Belgium: `;` between cells, decimal comma, UTF-8 with a
byte order mark, dates dd/mm/jjjj. XLSX (openpyxl's write-only mode) gets real dates and numbers
with a dd/mm/jjjj and a two-decimal format, and the optional summary on a second sheet.
"""

from __future__ import annotations

import asyncio
import csv
import re
import tempfile
import unicodedata
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO, cast

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from flows.domain.errors import Refusal
from flows.engine.values import Document

Cell = str | int | Decimal | date | None
BATCH = 500
FORMATS = ("csv", "xlsx")
DATE_FORMAT = "DD/MM/YYYY"
AMOUNT_FORMAT = "#,##0.00"


@dataclass
class Sheet:
    """A titled table: Dutch headers and cell rows."""

    title: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]] = ()


@dataclass
class Export:
    """An overview as a table: its rows streamed, and a summary known once they have passed."""

    name: str  # the file name without extension
    sheet: str
    headers: Sequence[str]
    rows: AsyncIterator[Sequence[Cell]]
    summary: Callable[[], Sheet | None] = field(default=lambda: None)


def csv_cell(value: Cell) -> str:
    """A cell as Belgian Excel reads it: dd/mm/jjjj dates, decimal comma."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


class _CsvWriter:
    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out, delimiter=";", lineterminator="\r\n")

    def header(self, headers: Sequence[str]) -> None:
        self._writer.writerow(headers)

    def rows(self, rows: Sequence[Sequence[Cell]]) -> None:
        self._writer.writerows([csv_cell(value) for value in row] for row in rows)


class _XlsxWriter:
    def __init__(self, title: str) -> None:
        self.book = Workbook(write_only=True)
        self.sheet = self.book.create_sheet(title)

    def header(self, headers: Sequence[str]) -> None:
        self.sheet.append(list(headers))

    def rows(self, rows: Sequence[Sequence[Cell]], sheet: WriteOnlyWorksheet | None = None) -> None:
        target = sheet or self.sheet
        for row in rows:
            target.append([self._cell(target, value) for value in row])

    @staticmethod
    def _cell(sheet: WriteOnlyWorksheet, value: Cell) -> object:
        if isinstance(value, date | Decimal):
            cell = WriteOnlyCell(sheet, value=cast(Any, value))  # openpyxl writes both natively
            cell.number_format = DATE_FORMAT if isinstance(value, date) else AMOUNT_FORMAT
            return cell
        return value

    def summary(self, summary: Sheet) -> None:
        sheet = self.book.create_sheet(summary.title)
        sheet.append(list(summary.headers))
        self.rows(summary.rows, sheet)


async def write_export(export: Export, fmt: str, path: Path) -> int:
    """Write every row to `path` (csv or xlsx); return how many. Formatting runs off the loop."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    count = 0
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = _CsvWriter(out)
            writer.header(export.headers)
            async for batch in _batches(export.rows):
                await asyncio.to_thread(writer.rows, batch)
                count += len(batch)
        return count
    xlsx = _XlsxWriter(export.sheet)
    xlsx.header(export.headers)
    async for batch in _batches(export.rows):
        await asyncio.to_thread(xlsx.rows, batch)
        count += len(batch)
    summary = export.summary()
    if summary is not None:
        xlsx.summary(summary)
    await asyncio.to_thread(xlsx.book.save, path)
    return count


async def _batches(rows: AsyncIterator[Sequence[Cell]]) -> AsyncIterator[list[Sequence[Cell]]]:
    batch: list[Sequence[Cell]] = []
    async for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def file_name(name: str, fmt: str, day: date) -> str:
    """`overzicht-de-brug-2026-03-10.xlsx`: ASCII, lower case, dated."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "export"
    return f"{slug}-{day.isoformat()}.{fmt}"


async def export_document(export: Export, fmt: str, day: date) -> tuple[Document, int]:
    """Write the export to a temporary file for the chat; the channel removes it after sending.

    An export without rows is refused (and its file removed): there is nothing to send.
    """
    path = _temporary(fmt)
    try:
        rows = await write_export(export, fmt, path)
    except BaseException:
        _discard(path)
        raise
    if rows == 0:
        _discard(path)
        raise Refusal("Er zijn geen lijnen om te downloaden.")
    return Document(file_name(export.name, fmt, day), str(path)), rows


def _temporary(fmt: str) -> Path:
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - the channel owns the file afterwards
        prefix="registratiebot-", suffix=f".{fmt}", delete=False
    )
    handle.close()
    return Path(handle.name)


def _discard(path: Path) -> None:
    path.unlink(missing_ok=True)
