"""A2's pre-counted paid gesprekken (GesprekTotaalRow, GesprekAantalRow), kept with every change.

Each write that adds, deletes or pays a gesprek calls `count` with the gesprek's key before
and/or after. The changes collect on the session and `flush` writes them in one sorted pass
(the unit of work's commit, and any read of the counts, call it): the same transaction, the
rows a centre shares locked only at its end and always in the same order, so two writers never
wait on each other in a cycle. `fill_statements` counts everything afresh (bulk loads).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Executable, delete, func, insert, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from flows.domain.cheques import GesprekType
from flows.domain.rules.money import is_paid
from storage.models import GesprekAantalRow, GesprekRow, GesprekTotaalRow

T, A = GesprekTotaalRow, GesprekAantalRow
PENDING = "gesprek_totalen"  # the session.info key of the changes not yet written


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
    """One more for each key in `added`, one less for each in `removed`, written by `flush`."""
    pending: Counter[TotalKey] = session.info.setdefault(PENDING, Counter())
    pending.update(key for key in added if key is not None)
    pending.subtract(key for key in removed if key is not None)


async def flush(session: AsyncSession) -> None:
    """Write the collected changes: the day rows, then the organisation rows, each sorted."""
    pending: Counter[TotalKey] | None = session.info.pop(PENDING, None)
    if not pending:
        return
    days = sorted((key, step) for key, step in pending.items() if step != 0)
    whole: Counter[tuple[int, bool]] = Counter()
    for key, step in days:
        whole[(key.organisation_id, key.betaald)] += step
    upsert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for key, step in days:
        await session.execute(_add(upsert, T, _day_values(key), step))
    for (organisation_id, betaald), step in sorted(whole.items()):
        if step != 0:
            values = {"organisation_id": organisation_id, "betaald": betaald}
            await session.execute(_add(upsert, A, values, step))


def _add(
    upsert: Any, table: type[GesprekTotaalRow | GesprekAantalRow], values: dict[str, Any], step: int
) -> Executable:
    """Insert the row with `step`, or add `step` to the row already there."""
    statement = upsert(table).values(**values, aantal=step)
    keys = [getattr(table, name) for name in values]
    return statement.on_conflict_do_update(  # type: ignore[no-any-return]
        index_elements=keys, set_={"aantal": table.aantal + statement.excluded.aantal}
    )


def _day_values(key: TotalKey) -> dict[str, Any]:
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


def fill_statements(dialect: str) -> list[Executable]:
    """Delete every count, then count every paid gesprek afresh."""
    day = registration_day(dialect)
    G = GesprekRow
    paid = G.betaald_op.is_not(None)
    counted = G.deleted_at.is_(None), G.type != GesprekType.NAZORG.value
    by_day = (
        select(G.organisation_id, day, G.datum, G.minutes, paid, func.count())
        .where(*counted)
        .group_by(G.organisation_id, day, G.datum, G.minutes, paid)
    )
    by_organisation = (
        select(G.organisation_id, paid, func.count())
        .where(*counted)
        .group_by(G.organisation_id, paid)
    )
    return [
        delete(T),
        delete(A),
        insert(T).from_select(
            ["organisation_id", "dag", "datum", "minutes", "betaald", "aantal"], by_day
        ),
        insert(A).from_select(["organisation_id", "betaald", "aantal"], by_organisation),
    ]


async def fill(connection: AsyncConnection) -> None:
    """Count every paid gesprek afresh (a bulk load that bypassed the repositories)."""
    for statement in fill_statements(connection.dialect.name):
        await connection.execute(statement)
