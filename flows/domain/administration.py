"""What an administrator brings in: organisations, staff, and VDAB's files as domain values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from flows.domain.staff import Role


@dataclass(frozen=True)
class NewOrganisation:
    """A partner organisation to add: a loopbaancentrum, an ESF organisator, or both."""

    name: str
    is_loopbaancentrum: bool
    is_esf: bool


@dataclass(frozen=True)
class NewStaff:
    """A staff member to add to the organisation of that name."""

    name: str
    role: Role
    organisation: str
    telegram_user_id: int | None = None


@dataclass(frozen=True)
class NewIssuedCheque:
    """One cheque of VDAB's issued-cheques file, with the client it was issued to."""

    chequenummer: str
    klantnummer: str
    klantnaam: str
    ordered_on: date
    start_by: date
    minutes: int


@dataclass(frozen=True)
class Imported:
    """What an import changed: the keys (chequenummer, klantnummer) it added and updated."""

    added: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()


@dataclass(frozen=True)
class PaymentLine:
    """One row of VDAB's payment list; `line` is its line in the file, to report it by."""

    line: int
    chequenummer: str
    gespreksdatum: date
    bedrag: Decimal
    betaald_op: date


@dataclass(frozen=True)
class PaidGesprek:
    """A gesprek VDAB pays for (never nazorg, never deleted), as a payment list matches it."""

    id: int
    chequenummer: str
    datum: date
    minutes: int
    betaald_op: date | None
    betaald_cent: int | None


@dataclass
class PaymentReport:
    """What a payment import did: rows applied, rows applied before, and rows reported."""

    marked: list[int] = field(default_factory=list)
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)
