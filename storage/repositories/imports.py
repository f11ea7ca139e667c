"""VDAB's issued cheques (with their clients) and jongeren, written by their key."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from flows.domain.administration import Imported, NewIssuedCheque
from flows.domain.esf import NewJongere
from storage.constraints import raise_race_or_bug
from storage.facts import rename_client
from storage.models import ClientRow, IssuedChequeRow, JongereRow

CHUNK = 1000  # keys per IN list: PostgreSQL takes at most 32767 parameters a statement


def _chunks(keys: set[str]) -> Iterator[list[str]]:
    ordered = sorted(keys)
    for start in range(0, len(ordered), CHUNK):
        yield ordered[start : start + CHUNK]


async def _by_key(
    session: AsyncSession,
    column: InstrumentedAttribute[str],
    keys: set[str],
    *criteria: ColumnElement[bool],
) -> dict[str, Any]:
    """The rows whose `column` is one of `keys` (and that meet `criteria`), by that key."""
    found: dict[str, Any] = {}
    for chunk in _chunks(keys):
        query = select(column.class_).where(column.in_(chunk), *criteria)
        for row in await session.scalars(query):
            found[getattr(row, column.key)] = row
    return found


async def _flush(session: AsyncSession) -> None:
    """Write what changed; a key another import added meanwhile is a race, replayed."""
    try:
        await session.flush()
    except IntegrityError as error:
        raise_race_or_bug(error)


class SqlIssuedChequeImport:
    """Inserts new cheques and clients, updates known ones; a renamed client's facts follow."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def save(self, cheques: Sequence[NewIssuedCheque], now: datetime) -> Imported:
        session = self._session
        clients = await _by_key(session, ClientRow.klantnummer, {c.klantnummer for c in cheques})
        known = await _by_key(
            session, IssuedChequeRow.chequenummer, {c.chequenummer for c in cheques}
        )
        for cheque in cheques:  # clients first: each cheque row needs its client's id
            client = clients.get(cheque.klantnummer)
            if client is None:
                clients[cheque.klantnummer] = ClientRow(
                    klantnummer=cheque.klantnummer, naam=cheque.klantnaam
                )
                session.add(clients[cheque.klantnummer])
            elif client.naam != cheque.klantnaam:
                client.naam = cheque.klantnaam
                await rename_client(session, client.id, cheque.klantnaam)
        await _flush(session)
        added: list[str] = []
        updated: list[str] = []
        for cheque in cheques:
            row = known.get(cheque.chequenummer)
            if row is None:
                row = known[cheque.chequenummer] = IssuedChequeRow(chequenummer=cheque.chequenummer)
                session.add(row)
                added.append(cheque.chequenummer)
            else:
                updated.append(cheque.chequenummer)
            row.client_id = clients[cheque.klantnummer].id
            row.ordered_on, row.start_by = cheque.ordered_on, cheque.start_by
            row.minutes, row.imported_at = cheque.minutes, now
            row.practice = False  # VDAB's list names real cheques only
        await _flush(session)
        return Imported(tuple(added), tuple(updated))


class SqlJongereImport:
    """Inserts new jongeren and updates known ones, by klantnummer."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def save(self, jongeren: Sequence[NewJongere], now: datetime) -> Imported:
        session = self._session
        keys = {j.klantnummer for j in jongeren}  # VDAB's rows: not those an organisation entered
        known = await _by_key(
            session, JongereRow.klantnummer, keys, JongereRow.organisation_id.is_(None)
        )
        added: list[str] = []
        updated: list[str] = []
        for jongere in jongeren:
            row = known.get(jongere.klantnummer)
            if row is None:
                row = known[jongere.klantnummer] = JongereRow(klantnummer=jongere.klantnummer)
                session.add(row)
                added.append(jongere.klantnummer)
            else:
                updated.append(jongere.klantnummer)
            row.naam, row.geboortedatum = jongere.naam, jongere.geboortedatum
            row.diploma_secundair, row.updated_at = jongere.diploma_secundair.value, now
            row.practice = False  # VDAB's list names real jongeren only
        await _flush(session)
        return Imported(tuple(added), tuple(updated))
