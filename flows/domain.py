"""Domain values shared by rules, flows and storage (plain dataclasses, no I/O)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


class Role(enum.StrEnum):
    """What a staff member may do beyond registering their own work."""

    BEGELEIDER = "begeleider"
    COORDINATOR = "coordinator"
    COACH = "coach"


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
class Organisation:
    """A partner organisation: a loopbaancentrum, an ESF organisator, or both."""

    id: int
    name: str
    is_loopbaancentrum: bool
    is_esf: bool


@dataclass(frozen=True)
class Staff:
    """A known staff member, with the organisation every permission check is against."""

    id: int
    name: str
    role: Role
    organisation: Organisation
    telegram_user_id: int | None = None


def at_loopbaancentrum(staff: Staff) -> bool:
    """The cheque flows are for staff of a loopbaancentrum."""
    return staff.organisation.is_loopbaancentrum


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
class AuditEntry:
    """Who changed what, when, with the record before and after."""

    at: datetime
    staff_id: int | None
    organisation_id: int | None
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = field(default=None)


class Refusal(Exception):
    """A domain rule refused the request; the message is shown to the user as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConcurrencyConflict(Exception):
    """Another update changed the same rows first; the whole update is retried."""


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


@dataclass(frozen=True)
class Invitation:
    """A one-time invitation to link a Telegram account to a staff member (stored hashed)."""

    id: int
    staff_id: int
    expires_at: datetime
    used_at: datetime | None


# -- Part B: the ESF begeleiding ‘ondersteuning alternerend leren’ ------------------------------
class Diploma(enum.StrEnum):
    """Whether a jongere holds a diploma of secondary education, as VDAB's data says (B1)."""

    JA = "ja"
    NEE = "nee"
    ONBEKEND = "onbekend"


class Toestand(enum.StrEnum):
    """Toestand of a begeleiding line (B2), with the handbook's names."""

    BEZIG = "bezig"
    BEEINDIGD = "beeindigd"
    GEANNULEERD = "geannuleerd"

    @property
    def label(self) -> str:
        return {
            Toestand.BEZIG: "Bezig",
            Toestand.BEEINDIGD: "Beëindigd",
            Toestand.GEANNULEERD: "Geannuleerd",
        }[self]


class Resultaat(enum.StrEnum):
    """The five resultaten of B5, worded exactly as the handbook words them."""

    OPLEIDING_VERDER = "opleiding_verder"
    GESTOPT_MET_WERK = "gestopt_met_werk"
    KWALIFICATIE = "kwalificatie"
    GEEN_KWALIFICATIE = "geen_kwalificatie"
    STOPGEZET_IN_ONDERWIJS = "stopgezet_in_onderwijs"

    @property
    def label(self) -> str:
        return {
            Resultaat.OPLEIDING_VERDER: (
                "De jongere zet de opleiding verder of start een andere opleiding."
            ),
            Resultaat.GESTOPT_MET_WERK: "De jongere is gestopt met de opleiding maar heeft werk.",
            Resultaat.KWALIFICATIE: (
                "De jongere behaalde een beroeps- of onderwijskwalificatie en heeft (nog geen) "
                "werk."
            ),
            Resultaat.GEEN_KWALIFICATIE: (
                "De jongere behaalde geen enkele beroeps- of onderwijskwalificatie én heeft geen "
                "werk."
            ),
            Resultaat.STOPGEZET_IN_ONDERWIJS: (
                "De begeleiding wordt stopgezet omwille van afwezigheid/onwil/gebrek aan "
                "motivatie, maar de jongere blijft in onderwijs"
            ),
        }[self]

    @property
    def positief(self) -> bool:
        return self in (
            Resultaat.OPLEIDING_VERDER,
            Resultaat.GESTOPT_MET_WERK,
            Resultaat.KWALIFICATIE,
        )


class ActieSoort(enum.StrEnum):
    """What a follow-up on a running line was (B4: every later visit or talk)."""

    GESPREK = "gesprek"
    BEZOEK = "bezoek"
    CONTACT = "contact"
    OVERLEG = "overleg"

    @property
    def label(self) -> str:
        return {
            ActieSoort.GESPREK: "Gesprek met de jongere",
            ActieSoort.BEZOEK: "Bezoek op school of werkplek",
            ActieSoort.CONTACT: "Contact per telefoon of mail",
            ActieSoort.OVERLEG: "Overleg met school of werkplek",
        }[self]


class RemovalStatus(enum.StrEnum):
    """Where a request to remove a closed line stands (B7)."""

    OPEN = "open"
    GOEDGEKEURD = "goedgekeurd"
    GEWEIGERD = "geweigerd"


@dataclass(frozen=True)
class NewJongere:
    """A jongere as imported or entered in the flow, not stored yet."""

    klantnummer: str
    naam: str
    geboortedatum: date
    diploma_secundair: Diploma


@dataclass(frozen=True)
class Jongere:
    """A young person known by klantnummer."""

    id: int
    klantnummer: str
    naam: str
    geboortedatum: date
    diploma_secundair: Diploma


@dataclass(frozen=True)
class StaffRef:
    """A staff member named on a line: aanvrager, uitvoerder, author of an entry."""

    id: int
    name: str


@dataclass(frozen=True)
class NewBegeleiding:
    """A line as the organisator confirmed it (B2), stored with its first samenvatting."""

    organisation_id: int
    jongere: Jongere | NewJongere
    no_diploma_confirmed: bool
    startdatum: date
    aanvrager_id: int
    uitvoerder_id: int
    samenvatting: str
    registered_by: int
    registered_at: datetime


@dataclass(frozen=True)
class SamenvattingEntry:
    """One dated part of the samenvatting; later visits add more (B4, B6)."""

    text: str
    recorded_at: datetime
    recorded_by: str


@dataclass(frozen=True)
class NewActie:
    """An action or contact on a running line, dated between its start and today."""

    datum: date
    soort: ActieSoort
    notitie: str | None


@dataclass(frozen=True)
class Actie:
    """A registered action or contact."""

    id: int
    datum: date
    soort: ActieSoort
    notitie: str | None
    registered_by: str
    registered_at: datetime


@dataclass(frozen=True)
class RemovalRequest:
    """A request to remove a closed line (B7), with the coach's decision once taken."""

    id: int
    begeleiding_id: int
    requested_by: StaffRef
    requested_at: datetime
    reden: str
    status: RemovalStatus
    decided_by: StaffRef | None = None
    decided_at: datetime | None = None
    decision_reason: str | None = None


@dataclass(frozen=True)
class Begeleiding:
    """A line ‘Onderwijs ondersteuning alternerend leren’ with everything on it."""

    id: int
    organisation_id: int
    organisation_name: str
    jongere: Jongere
    toestand: Toestand
    startdatum: date
    financieringsnummer: str
    aanvrager: StaffRef
    uitvoerder: StaffRef
    diploma_bij_start: Diploma  # NEE, or ONBEKEND that the organisator confirmed as none
    samenvatting: tuple[SamenvattingEntry, ...]
    acties: tuple[Actie, ...]
    registered_at: datetime
    updated_at: datetime
    einddatum: date | None = None
    resultaat: Resultaat | None = None
    removal: RemovalRequest | None = None  # the latest request, if any
    removed_at: datetime | None = None


@dataclass(frozen=True)
class BegeleidingSummary:
    """One line of the organisation's overview."""

    id: int
    klantnummer: str
    naam: str
    toestand: Toestand
    startdatum: date
    einddatum: date | None
    updated_at: datetime


@dataclass(frozen=True)
class RemovalSummary:
    """One open removal request, as a coach's list shows it."""

    request_id: int
    begeleiding_id: int
    organisation_name: str
    naam: str
    klantnummer: str
    requested_by: str
    requested_at: datetime
