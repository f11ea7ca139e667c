"""Registered cheques as files (A4), their lists, and the changes gesprekken make (A6–A8)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.cheques import (
    Beginvraag,
    ChequeFile,
    ChequeStatus,
    FileSummary,
    Gesprek,
    GesprekType,
    GesprekVorm,
    IssuedCheque,
    NewGesprek,
)
from storage.facts import refresh_facts
from storage.models import (
    BeginvraagRow,
    ClientRow,
    GesprekRow,
    IssuedChequeRow,
    RegistrationRow,
    StaffRow,
)


def _used_minutes() -> Select[int]:
    """Minutes registered per registration: gesprekken not deleted, nazorg excepted."""
    return (
        select(func.coalesce(func.sum(GesprekRow.minutes), 0))
        .where(
            GesprekRow.registration_id == RegistrationRow.id,
            GesprekRow.deleted_at.is_(None),
            GesprekRow.type != GesprekType.NAZORG.value,
        )
        .correlate(RegistrationRow)
    )


def _summaries() -> Select[RegistrationRow, IssuedChequeRow, ClientRow, int]:
    return (
        select(RegistrationRow, IssuedChequeRow, ClientRow, _used_minutes().scalar_subquery())
        .join(IssuedChequeRow, RegistrationRow.issued_cheque_id == IssuedChequeRow.id)
        .join(ClientRow, IssuedChequeRow.client_id == ClientRow.id)
        .where(RegistrationRow.released_at.is_(None))
    )


def _summary(
    registration: RegistrationRow, cheque: IssuedChequeRow, client: ClientRow, used: int
) -> FileSummary:
    return FileSummary(
        registration.id,
        cheque.chequenummer,
        client.klantnummer,
        client.naam,
        ChequeStatus(registration.status),
        cheque.minutes,
        int(used),
        registration.updated_at,
    )


class SqlRegistrationRepository:
    """Reads files and lists of an organisation; writes gesprekken, statuses and corrections."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def file(self, registration_id: int) -> ChequeFile | None:
        found = (
            await self._session.execute(
                select(RegistrationRow, IssuedChequeRow, ClientRow)
                .join(IssuedChequeRow, RegistrationRow.issued_cheque_id == IssuedChequeRow.id)
                .join(ClientRow, IssuedChequeRow.client_id == ClientRow.id)
                .where(RegistrationRow.id == registration_id, RegistrationRow.released_at.is_(None))
            )
        ).first()
        if found is None:
            return None
        registration, cheque, client = found
        gesprekken = await self._session.scalars(
            select(GesprekRow)
            .where(GesprekRow.registration_id == registration_id)
            .order_by(GesprekRow.id)
        )
        beginvragen = await self._session.execute(
            select(BeginvraagRow, StaffRow.name)
            .join(StaffRow, BeginvraagRow.recorded_by == StaffRow.id)
            .where(BeginvraagRow.registration_id == registration_id)
            .order_by(BeginvraagRow.id)
        )
        return ChequeFile(
            registration_id=registration.id,
            organisation_id=registration.organisation_id,
            status=ChequeStatus(registration.status),
            cheque=IssuedCheque(
                cheque.id,
                cheque.chequenummer,
                client.klantnummer,
                client.naam,
                cheque.ordered_on,
                cheque.start_by,
                cheque.minutes,
            ),
            themes=tuple(registration.themes),
            beginvragen=tuple(
                Beginvraag(row.text, row.recorded_at, name) for row, name in beginvragen
            ),
            gesprekken=tuple(
                Gesprek(
                    g.id,
                    g.datum,
                    g.begeleider,
                    GesprekType(g.type),
                    GesprekVorm(g.vorm),
                    g.minutes,
                    g.feedback,
                    g.registered_at,
                    g.deleted_at,
                )
                for g in gesprekken
            ),
            registered_at=registration.registered_at,
            updated_at=registration.updated_at,
        )

    async def list_open(
        self, organisation_id: int, offset: int, limit: int
    ) -> tuple[list[FileSummary], int]:
        where = (
            RegistrationRow.organisation_id == organisation_id,
            RegistrationRow.status == ChequeStatus.IN_GEBRUIK.value,
        )
        total = await self._session.scalar(
            select(func.count())
            .select_from(RegistrationRow)
            .where(RegistrationRow.released_at.is_(None), *where)
        )
        rows = await self._session.execute(
            _summaries()
            .where(*where)
            .order_by(RegistrationRow.updated_at.desc(), RegistrationRow.id.desc())
            .offset(offset)
            .limit(limit)
        )
        return [_summary(*row) for row in rows], int(total or 0)

    async def search(
        self, organisation_id: int, term: str, limit: int, *, open_only: bool = False
    ) -> list[FileSummary]:
        digits = "".join(ch for ch in term if ch.isdigit())
        words = " ".join(term.split()).lower()
        matches = [func.lower(ClientRow.naam).contains(words, autoescape=True)]
        if digits and digits == term.strip().replace("/", "").replace("-", "").replace(" ", ""):
            matches += [IssuedChequeRow.chequenummer == digits, ClientRow.klantnummer == digits]
        rows = await self._session.execute(
            _summaries()
            .where(RegistrationRow.organisation_id == organisation_id, or_(*matches))
            .where(
                *([RegistrationRow.status == ChequeStatus.IN_GEBRUIK.value] if open_only else [])
            )
            .order_by(RegistrationRow.updated_at.desc(), RegistrationRow.id.desc())
            .limit(limit)
        )
        return [_summary(*row) for row in rows]

    async def add_gesprek(
        self, registration_id: int, gesprek: NewGesprek, staff_id: int, now: datetime
    ) -> int:
        organisation_id = await self._touch(registration_id, now)
        row = GesprekRow(
            registration_id=registration_id,
            organisation_id=organisation_id,
            datum=gesprek.datum,
            begeleider=gesprek.begeleider,
            type=gesprek.type.value,
            vorm=gesprek.vorm.value,
            minutes=gesprek.minutes,
            feedback=gesprek.feedback,
            registered_by=staff_id,
            registered_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        await refresh_facts(self._session, registration_id)
        return row.id

    async def set_status(self, registration_id: int, status: ChequeStatus, now: datetime) -> None:
        await self._touch(registration_id, now, status=status.value)

    async def delete_gesprek(self, gesprek_id: int, staff_id: int, now: datetime) -> None:
        registration_id = await self._session.scalar(
            update(GesprekRow)
            .where(GesprekRow.id == gesprek_id, GesprekRow.deleted_at.is_(None))
            .values(deleted_at=now, deleted_by=staff_id)
            .returning(GesprekRow.registration_id)
        )
        if registration_id is None:
            raise LookupError(f"gesprek {gesprek_id} is not there to delete")
        await self._touch(registration_id, now)
        await refresh_facts(self._session, registration_id)

    async def release(self, registration_id: int, now: datetime) -> None:
        await self._touch(registration_id, now, released_at=now)

    async def add_beginvraag(
        self, registration_id: int, text: str, staff_id: int, now: datetime
    ) -> None:
        self._session.add(
            BeginvraagRow(
                registration_id=registration_id, text=text, recorded_by=staff_id, recorded_at=now
            )
        )
        await self._touch(registration_id, now)

    async def _touch(self, registration_id: int, now: datetime, **values: object) -> int:
        """Mark the registration changed; return its organisation (a gesprek carries it)."""
        organisation_id: int | None = await self._session.scalar(
            update(RegistrationRow)
            .where(RegistrationRow.id == registration_id)
            .values(updated_at=now, **values)
            .returning(RegistrationRow.organisation_id),
            execution_options={"synchronize_session": False},
        )
        if organisation_id is None:
            raise LookupError(f"registration {registration_id} is not there to change")
        return organisation_id
