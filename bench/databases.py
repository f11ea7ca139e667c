"""Where a benchmark keeps its data: a new SQLite file, or a new database on a PostgreSQL server.

`--database-url` picks the kind: a SQLite URL (its files are made beside the file it names;
by default in a temporary directory), or a PostgreSQL URL whose server gets a new, uniquely
named database that is dropped again afterwards (the URL's own database only creates and drops
it).
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from storage.database import is_sqlite


def database_kind(url: str | None) -> str:
    """`sqlite` or `postgresql`, for the benchmarks' last lines."""
    return "sqlite" if url is None or is_sqlite(url) else "postgresql"


@asynccontextmanager
async def scratch_database(url: str | None, directory: Path, stem: str) -> AsyncIterator[str]:
    """The URL of an empty database for one run, removed (PostgreSQL) when the run ends."""
    if url is None or is_sqlite(url):
        if url is not None:  # a file named by the URL: its run's files go beside it
            given = Path(url.split("///", 1)[-1])
            directory, stem = given.parent, f"{given.stem}-{stem}"
        path = directory / f"{stem}.sqlite3"
        if path.exists():
            raise SystemExit(f"{path} exists: a benchmark needs an empty database")
        directory.mkdir(parents=True, exist_ok=True)
        yield f"sqlite+aiosqlite:///{path}"
        return
    name = f"bench_{stem}_{uuid.uuid4().hex[:8]}"
    server = url.rsplit("/", 1)[0]
    admin = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield f"{server}/{name}"
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()
