"""Who works here: staff members, their organisation and role, invitations."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime


class Role(enum.StrEnum):
    """What a staff member may do beyond registering their own work."""

    BEGELEIDER = "begeleider"
    COORDINATOR = "coordinator"
    COACH = "coach"


@dataclass(frozen=True)
class Organisation:
    """A partner organisation: a loopbaancentrum, an ESF organisator, or both."""

    id: int
    name: str
    is_loopbaancentrum: bool
    is_esf: bool
    practice: bool = False  # a person's sandbox (/oefenen): fictional data only


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
class Invitation:
    """A one-time invitation to link a Telegram account to a staff member (stored hashed)."""

    id: int
    staff_id: int
    expires_at: datetime
    used_at: datetime | None


def is_coordinator(staff: Staff) -> bool:
    """Flows for coordinators only (inviting, the team) offer themselves to them alone."""
    return staff.role is Role.COORDINATOR
