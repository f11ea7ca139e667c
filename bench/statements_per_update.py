"""Benchmark: SQL statements one update costs, beside a bare one-row commit in the same run.

Counts what the engine sends to the database (every statement through the cursor, hooked on
`before_cursor_execute`; not BEGIN, which on SQLite rides with a transaction's first statement,
nor COMMIT) for three updates of a chat in the middle of its work:
- a plain step: a typed answer on a text question (the chequenummer of /cheque);
- a list-screen page press: ▶ on /overzicht with more cheques than fit on a page;
- a press refused against the kept question (a position the question did not offer).
The baseline is a bare one-row insert in its own transaction on the same engine.
Runs on SQLite; also on PostgreSQL when TEST_POSTGRES_URL is set (see scripts/with-postgres).
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Column, Integer, MetaData, Table, event, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.engine_vs_commit import Driver, build_seeded_app
from bot.app import App
from flows.engine.values import Choice, Input, Message, TelegramUser, What, parse_typed

REGISTERED = 25  # more than one page of the overview (10 a page)
TELEGRAM_ID = 5001
TICKS = Table("bench_ticks", MetaData(), Column("id", Integer, primary_key=True))


@contextmanager
def counting(database: AsyncEngine) -> Iterator[list[str]]:
    """Collect the statements sent while the block runs."""
    seen: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        seen.append(statement)

    event.listen(database.sync_engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(database.sync_engine, "before_cursor_execute", count)


class Chat:
    """One Telegram user's chat, driven update by update."""

    def __init__(self, app: App, chat_id: str) -> None:
        self.app, self.chat_id, self.update_id = app, chat_id, 10_000_000
        self.last: Message | None = None

    async def send(self, what: What) -> None:
        self.update_id += 1
        inp = Input("telegram", self.chat_id, TelegramUser(TELEGRAM_ID), what, self.update_id)
        self.last = (await self.app.engine.handle(inp))[-1]

    def press(self, fragment: str) -> Choice:
        assert self.last is not None
        assert self.last.seq is not None
        labels = [option.label for option in self.last.options]
        found = [i for i, a in enumerate(labels) if fragment in a]
        assert found, (fragment, labels)
        return Choice(self.last.seq, found[0])

    async def count(self, what: What) -> int:
        with counting(self.app.database) as seen:
            await self.send(what)
        return len(seen)


async def bare_commit(database: AsyncEngine) -> int:
    async with database.begin() as connection:
        await connection.run_sync(TICKS.metadata.create_all)
    with counting(database) as seen:
        async with database.begin() as connection:
            await connection.execute(TICKS.insert())
    return len(seen)


async def measure(app: App) -> dict[str, int]:
    driver = Driver(app)
    for index in range(REGISTERED):
        await driver.register(index, None)
    chat = Chat(app, "bench-statements")
    await chat.send(parse_typed("/cheque"))
    plain = await chat.count(parse_typed(f"{300000 + REGISTERED}"))
    await chat.send(parse_typed("/annuleer"))  # a command mid-flow would first ask (issue 13.2)
    await chat.send(parse_typed("/overzicht"))
    page = await chat.count(chat.press("Volgende pagina"))
    assert chat.last is not None
    assert "11–20 van" in chat.last.text, chat.last.text
    back = await chat.count(chat.press("Vorige pagina"))
    assert chat.last is not None
    refused = await chat.count(Choice(seq_of(chat.last), 99))
    return {
        "bare_commit": await bare_commit(app.database),
        "plain_step": plain,
        "page_press": page,
        "page_back": back,
        "refused_press": refused,
    }


def seq_of(message: Message) -> int:
    return message.seq or 0


async def run(admin_url: str | None) -> dict[str, int]:
    """Measure on a new SQLite file, or on a new database of the PostgreSQL server given."""
    with tempfile.TemporaryDirectory() as directory:
        if admin_url is None:
            return await _measured(await build_seeded_app(Path(directory), REGISTERED + 5))
        name = f"bench_statements_{uuid.uuid4().hex[:8]}"
        server = admin_url.rsplit("/", 1)[0]
        admin = create_async_engine(admin_url, isolation_level="AUTOCOMMIT")
        try:
            async with admin.connect() as connection:
                await connection.execute(text(f'CREATE DATABASE "{name}"'))
            app = await build_seeded_app(Path(directory), REGISTERED + 5, f"{server}/{name}")
            return await _measured(app)
        finally:
            async with admin.connect() as connection:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await admin.dispose()


async def _measured(app: App) -> dict[str, int]:
    try:
        return await measure(app)
    finally:
        await app.close()


def main() -> int:
    results = {"sqlite": asyncio.run(run(None))}
    postgres = os.environ.get("TEST_POSTGRES_URL")
    if postgres:
        results["postgresql"] = asyncio.run(run(postgres))
    for kind, figures in results.items():
        print(f"{kind}: statements per update (COMMIT not counted)")
        for name, value in figures.items():
            print(f"  {name:<14} {value}")
    line = " ".join(
        f"{kind}_{name}={value}"
        for kind, figures in results.items()
        for name, value in figures.items()
    )
    print(f"statements_per_update: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
