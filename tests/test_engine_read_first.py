"""SQLite: a turn that only reads takes the write lock only to store its update id and session."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event

from bot.app import App
from flows.engine.values import parse_typed
from storage.database import READ_ONLY
from tests.gesprek_support import registered
from tests.support import Chat, World

Seen = list[tuple[bool, str]]


@contextmanager
def statements(app: App) -> Iterator[Seen]:
    """Each statement sent while the block runs: (sent on a reading connection, first words)."""
    seen: Seen = []

    def record(connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
        reading = bool(connection.get_execution_options().get(READ_ONLY))
        seen.append((reading, " ".join(statement.split()[:3])))

    event.listen(app.database.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(app.database.sync_engine, "before_cursor_execute", record)


@pytest.fixture
def sqlite_app(app: App) -> App:
    if not app.settings.is_sqlite:
        pytest.skip("the write lock is SQLite's")
    return app


async def test_paging_the_overview_reads_without_the_write_lock(
    sqlite_app: App, world: World
) -> None:
    await registered(sqlite_app, world.an, "200001", "1001", chat="other")
    chat = Chat(sqlite_app, world.an)
    await chat.command("overzicht")
    with statements(sqlite_app) as seen:
        replies = await chat.do(parse_typed("Dubois"), update_id=77)  # a trefwoord: only reads
    assert "Dubois" in replies[-1].text
    writing = [words for reading, words in seen if not reading]
    assert writing == [  # BEGIN IMMEDIATE rides with the first (storage/sqlite_driver.py)
        "INSERT INTO processed_updates",
        "UPDATE conversation_sessions SET",
    ]
    assert all(words.startswith("SELECT") for reading, words in seen if reading)


async def test_a_turn_that_writes_runs_again_writing_and_is_stored_once(
    sqlite_app: App, world: World
) -> None:
    with statements(sqlite_app) as seen:
        await registered(sqlite_app, world.an, "200001", "1001")  # its confirm step writes
    assert any(reading and words.startswith("SELECT") for reading, words in seen)
    inserts = [w for reading, w in seen if not reading and w.startswith("INSERT INTO cheque_reg")]
    assert len(inserts) == 1


async def test_an_answer_to_a_question_in_a_flow_takes_the_write_lock_first(
    sqlite_app: App, world: World
) -> None:
    chat = Chat(sqlite_app, world.an)
    await chat.command("cheque")  # a command reads first, then the chat waits on a question
    with statements(sqlite_app) as seen:
        await chat.say("200001")
    assert seen
    assert not any(reading for reading, _ in seen)


async def test_a_command_reads_first_even_when_the_chat_waits_on_a_question(
    sqlite_app: App, world: World
) -> None:
    chat = Chat(sqlite_app, world.an)
    await chat.command("cheque")
    with statements(sqlite_app) as seen:
        await chat.command("overzicht")
    assert any(reading and words.startswith("SELECT") for reading, words in seen)


async def test_a_chat_back_at_an_overview_screen_reads_first_again(
    sqlite_app: App, world: World
) -> None:
    await registered(sqlite_app, world.an, "200001", "1001", chat="other")
    chat = Chat(sqlite_app, world.an)
    await chat.command("cheque")
    await chat.say("200001")  # answered a question: the next turn would write first
    await chat.command("overzicht")  # now at a screen
    with statements(sqlite_app) as seen:
        await chat.do(parse_typed("Dubois"), update_id=78)
    assert [w for reading, w in seen if not reading] == [
        "INSERT INTO processed_updates",
        "UPDATE conversation_sessions SET",
    ]
