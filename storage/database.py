"""Engines and migrations: SQLite (WAL, one writer at a time) or PostgreSQL from one URL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.sqlite_driver import BUSY_TIMEOUT_MS, OneTripConnection, one_trip_dbapi

MIGRATIONS = Path(__file__).with_name("migrations")
READ_ONLY = "registratiebot_read_only"  # an execution option: this connection only reads


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_engine(url: str, pool_size: int = 5) -> AsyncEngine:
    """Create the async engine; on SQLite every transaction takes the write lock up front.

    On PostgreSQL `pool_size` connections stay open, and half as many more open for a burst.
    """
    if not is_sqlite(url):
        return create_async_engine(
            url, pool_pre_ping=True, pool_size=pool_size, max_overflow=pool_size // 2
        )
    database = url.split("///", 1)[-1]
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    # Every unit of work ends in an explicit commit or rollback, so the pool's own rollback
    # on check-in is a wasted round trip through aiosqlite's thread (bench/engine_vs_commit.py).
    engine = create_async_engine(
        url,
        # The driver runs lock-free statements on the loop's thread (storage/sqlite_driver.py),
        # never at the same time as aiosqlite's thread.
        connect_args={"timeout": 30, "check_same_thread": False},
        pool_reset_on_return=None,
        module=one_trip_dbapi(),  # one trip to aiosqlite's thread per statement
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # let SQLAlchemy emit BEGIN itself
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: Connection) -> None:
        # Handed to the driver, which sends it with the transaction's first statement
        # (storage/sqlite_driver.py): no statement execution of its own through SQLAlchemy.
        driver: OneTripConnection = connection.connection.dbapi_connection  # type: ignore[assignment]
        if connection.get_execution_options().get(READ_ONLY):
            driver.pending_begin = "BEGIN"  # a snapshot in WAL: writers go on meanwhile
        else:
            # BEGIN IMMEDIATE: a read that later writes can never fail to upgrade its lock.
            driver.pending_begin = "BEGIN IMMEDIATE"

    return engine


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def read_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for long reads (downloads): they never hold the write lock, and cannot write."""
    options: dict[str, Any] = {READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["postgresql_readonly"] = True
    return async_sessionmaker(engine.execution_options(**options), expire_on_commit=False)


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration, built in code so no alembic.ini is needed."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def _pragma(connection: Connection, statement: str) -> None:
    """Run a PRAGMA on the driver's connection, outside any transaction (where it counts)."""
    cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(statement)
    finally:
        cursor.close()


@asynccontextmanager
async def migrating(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """One transaction for the migrations. On SQLite a migration may rebuild a table others
    refer to (drop, recreate, rename: SQLite's own procedure), so foreign keys are off while it
    runs and every reference is checked before the commit."""
    sqlite = engine.dialect.name == "sqlite"
    async with engine.connect() as connection:
        if sqlite:
            await connection.run_sync(_pragma, "PRAGMA foreign_keys=OFF")
        try:
            async with connection.begin():
                yield connection
                if sqlite:
                    dangling = await connection.exec_driver_sql("PRAGMA foreign_key_check")
                    if dangling.first() is not None:
                        raise RuntimeError("a migration left rows that refer to nothing")
        finally:
            if sqlite:
                await connection.run_sync(_pragma, "PRAGMA foreign_keys=ON")


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Apply the migrations on this engine's database."""

    def _run(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with migrating(engine) as connection:
        await connection.run_sync(_run)
