"""Importing VDAB's files of issued cheques and jongeren: all or nothing, updated by key, audited.

One audit entry per import (not per row): it names every key added and every key updated, so a
file of thousands of rows leaves one readable record of what it changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flows.domain.administration import Imported, NewIssuedCheque
from flows.domain.audit import AuditEntry
from flows.domain.esf import NewJongere
from flows.domain.rules.imports import check_imported_jongeren, check_issued_cheques
from flows.ports.unit_of_work import UnitOfWork


async def import_cheques(
    uow: UnitOfWork, cheques: Sequence[NewIssuedCheque], now: datetime
) -> Imported:
    """Insert new issued cheques and update known ones (by chequenummer), with their clients."""
    check_issued_cheques(cheques)
    imported = await uow.cheque_imports.save(cheques, now)
    await _audit(uow, now, "cheques.imported", "issued_cheques", imported)
    return imported


async def import_jongeren(
    uow: UnitOfWork, jongeren: Sequence[NewJongere], now: datetime
) -> Imported:
    """Insert new jongeren and update known ones (by klantnummer)."""
    check_imported_jongeren(jongeren, now.date())
    imported = await uow.jongere_imports.save(jongeren, now)
    await _audit(uow, now, "jongeren.imported", "jongeren", imported)
    return imported


async def _audit(
    uow: UnitOfWork, now: datetime, action: str, entity: str, imported: Imported
) -> None:
    after = {"added": list(imported.added), "updated": list(imported.updated)}
    await uow.audit.record(AuditEntry(now, None, None, action, entity, "import", None, after))
