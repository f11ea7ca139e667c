"""Which unique constraint a failed write broke, on SQLite and PostgreSQL, and which are races.

A race is a unique constraint that two concurrent transactions can both pass the checks of:
the one that loses rolls back and is replayed from scratch (ConcurrencyConflict), and then sees
the winner's row and answers accordingly. Any other integrity error is a bug and surfaces.
"""

from __future__ import annotations

from functools import cache
from typing import NoReturn

from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint
from sqlalchemy.exc import IntegrityError

from flows.domain.errors import ConcurrencyConflict
from storage.models import Base

RACES: dict[str, str] = {
    "uq_cheque_registrations_active": "two centres confirm one cheque",
    "uq_esf_begeleidingen_running": "two organisators start a line for one jongere",
    "uq_esf_removal_requests_open": "two removal requests for one line",
    "uq_jongeren_organisation_klantnummer": "one organisation enters a jongere in two chats",
    "uq_jongeren_imported_klantnummer": "two imports bring in one jongere",
    "uq_clients_klantnummer": "two imports bring in one client",
    "uq_issued_cheques_chequenummer": "two imports bring in one cheque",
    "uq_organisations_name": "one organisation added twice at once",
    "uq_staff_name": "one staff member added twice at once",
    "uq_staff_telegram_user_id": "one Telegram account linked to two staff members at once",
    "pk_begeleider_namen": "a new begeleider name in two gesprekken at once",
    "pk_conversation_sessions": "the first two updates of one chat",
    "pk_onboarding": "a person's first updates in two chats at once",
    "pk_sandboxes": "/oefenen in two chats of one person at once",
}
_SQLITE_UNIQUE = "UNIQUE constraint failed: "
_PG_UNIQUE_VIOLATION = "23505"  # PostgreSQL's SQLSTATE for a duplicate key


@cache
def _names_by_columns() -> dict[tuple[str, tuple[str, ...]], str]:
    """Every unique constraint, unique index and primary key by (table, columns), for SQLite."""
    found: dict[tuple[str, tuple[str, ...]], str] = {}
    for table in Base.metadata.tables.values():
        keys = [
            (constraint.name, constraint.columns)
            for constraint in table.constraints
            if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint)
        ]
        keys += [(index.name, index.columns) for index in table.indexes if index.unique]
        for name, columns in keys:
            found[(table.name, tuple(column.name for column in columns))] = str(name)
    return found


def violated_constraint(error: IntegrityError) -> str | None:
    """The name of the unique constraint or index `error` is about; None for anything else."""
    driver = error.driver_exception
    sqlstate = getattr(driver, "sqlstate", None)
    if sqlstate is not None:  # PostgreSQL (asyncpg) names the constraint
        name = getattr(driver, "constraint_name", None)
        return str(name) if sqlstate == _PG_UNIQUE_VIOLATION and name else None
    message = str(driver)
    if not message.startswith(_SQLITE_UNIQUE):  # SQLite names the columns: "t.a, t.b"
        return None
    columns = [
        part.strip().split(".", 1) for part in message.removeprefix(_SQLITE_UNIQUE).split(",")
    ]
    if any(len(part) != 2 for part in columns) or len({table for table, _ in columns}) != 1:
        return None
    table = columns[0][0]
    return _names_by_columns().get((table, tuple(column for _, column in columns)))


def raise_race_or_bug(error: IntegrityError) -> NoReturn:
    """Raise ConcurrencyConflict for a named race (the update is replayed), else `error` itself."""
    name = violated_constraint(error)
    if name in RACES:
        raise ConcurrencyConflict(f"lost a race on {name}: {RACES[name]}") from error
    raise error
