"""Importing VDAB's files of issued cheques and jongeren: all or nothing, updated by key, audited.

One audit entry per import (not per row): it names every key added and every key updated, so a
file of thousands of rows leaves one readable record of what it changed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TypeVar

from flows.domain.administration import Imported, NewIssuedCheque
from flows.domain.audit import AuditEntry
from flows.domain.esf import NewJongere
from flows.domain.rules.imports import check_imported_jongeren, check_issued_cheques
from flows.ports.unit_of_work import UnitOfWork

CHUNK = 1000  # rows saved at a time: a terminal shows the progress in between
Progress = Callable[[int], Awaitable[None]]  # told the rows saved so far
Row = TypeVar("Row", NewIssuedCheque, NewJongere)


async def import_cheques(
    uow: UnitOfWork,
    cheques: Sequence[NewIssuedCheque],
    now: datetime,
    progress: Progress | None = None,
) -> Imported:
    """Insert new issued cheques and update known ones (by chequenummer), with their clients."""
    check_issued_cheques(cheques)
    imported = await _in_chunks(
        cheques, lambda chunk: uow.cheque_imports.save(chunk, now), progress
    )
    await _audit(uow, now, "cheques.imported", "issued_cheques", imported)
    return imported


async def import_jongeren(
    uow: UnitOfWork,
    jongeren: Sequence[NewJongere],
    now: datetime,
    progress: Progress | None = None,
) -> Imported:
    """Insert new jongeren and update known ones (by klantnummer)."""
    check_imported_jongeren(jongeren, now.date())
    imported = await _in_chunks(
        jongeren, lambda chunk: uow.jongere_imports.save(chunk, now), progress
    )
    await _audit(uow, now, "jongeren.imported", "jongeren", imported)
    return imported


async def _in_chunks(
    rows: Sequence[Row],
    save: Callable[[Sequence[Row]], Awaitable[Imported]],
    progress: Progress | None,
) -> Imported:
    """Save the rows a chunk at a time (one transaction still: all or nothing)."""
    added: list[str] = []
    updated: list[str] = []
    for start in range(0, len(rows), CHUNK):
        done = await save(rows[start : start + CHUNK])
        added += done.added
        updated += done.updated
        if progress is not None:
            await progress(min(start + CHUNK, len(rows)))
    return Imported(tuple(added), tuple(updated))


async def _audit(
    uow: UnitOfWork, now: datetime, action: str, entity: str, imported: Imported
) -> None:
    after = {"added": list(imported.added), "updated": list(imported.updated)}
    await uow.audit.record(AuditEntry(now, None, None, action, entity, "import", None, after))
