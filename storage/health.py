"""What the operator's endpoints ask the database: reachable, migrated, sessions mid-flow."""

from __future__ import annotations

from functools import cache

from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import alembic_config
from storage.models import SessionRow


@cache
def expected_revisions() -> frozenset[str]:
    """The migration heads this code was written for."""
    return frozenset(ScriptDirectory.from_config(alembic_config()).get_heads())


async def not_ready(database: AsyncEngine) -> str | None:
    """Why this instance should not take updates now, or None when it should."""
    try:
        async with database.connect() as connection:
            rows = await connection.execute(text("SELECT version_num FROM alembic_version"))
            stored = frozenset(str(row[0]) for row in rows)
    except Exception as error:  # any failure means: not ready; the name says which
        return f"database unreachable ({type(error).__name__})"
    if stored != expected_revisions():
        return "database schema not current: run `registratiebot db upgrade`"
    return None


async def sessions_mid_flow(database: AsyncEngine) -> int:
    """How many conversations are in the middle of a flow."""
    async with database.connect() as connection:
        count = await connection.scalar(
            select(func.count()).select_from(SessionRow).where(SessionRow.flow.is_not(None))
        )
    return int(count or 0)
