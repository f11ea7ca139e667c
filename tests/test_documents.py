"""A file a step makes reaches the person: through the engine, the console and Telegram."""

from __future__ import annotations

import asyncio
import io
import tempfile
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path

import openpyxl
import pytest

from bot.app import App
from bot.console import Console
from flows.engine.definition import (
    Answer,
    Finish,
    Flow,
    Outcome,
    Question,
    Step,
    StepContext,
)
from flows.engine.downloads import Download
from flows.engine.engine import Engine
from flows.engine.export_files import Cell, Export
from flows.engine.values import Command, Message, Text, parse_typed
from flows.ports.unit_of_work import ReadUnitOfWork
from tests.fake_bot_api import FakeBotApi
from tests.support import Chat, World
from tests.telegram_support import TelegramUserDriver, telegram_app


@dataclass
class ExportAnswers:
    """The test flow asks one question and keeps nothing."""


def _export(ctx: StepContext[ExportAnswers]) -> Question:
    return Question("Welk formaat?", typed=True)


GATE: dict[str, asyncio.Event] = {}  # set by a test to hold a download half-way


async def _rows() -> AsyncIterator[list[Cell]]:
    yield ["123456", "Vermeulen Els"]
    if "release" in GATE:
        GATE["started"].set()
        await GATE["release"].wait()
    yield ["123457", "Maes Lotte"]


def _file(reader: ReadUnitOfWork) -> Export:
    return Export("overzicht", "Overzicht", ("chequenummer", "klant"), _rows())


async def _write(ctx: StepContext[ExportAnswers], answer: Answer) -> Outcome:
    download = Download(_file, answer.text, lambda rows, name: f"Hier is je bestand ({rows}).")
    return Finish("Je bestand wordt gemaakt.", download=download)


EXPORT = Flow[ExportAnswers](
    "export",
    "Exporteren",
    "exporteer",
    ExportAnswers,
    (Step("format", "het formaat", _export, _write),),
    (),
)


@pytest.fixture
def exporting(app: App) -> App:
    """The app, with one more flow that hands out a file."""
    flows = (*app.engine.flows.values(), EXPORT)
    engine = Engine(app.unit_of_work, app.engine.clock, flows, read_factory=app.reader)
    return replace(app, engine=engine)


async def test_a_steps_file_follows_its_reply_once(exporting: App, world: World) -> None:
    chat = Chat(exporting, world.an)
    await chat.command("exporteer")
    replies = await chat.do(Text("csv"))
    assert replies[0].text.startswith("Je bestand wordt gemaakt.")
    assert replies[0].document is None
    assert replies[1].text == "Hier is je bestand (2)."
    document = replies[1].document
    assert document is not None
    assert document.filename == "overzicht-2026-03-10.csv"
    content = Path(document.path).read_bytes().decode("utf-8-sig")
    assert content == "chequenummer;klant\r\n123456;Vermeulen Els\r\n123457;Maes Lotte\r\n"
    Path(document.path).unlink()
    menu = await chat.do(Command("menu"))
    assert [reply.document for reply in menu] == [None]  # a file goes out once


async def _while_a_download_is_written(
    chat: Chat, meanwhile: Callable[[], Awaitable[object]]
) -> list[Message]:
    """Hold the chat's xlsx download half-way, do `meanwhile` (10 s at most), let it finish."""
    GATE.update(started=asyncio.Event(), release=asyncio.Event())
    try:
        await chat.command("exporteer")
        downloading = asyncio.create_task(chat.do(Text("xlsx")))
        await asyncio.wait_for(GATE["started"].wait(), 10)
        await asyncio.wait_for(meanwhile(), 10)
        assert not downloading.done()
        GATE["release"].set()
        return await asyncio.wait_for(downloading, 10)
    finally:
        if "release" in GATE:
            GATE["release"].set()  # a failed test must not leave the download waiting
        GATE.clear()


async def test_a_download_is_written_only_once_its_turn_is_stored(
    exporting: App, world: World
) -> None:
    """Both databases: the turn's transaction is committed, and unlocked, before the file."""
    an = Chat(exporting, world.an)

    async def meanwhile() -> None:
        async with exporting.unit_of_work() as uow:  # another connection
            stored = await uow.sessions.load("test:1")
        assert stored is not None
        assert stored.flow is None  # the export flow's finish is stored and visible
        # The same chat's next turn: on PostgreSQL it would wait for the session row's lock
        # (taken FOR UPDATE) if the file were written inside the turn's transaction.
        await Chat(exporting, world.an).command("menu")

    replies = await _while_a_download_is_written(an, meanwhile)
    document = replies[-1].document
    assert document is not None
    Path(document.path).unlink()


async def test_a_download_being_written_keeps_no_other_chat_waiting_for_sqlites_write_lock(
    exporting: App, world: World
) -> None:
    """Written after the turn's commit, from a snapshot: not under the write lock."""
    if not exporting.settings.is_sqlite:
        pytest.skip(
            "PostgreSQL has no database-wide write lock: another chat's turn never waits there "
            "whatever the download does (test_a_download_is_written_only_once_its_turn_is_stored "
            "covers PostgreSQL)"
        )
    an, pieter = Chat(exporting, world.an), Chat(exporting, world.pieter, chat="2")
    # Another chat's turn stores its session: it needs the write lock now.
    replies = await _while_a_download_is_written(an, lambda: pieter.command("menu"))
    document = replies[-1].document
    assert document is not None
    rows = list(openpyxl.load_workbook(document.path)["Overzicht"].iter_rows(values_only=True))
    Path(document.path).unlink()
    assert rows == [
        ("chequenummer", "klant"),
        ("123456", "Vermeulen Els"),
        ("123457", "Maes Lotte"),
    ]


async def test_the_console_saves_the_file_under_exports(
    exporting: App, world: World, tmp_path: Path
) -> None:
    out = io.StringIO()
    console = Console(
        exporting.engine, world.an, out, lambda: "", echo=True, exports=tmp_path / "exports"
    )
    await console.send(parse_typed("/exporteer"))
    await console.send(Text("csv"))
    saved = tmp_path / "exports" / "overzicht-2026-03-10.csv"
    assert f"📎 Bestand opgeslagen: {saved}" in out.getvalue()
    assert "Vermeulen Els" in saved.read_text(encoding="utf-8")


async def test_telegram_sends_the_file_as_a_document_and_keeps_no_copy(
    exporting: App, world: World, fake: FakeBotApi
) -> None:
    before = set(Path(tempfile.gettempdir()).glob("registratiebot-*.csv"))
    application = telegram_app(exporting, fake)
    async with application:
        an = TelegramUserDriver(application, fake, 5001)
        await an.send("/exporteer")
        await an.send("csv")
    sent = [c for c in fake.calls if c.method == "sendDocument"]
    assert len(sent) == 1
    assert sent[0].params["_filename"] == "overzicht-2026-03-10.csv"
    assert b"Vermeulen Els" in sent[0].params["document"]
    assert set(Path(tempfile.gettempdir()).glob("registratiebot-*.csv")) == before
