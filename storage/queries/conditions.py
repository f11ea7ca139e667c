"""Conditions both overviews build on: text search, keyset order, amounts by rate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    SQLColumnExpression,
    and_,
    exists,
    false,
    literal,
    literal_column,
    or_,
    select,
    tuple_,
)
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.cheques import GesprekType
from flows.domain.overviews import (
    Cursor,
    Order,
)
from flows.domain.rules.keywords import (
    AmountKeyword,
)
from flows.domain.rules.money import RateTable, matches_for_amount
from storage.facts import minutes_token
from storage.models import (
    ClientRow,
    GesprekRow,
    IssuedChequeRow,
    OrganisationRow,
    RegistrationRow,
)

R, G = RegistrationRow, GesprekRow
STREAM_BATCH = 1000
Where = list[ColumnElement[bool]]
# Literal, not a bound parameter: only then can the planner use the partial indexes.
NOT_NAZORG = G.type != literal_column(f"'{GesprekType.NAZORG.value}'")


def real_organisation(organisation_id: SQLColumnExpression[int]) -> ColumnElement[bool]:
    """Rows of a real organisation only: what a query across organisations starts from.

    A practice organisation (/oefenen) holds fictional data; payments, exports, reminders and
    every other read that is not about one given organisation apply this, so practice rows
    never reach them.
    """
    practice = select(OrganisationRow.id).where(OrganisationRow.practice.is_(True))
    return organisation_id.not_in(practice)


def contains(column: SQLColumnExpression[str], text: str) -> ColumnElement[bool]:
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return column.like(f"%{escaped}%", escape="/")


def unindexed(column: SQLColumnExpression[Any]) -> ColumnElement[Any]:
    """The column as an expression no index answers: the walk must stay on the order index."""
    return column + 0


def keyset(
    columns: Sequence[SQLColumnExpression[Any]],
    ident: SQLColumnExpression[int],
    cursor: Cursor,
    descending: bool,
) -> Where:
    """Lines strictly after (or before) a key in (sort key, id) order: a row comparison.

    `descending` is the order shown; after a key in a descending list means below it.
    """
    key = cursor.after if cursor.after is not None else cursor.before
    if key is None or len(key.values) != len(columns):
        return []
    bound = [
        literal(value, getattr(column, "type", None))
        for value, column in zip(key.values, columns, strict=True)
    ]
    here, there = tuple_(*columns, ident), tuple_(*bound, key.id)
    below = (cursor.after is not None) == descending
    return [here < there if below else here > there]


def ordered(
    columns: Sequence[SQLColumnExpression[Any]], ident: SQLColumnExpression[int], descending: bool
) -> list[ColumnElement[Any]]:
    """ORDER BY the sort key, then the id, all one way (so one index answers it)."""
    return [each.desc() if descending else each.asc() for each in (*columns, ident)]


def page_order(
    columns: Sequence[SQLColumnExpression[Any]],
    ident: SQLColumnExpression[int],
    order: Order[Any],
    cursor: Cursor,
) -> list[ColumnElement[Any]]:
    """The order a page is read in: the shown one, reversed when paging back."""
    backwards = cursor.before is not None
    return ordered(columns, ident, order.descending != backwards)


def amount_conditions(
    keyword: AmountKeyword, rates: RateTable
) -> list[tuple[Sequence[int], date, date | None]]:
    return [
        (match.minutes, match.period.start, match.period.end)
        for match in matches_for_amount(keyword.amount, rates)
    ]


def gesprek_amount(
    keyword: AmountKeyword, rates: RateTable, minutes: SQLColumnExpression[int]
) -> ColumnElement[bool]:
    conditions = [
        and_(
            minutes.in_(durations),
            G.datum >= start,
            *([G.datum < end] if end is not None else []),
        )
        for durations, start, end in amount_conditions(keyword, rates)
    ]
    return or_(*conditions) if conditions else false()


def registration_amount(keyword: AmountKeyword, rates: RateTable) -> ColumnElement[bool]:
    """Registrations with a paid gesprek of a matching duration; with several rates, checked."""
    conditions = amount_conditions(keyword, rates)
    tokens = sorted({m for minutes, _, _ in conditions for m in minutes})
    if not tokens:
        return false()
    candidate = or_(*(R.kenmerken.contains(minutes_token(m)) for m in tokens))
    if len(rates.rates) == 1:  # one rate: a duration means one amount, the facts suffice
        return candidate
    paid = exists().where(
        G.registration_id == R.id,
        G.deleted_at.is_(None),
        NOT_NAZORG,
        gesprek_amount(keyword, rates, G.minutes),
    )
    return and_(candidate, paid)


async def cheque_ids(session: AsyncSession, digits: str) -> list[int]:
    """Issued cheques with this chequenummer, or of the client with this klantnummer."""
    by_number = select(IssuedChequeRow.id).where(IssuedChequeRow.chequenummer == digits)
    by_client = (
        select(IssuedChequeRow.id)
        .join(ClientRow, IssuedChequeRow.client_id == ClientRow.id)
        .where(ClientRow.klantnummer == digits)
    )
    return list(await session.scalars(by_number.union(by_client)))
