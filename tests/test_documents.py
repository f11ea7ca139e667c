"""A file a step makes reaches the person: through the engine, the console and Telegram."""

from __future__ import annotations

import io
import tempfile
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.app import App
from bot.console import Console
from flows.conversation import Document, Text, parse_typed
from flows.engine import Engine
from flows.flow import Answer, Finish, Flow, Outcome, Question, Step, StepContext
from tests.fake_bot_api import FakeBotApi
from tests.support import Chat, World
from tests.telegram_support import TelegramUserDriver, telegram_app


def _export(ctx: StepContext) -> Question:
    return Question("Welk formaat?", typed=True)


WRITTEN: list[str] = []  # the temporary files the test flow made, newest last


async def _write(ctx: StepContext, answer: Answer) -> Outcome:
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as out:
        out.write("chequenummer;klant\n123456;Vermeulen Els\n")
    WRITTEN.append(out.name)
    return Finish("Hier is je bestand.", document=Document("overzicht.csv", out.name))


EXPORT = Flow(
    "export", "Exporteren", "exporteer", (Step("format", "het formaat", _export, _write),), ()
)


@pytest.fixture
def exporting(app: App) -> App:
    """The app, with one more flow that hands out a file."""
    engine = Engine(app.engine._uow_factory, app.engine.clock, (*app.engine.flows.values(), EXPORT))
    return replace(app, engine=engine)


async def test_the_engine_attaches_a_steps_file_to_its_reply(exporting: App, world: World) -> None:
    chat = Chat(exporting, world.an)
    await chat.command("exporteer")
    await chat.say("csv")
    assert chat.text.startswith("Hier is je bestand.")
    document = chat.last.document
    assert document is not None
    assert document.filename == "overzicht.csv"
    assert Path(document.path).read_text(encoding="utf-8").startswith("chequenummer;klant")
    await chat.command("menu")
    assert chat.last.document is None  # a file goes out once, with the step that made it


async def test_the_console_saves_the_file_under_exports(
    exporting: App, world: World, tmp_path: Path
) -> None:
    out = io.StringIO()
    console = Console(
        exporting.engine, world.an, out, lambda: "", echo=True, exports=tmp_path / "exports"
    )
    await console.send(parse_typed("/exporteer"))
    await console.send(Text("csv"))
    saved = tmp_path / "exports" / "overzicht.csv"
    assert f"📎 Bestand opgeslagen: {saved}" in out.getvalue()
    assert "Vermeulen Els" in saved.read_text(encoding="utf-8")


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    server = FakeBotApi()
    await server.start()
    yield server
    await server.stop()


async def test_telegram_sends_the_file_as_a_document_and_keeps_no_copy(
    exporting: App, world: World, fake: FakeBotApi
) -> None:
    application = telegram_app(exporting, fake)
    async with application:
        an = TelegramUserDriver(application, fake, 5001)
        await an.send("/exporteer")
        await an.send("csv")
    sent = [c for c in fake.calls if c.method == "sendDocument"]
    assert len(sent) == 1
    assert sent[0].params["_filename"] == "overzicht.csv"
    assert b"Vermeulen Els" in sent[0].params["document"]
    assert not Path(WRITTEN[-1]).exists()
