"""Data in from the command line: organisations, staff, VDAB's issued cheques and jongeren."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain import AuditEntry, Refusal, Role
from flows.esf_domain import Diploma, NewJongere
from flows.rules.cheques import normalise_chequenummer, normalise_klantnummer
from flows.rules.dates import parse_ddmmyyyy
from flows.rules.names import check_begeleider_name
from storage.csv_rows import AdminError as AdminError  # callers know it as admin.AdminError
from storage.csv_rows import read_rows
from storage.facts import rename_client
from storage.models import ClientRow, IssuedChequeRow, JongereRow, OrganisationRow, StaffRow
from storage.repositories.log import SqlAuditLog

CHEQUE_HEADER = [
    "chequenummer",
    "klantnummer",
    "klantnaam",
    "besteld_op",
    "start_uiterlijk",
    "uren",
]


async def add_organisation(
    session: AsyncSession, name: str, *, loopbaancentrum: bool, esf: bool, now: datetime
) -> int:
    """Create an organisation; names are unique."""
    name = " ".join(name.split())
    if not name or not (loopbaancentrum or esf):
        raise AdminError("An organisation needs a name and at least one kind.")
    if await session.scalar(select(OrganisationRow.id).where(OrganisationRow.name == name)):
        raise AdminError(f"Organisation {name!r} already exists.")
    row = OrganisationRow(name=name, is_loopbaancentrum=loopbaancentrum, is_esf=esf, created_at=now)
    session.add(row)
    await session.flush()
    return row.id


async def add_staff(
    session: AsyncSession,
    name: str,
    *,
    organisation: str,
    role: Role,
    telegram_id: int | None,
    now: datetime,
) -> int:
    """Create a staff member of an existing organisation, named `Familienaam Voornaam`."""
    try:
        name = check_begeleider_name(name)
    except Refusal as refusal:
        raise AdminError(refusal.message) from None
    org_id = await session.scalar(
        select(OrganisationRow.id).where(OrganisationRow.name == organisation)
    )
    if org_id is None:
        raise AdminError(f"No organisation named {organisation!r}.")
    if await session.scalar(select(StaffRow.id).where(StaffRow.name == name)):
        raise AdminError(f"A staff member named {name!r} already exists.")
    if telegram_id is not None and await session.scalar(
        select(StaffRow.id).where(StaffRow.telegram_user_id == telegram_id)
    ):
        raise AdminError(f"Telegram id {telegram_id} is already linked to another staff member.")
    row = StaffRow(
        name=name,
        role=role.value,
        organisation_id=org_id,
        telegram_user_id=telegram_id,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return row.id


@dataclass(frozen=True)
class ChequeLine:
    """One valid row of an issued-cheques file."""

    line: int
    chequenummer: str
    klantnummer: str
    klantnaam: str
    besteld_op: date
    start_uiterlijk: date
    minutes: int


def parse_cheques_csv(text: str) -> list[ChequeLine]:
    """Validate every row; raise one AdminError listing every bad line, or return them all."""
    names: dict[str, str] = {}

    def other_name(line: ChequeLine) -> str | None:
        if names.setdefault(line.klantnummer, line.klantnaam) == line.klantnaam:
            return None
        return f"klantnummer {line.klantnummer} has another klantnaam earlier in the file"

    return read_rows(
        text,
        CHEQUE_HEADER,
        _cheque_line,
        key=lambda line: line.chequenummer,
        key_name="chequenummer",
        clash=other_name,
    )


def _cheque_line(number: int, cells: list[str]) -> ChequeLine:
    chequenummer, klantnummer, klantnaam, besteld, start, uren = (cell.strip() for cell in cells)
    if not klantnaam:
        raise AdminError("klantnaam is empty")
    ordered, start_by = parse_ddmmyyyy(besteld), parse_ddmmyyyy(start)
    if start_by < ordered:
        raise AdminError("start_uiterlijk is before besteld_op")
    try:
        hours = Decimal(uren.replace(",", "."))
    except InvalidOperation:
        raise AdminError(f"uren {uren!r} is not a number") from None
    if not Decimal(0) < hours <= Decimal(40):
        raise AdminError(f"uren {uren!r} must be more than 0 and at most 40")
    return ChequeLine(
        number,
        normalise_chequenummer(chequenummer),
        normalise_klantnummer(klantnummer),
        " ".join(klantnaam.split()),
        ordered,
        start_by,
        int(hours * 60),
    )


async def import_cheques(
    session: AsyncSession, lines: list[ChequeLine], now: datetime
) -> tuple[int, int]:
    """Insert new cheques and update known ones (by chequenummer); return (added, updated)."""
    clients = {
        row.klantnummer: row
        for row in await session.scalars(
            select(ClientRow).where(ClientRow.klantnummer.in_({line.klantnummer for line in lines}))
        )
    }
    cheques = {
        row.chequenummer: row
        for row in await session.scalars(
            select(IssuedChequeRow).where(
                IssuedChequeRow.chequenummer.in_({line.chequenummer for line in lines})
            )
        )
    }
    added = updated = 0
    for line in lines:
        client = clients.get(line.klantnummer)
        if client is None:
            client = clients[line.klantnummer] = ClientRow(
                klantnummer=line.klantnummer, naam=line.klantnaam
            )
            session.add(client)
            await session.flush()
        if client.naam != line.klantnaam:
            client.naam = line.klantnaam
            await rename_client(session, client.id, line.klantnaam)
        cheque = cheques.get(line.chequenummer)
        if cheque is None:
            cheque = IssuedChequeRow(chequenummer=line.chequenummer)
            session.add(cheque)
            added += 1
        else:
            updated += 1
        cheque.client_id, cheque.ordered_on, cheque.start_by = (
            client.id,
            line.besteld_op,
            line.start_uiterlijk,
        )
        cheque.minutes, cheque.imported_at = line.minutes, now
    await session.flush()
    return added, updated


JONGERE_HEADER = ["klantnummer", "naam", "geboortedatum", "diploma_secundair"]


@dataclass(frozen=True)
class JongereLine:
    """One valid row of a jongeren file."""

    line: int
    jongere: NewJongere


def parse_jongeren_csv(text: str, today: date) -> list[JongereLine]:
    """Validate every row as for cheques: one AdminError listing every bad line, or all rows."""
    return read_rows(
        text,
        JONGERE_HEADER,
        lambda number, cells: JongereLine(number, _jongere_line(cells, today)),
        key=lambda line: line.jongere.klantnummer,
        key_name="klantnummer",
    )


def _jongere_line(cells: list[str], today: date) -> NewJongere:
    klantnummer, naam, geboren, diploma = (cell.strip() for cell in cells)
    if not naam:
        raise AdminError("naam is empty")
    geboortedatum = parse_ddmmyyyy(geboren)
    if geboortedatum > today:
        raise AdminError(f"geboortedatum {geboren} is in the future")
    try:
        diploma_secundair = Diploma(diploma.lower())
    except ValueError:
        raise AdminError(f"diploma_secundair {diploma!r} must be ja, nee or onbekend") from None
    return NewJongere(
        normalise_klantnummer(klantnummer), " ".join(naam.split()), geboortedatum, diploma_secundair
    )


async def import_jongeren(
    session: AsyncSession, lines: list[JongereLine], now: datetime
) -> tuple[int, int]:
    """Insert new jongeren and update known ones (by klantnummer), audited; (added, updated)."""
    known = {
        row.klantnummer: row
        for row in await session.scalars(
            select(JongereRow).where(
                JongereRow.klantnummer.in_({line.jongere.klantnummer for line in lines})
            )
        )
    }
    added: list[str] = []
    updated: list[str] = []
    for line in lines:
        jongere = line.jongere
        row = known.get(jongere.klantnummer)
        if row is None:
            row = known[jongere.klantnummer] = JongereRow(klantnummer=jongere.klantnummer)
            session.add(row)
            added.append(jongere.klantnummer)
        else:
            updated.append(jongere.klantnummer)
        row.naam, row.geboortedatum = jongere.naam, jongere.geboortedatum
        row.diploma_secundair, row.updated_at = jongere.diploma_secundair.value, now
    await session.flush()
    after = {"added": added, "updated": updated}
    await SqlAuditLog(session).record(
        AuditEntry(now, None, None, "jongeren.imported", "jongeren", "import", None, after)
    )
    return len(added), len(updated)
