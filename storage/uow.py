"""The unit of work: one AsyncSession, every repository on it, rollback unless committed."""

from __future__ import annotations

import asyncio
from typing import Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from flows.domain.errors import ConcurrencyConflict
from storage import totals
from storage.constraints import raise_race_or_bug
from storage.queries import SqlOverviewRepository
from storage.repositories.begeleidingen import SqlBegeleidingRepository
from storage.repositories.cheques import SqlChequeRepository
from storage.repositories.imports import SqlIssuedChequeImport, SqlJongereImport
from storage.repositories.invitations import SqlInvitationRepository
from storage.repositories.jongeren import SqlJongereRepository
from storage.repositories.log import SqlAuditLog, SqlUpdateLog
from storage.repositories.notices import SqlNoticeRepository
from storage.repositories.onboarding import SqlOnboardingRepository, SqlPracticeRepository
from storage.repositories.organisations import SqlOrganisationRepository, SqlStaffRoster
from storage.repositories.payments import SqlPaymentRepository
from storage.repositories.registrations import SqlRegistrationRepository
from storage.repositories.reminders import SqlReminderRepository
from storage.repositories.removals import SqlRemovalRepository
from storage.repositories.sessions import SqlSessionRepository
from storage.repositories.staff import SqlStaffRepository


class SqlUnitOfWork:
    """`async with uow: ...; await uow.commit()`; leaving without commit rolls back.

    With a `write_lock` (the SQLite default), units of work of this process run one at a time.
    With `reading=True` (give it `read_session_factory` sessions, SQLite) it takes no lock and
    reads a snapshot; its first write raises WritesNeeded (storage/database.py) instead.
    """

    staff: SqlStaffRepository
    cheques: SqlChequeRepository
    registrations: SqlRegistrationRepository
    sessions: SqlSessionRepository
    updates: SqlUpdateLog
    audit: SqlAuditLog
    invitations: SqlInvitationRepository
    jongeren: SqlJongereRepository
    begeleidingen: SqlBegeleidingRepository
    removals: SqlRemovalRepository
    notices: SqlNoticeRepository
    overviews: SqlOverviewRepository
    organisations: SqlOrganisationRepository
    roster: SqlStaffRoster
    cheque_imports: SqlIssuedChequeImport
    jongere_imports: SqlJongereImport
    payments: SqlPaymentRepository
    onboarding: SqlOnboardingRepository
    practice: SqlPracticeRepository
    reminders: SqlReminderRepository

    def __init__(
        self,
        factory: async_sessionmaker[AsyncSession],
        write_lock: asyncio.Lock | None = None,
        *,
        reading: bool = False,
    ) -> None:
        self._factory = factory
        self._lock = write_lock
        self._reading = reading
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        if self._lock is not None:
            # SQLite admits one writer; waiting here is first come, first served, where
            # SQLite's own busy handler sleeps and retries in no order (bench/telegram_load.py).
            await self._lock.acquire()
        session = self._session = self._factory()
        self.staff = SqlStaffRepository(session)
        self.cheques = SqlChequeRepository(session)
        self.registrations = SqlRegistrationRepository(session)
        self.sessions = SqlSessionRepository(session)
        self.updates = SqlUpdateLog(session)
        self.audit = SqlAuditLog(session)
        self.invitations = SqlInvitationRepository(session)
        self.jongeren = SqlJongereRepository(session)
        self.begeleidingen = SqlBegeleidingRepository(session)
        self.removals = SqlRemovalRepository(session)
        self.notices = SqlNoticeRepository(session, self._reading)
        self.overviews = SqlOverviewRepository(session)
        self.organisations = SqlOrganisationRepository(session)
        self.roster = SqlStaffRoster(session)
        self.cheque_imports = SqlIssuedChequeImport(session)
        self.jongere_imports = SqlJongereImport(session)
        self.payments = SqlPaymentRepository(session)
        self.onboarding = SqlOnboardingRepository(session)
        self.practice = SqlPracticeRepository(session)
        self.reminders = SqlReminderRepository(session)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._session is not None
        try:
            await self._session.close()  # rolls back what was not committed
        finally:
            self._session = None
            if self._lock is not None:
                self._lock.release()

    async def commit(self) -> None:
        """Commit; a lost named race or a stale version is a conflict, any other error a bug."""
        assert self._session is not None
        try:
            await totals.flush(self._session)  # A2's counts, in this transaction
            await self._session.commit()
        except IntegrityError as error:
            raise_race_or_bug(error)
        except StaleDataError as error:
            raise ConcurrencyConflict("commit found a row changed meanwhile") from error


class SqlReadUnitOfWork:
    """A read-only snapshot for long reads outside a turn; never waits for the write lock.

    Give it `read_session_factory` sessions: on SQLite a deferred BEGIN, so writers go on while
    it reads; on PostgreSQL a READ ONLY transaction.
    """

    overviews: SqlOverviewRepository
    begeleidingen: SqlBegeleidingRepository

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = factory
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        session = self._session = self._factory()
        self.overviews = SqlOverviewRepository(session)
        self.begeleidingen = SqlBegeleidingRepository(session)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._session is not None
        try:
            await self._session.close()  # a read-only transaction: nothing to keep
        finally:
            self._session = None
