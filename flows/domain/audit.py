"""The audit trail's record of a change, and how a change becomes JSON for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any


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


def jsonable(record: dict[str, Any]) -> dict[str, Any]:
    """Turn dates, enums and tuples into JSON values for the audit log."""
    return {key: _value(item) for key, item in record.items()}


def _value(value: object) -> object:
    if isinstance(value, dict):
        return jsonable(value)
    if isinstance(value, list | tuple):
        return [_value(item) for item in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
