"""Loopbaancheques: issued cheques, registrations, gesprekken and their statuses (part A)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime


class ChequeStatus(enum.StrEnum):
    """Statuses of a registered cheque, as the overview's status filter names them."""

    IN_GEBRUIK = "in_gebruik"
    AFGESLOTEN = "afgesloten"
    STOPGEZET = "stopgezet"

    @property
    def label(self) -> str:
        return {
            ChequeStatus.IN_GEBRUIK: "Cheque in gebruik",
            ChequeStatus.AFGESLOTEN: "Cheque afgesloten",
            ChequeStatus.STOPGEZET: "Cheque stopgezet",
        }[self]


class GesprekType(enum.StrEnum):
    """Types of gesprek (A6.2); the intake is always the first."""

    INTAKE = "intake"
    VERDIEPING = "verdieping"
    SYNTHESE = "synthese"
    NAZORG = "nazorg"
    STOPZETTING = "stopzetting"

    @property
    def label(self) -> str:
        return {
            GesprekType.INTAKE: "Intake gesprek",
            GesprekType.VERDIEPING: "Verdiepingsgesprek",
            GesprekType.SYNTHESE: "Synthesegesprek",
            GesprekType.NAZORG: "Nazorggesprek",
            GesprekType.STOPZETTING: "Stopzetting van de begeleiding",
        }[self]


class GesprekVorm(enum.StrEnum):
    """Vorm gesprek (A6.1)."""

    INDIVIDUEEL = "individueel"
    E_COACHING = "e_coaching"
    GROEP = "groep"

    @property
    def label(self) -> str:
        return {
            GesprekVorm.INDIVIDUEEL: "Individueel gesprek",
            GesprekVorm.E_COACHING: "E-coaching",
            GesprekVorm.GROEP: "Begeleiding in groep",
        }[self]


@dataclass(frozen=True)
class IssuedCheque:
    """A cheque as VDAB issued it: its hours and validity come from here, never hard-coded."""

    id: int
    chequenummer: str
    klantnummer: str
    klantnaam: str
    ordered_on: date
    start_by: date
    minutes: int
    practice: bool = False  # fictional, for /oefenen: only a practice organisation may use it


@dataclass(frozen=True)
class Holder:
    """Which organisation currently holds a cheque (an active registration)."""

    registration_id: int
    organisation_id: int


@dataclass(frozen=True)
class NewGesprek:
    """A gesprek as the user entered it, ready to be stored."""

    datum: date
    begeleider: str
    type: GesprekType
    vorm: GesprekVorm
    minutes: int
    feedback: str | None


@dataclass(frozen=True)
class NewRegistration:
    """The three steps of A5, stored together in one transaction."""

    issued_cheque_id: int
    organisation_id: int
    registered_by: int
    registered_at: datetime
    themes: tuple[str, ...]
    beginvraag: str
    intake: NewGesprek


@dataclass(frozen=True)
class Gesprek:
    """A registered gesprek; a deleted one stays, labelled Verwijderd (A8.3)."""

    id: int
    datum: date
    begeleider: str
    type: GesprekType
    vorm: GesprekVorm
    minutes: int
    feedback: str | None
    registered_at: datetime
    deleted_at: datetime | None = None

    @property
    def deleted(self) -> bool:
        return self.deleted_at is not None


@dataclass(frozen=True)
class Beginvraag:
    """One wording of the beginvraag; the newest is the current one (A7)."""

    text: str
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class ChequeFile:
    """A registered cheque with everything on it: the detail of A4."""

    registration_id: int
    organisation_id: int
    status: ChequeStatus
    cheque: IssuedCheque
    themes: tuple[str, ...]
    beginvragen: tuple[Beginvraag, ...]
    gesprekken: tuple[Gesprek, ...]
    registered_at: datetime
    updated_at: datetime

    @property
    def active_gesprekken(self) -> tuple[Gesprek, ...]:
        return tuple(g for g in self.gesprekken if not g.deleted)

    @property
    def is_closed(self) -> bool:
        return self.status is not ChequeStatus.IN_GEBRUIK


@dataclass(frozen=True)
class FileSummary:
    """One line of a list of registered cheques."""

    registration_id: int
    chequenummer: str
    klantnummer: str
    klantnaam: str
    status: ChequeStatus
    minutes: int
    minutes_used: int
    updated_at: datetime
