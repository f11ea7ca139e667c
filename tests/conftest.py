"""Fixtures: a freshly migrated database per test, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg
import pytest

from bot.app import App, build_app
from bot.settings import Settings
from flows.engine.clock import FixedClock
from storage.database import create_engine, upgrade
from tests.fake_bot_api import FakeBotApi
from tests.support import World, seed_world
from tests.telegram_support import telegram_app

BRUSSELS = ZoneInfo("Europe/Brussels")
BACKENDS = ["sqlite", "postgresql"]


def _postgres_admin_url() -> str | None:
    return os.environ.get("TEST_POSTGRES_URL") or None


def _asyncpg_dsn(url: str, database: str | None = None) -> str:
    dsn = url.replace("postgresql+asyncpg://", "postgresql://", 1)
    if database is not None:
        dsn = dsn.rsplit("/", 1)[0] + f"/{database}"
    return dsn


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Migrate one SQLite file per run; each test gets a copy."""
    import asyncio

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str | None]:
    """Migrate one PostgreSQL template database per run; each test clones it."""
    import asyncio

    admin = _postgres_admin_url()
    if admin is None:
        yield None
        return
    name = f"rb_template_{uuid.uuid4().hex[:8]}"

    async def create() -> None:
        connection = await asyncpg.connect(_asyncpg_dsn(admin))
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()
        await _migrate(admin.rsplit("/", 1)[0] + f"/{name}")

    async def drop() -> None:
        connection = await asyncpg.connect(_asyncpg_dsn(admin))
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()

    asyncio.run(create())
    yield name
    asyncio.run(drop())


@pytest.fixture(params=BACKENDS)
async def database_url(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_template: str | None,
) -> AsyncIterator[str]:
    """A migrated, empty database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copy(sqlite_template, path)
        yield f"sqlite+aiosqlite:///{path}"
        return
    admin = _postgres_admin_url()
    if admin is None or postgres_template is None:
        if os.environ.get("CI"):
            pytest.fail(
                "TEST_POSTGRES_URL is not set: CI must run the PostgreSQL half of the suite"
            )
        pytest.skip("PostgreSQL not available (set TEST_POSTGRES_URL or install postgresql)")
    name = f"rb_test_{uuid.uuid4().hex[:10]}"
    connection = await asyncpg.connect(_asyncpg_dsn(admin))
    try:
        await connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"')
    finally:
        await connection.close()
    yield admin.rsplit("/", 1)[0] + f"/{name}"
    connection = await asyncpg.connect(_asyncpg_dsn(admin))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@pytest.fixture
def clock() -> FixedClock:
    """Tuesday 10 March 2026, 10:00 in Brussels."""
    return FixedClock(datetime(2026, 3, 10, 10, 0, tzinfo=BRUSSELS))


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        database_url=database_url,
        telegram_token=None,
        telegram_api_base_url="https://api.telegram.org/bot",
        timezone=BRUSSELS,
    )


@pytest.fixture
async def app(settings: Settings, clock: FixedClock) -> AsyncIterator[App]:
    built = await build_app(settings, clock, migrate=False)
    yield built
    await built.close()


@pytest.fixture
async def world(app: App, clock: FixedClock) -> World:
    """Two loopbaancentra, an ESF organisation, staff, and cheques in every condition."""
    return await seed_world(app, clock.now())


@pytest.fixture
async def fake() -> AsyncIterator[FakeBotApi]:
    """A fake Bot API on 127.0.0.1, for the Telegram adapter's tests."""
    server = FakeBotApi()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def bot(app: App, world: World, fake: FakeBotApi) -> AsyncIterator[object]:
    """The real python-telegram-bot application, talking to the fake Bot API."""
    application = telegram_app(app, fake)
    async with application:
        yield application
