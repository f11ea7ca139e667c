"""Append-only records: processed update ids and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.audit import AuditEntry
from storage.models import AuditRow, Base, ProcessedUpdateRow

_LOG = Base.metadata.tables[ProcessedUpdateRow.__tablename__]


def _logging(dialect: str) -> Any:
    """INSERT the update id unless present, with bound parameters (built once per dialect)."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(_LOG)  # the table, not the entity: Core, so the result has a rowcount
        .values(
            channel=bindparam("channel"),
            update_id=bindparam("update_id"),
            processed_at=bindparam("processed_at"),
        )
        .on_conflict_do_nothing(index_elements=["channel", "update_id"])
    )


LOGGING = {dialect: _logging(dialect) for dialect in ("postgresql", "sqlite")}


class SqlUpdateLog:
    """Remembers processed update ids in the same transaction as what they caused."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def first_time(self, channel: str, update_id: int, now: datetime) -> bool:
        """Record the id in one statement; a duplicate inserts nothing (no row counted)."""
        params = {"channel": channel, "update_id": update_id, "processed_at": now}
        connection = await self._session.connection()  # Core: no ORM execution path
        result = await connection.execute(LOGGING[connection.dialect.name], params)
        return result.rowcount == 1


class SqlAuditLog:
    """Writes audit entries; never updates or deletes them."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record(self, entry: AuditEntry) -> None:
        self._session.add(
            AuditRow(
                at=entry.at,
                staff_id=entry.staff_id,
                organisation_id=entry.organisation_id,
                action=entry.action,
                entity=entry.entity,
                entity_id=entry.entity_id,
                before=entry.before,
                after=entry.after,
            )
        )

    async def entries(self, entity: str, entity_id: str) -> list[AuditEntry]:
        query = (
            select(AuditRow)
            .where(AuditRow.entity == entity, AuditRow.entity_id == entity_id)
            .order_by(AuditRow.id)
        )
        return [
            AuditEntry(
                r.at,
                r.staff_id,
                r.organisation_id,
                r.action,
                r.entity,
                r.entity_id,
                r.before,
                r.after,
            )
            for r in await self._session.scalars(query)
        ]
