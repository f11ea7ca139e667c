"""VDAB's payment list in (A2): each row marks one paid gesprek; mismatches are reported.

The file is validated whole first (a malformed row imports nothing, as for cheques); then each
row is matched to a paid gesprek by chequenummer and gespreksdatum. A row that matches none,
or whose amount differs from what the rates give, is reported by line and left unapplied.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain import AuditEntry, GesprekType, Refusal
from flows.rules.cheques import normalise_chequenummer
from flows.rules.dates import fmt, parse_ddmmyyyy
from flows.rules.money import RateTable, amount, fmt_decimal
from storage.admin import AdminError
from storage.models import GesprekRow, IssuedChequeRow, RegistrationRow
from storage.repositories.log import SqlAuditLog

PAYMENT_HEADER = ["chequenummer", "gespreksdatum", "bedrag", "betaald_op"]
CHUNK = 1000


@dataclass(frozen=True)
class PaymentLine:
    """One valid row of a payment list."""

    line: int
    chequenummer: str
    gespreksdatum: date
    bedrag: Decimal
    betaald_op: date


@dataclass
class PaymentReport:
    """What an import did: rows applied, rows already applied before, and rows reported."""

    marked: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def parse_payments_csv(text: str) -> list[PaymentLine]:
    """Validate every row; raise one AdminError listing every bad line, or return them all."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if header != PAYMENT_HEADER:
        raise AdminError(f"line 1: the header must be {','.join(PAYMENT_HEADER)}")
    lines: list[PaymentLine] = []
    problems: list[str] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        try:
            lines.append(_payment_line(number, cells))
        except (Refusal, AdminError) as problem:
            message = problem.message if isinstance(problem, Refusal) else str(problem)
            problems.append(f"line {number}: {message}")
    if problems:
        raise AdminError("\n".join(problems))
    return lines


def _payment_line(number: int, cells: list[str]) -> PaymentLine:
    if len(cells) != len(PAYMENT_HEADER):
        raise AdminError(f"expected {len(PAYMENT_HEADER)} columns, found {len(cells)}")
    chequenummer, gespreksdatum, bedrag, betaald_op = (cell.strip() for cell in cells)
    try:
        value = Decimal(bedrag.replace("€", "").strip().replace(",", "."))
    except InvalidOperation:
        raise AdminError(f"bedrag {bedrag!r} is not an amount") from None
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        raise AdminError(f"bedrag {bedrag!r} must be positive, with at most two decimals")
    return PaymentLine(
        number,
        normalise_chequenummer(chequenummer),
        parse_ddmmyyyy(gespreksdatum),
        value.quantize(Decimal("0.01")),
        parse_ddmmyyyy(betaald_op),
    )


@dataclass
class _Candidate:
    id: int
    minutes: int
    betaald_op: date | None
    betaald_cent: int | None


async def import_payments(
    session: AsyncSession, lines: list[PaymentLine], rates: RateTable, now: datetime
) -> PaymentReport:
    """Mark the matching paid gesprekken; report rows without a match or with another amount."""
    candidates = await _candidates(session, sorted({line.chequenummer for line in lines}))
    report = PaymentReport()
    taken: set[int] = set()
    for line in lines:
        found = candidates.get((line.chequenummer, line.gespreksdatum), [])
        if not found:
            report.problems.append(
                f"line {line.line}: no paid gesprek on cheque {line.chequenummer} "
                f"on {fmt(line.gespreksdatum)}"
            )
            continue
        worth = {g.id: amount(g.minutes, line.gespreksdatum, rates) for g in found}
        equal = [g for g in found if worth[g.id] == line.bedrag and g.id not in taken]
        if not equal:
            computed = ", ".join(
                fmt_decimal(value) if value is not None else "no rate" for value in worth.values()
            )
            report.problems.append(
                f"line {line.line}: cheque {line.chequenummer}, gesprek of "
                f"{fmt(line.gespreksdatum)}: {fmt_decimal(line.bedrag)} in the file, "
                f"{computed} computed"
            )
            continue
        gesprek = equal[0]
        taken.add(gesprek.id)
        cents = int(line.bedrag * 100)
        if gesprek.betaald_op == line.betaald_op and gesprek.betaald_cent == cents:
            report.unchanged += 1
            continue
        await session.execute(
            update(GesprekRow)
            .where(GesprekRow.id == gesprek.id)
            .values(betaald_op=line.betaald_op, betaald_cent=cents),
            execution_options={"synchronize_session": False},
        )
        report.marked += 1
    after = {
        "marked": report.marked,
        "unchanged": report.unchanged,
        "reported": len(report.problems),
    }
    await SqlAuditLog(session).record(
        AuditEntry(now, None, None, "betalingen.imported", "gesprekken", "import", None, after)
    )
    return report


async def _candidates(
    session: AsyncSession, numbers: list[str]
) -> dict[tuple[str, date], list[_Candidate]]:
    """Paid gesprekken (never nazorg, never deleted) of these cheques, by cheque and date."""
    found: dict[tuple[str, date], list[_Candidate]] = defaultdict(list)
    for start in range(0, len(numbers), CHUNK):
        rows = await session.execute(
            select(
                IssuedChequeRow.chequenummer,
                GesprekRow.datum,
                GesprekRow.id,
                GesprekRow.minutes,
                GesprekRow.betaald_op,
                GesprekRow.betaald_cent,
            )
            .join(RegistrationRow, GesprekRow.registration_id == RegistrationRow.id)
            .join(IssuedChequeRow, RegistrationRow.issued_cheque_id == IssuedChequeRow.id)
            .where(
                IssuedChequeRow.chequenummer.in_(numbers[start : start + CHUNK]),
                GesprekRow.deleted_at.is_(None),
                GesprekRow.type != GesprekType.NAZORG.value,
            )
            .order_by(GesprekRow.id)
        )
        for number, datum, ident, minutes, betaald_op, cents in rows:
            found[(number, datum)].append(_Candidate(ident, minutes, betaald_op, cents))
    return found
