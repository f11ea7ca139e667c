"""Reading an import file all or nothing: every bad line reported with its number."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import TypeVar

from flows.domain import Refusal

Row = TypeVar("Row")


class AdminError(Exception):
    """The request cannot be carried out; the message says why, in one line per problem."""


def read_rows(
    text: str,
    header: Sequence[str],
    parse: Callable[[int, list[str]], Row],
    *,
    key: Callable[[Row], str],
    key_name: str,
    clash: Callable[[Row], str | None] = lambda row: None,
) -> list[Row]:
    """Parse every line of a CSV file, or raise one AdminError naming every bad line.

    `key` must be unique within the file; `clash` may refuse a row that contradicts an
    earlier one. Blank lines are skipped; a byte-order mark is allowed.
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
        if key(row) in seen:
            problems.append(f"line {number}: {key_name} {key(row)} also on line {seen[key(row)]}")
        elif (contradiction := clash(row)) is not None:
            problems.append(f"line {number}: {contradiction}")
        seen.setdefault(key(row), number)
        rows.append(row)
    if problems:
        raise AdminError("\n".join(problems))
    return rows
