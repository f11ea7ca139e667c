"""VDAB's payment list (A2): each row marks one paid gesprek; rows that match none are reported.

A row is matched to a paid gesprek by chequenummer and gespreksdatum, and must carry the amount
the rates give for it; a row without such a gesprek is reported by its line and not applied.
One audit entry per import names the gesprekken it marked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime

from flows.domain.administration import PaidGesprek, PaymentLine, PaymentReport
from flows.domain.audit import AuditEntry
from flows.domain.rules.dates import fmt
from flows.domain.rules.imports import check_payments
from flows.domain.rules.money import RateTable, amount, fmt_decimal
from flows.ports.unit_of_work import UnitOfWork

PROGRESS_EVERY = 500  # lines between two reports to a progress bar


async def import_payments(
    uow: UnitOfWork,
    lines: Sequence[PaymentLine],
    rates: RateTable,
    now: datetime,
    progress: Callable[[int], Awaitable[None]] | None = None,
) -> PaymentReport:
    """Mark the matching paid gesprekken; report rows without a match or with another amount."""
    check_payments(lines)
    found = await uow.payments.paid_gesprekken(sorted({line.chequenummer for line in lines}))
    candidates: dict[tuple[str, date], list[PaidGesprek]] = defaultdict(list)
    for paid in found:
        candidates[(paid.chequenummer, paid.datum)].append(paid)
    report = PaymentReport()
    taken: set[int] = set()
    for done, line in enumerate(lines):
        if progress is not None and done and done % PROGRESS_EVERY == 0:
            await progress(done)
        same_day = candidates.get((line.chequenummer, line.gespreksdatum), [])
        gesprek = _match(line, same_day, taken, rates, report)
        if gesprek is None:
            continue
        taken.add(gesprek.id)
        cents = int(line.bedrag * 100)
        if gesprek.betaald_op == line.betaald_op and gesprek.betaald_cent == cents:
            report.unchanged += 1
            continue
        await uow.payments.mark_paid(gesprek.id, line.betaald_op, cents)
        report.marked.append(gesprek.id)
    if progress is not None:
        await progress(len(lines))
    after = {
        "marked": report.marked,
        "unchanged": report.unchanged,
        "reported": len(report.problems),
    }
    await uow.audit.record(
        AuditEntry(now, None, None, "betalingen.imported", "gesprekken", "import", None, after)
    )
    return report


def _match(
    line: PaymentLine,
    found: list[PaidGesprek],
    taken: set[int],
    rates: RateTable,
    report: PaymentReport,
) -> PaidGesprek | None:
    """The first gesprek of that cheque and day worth the row's amount; else report the row."""
    if not found:
        report.problems.append(
            f"line {line.line}: no paid gesprek on cheque {line.chequenummer} "
            f"on {fmt(line.gespreksdatum)}"
        )
        return None
    worth = {g.id: amount(g.minutes, line.gespreksdatum, rates) for g in found}
    equal = [g for g in found if worth[g.id] == line.bedrag and g.id not in taken]
    if equal:
        return equal[0]
    computed = ", ".join(
        fmt_decimal(value) if value is not None else "no rate" for value in worth.values()
    )
    report.problems.append(
        f"line {line.line}: cheque {line.chequenummer}, gesprek of {fmt(line.gespreksdatum)}: "
        f"{fmt_decimal(line.bedrag)} in the file, {computed} computed"
    )
    return None
