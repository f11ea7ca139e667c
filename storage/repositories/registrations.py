"""Registered cheques as files (A4), their lists, and the changes gesprekken make (A6–A8)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, func, select, union, update
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
from flows.domain.overviews import COUNT_CAP
from flows.domain.rules.keywords import normalise
from storage.facts import refresh_facts
from storage.models import (
    BeginvraagRow,
    ClientRow,
    GesprekRow,
    IssuedChequeRow,
    KlantWoordRow,
    RegistrationRow,
    StaffRow,
)
from storage.totals import count, total_key

NAME_CANDIDATES = 500  # name-part index entries a search reads at most (then: type more)
LAST = "\U0010ffff"  # after every character: `prefix + LAST` ends a prefix's range


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
        # Counted up to the cap (or just past this page): a large centre's open cheques are
        # not all read to print "van meer dan 1000".
        cap = max(COUNT_CAP, offset + limit) + 1
        counted = (
            select(RegistrationRow.id)
            .where(RegistrationRow.released_at.is_(None), *where)
            .limit(cap)
            .subquery()
        )
        total = await self._session.scalar(select(func.count()).select_from(counted))
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
        """A chequenummer or klantnummer by its own unique index; else parts of the name.

        Every typed word must be part of a word of the name (`meul els` finds `Vermeulen Els`);
        the longest is looked up in the name-part index (KlantWoordRow), at most NAME_CANDIDATES
        entries, and the others are checked on those registrations alone: no search reads a
        whole centre. `open_only`: cheques in use only (a name typed in a one-line gesprek).
        """
        found: list[FileSummary] = []
        digits = "".join(ch for ch in term if ch.isdigit())
        if digits and digits == term.strip().replace("/", "").replace("-", "").replace(" ", ""):
            found = await self._by_number(organisation_id, digits, limit)
        words = normalise(term).split()
        if found or not words:
            return found
        probe = max(words, key=len)
        candidates = (
            select(KlantWoordRow.registration_id)
            .where(
                KlantWoordRow.organisation_id == organisation_id,
                KlantWoordRow.woord >= probe,
                KlantWoordRow.woord < probe + LAST,
            )
            .order_by(KlantWoordRow.woord, KlantWoordRow.registration_id)
            .limit(NAME_CANDIDATES)
        )
        others = [
            RegistrationRow.klant_zoek.contains(word, autoescape=True)
            for word in words
            if word != probe
        ]
        rows = await self._session.execute(
            _summaries()
            .where(
                RegistrationRow.id.in_(candidates.scalar_subquery()),
                RegistrationRow.organisation_id == organisation_id,
                *others,
                *([RegistrationRow.status == ChequeStatus.IN_GEBRUIK.value] if open_only else []),
            )
            .order_by(RegistrationRow.updated_at.desc(), RegistrationRow.id.desc())
            .limit(limit)
        )
        return [_summary(*row) for row in rows]

    async def _by_number(self, organisation_id: int, digits: str, limit: int) -> list[FileSummary]:
        """The registrations of the cheque with this chequenummer or of the client with this
        klantnummer: each a unique index lookup, then the registration by its cheque."""
        cheques = union(
            select(IssuedChequeRow.id).where(IssuedChequeRow.chequenummer == digits),
            select(IssuedChequeRow.id)
            .join(ClientRow, IssuedChequeRow.client_id == ClientRow.id)
            .where(ClientRow.klantnummer == digits),
        )
        rows = await self._session.execute(
            _summaries()
            .where(
                RegistrationRow.issued_cheque_id.in_(cheques.scalar_subquery()),
                RegistrationRow.organisation_id == organisation_id,
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
        key = total_key(
            organisation_id, now, gesprek.datum, gesprek.minutes, gesprek.type.value, False, None
        )
        await count(self._session, [key], [])
        await refresh_facts(self._session, registration_id)
        return row.id

    async def set_status(self, registration_id: int, status: ChequeStatus, now: datetime) -> None:
        await self._touch(registration_id, now, status=status.value)

    async def delete_gesprek(self, gesprek_id: int, staff_id: int, now: datetime) -> None:
        deleted = (
            await self._session.execute(
                update(GesprekRow)
                .where(GesprekRow.id == gesprek_id, GesprekRow.deleted_at.is_(None))
                .values(deleted_at=now, deleted_by=staff_id)
                .returning(
                    GesprekRow.registration_id,
                    GesprekRow.organisation_id,
                    GesprekRow.registered_at,
                    GesprekRow.datum,
                    GesprekRow.minutes,
                    GesprekRow.type,
                    GesprekRow.betaald_op,
                )
            )
        ).one_or_none()
        if deleted is None:
            raise LookupError(f"gesprek {gesprek_id} is not there to delete")
        registration_id, organisation_id, registered_at, datum, minutes, kind, betaald_op = deleted
        key = total_key(organisation_id, registered_at, datum, minutes, kind, False, betaald_op)
        await count(self._session, [], [key])
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
