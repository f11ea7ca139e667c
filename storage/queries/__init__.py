"""The read side: one module per overview, behind the one port the flows read through."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.overviews import (
    Cursor,
    FinancialLine,
    FinancialQuery,
    OverviewLine,
    OverviewQuery,
    Slice,
)
from flows.domain.rules.money import DurationCount
from storage.queries.cheque_overview import SqlChequeOverview
from storage.queries.financial_overview import SqlFinancialOverview


class SqlOverviewRepository:
    """A1 and A2 together, as the flows' `OverviewRepository` port asks for them."""

    def __init__(self, session: AsyncSession) -> None:
        self._cheques = SqlChequeOverview(session)
        self._gesprekken = SqlFinancialOverview(session)

    async def cheques(
        self, query: OverviewQuery, cursor: Cursor, limit: int
    ) -> Slice[OverviewLine]:
        return await self._cheques.cheques(query, cursor, limit)

    def stream_cheques(self, query: OverviewQuery) -> AsyncIterator[OverviewLine]:
        return self._cheques.stream_cheques(query)

    async def count_cheques(self, query: OverviewQuery) -> int:
        return await self._cheques.count_cheques(query)

    async def gesprekken(
        self, query: FinancialQuery, cursor: Cursor, limit: int
    ) -> Slice[FinancialLine]:
        return await self._gesprekken.gesprekken(query, cursor, limit)

    async def duration_counts(
        self,
        query: FinancialQuery,
        months: Sequence[tuple[date, datetime, datetime]],
        counted: int | None = None,
    ) -> list[DurationCount]:
        return await self._gesprekken.duration_counts(query, months, counted)

    def stream_gesprekken(self, query: FinancialQuery) -> AsyncIterator[FinancialLine]:
        return self._gesprekken.stream_gesprekken(query)

    async def count_gesprekken(self, query: FinancialQuery) -> int:
        return await self._gesprekken.count_gesprekken(query)
