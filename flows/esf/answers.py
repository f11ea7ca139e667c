"""What the ESF flows keep in a chat's session between two questions, one class per flow.

Field names (and the keys of the nested cards) are stored in sessions: a chat in the middle of
a flow resumes after an update only while they stay as they are. Never rename one.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from flows.domain.esf import (
    ActieSoort,
    Begeleiding,
    Diploma,
    NewJongere,
    Resultaat,
    StaffRef,
    Toestand,
)
from flows.domain.rules import esf as rules
from flows.widgets.paging import OffsetState


# -- /esf ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class JongereCard:
    """The jongere as far as known: found by klantnummer (`id`), or entered field by field."""

    id: int | None = None
    klantnummer: str = ""
    naam: str = ""
    geboortedatum: date | None = None
    diploma: Diploma | None = None

    def as_new(self) -> NewJongere:
        """The jongere as collected, as a domain value (once the diploma is known)."""
        assert self.geboortedatum is not None, "asked before the geboortedatum"
        assert self.diploma is not None, "asked before the diploma"
        return NewJongere(self.klantnummer, self.naam, self.geboortedatum, self.diploma)


class PersonRole(enum.StrEnum):
    """Which of the two people on a line the summary's user chose to change."""

    AANVRAGER = "aanvrager"
    UITVOERDER = "uitvoerder"


@dataclass
class RegistrationAnswers:
    """`/esf`: the jongere (B1), then the line's fields (B2) until `bevestigen`."""

    jongere: JongereCard | None = None
    no_diploma_confirmed: bool = False
    startdatum: date | None = None
    samenvatting: str = ""
    change: PersonRole | None = None  # the person to choose next, from the summary
    aanvrager: StaffRef | None = None  # None: the user
    uitvoerder: StaffRef | None = None  # None: the user

    @property
    def candidate(self) -> JongereCard:
        """The jongere being registered, on every screen after the klantnummer."""
        assert self.jongere is not None, "asked before the klantnummer"
        return self.jongere


# -- /esfoverzicht -----------------------------------------------------------------------------
@dataclass(frozen=True)
class LineCard:
    """What every screen after the overview shows about the chosen line (whose file this is)."""

    id: int
    naam: str
    klantnummer: str
    toestand: Toestand
    startdatum: date
    einddatum: date | None = None
    last_actie: date | None = None


def line_card(line: Begeleiding) -> LineCard:
    """The card of a line as it is now (after each change, so the header stays true)."""
    return LineCard(
        line.id,
        line.jongere.naam,
        line.jongere.klantnummer,
        line.toestand,
        line.startdatum,
        line.einddatum,
        rules.last_actie(line),
    )


class EsfFilter(enum.StrEnum):
    """Which lines the overview shows."""

    ALLE = "alle"
    BEZIG = "bezig"
    BEEINDIGD = "beeindigd"


class LineAction(enum.StrEnum):
    """What the user chose on a line's detail."""

    AANVULLEN = "aanvullen"
    ACTIE = "actie"
    EINDE = "einde"
    ANNULEREN = "annuleren"
    VERWIJDERING = "verwijdering"
    OTHER = "other"
    DONE = "done"


@dataclass
class DossierAnswers(OffsetState[EsfFilter]):
    """`/esfoverzicht`: the overview's filter, zoekterm and page, the chosen line, the work."""

    filter: EsfFilter = EsfFilter.ALLE
    line: LineCard | None = None
    action: LineAction | None = None
    aanvulling: str = ""
    saved: bool = False  # chose to save the aanvulling (not to edit it)
    soort: ActieSoort | None = None
    actie_datum: date | None = None
    notitie: str | None = None
    einddatum: date | None = None
    resultaat: Resultaat | None = None
    cancelled: bool = False  # chose to cancel the line (not to keep it)
    reden: str = ""
    opening: int | None = None  # a line opened from elsewhere (a reminder), before it is read

    @property
    def chosen(self) -> LineCard:
        """The line, on every screen after the overview."""
        assert self.line is not None, "asked before a line was chosen"
        return self.line


# -- /verwijderingen ----------------------------------------------------------------------------
@dataclass(frozen=True)
class RequestCard:
    """What the screens after the list show about the chosen removal request."""

    id: int
    requested_by: str
    organisation: str
    naam: str


class Decision(enum.StrEnum):
    """What the coach chose to do with a request."""

    APPROVE = "approve"
    REFUSE = "refuse"
    OTHER = "other"


@dataclass
class RemovalAnswers:
    """`/verwijderingen`: the chosen request, the decision and a refusal's reason."""

    request: RequestCard | None = None
    decision: Decision | None = None
    reason: str = ""

    @property
    def chosen(self) -> RequestCard:
        """The request, on every screen after the list."""
        assert self.request is not None, "asked before a request was chosen"
        return self.request
