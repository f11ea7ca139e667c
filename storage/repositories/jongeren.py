"""Jongeren by klantnummer, as domain values."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, select
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


class SqlJongereRepository:
    """Reads jongeren and adds one entered in a flow; a klantnummer added twice is a conflict."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _one(self, criterion: ColumnElement[bool]) -> Jongere | None:
        row = await self._session.scalar(select(JongereRow).where(criterion))
        return to_jongere(row) if row is not None else None

    async def get(self, jongere_id: int) -> Jongere | None:
        return await self._one(JongereRow.id == jongere_id)

    async def by_klantnummer(self, klantnummer: str) -> Jongere | None:
        return await self._one(JongereRow.klantnummer == klantnummer)

    async def add(self, jongere: NewJongere, now: datetime) -> Jongere:
        row = JongereRow(
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
