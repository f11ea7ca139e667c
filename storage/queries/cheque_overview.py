"""A1, the registered cheques, as keyset pages with counts and as a stream for downloads.

A1 walks one index of `cheque_registrations` (organisation, [status,] sort key, id) whose
entries also carry the registration's search facts, so a filter or trefwoord is checked on the
index entry alone; a date or a number is looked up first and becomes a short id list. Every
order (`ChequeSort`) has such an index; pages are keyset pages on (sort key, id).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.cheques import ChequeStatus
from flows.domain.overviews import (
    ChequeSort,
    Cursor,
    KeyValue,
    OverviewLine,
    OverviewQuery,
    Slice,
)
from flows.domain.rules.keywords import (
    AmountKeyword,
    DateKeyword,
    Keyword,
    NumberKeyword,
    TextKeyword,
    TypeKeyword,
)
from storage.facts import type_token
from storage.models import (
    ClientRow,
    GesprekRow,
    IssuedChequeRow,
    RegistrationRow,
)
from storage.queries.conditions import (
    STREAM_BATCH,
    Where,
    cheque_ids,
    contains,
    keyset,
    ordered,
    page_order,
    registration_amount,
)

R, G = RegistrationRow, GesprekRow


class SqlChequeOverview:
    """Reads A1; never loads more than a page, or a batch of a stream, at a time."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    # -- A1: the registered cheques ------------------------------------------------------------
    async def cheques(
        self, query: OverviewQuery, cursor: Cursor, limit: int
    ) -> Slice[OverviewLine]:
        """A page in display order, whether more lie beyond it in the cursor's way, the total."""
        where = await self._cheque_where(query)
        backwards = cursor.before is not None
        columns = sort_columns(query.order.by)
        rows = (
            await self._session.execute(
                _cheque_lines(columns)
                .where(*where, *keyset(columns, R.id, cursor, query.order.descending))
                .order_by(*page_order(columns, R.id, query.order, cursor))
                .limit(limit + 1)
            )
        ).all()
        lines = [_cheque_line(*row) for row in rows[:limit]]
        total = await self._session.scalar(select(func.count()).select_from(R).where(*where))
        return Slice(lines[::-1] if backwards else lines, len(rows) > limit, int(total or 0))

    async def stream_cheques(self, query: OverviewQuery) -> AsyncIterator[OverviewLine]:
        """Every line of the filtered overview in its order, fetched in batches."""
        where = await self._cheque_where(query)
        columns = sort_columns(query.order.by)
        statement = (
            _cheque_lines(columns)
            .where(*where)
            .order_by(*ordered(columns, R.id, query.order.descending))
            .execution_options(yield_per=STREAM_BATCH)
        )
        result = await self._session.stream(statement)
        async for batch in result.partitions():  # one hop to the driver per batch, not per row
            for row in batch:
                yield _cheque_line(*row)

    async def count_cheques(self, query: OverviewQuery) -> int:
        """How many lines `stream_cheques` gives (counted exactly: a download's progress)."""
        where = await self._cheque_where(query)
        return int(
            await self._session.scalar(select(func.count()).select_from(R).where(*where)) or 0
        )

    async def _cheque_where(self, query: OverviewQuery) -> Where:
        where: Where = [R.organisation_id == query.organisation_id, R.released_at.is_(None)]
        status = query.filter.status
        if status is not None:
            where.append(R.status == status.value)
        if query.keyword is not None:
            where.append(await self._cheque_keyword(query, query.keyword))
        return where

    async def _cheque_keyword(self, query: OverviewQuery, keyword: Keyword) -> ColumnElement[bool]:
        if isinstance(keyword, NumberKeyword):
            cheques = await cheque_ids(self._session, keyword.digits)
            return R.issued_cheque_id.in_(cheques) if cheques else false()
        if isinstance(keyword, DateKeyword):
            day = select(G.registration_id).where(
                G.organisation_id == query.organisation_id,
                G.datum == keyword.day,
                G.deleted_at.is_(None),
            )
            return R.id.in_(day)
        if isinstance(keyword, AmountKeyword):
            return registration_amount(keyword, query.rates)
        if isinstance(keyword, TypeKeyword):
            return R.kenmerken.contains(type_token(keyword.type))
        assert isinstance(keyword, TextKeyword)
        return or_(contains(R.klant_zoek, keyword.text), contains(R.begeleiders_zoek, keyword.text))


SORT_COLUMNS: dict[ChequeSort, tuple[SQLColumnExpression[Any], ...]] = {
    ChequeSort.GEWIJZIGD: (R.updated_at,),
    ChequeSort.KLANTNAAM: (R.klant_zoek,),
    ChequeSort.CHEQUENUMMER: (R.chequenummer_sort,),
    ChequeSort.BEGELEIDER: (R.begeleiders_zoek,),
    ChequeSort.STATUS: (R.status, R.updated_at),
}


def sort_columns(by: ChequeSort) -> tuple[SQLColumnExpression[Any], ...]:
    """What A1 sorts by, each with its own index (models: the overview indexes)."""
    return SORT_COLUMNS[by]


def _cheque_lines(columns: Sequence[SQLColumnExpression[Any]]) -> Select[*tuple[Any, ...]]:
    return (
        select(
            R.id,
            IssuedChequeRow.chequenummer,
            ClientRow.klantnummer,
            ClientRow.naam,
            R.status,
            IssuedChequeRow.minutes,
            R.minuten_gebruikt,
            R.begeleiders,
            R.laatste_gesprek,
            R.registered_at,
            R.updated_at,
            *columns,
        )
        .join(IssuedChequeRow, R.issued_cheque_id == IssuedChequeRow.id)
        .join(ClientRow, IssuedChequeRow.client_id == ClientRow.id)
    )


def _cheque_line(
    ident: int,
    chequenummer: str,
    klantnummer: str,
    klantnaam: str,
    status: str,
    minutes: int,
    used: int,
    begeleiders: str,
    laatste: date | None,
    registered_at: datetime,
    updated_at: datetime,
    *sort_values: KeyValue,
) -> OverviewLine:
    return OverviewLine(
        ident,
        chequenummer,
        klantnummer,
        klantnaam,
        ChequeStatus(status),
        minutes,
        used,
        begeleiders,
        laatste,
        registered_at,
        updated_at,
        tuple(sort_values),
    )
