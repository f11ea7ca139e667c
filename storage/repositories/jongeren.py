"""Jongeren by klantnummer, as domain values."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.esf import Diploma, Jongere, NewJongere
from storage.constraints import raise_race_or_bug
from storage.models import JongereRow


def to_jongere(row: JongereRow) -> Jongere:
    return Jongere(
        row.id,
        row.klantnummer,
        row.naam,
        row.geboortedatum,
        Diploma(row.diploma_secundair),
        row.practice,
    )


def _visible_to(organisation_id: int) -> ColumnElement[bool]:
    """An organisation sees the jongeren it entered and VDAB's imported ones."""
    return or_(JongereRow.organisation_id == organisation_id, JongereRow.organisation_id.is_(None))


class SqlJongereRepository:
    """Reads jongeren as one organisation sees them and adds one entered in its flow; the same
    klantnummer added twice by one organisation is a conflict."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _one(self, criterion: ColumnElement[bool], organisation_id: int) -> Jongere | None:
        row = await self._session.scalar(
            select(JongereRow)
            .where(criterion, _visible_to(organisation_id))
            .order_by(JongereRow.organisation_id.is_(None))  # its own before VDAB's
            .limit(1)
        )
        return to_jongere(row) if row is not None else None

    async def get(self, jongere_id: int, organisation_id: int) -> Jongere | None:
        return await self._one(JongereRow.id == jongere_id, organisation_id)

    async def by_klantnummer(self, klantnummer: str, organisation_id: int) -> Jongere | None:
        return await self._one(JongereRow.klantnummer == klantnummer, organisation_id)

    async def add(self, jongere: NewJongere, organisation_id: int, now: datetime) -> Jongere:
        row = JongereRow(
            organisation_id=organisation_id,
            klantnummer=jongere.klantnummer,
            naam=jongere.naam,
            geboortedatum=jongere.geboortedatum,
            diploma_secundair=jongere.diploma_secundair.value,
            updated_at=now,
        )
        self._session.add(row)
        try:
            await self._session.flush()
        except IntegrityError as error:
            raise_race_or_bug(error)
        return to_jongere(row)
