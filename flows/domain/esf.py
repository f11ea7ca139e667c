"""Domain values of part B, the ESF begeleiding ‘ondersteuning alternerend leren’."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from flows.domain.labels import Labelled


class Diploma(enum.StrEnum):
    """Whether a jongere holds a diploma of secondary education, as VDAB's data says (B1)."""

    JA = "ja"
    NEE = "nee"
    ONBEKEND = "onbekend"


class Toestand(Labelled):
    """Toestand of a begeleiding line (B2), with the handbook's names."""

    BEZIG = "bezig", "Bezig"
    BEEINDIGD = "beeindigd", "Beëindigd"
    GEANNULEERD = "geannuleerd", "Geannuleerd"


class Resultaat(Labelled):
    """The five resultaten of B5, worded exactly as the handbook words them."""

    OPLEIDING_VERDER = (
        "opleiding_verder",
        "De jongere zet de opleiding verder of start een andere opleiding.",
    )
    GESTOPT_MET_WERK = "gestopt_met_werk", "De jongere is gestopt met de opleiding maar heeft werk."
    KWALIFICATIE = (
        "kwalificatie",
        "De jongere behaalde een beroeps- of onderwijskwalificatie en heeft (nog geen) werk.",
    )
    GEEN_KWALIFICATIE = (
        "geen_kwalificatie",
        "De jongere behaalde geen enkele beroeps- of onderwijskwalificatie én heeft geen werk.",
    )
    STOPGEZET_IN_ONDERWIJS = (
        "stopgezet_in_onderwijs",
        "De begeleiding wordt stopgezet omwille van afwezigheid/onwil/gebrek aan motivatie, "
        "maar de jongere blijft in onderwijs",
    )

    @property
    def positief(self) -> bool:
        return self in (
            Resultaat.OPLEIDING_VERDER,
            Resultaat.GESTOPT_MET_WERK,
            Resultaat.KWALIFICATIE,
        )


class ActieSoort(Labelled):
    """What a follow-up on a running line was (B4: every later visit or talk)."""

    GESPREK = "gesprek", "Gesprek met de jongere"
    BEZOEK = "bezoek", "Bezoek op school of werkplek"
    CONTACT = "contact", "Contact per telefoon of mail"
    OVERLEG = "overleg", "Overleg met school of werkplek"


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
    practice: bool = False  # fictional, for /oefenen: only a practice organisation may use it


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
    closed_at: datetime | None = None  # when beëindigd was registered (B6 counts from here)


@dataclass(frozen=True)
class EsfSpan:
    """When a line (neither cancelled nor removed) started, ended and with what (the chart)."""

    startdatum: date
    einddatum: date | None
    resultaat: Resultaat | None


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
