"""VDAB's CSV files read all or nothing into domain values: every bad line reported by number."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from flows.domain.administration import NewIssuedCheque, PaymentLine
from flows.domain.errors import AdminError, Refusal
from flows.domain.esf import Diploma, NewJongere
from flows.domain.rules.cheques import normalise_chequenummer, normalise_klantnummer
from flows.domain.rules.dates import parse_ddmmyyyy
from flows.domain.rules.imports import check_bedrag, check_imported_jongere, check_issued_cheque

Row = TypeVar("Row")
CHEQUE_HEADER = [
    "chequenummer",
    "klantnummer",
    "klantnaam",
    "besteld_op",
    "start_uiterlijk",
    "uren",
]
JONGERE_HEADER = ["klantnummer", "naam", "geboortedatum", "diploma_secundair"]
PAYMENT_HEADER = ["chequenummer", "gespreksdatum", "bedrag", "betaald_op"]


def read_rows(
    text: str,
    header: Sequence[str],
    parse: Callable[[int, list[str]], Row],
    *,
    key: Callable[[Row], str] | None = None,
    key_name: str = "",
    clash: Callable[[Row], str | None] = lambda row: None,
) -> list[Row]:
    """Parse every line of a CSV file, or raise one AdminError naming every bad line.

    `key`, when given, must be unique within the file; `clash` may refuse a row that contradicts
    an earlier one. Blank lines are skipped; a byte-order mark is allowed.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    if [cell.strip().lower() for cell in next(reader, [])] != list(header):
        raise AdminError(f"line 1: the header must be {','.join(header)}")
    rows: list[Row] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            problems.append(f"line {number}: expected {len(header)} columns, found {len(cells)}")
            continue
        try:
            row = parse(number, [cell.strip() for cell in cells])
        except Refusal as refusal:
            problems.append(f"line {number}: {refusal.message}")
            continue
        except AdminError as problem:
            problems.append(f"line {number}: {problem}")
            continue
        if key is not None and key(row) in seen:
            problems.append(f"line {number}: {key_name} {key(row)} also on line {seen[key(row)]}")
        elif (contradiction := clash(row)) is not None:
            problems.append(f"line {number}: {contradiction}")
        if key is not None:
            seen.setdefault(key(row), number)
        rows.append(row)
    if problems:
        raise AdminError("\n".join(problems))
    return rows


def parse_cheques_csv(text: str) -> list[NewIssuedCheque]:
    """VDAB's issued cheques: chequenummer,klantnummer,klantnaam,besteld_op,start_uiterlijk,uren."""
    names: dict[str, str] = {}

    def other_name(cheque: NewIssuedCheque) -> str | None:
        if names.setdefault(cheque.klantnummer, cheque.klantnaam) == cheque.klantnaam:
            return None
        return f"klantnummer {cheque.klantnummer} has another klantnaam earlier in the file"

    return read_rows(
        text,
        CHEQUE_HEADER,
        lambda number, cells: _cheque(cells),
        key=lambda cheque: cheque.chequenummer,
        key_name="chequenummer",
        clash=other_name,
    )


def _cheque(cells: list[str]) -> NewIssuedCheque:
    chequenummer, klantnummer, klantnaam, besteld, start, uren = cells
    if not klantnaam:
        raise AdminError("klantnaam is empty")
    ordered, start_by = parse_ddmmyyyy(besteld), parse_ddmmyyyy(start)
    try:
        hours = Decimal(uren.replace(",", "."))
    except InvalidOperation:
        raise AdminError(f"uren {uren!r} is not a number") from None
    if not Decimal(0) < hours <= Decimal(40):
        raise AdminError(f"uren {uren!r} must be more than 0 and at most 40")
    cheque = NewIssuedCheque(
        normalise_chequenummer(chequenummer),
        normalise_klantnummer(klantnummer),
        " ".join(klantnaam.split()),
        ordered,
        start_by,
        int(hours * 60),
    )
    check_issued_cheque(cheque)
    return cheque


def parse_jongeren_csv(text: str, today: date) -> list[NewJongere]:
    """VDAB's jongeren: klantnummer,naam,geboortedatum,diploma_secundair (ja, nee, onbekend)."""
    return read_rows(
        text,
        JONGERE_HEADER,
        lambda number, cells: _jongere(cells, today),
        key=lambda jongere: jongere.klantnummer,
        key_name="klantnummer",
    )


def _jongere(cells: list[str], today: date) -> NewJongere:
    klantnummer, naam, geboren, diploma = cells
    if not naam:
        raise AdminError("naam is empty")
    geboortedatum = parse_ddmmyyyy(geboren)
    try:
        diploma_secundair = Diploma(diploma.lower())
    except ValueError:
        raise AdminError(f"diploma_secundair {diploma!r} must be ja, nee or onbekend") from None
    jongere = NewJongere(
        normalise_klantnummer(klantnummer), " ".join(naam.split()), geboortedatum, diploma_secundair
    )
    check_imported_jongere(jongere, today)
    return jongere


def parse_payments_csv(text: str) -> list[PaymentLine]:
    """VDAB's payment list: chequenummer,gespreksdatum,bedrag,betaald_op (a row may repeat)."""
    return read_rows(text, PAYMENT_HEADER, _payment)


def _payment(number: int, cells: list[str]) -> PaymentLine:
    chequenummer, gespreksdatum, bedrag, betaald_op = cells
    try:
        value = Decimal(bedrag.replace("€", "").strip().replace(",", "."))
    except InvalidOperation:
        raise AdminError(f"bedrag {bedrag!r} is not an amount") from None
    try:
        check_bedrag(value)
    except AdminError:
        raise AdminError(f"bedrag {bedrag!r} must be positive, with at most two decimals") from None
    return PaymentLine(
        number,
        normalise_chequenummer(chequenummer),
        parse_ddmmyyyy(gespreksdatum),
        value.quantize(Decimal("0.01")),
        parse_ddmmyyyy(betaald_op),
    )
