"""What an administrator's data must satisfy before it is stored, whoever parsed it.

Each `check_*` of one record raises AdminError with the problem; each batch check raises one
AdminError naming every problem (the file parser reports the same with line numbers).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import TypeVar

from flows.domain.administration import NewIssuedCheque, NewOrganisation, PaymentLine
from flows.domain.errors import AdminError, Refusal
from flows.domain.esf import NewJongere
from flows.domain.rules.cheques import normalise_chequenummer, normalise_klantnummer
from flows.domain.rules.dates import fmt

MAX_CHEQUE_MINUTES = 40 * 60
CENT = Decimal("0.01")
Record = TypeVar("Record")


def organisation_name(organisation: NewOrganisation) -> str:
    """The name as stored (spaces collapsed); refuse one without a name or without a kind."""
    name = " ".join(organisation.name.split())
    if not name or not (organisation.is_loopbaancentrum or organisation.is_esf):
        raise AdminError("An organisation needs a name and at least one kind.")
    return name


def _normalised(number: str, normalise: Callable[[str], str], what: str) -> None:
    try:
        stored = normalise(number)
    except Refusal as refusal:
        raise AdminError(refusal.message) from None
    if stored != number:
        raise AdminError(f"{what} {number!r} is not written as stored ({stored})")


def _name(name: str, what: str) -> None:
    if not name.strip():
        raise AdminError(f"{what} is empty")
    if name != " ".join(name.split()):
        raise AdminError(f"{what} {name!r} has spaces to remove")


def check_issued_cheque(cheque: NewIssuedCheque) -> None:
    """One issued cheque: numbers in stored form, a client name, a start after the order."""
    _normalised(cheque.chequenummer, normalise_chequenummer, "chequenummer")
    _normalised(cheque.klantnummer, normalise_klantnummer, "klantnummer")
    _name(cheque.klantnaam, "klantnaam")
    if cheque.start_by < cheque.ordered_on:
        raise AdminError("start_uiterlijk is before besteld_op")
    if not 0 < cheque.minutes <= MAX_CHEQUE_MINUTES:
        raise AdminError(f"{cheque.minutes} minutes must be more than 0 and at most 40 hours")


def check_issued_cheques(cheques: Sequence[NewIssuedCheque]) -> None:
    """A whole file: each cheque valid, each chequenummer once, one name per klantnummer."""
    names: dict[str, str] = {}

    def clash(cheque: NewIssuedCheque) -> str | None:
        if names.setdefault(cheque.klantnummer, cheque.klantnaam) == cheque.klantnaam:
            return None
        return f"klantnummer {cheque.klantnummer} has another klantnaam earlier in the file"

    _check_batch(cheques, check_issued_cheque, lambda c: c.chequenummer, "chequenummer", clash)


def check_imported_jongere(jongere: NewJongere, today: date) -> None:
    """One jongere of a file: a klantnummer in stored form, a name, born before today."""
    _normalised(jongere.klantnummer, normalise_klantnummer, "klantnummer")
    _name(jongere.naam, "naam")
    if jongere.geboortedatum > today:
        raise AdminError(f"geboortedatum {fmt(jongere.geboortedatum)} is in the future")


def check_imported_jongeren(jongeren: Sequence[NewJongere], today: date) -> None:
    """A whole file: each jongere valid, each klantnummer once."""
    _check_batch(
        jongeren,
        lambda jongere: check_imported_jongere(jongere, today),
        lambda jongere: jongere.klantnummer,
        "klantnummer",
    )


def check_bedrag(bedrag: Decimal) -> None:
    """An amount VDAB paid: positive, in cents."""
    if not bedrag.is_finite() or bedrag <= 0 or bedrag != bedrag.quantize(CENT):
        raise AdminError(f"bedrag {bedrag} must be positive, with at most two decimals")


def check_payments(lines: Sequence[PaymentLine]) -> None:
    """A whole payment list: chequenummers in stored form and amounts in cents (rows may repeat)."""
    problems = []
    for line in lines:
        try:
            _normalised(line.chequenummer, normalise_chequenummer, "chequenummer")
            check_bedrag(line.bedrag)
        except AdminError as problem:
            problems.append(f"line {line.line}: {problem}")
    if problems:
        raise AdminError("\n".join(problems))


def _check_batch(
    records: Iterable[Record],
    check: Callable[[Record], None],
    key: Callable[[Record], str],
    key_name: str,
    clash: Callable[[Record], str | None] = lambda record: None,
) -> None:
    problems = []
    seen: set[str] = set()
    for record in records:
        try:
            check(record)
        except AdminError as problem:
            problems.append(str(problem))
            continue
        if key(record) in seen:
            problems.append(f"{key_name} {key(record)} appears twice")
        elif (contradiction := clash(record)) is not None:
            problems.append(contradiction)
        seen.add(key(record))
    if problems:
        raise AdminError("\n".join(problems))
