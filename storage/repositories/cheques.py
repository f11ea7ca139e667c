"""Issued cheques, who holds them, and new registrations (A5)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.cheques import ChequeStatus, Holder, IssuedCheque, NewRegistration
from storage.constraints import raise_race_or_bug
from storage.facts import chequenummer_sort_of, refresh_facts
from storage.models import BeginvraagRow, ClientRow, GesprekRow, IssuedChequeRow, RegistrationRow
from storage.totals import count, total_key


class SqlChequeRepository:
    """Reads issued cheques and writes registrations; the active-registration index guards races."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _issued(self, *criteria: object) -> IssuedCheque | None:
        query = (
            select(IssuedChequeRow, ClientRow)
            .join(ClientRow, IssuedChequeRow.client_id == ClientRow.id)
            .where(*criteria)  # type: ignore[arg-type]
        )
        found = (await self._session.execute(query)).first()
        if found is None:
            return None
        cheque, client = found
        return IssuedCheque(
            cheque.id,
            cheque.chequenummer,
            client.klantnummer,
            client.naam,
            cheque.ordered_on,
            cheque.start_by,
            cheque.minutes,
            cheque.practice,
        )

    async def issued(self, chequenummer: str) -> IssuedCheque | None:
        return await self._issued(IssuedChequeRow.chequenummer == chequenummer)

    async def issued_by_id(self, issued_cheque_id: int) -> IssuedCheque | None:
        return await self._issued(IssuedChequeRow.id == issued_cheque_id)

    async def holder(self, issued_cheque_id: int) -> Holder | None:
        query = select(RegistrationRow.id, RegistrationRow.organisation_id).where(
            RegistrationRow.issued_cheque_id == issued_cheque_id,
            RegistrationRow.released_at.is_(None),
        )
        found = (await self._session.execute(query)).first()
        return Holder(found.id, found.organisation_id) if found else None

    async def add_registration(self, registration: NewRegistration) -> int:
        """Insert the registration, its beginvraag and its intake; a lost race is a conflict."""
        row = RegistrationRow(
            issued_cheque_id=registration.issued_cheque_id,
            organisation_id=registration.organisation_id,
            status=ChequeStatus.IN_GEBRUIK.value,
            themes=list(registration.themes),
            registered_by=registration.registered_by,
            registered_at=registration.registered_at,
            updated_at=registration.registered_at,
            chequenummer_sort=chequenummer_sort_of(registration.issued_cheque_id),
        )
        self._session.add(row)
        try:
            await self._session.flush()
        except IntegrityError as error:
            raise_race_or_bug(error)
        intake = registration.intake
        self._session.add_all(
            [
                BeginvraagRow(
                    registration_id=row.id,
                    text=registration.beginvraag,
                    recorded_by=registration.registered_by,
                    recorded_at=registration.registered_at,
                ),
                GesprekRow(
                    registration_id=row.id,
                    organisation_id=registration.organisation_id,
                    datum=intake.datum,
                    begeleider=intake.begeleider,
                    type=intake.type.value,
                    vorm=intake.vorm.value,
                    minutes=intake.minutes,
                    feedback=intake.feedback,
                    registered_by=registration.registered_by,
                    registered_at=registration.registered_at,
                ),
            ]
        )
        await self._session.flush()
        key = total_key(
            registration.organisation_id,
            registration.registered_at,
            intake.datum,
            intake.minutes,
            intake.type.value,
            False,
            None,
        )
        await count(self._session, [key], [])
        await refresh_facts(self._session, row.id)
        return row.id
