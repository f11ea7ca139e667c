"""Paid gesprekken as VDAB's payment list finds them (by cheque and day), and marking them paid."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.administration import PaidGesprek
from flows.domain.cheques import GesprekType
from storage.models import GesprekRow, IssuedChequeRow, RegistrationRow
from storage.queries.conditions import real_organisation
from storage.totals import count, total_key

CHUNK = 1000  # chequenummers per IN list: PostgreSQL takes at most 32767 parameters


class SqlPaymentRepository:
    """Reads the paid gesprekken (never nazorg, never deleted) of cheques; sets their payment."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def paid_gesprekken(self, chequenummers: Sequence[str]) -> list[PaidGesprek]:
        """Oldest first within each cheque and day, so a list's rows match in a stable order."""
        found: list[PaidGesprek] = []
        numbers = sorted(set(chequenummers))
        for start in range(0, len(numbers), CHUNK):
            rows = await self._session.execute(
                select(
                    GesprekRow.id,
                    IssuedChequeRow.chequenummer,
                    GesprekRow.datum,
                    GesprekRow.minutes,
                    GesprekRow.betaald_op,
                    GesprekRow.betaald_cent,
                )
                .join(RegistrationRow, GesprekRow.registration_id == RegistrationRow.id)
                .join(IssuedChequeRow, RegistrationRow.issued_cheque_id == IssuedChequeRow.id)
                .where(
                    IssuedChequeRow.chequenummer.in_(numbers[start : start + CHUNK]),
                    GesprekRow.deleted_at.is_(None),
                    GesprekRow.type != GesprekType.NAZORG.value,
                    real_organisation(GesprekRow.organisation_id),  # never a practice one
                )
                .order_by(GesprekRow.id)
            )
            found += [PaidGesprek(*row) for row in rows]
        return found

    async def mark_paid(self, gesprek_id: int, betaald_op: date, cents: int) -> None:
        before = (
            await self._session.execute(
                select(
                    GesprekRow.organisation_id,
                    GesprekRow.registered_at,
                    GesprekRow.datum,
                    GesprekRow.minutes,
                    GesprekRow.type,
                    GesprekRow.deleted_at.is_not(None),
                    GesprekRow.betaald_op,
                ).where(GesprekRow.id == gesprek_id)
            )
        ).one_or_none()
        if before is not None:
            organisation_id, registered_at, datum, minutes, kind, deleted, paid_before = before
            common = (organisation_id, registered_at, datum, minutes, kind, deleted)
            await count(
                self._session, [total_key(*common, betaald_op)], [total_key(*common, paid_before)]
            )
        await self._session.execute(
            update(GesprekRow)
            .where(GesprekRow.id == gesprek_id)
            .values(betaald_op=betaald_op, betaald_cent=cents),
            execution_options={"synchronize_session": False},
        )
