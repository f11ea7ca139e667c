"""What each cheques flow keeps in the session, typed; its field names are the stored keys.

Sessions stored by earlier releases hold these answers as JSON objects under the same names
(dates as ISO text, enums as their values): never rename a field, and give each a default.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from flows.domain.cheques import GesprekType, GesprekVorm, NewGesprek
from flows.engine.answers import AnswersUnreadable


@dataclass(frozen=True)
class FileRef:
    """A registered cheque known only by id: what a switch from another flow hands over."""

    id: int


@dataclass(frozen=True)
class FileCard(FileRef):
    """What every screen shows about the chosen cheque (A6.5), as read when it was chosen."""

    chequenummer: str
    klantnummer: str
    klantnaam: str
    status: str  # the status's label
    used: int
    left: int
    closed: bool = False


@dataclass(frozen=True)
class Match:
    """A registered cheque a search found, offered to choose from."""

    id: int
    label: str


@dataclass
class FileChoice:
    """Choosing a registered cheque (/gesprek, /dossier): the list's page, matches, the choice."""

    file: FileCard | FileRef | None = None  # the card first: the codec tries it first
    matches: list[Match] = field(default_factory=list)
    page: int = 0

    def file_id(self) -> int:
        """The chosen cheque's registration id."""
        if self.file is None:
            raise AnswersUnreadable("no cheque was chosen")
        return self.file.id

    def card(self) -> FileCard:
        """What the screens show of the chosen cheque; read by every step that chooses it."""
        if not isinstance(self.file, FileCard):
            raise AnswersUnreadable("the chosen cheque was not read")
        return self.file


@dataclass
class GesprekFields:
    """The A6.1 fields of one gesprek, as the shared steps collect them (/cheque, /gesprek)."""

    datum: date | None = None
    begeleider: str = ""
    begeleider_voorstel: str | None = None  # a corrected name, offered as a button
    vorm: GesprekVorm | None = None
    minutes: int | None = None
    feedback: str | None = None
    feedback_kinds: list[str] = field(default_factory=list)  # personal data it seems to hold
    feedback_keep: bool | None = None

    def client(self) -> tuple[str, str]:
        """The client's name and klantnummer, to spot in the feedback (A6.1)."""
        return "", ""

    def gesprek(self, kind: GesprekType) -> NewGesprek:
        """The gesprek the fields collected."""
        if self.datum is None or self.vorm is None or self.minutes is None:
            raise AnswersUnreadable("the gesprek's fields are not all answered")
        return NewGesprek(
            datum=self.datum,
            begeleider=self.begeleider,
            type=kind,
            vorm=self.vorm,
            minutes=self.minutes,
            feedback=self.feedback,
        )


@dataclass
class ChequeAnswers(GesprekFields):
    """Flow /cheque: the cheque found (step 1), themes and beginvraag (2), the intake (3)."""

    chequenummer: str = ""
    klantnummer: str = ""
    issued_cheque_id: int | None = None
    klantnaam: str = ""
    ordered_on: date | None = None
    start_by: date | None = None
    cheque_minutes: int = 0
    themes: list[str] = field(default_factory=list)
    beginvraag: str = ""
    akkoord: bool | None = None

    def client(self) -> tuple[str, str]:
        return self.klantnaam, self.klantnummer


@dataclass(frozen=True)
class QuickDefaults:
    """The vorm and duur a routine gesprek takes over from the last one."""

    vorm: GesprekVorm
    minutes: int


@dataclass
class GesprekAnswers(FileChoice, GesprekFields):
    """Flow /gesprek: the cheque, the type, the routine proposal, then the fields."""

    type: GesprekType | None = None
    last_date: date | None = None  # of the newest gesprek: a new one may not come before it
    quick: QuickDefaults | None = None  # None: the routine proposal does not fit
    stop_agreed: bool | None = None
    quick_used: bool | None = None
    line: str = ""  # the line /gesprek was started with, until its first step read it
    line_type: GesprekType | None = None  # the type the line named, until it was checked
    line_details: bool = False  # the line gave a date, duur or vorm: the rest is asked, then
    # the summary
    line_edit: bool = False  # on that summary, the fields were asked to be changed
    as_synthese: bool | None = None  # a verdieping leaving < 30 min, registered as synthese

    def kind(self) -> GesprekType:
        """The chosen type of gesprek."""
        if self.type is None:
            raise AnswersUnreadable("no type of gesprek was chosen")
        return self.type

    def client(self) -> tuple[str, str]:
        card = self.file
        return (card.klantnaam, card.klantnummer) if isinstance(card, FileCard) else ("", "")

    def stored_kind(self) -> GesprekType:
        """The type the gesprek is stored as: synthese when the user took that offer."""
        return GesprekType.SYNTHESE if self.as_synthese else self.kind()


class DetailAction(enum.StrEnum):
    """What the user chose on a cheque's detail."""

    GESPREK = "gesprek"
    BEGINVRAAG = "beginvraag"
    DELETE = "delete"
    TO_SYNTHESE = "to_synthese"
    TO_STOPZETTING = "to_stopzetting"
    OTHER = "other"
    DONE = "done"


@dataclass(frozen=True)
class GesprekToDelete:
    """The newest gesprek, as the deletion's question shows it."""

    id: int
    line: str


@dataclass
class DossierAnswers(FileChoice):
    """Flow /dossier: the cheque, what was chosen on its detail, and that change's answers."""

    action: DetailAction | None = None
    current_beginvraag: str = ""
    new_beginvraag: str = ""
    beginvraag_agreed: bool | None = None
    delete: GesprekToDelete | None = None
    delete_confirmed: bool | None = None
    convert: GesprekToDelete | None = None  # the newest gesprek, to register again as closing
    convert_agreed: bool | None = None  # the client's agreement with a stopzetting
    convert_confirmed: bool | None = None
