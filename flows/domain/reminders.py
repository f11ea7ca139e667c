"""Reminders (issue 15): what is due for whom, kept in an outbox and pushed at most once."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime


class ReminderKind(enum.StrEnum):
    """What a reminder is about; stored in the outbox, never renamed."""

    IDLE_CHEQUE = "a"  # a cheque in gebruik without a gesprek for the idle days
    LOW_MINUTES = "b"  # a cheque in gebruik with less than 30 minutes left
    IDLE_BEGELEIDING = "c"  # an ESF line bezig without an action for the idle days
    SAMENVATTING_WINDOW = "d"  # an ended ESF line whose samenvatting window closes soon
    REMOVALS_WAITING = "e"  # removal requests wait for a coach: once a day, to each coach
    DECISION = "f"  # a coach decided on a removal request: the requester is told at once
    DIGEST = "g"  # the weekly digest of a centre, for each of its coordinators

    @property
    def about_cheque(self) -> bool:
        return self in (ReminderKind.IDLE_CHEQUE, ReminderKind.LOW_MINUTES)

    @property
    def swept(self) -> bool:
        """Found due by the sweep (and cancelled by it once the file no longer needs it)."""
        return self is not ReminderKind.DECISION


class ReminderStatus(enum.StrEnum):
    """Where an outbox row is: due, claimed by a sender, or its outcome."""

    DUE = "due"
    CLAIMED = "claimed"
    SENT = "sent"
    UNKNOWN = "unknown"  # the request may have reached Telegram: never resent
    UNREACHABLE = "unreachable"  # the person blocked the bot
    FAILED = "failed"  # refused by Telegram for another reason
    CANCELLED = "cancelled"  # no longer wanted ("Niet meer voor deze cheque")


class ReminderAction(enum.StrEnum):
    """What a reminder's button asks; stored with the sent message, never in callback data."""

    GESPREK = "gesprek"
    LATER = "later"
    STOP = "stop"
    ACTIE = "actie"
    BEEINDIGEN = "beeindigen"
    SAMENVATTING = "samenvatting"
    BEKIJKEN = "bekijken"
    OVERZICHT = "overzicht"
    DETAIL = "detail"  # the cheque's detail (/dossier), where it is closed by a conversion


@dataclass(frozen=True)
class DueReminder:
    """A reminder the sweep found due: the outbox's unique key plus who gets it."""

    kind: ReminderKind
    file_id: int  # a registration id (cheques) or a begeleiding id (ESF)
    period: str
    staff_id: int
    organisation_id: int
    header: str  # the file's header: client or jongere, chequenummer or klantnummer
    detail: str  # why it is due, in Dutch
    reference: str = ""  # the chequenummer or klantnummer (listings; not stored)
    not_before: datetime | None = None  # due from this moment (else as soon as created)


def decision(
    request_id: int, requester_id: int, organisation_id: int, line: str, text: str
) -> DueReminder:
    """Kind f: a coach's decision on removal request `request_id`, for its requester."""
    return DueReminder(
        ReminderKind.DECISION, request_id, "decision", requester_id, organisation_id, line, text
    )


@dataclass(frozen=True)
class Reminder:
    """A row of the outbox, as the flows see it."""

    id: int
    kind: ReminderKind
    file_id: int
    period: str
    staff_id: int
    organisation_id: int
    header: str
    detail: str
    status: ReminderStatus
    created_at: datetime
    acted_at: datetime | None = None


@dataclass(frozen=True)
class ReminderPush:
    """One message of reminders as sent to one person: its buttons' (label, value) pairs."""

    id: int
    staff_id: int
    options: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class IdleCheque:
    """A cheque in gebruik as the sweep reads it (facts only; the rules decide)."""

    registration_id: int
    organisation_id: int
    chequenummer: str
    klant: str
    last_activity: date  # the last gesprek's date, or the registration's day
    minutes_left: int
    recipient_id: int | None  # the begeleider of the last gesprek, else who registered it


@dataclass(frozen=True)
class Coach:
    """A coach who could decide on removal requests, as the sweep reads them."""

    staff_id: int
    organisation_id: int


@dataclass(frozen=True)
class Coordinator:
    """A coordinator and when they want the weekly digest (0 = Monday, local hour)."""

    staff_id: int
    organisation_id: int
    digest_day: int = 0
    digest_hour: int = 8


@dataclass(frozen=True)
class CentreWeek:
    """What a centre's weekly digest tells, as storage counts it."""

    cheques_in_gebruik: int = 0
    minutes_left: int = 0
    unreachable: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpenLine:
    """An ESF line (bezig or beëindigd) as the sweep reads it."""

    begeleiding_id: int
    organisation_id: int
    jongere: str
    klantnummer: str
    bezig: bool
    last_activity: date  # the last action's date, or the startdatum
    einddatum: date | None
    uitvoerder_id: int
