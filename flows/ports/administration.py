"""What the administration needs from storage, as narrow Protocols: storage implements them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Protocol

from flows.domain.administration import (
    Imported,
    NewIssuedCheque,
    NewOrganisation,
    NewStaff,
    PaidGesprek,
)
from flows.domain.esf import NewJongere
from flows.domain.staff import Organisation


class OrganisationRepository(Protocol):
    """Partner organisations, by name (names are unique)."""

    async def by_name(self, name: str) -> Organisation | None: ...

    async def all(self) -> list[Organisation]: ...

    async def add(self, organisation: NewOrganisation, now: datetime) -> int: ...


class StaffRoster(Protocol):
    """Adds staff members (finding them is StaffRepository's part)."""

    async def add(self, staff: NewStaff, organisation_id: int, now: datetime) -> int: ...


class IssuedChequeImport(Protocol):
    """VDAB's issued cheques and their clients, written by chequenummer and klantnummer."""

    async def save(self, cheques: Sequence[NewIssuedCheque], now: datetime) -> Imported: ...


class JongereImport(Protocol):
    """VDAB's jongeren, written by klantnummer."""

    async def save(self, jongeren: Sequence[NewJongere], now: datetime) -> Imported: ...


class PaymentRepository(Protocol):
    """Paid gesprekken of given cheques, and marking one as paid by VDAB."""

    async def paid_gesprekken(self, chequenummers: Sequence[str]) -> list[PaidGesprek]: ...

    async def mark_paid(self, gesprek_id: int, betaald_op: date, cents: int) -> None: ...
