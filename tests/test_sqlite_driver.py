"""The SQLite driver: few trips to aiosqlite's thread, and every statement's results."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import Column, Integer, MetaData, String, Table, insert, select, update

from storage.database import READ_ONLY, create_engine

ITEMS = Table(
    "items", MetaData(), Column("id", Integer, primary_key=True), Column("name", String(20))
)


async def test_statements_return_rows_rowcounts_and_ids_and_only_bulk_ones_take_a_trip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trips: list[str] = []
    original: Any = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(fn, "__name__", "?"))
        return await original(self, fn, *args, **kwargs)

    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.sqlite3'}")
    try:
        async with engine.begin() as connection:
            await connection.run_sync(ITEMS.metadata.create_all)
        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
        async with engine.begin() as connection:
            trips.clear()
            added = await connection.execute(insert(ITEMS).values(name="een"))
            assert trips == []  # the write lock was free: begun and inserted right here
            assert added.inserted_primary_key == (1,)
            await connection.execute(insert(ITEMS), [{"name": "twee"}, {"name": "drie"}])
            assert trips == ["_run"]  # executemany (imports) goes to aiosqlite's thread
            changed = await connection.execute(update(ITEMS).where(ITEMS.c.id > 1).values(name="x"))
            assert changed.rowcount == 2
            trips.clear()  # the write lock is held: the rest runs without a trip
            rows = (await connection.execute(select(ITEMS).order_by(ITEMS.c.id))).all()
            assert trips == []
            assert [tuple(row) for row in rows] == [(1, "een"), (2, "x"), (3, "x")]
            returned = await connection.execute(
                update(ITEMS).where(ITEMS.c.id == 1).values(name="1").returning(ITEMS.c.name)
            )
            assert returned.scalars().all() == ["1"]
    finally:
        await engine.dispose()


async def test_only_the_commit_is_a_trip_and_an_empty_transaction_costs_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trips: list[tuple[str | None, str]] = []
    original: Any = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        if getattr(fn, "__name__", "") == "_run":
            trips.append((args[1], " ".join(args[2].split()[:2])))
        else:
            trips.append((None, getattr(fn, "__name__", "?")))
        return await original(self, fn, *args, **kwargs)

    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'begin.sqlite3'}")
    try:
        async with engine.begin() as connection:
            await connection.run_sync(ITEMS.metadata.create_all)
        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
        async with engine.begin() as connection:
            pass
        assert trips == []
        async with engine.begin() as connection:
            await connection.execute(insert(ITEMS).values(name="een"))
        assert trips == [(None, "commit")]  # the write lock was free: taken right away
        trips.clear()
        reading = engine.execution_options(**{READ_ONLY: True})
        async with reading.connect() as connection:  # a read: BEGIN rides with it, ends free
            assert await connection.scalar(select(ITEMS.c.name)) == "een"
        assert trips == [("BEGIN", "SELECT items.name")]
    finally:
        await engine.dispose()


async def test_a_write_lock_held_by_another_process_is_waited_for_off_the_event_loop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "busy.sqlite3"
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(ITEMS.metadata.create_all)
        other.execute("BEGIN IMMEDIATE")  # another process writing

        async def write() -> None:
            async with engine.begin() as connection:
                await connection.execute(insert(ITEMS).values(name="later"))

        waiting = asyncio.create_task(write())
        await asyncio.sleep(0.3)  # the loop runs meanwhile: the wait is in aiosqlite's thread
        assert not waiting.done()
        other.execute("COMMIT")
        await asyncio.wait_for(waiting, 10)
        async with engine.connect() as connection:
            assert await connection.scalar(select(ITEMS.c.name)) == "later"
    finally:
        other.close()
        await engine.dispose()
