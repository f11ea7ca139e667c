"""Invitation codes (hashed) for linking Telegram accounts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.staff import Invitation
from storage.models import InvitationRow


class SqlInvitationRepository:
    """Stores and finds invitations by the hash of their code."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(
        self,
        code_hash: str,
        staff_id: int,
        expires_at: datetime,
        now: datetime,
        invited_by: int | None,
    ) -> None:
        self._session.add(
            InvitationRow(
                code_hash=code_hash,
                staff_id=staff_id,
                invited_by=invited_by,
                created_at=now,
                expires_at=expires_at,
            )
        )
        await self._session.flush()

    async def by_hash(self, code_hash: str) -> Invitation | None:
        row = await self._session.scalar(
            select(InvitationRow).where(InvitationRow.code_hash == code_hash).with_for_update()
        )
        if row is None:
            return None
        return Invitation(row.id, row.staff_id, row.expires_at, row.used_at)

    async def mark_used(self, invitation_id: int, telegram_user_id: int, now: datetime) -> None:
        await self._session.execute(
            update(InvitationRow)
            .where(InvitationRow.id == invitation_id)
            .values(used_at=now, used_by_telegram_id=telegram_user_id),
            execution_options={"synchronize_session": False},
        )
