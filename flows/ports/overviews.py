"""What the overviews (A1–A3) need from storage, as a narrow Protocol; storage implements it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date, datetime
from typing import Protocol

from flows.domain.overviews import (
    Cursor,
    FinancialLine,
    FinancialQuery,
    OverviewLine,
    OverviewQuery,
    Slice,
)
from flows.domain.rules.money import DurationCount


class OverviewRepository(Protocol):
    """Keyset pages with counts, and streams, of an organisation's cheques and paid gesprekken."""

    async def cheques(
        self, query: OverviewQuery, cursor: Cursor, limit: int
    ) -> Slice[OverviewLine]: ...

    def stream_cheques(self, query: OverviewQuery) -> AsyncIterator[OverviewLine]: ...

    async def count_cheques(self, query: OverviewQuery) -> int: ...

    async def gesprekken(
        self, query: FinancialQuery, cursor: Cursor, limit: int
    ) -> Slice[FinancialLine]: ...

    async def duration_counts(
        self,
        query: FinancialQuery,
        months: Sequence[tuple[date, datetime, datetime]],
        counted: int | None = None,
    ) -> list[DurationCount]: ...

    def stream_gesprekken(self, query: FinancialQuery) -> AsyncIterator[FinancialLine]: ...

    async def count_gesprekken(self, query: FinancialQuery) -> int: ...
