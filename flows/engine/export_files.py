"""Write a streamed table to CSV or XLSX with flat memory: rows go to disk as they arrive.

CSV is written the way Excel opens it in Belgium: `;` between cells, decimal comma, UTF-8 with a
byte order mark, dates dd/mm/jjjj. XLSX (our streaming writer, flows/engine/xlsx_stream.py) gets
real dates and numbers with a dd/mm/jjjj and a two-decimal format, and the optional summary on a
second sheet.
"""

from __future__ import annotations

import asyncio
import csv
import re
import tempfile
import unicodedata
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from flows.domain.errors import Refusal
from flows.engine.values import Document
from flows.engine.xlsx_stream import AMOUNT_FORMAT as AMOUNT_FORMAT
from flows.engine.xlsx_stream import DATE_FORMAT as DATE_FORMAT
from flows.engine.xlsx_stream import Cell as Cell
from flows.engine.xlsx_stream import XlsxStream

BATCH = 500
FORMATS = ("csv", "xlsx")
Progress = Callable[[int], Awaitable[None]]  # told the rows written so far


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
    count: Callable[[], Awaitable[int]] | None = None  # how many rows, asked before streaming


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


async def write_export(
    export: Export, fmt: str, path: Path, progress: Progress | None = None
) -> int:
    """Write every row to `path` (csv or xlsx); return how many. Formatting runs off the loop.

    `progress` hears how many rows are written after each batch.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    try:
        if fmt == "csv":
            with path.open("w", encoding="utf-8-sig", newline="") as out:
                writer = _CsvWriter(out)
                writer.header(export.headers)
                return await _overlapped(export.rows, writer.rows, progress)
        return await _write_xlsx(export, path, progress)
    except BaseException:
        _discard(path)  # half a file is no file: the caller sees the failure instead
        raise


async def _write_xlsx(export: Export, path: Path, progress: Progress | None) -> int:
    """The rows off the loop in batches; the header, the summary and the closing parts (a few
    kilobytes) on it."""
    xlsx = XlsxStream(path, export.sheet, export.headers)
    try:
        count = await _overlapped(export.rows, xlsx.rows, progress)
        summary = export.summary()
        if summary is not None:
            xlsx.sheet(summary.title, summary.headers, summary.rows)
        xlsx.close()
    except BaseException:
        xlsx.abort()
        raise
    return count


async def _overlapped(
    rows: AsyncIterator[Sequence[Cell]],
    write: Callable[[Sequence[Sequence[Cell]]], None],
    progress: Progress | None,
) -> int:
    """Write each batch off the loop while the next one is read, one write at a time, in order."""
    count = 0
    pending: asyncio.Future[None] | None = None
    try:
        async for batch in _batches(rows):
            if pending is not None:
                await pending
                if progress is not None:
                    await progress(count)
            pending = asyncio.ensure_future(asyncio.to_thread(write, batch))
            count += len(batch)
        if pending is not None:
            await pending
            pending = None
            if progress is not None:
                await progress(count)
    finally:
        if pending is not None and not pending.done():
            await asyncio.wait([pending])  # a failed read: let the write in flight end first
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


async def export_document(
    export: Export, fmt: str, day: date, progress: Progress | None = None
) -> tuple[Document, int]:
    """Write the export to a temporary file for the chat; the channel removes it after sending.

    An export without rows is refused (and its file removed): there is nothing to send.
    """
    path = temporary_file(fmt)
    try:
        rows = await write_export(export, fmt, path, progress)
    except BaseException:
        _discard(path)
        raise
    if rows == 0:
        _discard(path)
        raise Refusal("Er zijn geen lijnen om te downloaden.")
    return Document(file_name(export.name, fmt, day), str(path)), rows


def temporary_file(fmt: str) -> Path:
    """A new empty file for the chat, named like our others (the channel removes it)."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - the channel owns the file afterwards
        prefix="registratiebot-", suffix=f".{fmt}", delete=False
    )
    handle.close()
    return Path(handle.name)


def _discard(path: Path) -> None:
    path.unlink(missing_ok=True)
