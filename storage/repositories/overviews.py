"""The overviews (A1, A2) as keyset pages with counts, and as streams for the downloads.

A1 walks one index of `cheque_registrations` (organisation, [status,] updated_at, id) whose
entries also carry the registration's search facts, so a filter or trefwoord is checked on the
index entry alone; a date or a number is looked up first and becomes a short id list.

A2 has two ways to a page of paid gesprekken. *Walk*: along the covering index (organisation,
registered_at, id, …, begeleider, the client's name) checking each entry; cheap when many lines
match. *Sets*: from the trefwoord's own index (a day, a duration, a type, the cheques of
matching clients, a begeleider), then sorted; cheap when few match. The count, taken the sets
way, decides which.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    CompoundSelect,
    Integer,
    Select,
    SQLColumnExpression,
    and_,
    any_,
    bindparam,
    case,
    exists,
    false,
    func,
    literal,
    literal_column,
    or_,
    select,
    tuple_,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.cheques import ChequeStatus, GesprekType, GesprekVorm
from flows.domain.overviews import (
    COUNT_CAP,
    Cursor,
    FinancialLine,
    FinancialQuery,
    OverviewLine,
    OverviewQuery,
    PaidFilter,
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
from flows.domain.rules.money import DurationCount, RateTable, matches_for_amount
from storage.facts import minutes_token, type_token
from storage.models import (
    BegeleiderNaamRow,
    ClientRow,
    GesprekRow,
    IssuedChequeRow,
    RegistrationRow,
    UtcDateTime,
)

R, G = RegistrationRow, GesprekRow
STREAM_BATCH = 1000
CLIENT_LIMIT = 2000  # registrations a name part may match before A2 walks instead
Where = list[ColumnElement[bool]]
# Literal, not a bound parameter: only then can the planner use the partial indexes.
_NOT_NAZORG = G.type != literal_column(f"'{GesprekType.NAZORG.value}'")


def _contains(column: SQLColumnExpression[str], text: str) -> ColumnElement[bool]:
    escaped = text.replace("/", "//").replace("%", "/%").replace("_", "/_")
    return column.like(f"%{escaped}%", escape="/")


def _unindexed(column: SQLColumnExpression[Any]) -> ColumnElement[Any]:
    """The column as an expression no index answers: the walk must stay on the order index."""
    return column + 0


def _keyset(
    at: SQLColumnExpression[datetime], ident: SQLColumnExpression[int], cursor: Cursor
) -> Where:
    """Lines strictly after (or before) a key in (moment, id) order: a row comparison."""
    if cursor.after is not None:
        key = cursor.after
        return [tuple_(at, ident) < tuple_(literal(key.at, UtcDateTime()), key.id)]
    if cursor.before is not None:
        key = cursor.before
        return [tuple_(at, ident) > tuple_(literal(key.at, UtcDateTime()), key.id)]
    return []


@dataclass(frozen=True)
class _Ways:
    """A2 conditions: `sets` (None when known to match many) and `walk`; capped counting."""

    sets: Where | None
    walk: Where
    capped: bool = False
    ids: Select[int] | CompoundSelect[int] | None = None  # the sets way as ids, for counting
    many: bool = False  # known to match more than COUNT_CAP: no need to count

    @classmethod
    def same(cls, where: Where) -> _Ways:
        return cls(where, where)


class SqlOverviewRepository:
    """Reads the overviews; never loads more than a page, or a batch of a stream, at a time."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # One screen asks for a page and then its month totals: look the trefwoord up once.
        self._ways: dict[FinancialQuery, _Ways] = {}

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
                .where(*where, *_keyset(R.updated_at, R.id, cursor))
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
            cheques = await self._cheque_ids(keyword.digits)
            return R.issued_cheque_id.in_(cheques) if cheques else false()
        if isinstance(keyword, DateKeyword):
            day = select(G.registration_id).where(
                G.organisation_id == query.organisation_id,
                G.datum == keyword.day,
                G.deleted_at.is_(None),
            )
            return R.id.in_(day)
        if isinstance(keyword, AmountKeyword):
            return _registration_amount(keyword, query.rates)
        if isinstance(keyword, TypeKeyword):
            return R.kenmerken.contains(type_token(keyword.type))
        assert isinstance(keyword, TextKeyword)
        return or_(
            _contains(R.klant_zoek, keyword.text), _contains(R.begeleiders_zoek, keyword.text)
        )

    async def _cheque_ids(self, digits: str) -> list[int]:
        """Issued cheques with this chequenummer, or of the client with this klantnummer."""
        by_number = select(IssuedChequeRow.id).where(IssuedChequeRow.chequenummer == digits)
        by_client = (
            select(IssuedChequeRow.id)
            .join(ClientRow, IssuedChequeRow.client_id == ClientRow.id)
            .where(ClientRow.klantnummer == digits)
        )
        return list(await self._session.scalars(by_number.union(by_client)))

    # -- A2: the paid gesprekken ---------------------------------------------------------------
    async def gesprekken(
        self, query: FinancialQuery, cursor: Cursor, limit: int
    ) -> Slice[FinancialLine]:
        """A page (newest registration first), whether more lie beyond it, and the total."""
        ways = await self._gesprek_ways(query)
        counted = ways.walk if ways.sets is None else ways.sets
        if ways.many:
            total: int | None = COUNT_CAP + 1
        elif ways.ids is not None:
            first = ways.ids.limit(COUNT_CAP + 1).subquery()
            total = await self._session.scalar(select(func.count()).select_from(first))
        elif ways.capped:
            first = select(G.id).where(*counted).limit(COUNT_CAP + 1).subquery()
            total = await self._session.scalar(select(func.count()).select_from(first))
        else:
            total = await self._session.scalar(select(func.count()).select_from(G).where(*counted))
        total = int(total or 0)
        where = ways.walk if ways.sets is None or total > COUNT_CAP else ways.sets
        backwards = cursor.before is not None
        order = (
            (G.registered_at.asc(), G.id.asc())
            if backwards
            else (G.registered_at.desc(), G.id.desc())
        )
        rows = (
            await self._session.execute(
                _gesprek_lines()
                .where(*where, *_keyset(G.registered_at, G.id, cursor))
                .order_by(*order)
                .limit(limit + 1)
            )
        ).all()
        lines = [_gesprek_line(*row) for row in rows[:limit]]
        return Slice(lines[::-1] if backwards else lines, len(rows) > limit, total)

    async def duration_counts(
        self,
        query: FinancialQuery,
        months: Sequence[tuple[date, datetime, datetime]],
        counted: int | None = None,
    ) -> list[DurationCount]:
        """Paid gesprekken registered in each month ([start, end)) by rate period and duration.

        `counted` is the page's total when the caller has it: a narrow trefwoord (few matches)
        then groups its matches in one query; otherwise each month is one range of the order
        index, walked.
        """
        ways = await self._gesprek_ways(query)
        total = counted
        period = _period_start(query.rates)
        if ways.sets is not None and total is not None and total <= COUNT_CAP and months:
            # Few matches: group them all at once, each under the month it falls in.
            label = case(*[(_within(start, end), day) for day, start, end in months])
            rows = await self._session.execute(
                select(label, period, G.minutes, func.count())
                .where(*ways.sets, or_(*[_within(start, end) for _, start, end in months]))
                .group_by(label, period, G.minutes)
            )
            return [DurationCount(day, start_day, m, n) for day, start_day, m, n in rows]
        where = ways.walk
        found: list[DurationCount] = []
        for month, start, end in months:
            rows = await self._session.execute(
                select(period, G.minutes, func.count())
                .where(*where, G.registered_at >= start, G.registered_at < end)
                .group_by(period, G.minutes)
            )
            found += [DurationCount(month, day, minutes, n) for day, minutes, n in rows]
        return found

    async def stream_gesprekken(self, query: FinancialQuery) -> AsyncIterator[FinancialLine]:
        """Every line of the filtered financial overview, newest registration first, in batches."""
        walk = (await self._gesprek_ways(query)).walk
        statement = (
            _gesprek_lines()
            .where(*walk)
            .order_by(G.registered_at.desc(), G.id.desc())
            .execution_options(yield_per=STREAM_BATCH)
        )
        result = await self._session.stream(statement)
        async for batch in result.partitions():
            for row in batch:
                yield _gesprek_line(*row)

    async def _gesprek_ways(self, query: FinancialQuery) -> _Ways:
        """The query's conditions, the sets way and the walk way (see the module docstring)."""
        if query not in self._ways:
            self._ways[query] = await self._find_ways(query)
        return self._ways[query]

    async def _find_ways(self, query: FinancialQuery) -> _Ways:
        organisation = G.organisation_id == query.organisation_id
        paid: Where = [G.deleted_at.is_(None), _NOT_NAZORG]
        if query.paid is PaidFilter.BETAALD:
            paid.append(G.betaald_op.is_not(None))
        elif query.paid is PaidFilter.NIET_BETAALD:
            paid.append(G.betaald_op.is_(None))
        keyword = query.keyword
        if keyword is None:
            return _Ways(None, [organisation, *paid])
        if isinstance(keyword, NumberKeyword):
            ids = await self._registration_ids(query.organisation_id, keyword.digits)
            return _Ways.same([*paid, G.registration_id.in_(ids) if ids else false()])
        if isinstance(keyword, DateKeyword):
            return _Ways.same([organisation, *paid, G.datum == keyword.day])
        if isinstance(keyword, TypeKeyword):
            return _Ways.same([organisation, *paid, G.type == keyword.type.value])
        if isinstance(keyword, AmountKeyword):
            return _Ways(
                [organisation, *paid, _gesprek_amount(keyword, query.rates, G.minutes)],
                [organisation, *paid, _gesprek_amount(keyword, query.rates, _unindexed(G.minutes))],
            )
        assert isinstance(keyword, TextKeyword)
        names, clients = await self._text_matches(query.organisation_id, keyword.text)
        by_name = G.begeleider.in_(names)
        by_client = _contains(G.klant_zoek, keyword.text)  # on the order index's entry
        walk = [organisation, *paid, or_(by_client, by_name) if names else by_client]
        if clients is None:  # a very common name part: many lines match; walk, checking each
            # Every registration keeps its intake (A8.1), so more than CLIENT_LIMIT > COUNT_CAP.
            return _Ways(None, walk, capped=True, many=query.paid is PaidFilter.ALLE)
        # The sets way: each part from its own index, disjoint, one after the other (an OR
        # would make SQLite scan; a UNION would collect both parts before counting).
        parts = [select(G.id).where(*paid, self._among(G.registration_id, clients))]
        if names:
            others = ~self._among(G.registration_id, clients)
            parts.append(select(G.id).where(organisation, *paid, by_name, others))
        found = union_all(*parts) if len(parts) > 1 else parts[0]
        return _Ways([G.id.in_(found)], walk, capped=True, ids=found)

    def _among(self, column: SQLColumnExpression[int], ids: list[int]) -> ColumnElement[bool]:
        """`column` is one of `ids`, given as one bound parameter (thousands of IN parameters
        cost milliseconds to bind; PostgreSQL compares against the array directly)."""
        if self._session.get_bind().dialect.name == "postgresql":
            return column == any_(bindparam("ids", ids, type_=ARRAY(Integer)))
        values = func.json_each(bindparam("ids", json.dumps(ids))).table_valued("value")
        return column.in_(select(values.c.value))

    async def _text_matches(
        self, organisation_id: int, text: str
    ) -> tuple[list[str], list[int] | None]:
        """Begeleider names containing the text, and the organisation's registrations whose
        client's name contains it (None when more than CLIENT_LIMIT: then a walk is cheaper)."""
        names = list(
            await self._session.scalars(
                select(BegeleiderNaamRow.naam).where(
                    BegeleiderNaamRow.organisation_id == organisation_id,
                    _contains(BegeleiderNaamRow.zoek, text),
                )
            )
        )
        found = list(
            await self._session.scalars(
                _client_registrations(organisation_id, text).limit(CLIENT_LIMIT + 1)
            )
        )
        return names, (found if len(found) <= CLIENT_LIMIT else None)

    async def _registration_ids(self, organisation_id: int, digits: str) -> list[int]:
        cheques = await self._cheque_ids(digits)
        if not cheques:
            return []
        registrations = select(R.id).where(
            R.organisation_id == organisation_id,
            R.released_at.is_(None),
            R.issued_cheque_id.in_(cheques),
        )
        return list(await self._session.scalars(registrations))


def _client_registrations(organisation_id: int, text: str) -> Select[int]:
    """The organisation's registrations whose client's name contains the text."""
    return select(R.id).where(
        R.organisation_id == organisation_id,
        R.released_at.is_(None),
        _contains(R.klant_zoek, text),
    )


def _amount_conditions(
    keyword: AmountKeyword, rates: RateTable
) -> list[tuple[Sequence[int], date, date | None]]:
    return [
        (match.minutes, match.period.start, match.period.end)
        for match in matches_for_amount(keyword.amount, rates)
    ]


def _gesprek_amount(
    keyword: AmountKeyword, rates: RateTable, minutes: SQLColumnExpression[int]
) -> ColumnElement[bool]:
    conditions = [
        and_(
            minutes.in_(durations),
            G.datum >= start,
            *([G.datum < end] if end is not None else []),
        )
        for durations, start, end in _amount_conditions(keyword, rates)
    ]
    return or_(*conditions) if conditions else false()


def _registration_amount(keyword: AmountKeyword, rates: RateTable) -> ColumnElement[bool]:
    """Registrations with a paid gesprek of a matching duration; with several rates, checked."""
    conditions = _amount_conditions(keyword, rates)
    tokens = sorted({m for minutes, _, _ in conditions for m in minutes})
    if not tokens:
        return false()
    candidate = or_(*(R.kenmerken.contains(minutes_token(m)) for m in tokens))
    if len(rates.rates) == 1:  # one rate: a duration means one amount, the facts suffice
        return candidate
    paid = exists().where(
        G.registration_id == R.id,
        G.deleted_at.is_(None),
        _NOT_NAZORG,
        _gesprek_amount(keyword, rates, G.minutes),
    )
    return and_(candidate, paid)


def _within(start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(G.registered_at >= start, G.registered_at < end)


def _period_start(rates: RateTable) -> ColumnElement[date | None]:
    """The start of the rate period a gesprek's date falls in (None before the first)."""
    whens = [(G.datum >= rate.start, rate.start) for rate in reversed(rates.rates)]
    return case(*whens, else_=None)


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


def _gesprek_lines() -> Select[
    int, int, str, str, str, date, str, str, str, int, datetime, date | None, int | None
]:
    return (
        select(
            G.id,
            G.registration_id,
            IssuedChequeRow.chequenummer,
            ClientRow.klantnummer,
            ClientRow.naam,
            G.datum,
            G.begeleider,
            G.type,
            G.vorm,
            G.minutes,
            G.registered_at,
            G.betaald_op,
            G.betaald_cent,
        )
        .join(R, G.registration_id == R.id)
        .join(IssuedChequeRow, R.issued_cheque_id == IssuedChequeRow.id)
        .join(ClientRow, IssuedChequeRow.client_id == ClientRow.id)
    )


def _gesprek_line(
    ident: int,
    registration_id: int,
    chequenummer: str,
    klantnummer: str,
    klantnaam: str,
    datum: date,
    begeleider: str,
    kind: str,
    vorm: str,
    minutes: int,
    registered_at: datetime,
    betaald_op: date | None,
    betaald_cent: int | None,
) -> FinancialLine:
    return FinancialLine(
        ident,
        registration_id,
        chequenummer,
        klantnummer,
        klantnaam,
        datum,
        begeleider,
        GesprekType(kind),
        GesprekVorm(vorm),
        minutes,
        registered_at,
        betaald_op,
        betaald_cent,
    )
