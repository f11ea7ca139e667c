"""What the engine and flows need from storage, as narrow Protocols (storage implements them)."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, Self

from flows.domain.audit import AuditEntry
from flows.domain.cheques import (
    ChequeFile,
    ChequeStatus,
    FileSummary,
    Holder,
    IssuedCheque,
    NewGesprek,
    NewRegistration,
)
from flows.domain.staff import Invitation, Staff
from flows.ports.administration import (
    IssuedChequeImport,
    JongereImport,
    OrganisationRepository,
    PaymentRepository,
    StaffRoster,
)
from flows.ports.esf import (
    BegeleidingRepository,
    JongereRepository,
    NoticeRepository,
    RemovalRepository,
)
from flows.ports.onboarding import OnboardingRepository, PracticeRepository
from flows.ports.overviews import OverviewRepository
from flows.ports.reminders import ReminderRepository
from flows.ports.sessions import SessionRepository


class StaffRepository(Protocol):
    """Known staff members, resolved with their organisation."""

    async def get(self, staff_id: int) -> Staff | None: ...

    async def by_telegram_id(self, telegram_user_id: int) -> Staff | None: ...

    async def by_name(self, name: str) -> Staff | None: ...

    async def names_in_organisation(self, organisation_id: int) -> list[str]: ...

    async def members(self, organisation_id: int) -> list[Staff]: ...

    async def linked(self) -> list[Staff]: ...

    async def link_telegram(self, staff_id: int, telegram_user_id: int) -> None: ...


class InvitationRepository(Protocol):
    """Invitation codes, by hash."""

    async def add(
        self,
        code_hash: str,
        staff_id: int,
        expires_at: datetime,
        now: datetime,
        invited_by: int | None,
    ) -> None: ...

    async def by_hash(self, code_hash: str) -> Invitation | None: ...

    async def mark_used(self, invitation_id: int, telegram_user_id: int, now: datetime) -> None: ...


class ChequeRepository(Protocol):
    """Issued cheques and their registrations."""

    async def issued(self, chequenummer: str) -> IssuedCheque | None: ...

    async def issued_by_id(self, issued_cheque_id: int) -> IssuedCheque | None: ...

    async def holder(self, issued_cheque_id: int) -> Holder | None: ...

    async def add_registration(self, registration: NewRegistration) -> int: ...


class RegistrationRepository(Protocol):
    """Registered cheques (active registrations) and the gesprekken on them."""

    async def file(self, registration_id: int) -> ChequeFile | None: ...

    async def list_open(
        self, organisation_id: int, offset: int, limit: int
    ) -> tuple[list[FileSummary], int]: ...

    async def search(
        self, organisation_id: int, term: str, limit: int, *, open_only: bool = False
    ) -> list[FileSummary]:
        """Cheques by chequenummer, klantnummer or part of the name; `open_only`: in use."""
        ...

    async def add_gesprek(
        self, registration_id: int, gesprek: NewGesprek, staff_id: int, now: datetime
    ) -> int: ...

    async def set_status(
        self, registration_id: int, status: ChequeStatus, now: datetime
    ) -> None: ...

    async def delete_gesprek(self, gesprek_id: int, staff_id: int, now: datetime) -> None: ...

    async def release(self, registration_id: int, now: datetime) -> None: ...

    async def add_beginvraag(
        self, registration_id: int, text: str, staff_id: int, now: datetime
    ) -> None: ...


class UpdateLog(Protocol):
    """Channel update ids already processed, for exactly-once handling."""

    async def first_time(self, channel: str, update_id: int, now: datetime) -> bool: ...


class AuditLog(Protocol):
    """Append-only record of every change."""

    async def record(self, entry: AuditEntry) -> None: ...


class WritesNeeded(Exception):
    """A unit of work opened to read first (no write lock) was asked to write: the engine
    runs the update again in one that writes."""


class UnitOfWork(Protocol):
    """One transaction: repositories share it; nothing is stored without `commit`."""

    @property
    def staff(self) -> StaffRepository: ...

    @property
    def cheques(self) -> ChequeRepository: ...

    @property
    def registrations(self) -> RegistrationRepository: ...

    @property
    def sessions(self) -> SessionRepository: ...

    @property
    def updates(self) -> UpdateLog: ...

    @property
    def audit(self) -> AuditLog: ...

    @property
    def invitations(self) -> InvitationRepository: ...

    @property
    def jongeren(self) -> JongereRepository: ...

    @property
    def begeleidingen(self) -> BegeleidingRepository: ...

    @property
    def removals(self) -> RemovalRepository: ...

    @property
    def notices(self) -> NoticeRepository: ...

    @property
    def overviews(self) -> OverviewRepository: ...

    @property
    def organisations(self) -> OrganisationRepository: ...

    @property
    def roster(self) -> StaffRoster: ...

    @property
    def cheque_imports(self) -> IssuedChequeImport: ...

    @property
    def jongere_imports(self) -> JongereImport: ...

    @property
    def payments(self) -> PaymentRepository: ...

    @property
    def onboarding(self) -> OnboardingRepository: ...

    @property
    def practice(self) -> PracticeRepository: ...

    @property
    def reminders(self) -> ReminderRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, *exc: object) -> None: ...

    async def commit(self) -> None: ...


class ReadUnitOfWork(Protocol):
    """A read-only snapshot for what runs after a turn's commit (downloads)."""

    @property
    def overviews(self) -> OverviewRepository: ...

    @property
    def begeleidingen(self) -> BegeleidingRepository: ...

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, *exc: object) -> None: ...
