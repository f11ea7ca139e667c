"""A2's pre-counted paid gesprekken (GesprekTotaalRow), changed with every gesprek that counts.

Each write that adds, deletes or pays a gesprek calls `count` in its own transaction with the
gesprek's key before and/or after; `fill` counts them all afresh (the migration and bulk loads).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from flows.domain.cheques import GesprekType
from flows.domain.rules.money import is_paid
from storage.models import GesprekRow, GesprekTotaalRow

T = GesprekTotaalRow


@dataclass(frozen=True, order=True)
class TotalKey:
    """Where one paid gesprek is counted."""

    organisation_id: int
    dag: date
    datum: date
    minutes: int
    betaald: bool


def total_key(
    organisation_id: int,
    registered_at: datetime,
    datum: date,
    minutes: int,
    kind: str,
    deleted: bool,
    betaald_op: date | None,
) -> TotalKey | None:
    """The key a gesprek is counted under, or None when it is not paid (nazorg, deleted)."""
    if not is_paid(GesprekType(kind), deleted=deleted):
        return None
    day = registered_at.astimezone(UTC).date()
    return TotalKey(organisation_id, day, datum, minutes, betaald_op is not None)


async def count(
    session: AsyncSession, added: Iterable[TotalKey | None], removed: Iterable[TotalKey | None]
) -> None:
    """Add one for each key in `added`, take one off for each in `removed` (same transaction)."""
    change: Counter[TotalKey] = Counter(key for key in added if key is not None)
    change.subtract(key for key in removed if key is not None)
    rows = [{**_values(key), "aantal": step} for key, step in sorted(change.items()) if step != 0]
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    upsert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(T)
    statement = upsert.on_conflict_do_update(
        index_elements=[T.organisation_id, T.dag, T.datum, T.minutes, T.betaald],
        set_={"aantal": T.aantal + upsert.excluded.aantal},
    )
    for row in rows:  # one row each: ON CONFLICT in an executemany is not portable
        await session.execute(statement, row)


def _values(key: TotalKey) -> dict[str, object]:
    return {
        "organisation_id": key.organisation_id,
        "dag": key.dag,
        "datum": key.datum,
        "minutes": key.minutes,
        "betaald": key.betaald,
    }


def registration_day(dialect: str) -> ColumnElement[date]:
    """The UTC day a gesprek was registered, in SQL."""
    if dialect == "postgresql":
        return func.date(func.timezone("UTC", GesprekRow.registered_at))
    return func.date(GesprekRow.registered_at)  # SQLite keeps UTC text


def fill_statement(dialect: str) -> tuple[object, ...]:
    """Delete every count, then count every paid gesprek afresh (two statements)."""
    day = registration_day(dialect)
    G = GesprekRow
    paid = G.betaald_op.is_not(None)
    counted = (
        select(G.organisation_id, day, G.datum, G.minutes, paid, func.count())
        .where(G.deleted_at.is_(None), G.type != GesprekType.NAZORG.value)
        .group_by(G.organisation_id, day, G.datum, G.minutes, paid)
    )
    return (
        delete(T),
        insert(T).from_select(
            ["organisation_id", "dag", "datum", "minutes", "betaald", "aantal"], counted
        ),
    )


async def fill(connection: AsyncConnection) -> None:
    """Count every paid gesprek afresh (a bulk load that bypassed the repositories)."""
    for statement in fill_statement(connection.dialect.name):
        await connection.execute(statement)  # type: ignore[call-overload]
