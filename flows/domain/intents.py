"""What a person asks to do next from inside a flow, as a value: one flow opens another by it.

A flow that offers "open this cheque" switches to `OpenCheque(…)`; the flow that handles it
declares so (an `Entry`). Neither imports the other, and no state name is written twice.
"""

from __future__ import annotations

from dataclasses import dataclass


class Intent:
    """Base of the intents; each is handled by exactly one flow (checked when flows load)."""


@dataclass(frozen=True)
class OpenCheque(Intent):
    """Show a registered cheque's detail (A4)."""

    registration_id: int


@dataclass(frozen=True)
class RegisterGesprekOn(Intent):
    """Register a gesprek on this registered cheque (the cheque already chosen)."""

    registration_id: int


@dataclass(frozen=True)
class ShowChequeOverview(Intent):
    """Open the overview of the centre's cheques (A1)."""


@dataclass(frozen=True)
class ShowFinancialOverview(Intent):
    """Open the financial overview (A2)."""


@dataclass(frozen=True)
class ActOnReminder(Intent):
    """A reminder's button was pressed: `value` is the stored option (never callback data)."""

    value: str


@dataclass(frozen=True)
class AddSamenvattingTo(Intent):
    """Add to the samenvatting of this ESF line (checked, and owned by the person)."""

    begeleiding_id: int


@dataclass(frozen=True)
class RegisterActieOn(Intent):
    """Register an action on this ESF line."""

    begeleiding_id: int


@dataclass(frozen=True)
class ShowRemovalRequests(Intent):
    """Open the removal requests waiting for a coach (B7)."""


@dataclass(frozen=True)
class EndBegeleiding(Intent):
    """End this ESF line with a resultaat."""

    begeleiding_id: int


@dataclass(frozen=True)
class RegisterCheque(Intent):
    """Register a new cheque (A5), from its first step."""


@dataclass(frozen=True)
class RegisterGesprek(Intent):
    """Register a gesprek, choosing the cheque first (A6)."""
