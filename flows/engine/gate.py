"""Access by invitation: a one-time code links a Telegram account to a known staff member."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flows.domain.audit import AuditEntry
from flows.domain.errors import Refusal
from flows.domain.staff import Staff
from flows.ports.unit_of_work import UnitOfWork

VALID_FOR = timedelta(days=7)
INVALID = (
    "Deze uitnodiging is ongeldig, al gebruikt of verlopen. Vraag je coördinator om een nieuwe."
)
TAKEN = "Dit Telegram-account is al gekoppeld aan een andere medewerker."


def code_hash(code: str) -> str:
    """Only the hash of a code is stored: a database leak reveals no usable invitation."""
    return hashlib.sha256(code.strip().encode()).hexdigest()


async def invite(
    uow: UnitOfWork, staff_id: int, now: datetime, invited_by: int | None = None
) -> tuple[str, datetime]:
    """Create a single-use code for this staff member; return it with its expiry."""
    code = secrets.token_urlsafe(18)  # 24 characters from [A-Za-z0-9_-]: a valid deep link
    expires_at = now + VALID_FOR
    await uow.invitations.add(code_hash(code), staff_id, expires_at, now, invited_by)
    await uow.audit.record(
        AuditEntry(now, invited_by, None, "invitation.created", "staff", str(staff_id))
    )
    return code, expires_at


async def redeem(uow: UnitOfWork, code: str, telegram_user_id: int, now: datetime) -> Staff:
    """Link the Telegram account to the invited staff member; the code is spent."""
    invitation = await uow.invitations.by_hash(code_hash(code)) if code.strip() else None
    if invitation is None or invitation.used_at is not None or invitation.expires_at <= now:
        raise Refusal(INVALID)
    holder = await uow.staff.by_telegram_id(telegram_user_id)
    if holder is not None and holder.id != invitation.staff_id:
        raise Refusal(TAKEN)
    await uow.invitations.mark_used(invitation.id, telegram_user_id, now)
    await uow.staff.link_telegram(invitation.staff_id, telegram_user_id)
    staff = await uow.staff.get(invitation.staff_id)
    if staff is None:
        raise Refusal(INVALID)
    await uow.audit.record(
        AuditEntry(
            now,
            staff.id,
            staff.organisation.id,
            "telegram.linked",
            "staff",
            str(staff.id),
            after={"telegram_user_id": telegram_user_id},
        )
    )
    return staff
