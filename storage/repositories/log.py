"""Append-only records: processed update ids and the audit log."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.audit import AuditEntry
from storage.models import AuditRow, ProcessedUpdateRow


class SqlUpdateLog:
    """Remembers processed update ids in the same transaction as what they caused."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def first_time(self, channel: str, update_id: int, now: datetime) -> bool:
        """Record the id in one statement; a duplicate inserts nothing (no row counted)."""
        insert = postgresql.insert if _dialect(self._session) == "postgresql" else sqlite.insert
        statement = (
            insert(ProcessedUpdateRow)
            .values(channel=channel, update_id=update_id, processed_at=now)
            .on_conflict_do_nothing(index_elements=["channel", "update_id"])
        )
        result = await self._session.execute(statement)
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


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
