"""A1, the registered cheques, as keyset pages with counts and as a stream for downloads.

A1 walks one index of `cheque_registrations` (organisation, [status,] updated_at, id) whose
entries also carry the registration's search facts, so a filter or trefwoord is checked on the
index entry alone; a date or a number is looked up first and becomes a short id list.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime

from sqlalchemy import (
    ColumnElement,
    Select,
    false,
    func,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.cheques import ChequeStatus
from flows.domain.overviews import (
    Cursor,
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
        order = (
            (R.updated_at.asc(), R.id.asc()) if backwards else (R.updated_at.desc(), R.id.desc())
        )
        rows = (
            await self._session.execute(
                _cheque_lines()
                .where(*where, *keyset(R.updated_at, R.id, cursor))
                .order_by(*order)
                .limit(limit + 1)
            )
        ).all()
        lines = [_cheque_line(*row) for row in rows[:limit]]
        total = await self._session.scalar(select(func.count()).select_from(R).where(*where))
        return Slice(lines[::-1] if backwards else lines, len(rows) > limit, int(total or 0))

    async def stream_cheques(self, query: OverviewQuery) -> AsyncIterator[OverviewLine]:
        """Every line of the filtered overview, newest change first, fetched in batches."""
        where = await self._cheque_where(query)
        statement = (
            _cheque_lines()
            .where(*where)
            .order_by(R.updated_at.desc(), R.id.desc())
            .execution_options(yield_per=STREAM_BATCH)
        )
        result = await self._session.stream(statement)
        async for batch in result.partitions():  # one hop to the driver per batch, not per row
            for row in batch:
                yield _cheque_line(*row)

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


def _cheque_lines() -> Select[
    int, str, str, str, str, int, int, str, date | None, datetime, datetime
]:
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
    )
