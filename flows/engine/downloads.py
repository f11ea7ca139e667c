"""Downloads asked for in a turn, written after its commit from a read-only snapshot.

A download of a large centre's overview takes seconds to write. Done inside the turn, it would
hold the turn's transaction that long: on SQLite the one write lock, which every other chat's
update waits for. So a step only says what to write (`Download`); the engine writes it once
the turn is stored, and sends the file in its own reply.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from flows.domain.errors import Refusal
from flows.engine.export_files import Export, export_document, file_name, temporary_file
from flows.engine.progress import DownloadProgress, Show
from flows.engine.values import Document, Message
from flows.ports.unit_of_work import ReadUnitOfWork


@dataclass(frozen=True)
class Picture:
    """An image for the chat: `draw` reads what it shows and returns it as PNG bytes."""

    name: str  # the file name without extension
    draw: Callable[[], Awaitable[bytes]]


@dataclass(frozen=True)
class Download:
    """What to write: the export (or picture) read from a snapshot, its format, and the text
    sent with it."""

    build: Callable[[ReadUnitOfWork], Export | Picture]
    fmt: str  # csv, xlsx; png for a picture
    reply: Callable[[int, str], str]  # from the number of rows (0 for a picture) and file name


async def write_download(
    download: Download, reader: ReadUnitOfWork, day: date, show: Show | None = None
) -> Message:
    """The reply carrying the file; a download of nothing is said, without a file.

    With `show`, a download that takes a while says how far it is (flows/engine/progress.py).
    """
    export = download.build(reader)
    if isinstance(export, Picture):
        return await _draw(export, download, day)
    progress = None
    if show is not None:
        total = await export.count() if export.count is not None else None
        progress = DownloadProgress(show, total)
    try:
        document, rows = await export_document(export, download.fmt, day, progress)
    except Refusal as refusal:
        return Message(refusal.message)
    if progress is not None:
        await progress.finish(rows)
    return Message(download.reply(rows, document.filename), document=document)


async def _draw(picture: Picture, download: Download, day: date) -> Message:
    """The picture as a PNG file for the channel (which removes it after sending)."""
    png = await picture.draw()
    path = temporary_file("png")
    try:
        await asyncio.to_thread(path.write_bytes, png)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    filename = file_name(picture.name, "png", day)
    return Message(download.reply(0, filename), document=Document(filename, str(path), image=True))
