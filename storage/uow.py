"""The unit of work: one AsyncSession, every repository on it, rollback unless committed."""

from __future__ import annotations

from typing import Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from flows.domain import ConcurrencyConflict
from storage.repositories.cheques import SqlChequeRepository
from storage.repositories.invitations import SqlInvitationRepository
from storage.repositories.log import SqlAuditLog, SqlUpdateLog
from storage.repositories.registrations import SqlRegistrationRepository
from storage.repositories.sessions import SqlSessionRepository
from storage.repositories.staff import SqlStaffRepository


class SqlUnitOfWork:
    """`async with uow: ...; await uow.commit()`; leaving without commit rolls back."""

    staff: SqlStaffRepository
    cheques: SqlChequeRepository
    registrations: SqlRegistrationRepository
    sessions: SqlSessionRepository
    updates: SqlUpdateLog
    audit: SqlAuditLog
    invitations: SqlInvitationRepository

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = factory
        self._session: AsyncSession | None = None

    async def __aenter__(self) -> Self:
        session = self._session = self._factory()
        self.staff = SqlStaffRepository(session)
        self.cheques = SqlChequeRepository(session)
        self.registrations = SqlRegistrationRepository(session)
        self.sessions = SqlSessionRepository(session)
        self.updates = SqlUpdateLog(session)
        self.audit = SqlAuditLog(session)
        self.invitations = SqlInvitationRepository(session)
        return self

    @property
    def session(self) -> AsyncSession:
        """The underlying session, for admin work outside the engine's ports."""
        assert self._session is not None, "use the unit of work inside `async with`"
        return self._session

    async def __aexit__(self, *exc: object) -> None:
        assert self._session is not None
        try:
            await self._session.rollback()
        finally:
            await self._session.close()
            self._session = None

    async def commit(self) -> None:
        assert self._session is not None
        try:
            await self._session.commit()
        except (IntegrityError, StaleDataError) as error:
            raise ConcurrencyConflict("commit lost a race") from error
