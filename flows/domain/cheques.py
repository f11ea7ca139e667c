"""Loopbaancheques: issued cheques, registrations, gesprekken and their statuses (part A)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flows.domain.labels import Labelled


class ChequeStatus(Labelled):
    """Statuses of a registered cheque, as the overview's status filter names them."""

    IN_GEBRUIK = "in_gebruik", "Cheque in gebruik"
    AFGESLOTEN = "afgesloten", "Cheque afgesloten"
    STOPGEZET = "stopgezet", "Cheque stopgezet"


class GesprekType(Labelled):
    """Types of gesprek (A6.2); the intake is always the first."""

    INTAKE = "intake", "Intake gesprek"
    VERDIEPING = "verdieping", "Verdiepingsgesprek"
    SYNTHESE = "synthese", "Synthesegesprek"
    NAZORG = "nazorg", "Nazorggesprek"
    STOPZETTING = "stopzetting", "Stopzetting van de begeleiding"


class GesprekVorm(Labelled):
    """Vorm gesprek (A6.1)."""

    INDIVIDUEEL = "individueel", "Individueel gesprek"
    E_COACHING = "e_coaching", "E-coaching"
    GROEP = "groep", "Begeleiding in groep"


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
