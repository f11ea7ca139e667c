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
