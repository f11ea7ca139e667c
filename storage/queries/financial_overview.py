"""A2, the paid gesprekken, as keyset pages, month totals and a stream for downloads.

A2 has two ways to a page of paid gesprekken. *Walk*: along the covering index (organisation,
registered_at, id, …, begeleider, the client's name) checking each entry; cheap when many lines
match. *Sets*: from the trefwoord's own index (a day, a duration, a type, the cheques of
matching clients, a begeleider), then sorted; cheap when few match. The count, taken the sets
way, decides which.

Without a trefwoord, the count and the month totals come from the pre-counted rows that
storage/totals.py keeps (a few rows per organisation and registration day), not the gesprekken.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    CompoundSelect,
    Date,
    Integer,
    Select,
    SQLColumnExpression,
    and_,
    any_,
    bindparam,
    case,
    false,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.cheques import GesprekType, GesprekVorm
from flows.domain.overviews import (
    COUNT_CAP,
    Cursor,
    FinancialLine,
    FinancialQuery,
    FinancialSort,
    KeyValue,
    PaidFilter,
    Slice,
)
from flows.domain.rules.keywords import (
    AmountKeyword,
    DateKeyword,
    NumberKeyword,
    TextKeyword,
    TypeKeyword,
)
from flows.domain.rules.money import DurationCount, RateTable
from storage import totals
from storage.models import (
    BegeleiderNaamRow,
    ClientRow,
    GesprekAantalRow,
    GesprekRow,
    GesprekTotaalRow,
    IssuedChequeRow,
    RegistrationRow,
)
from storage.queries.conditions import (
    NOT_NAZORG,
    STREAM_BATCH,
    Where,
    cheque_ids,
    contains,
    gesprek_amount,
    keyset,
    ordered,
    page_order,
    unindexed,
)

R, G, T, A = RegistrationRow, GesprekRow, GesprekTotaalRow, GesprekAantalRow

CLIENT_LIMIT = 2000  # registrations a name part may match before A2 walks instead


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


class SqlFinancialOverview:
    """Reads A2; never loads more than a page, or a batch of a stream, at a time."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        # One screen asks for a page and then its month totals: look the trefwoord up once.
        self._ways: dict[FinancialQuery, _Ways] = {}

    # -- A2: the paid gesprekken ---------------------------------------------------------------
    async def gesprekken(
        self, query: FinancialQuery, cursor: Cursor, limit: int
    ) -> Slice[FinancialLine]:
        """A page (newest registration first), whether more lie beyond it, and the total."""
        ways = await self._gesprek_ways(query)
        counted = ways.walk if ways.sets is None else ways.sets
        if query.keyword is None:  # the pre-counted rows give the exact total
            total: int | None = await self._counted_total(query)
        elif ways.many:
            total = COUNT_CAP + 1
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
        columns = sort_columns(query.order.by, query.rates)
        rows = (
            await self._session.execute(
                _gesprek_lines(columns)
                .where(*where, *keyset(columns, G.id, cursor, query.order.descending))
                .order_by(*page_order(columns, G.id, query.order, cursor))
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
        if query.keyword is None:
            return await self._counted_months(query, months)
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

    async def _counted_total(self, query: FinancialQuery) -> int:
        """The organisation's paid gesprekken under the payment filter, from its count rows."""
        await totals.flush(self._session)
        found = await self._session.scalar(select(func.sum(A.aantal)).where(*_counted(query, A)))
        return int(found or 0)

    async def _counted_months(
        self, query: FinancialQuery, months: Sequence[tuple[date, datetime, datetime]]
    ) -> list[DurationCount]:
        """Each month's whole UTC days from the pre-counted rows; the hours its start and end
        cut off a UTC day (a time zone's midnight) from the gesprekken themselves; one
        statement, reading one index range per month and per cut."""
        await totals.flush(self._session)
        walk = (await self._gesprek_ways(query)).walk
        period = _period_start(query.rates)
        counted_period = _period_start(query.rates, T.datum)
        days: list[tuple[date, date, date]] = []  # (month, first day, last day)
        hours: list[tuple[date, datetime, datetime]] = []
        for month, start, end in months:
            first, last = _whole_days(start, end)
            if first < last:
                days.append((month, first, last))
            hours += [(month, a, b) for a, b in _cut_hours(start, end)]
        parts: list[Select[date, date | None, int, int]] = []
        for month, first, last in days:  # one index range each
            parts.append(
                select(literal(month, Date), counted_period, T.minutes, func.sum(T.aantal))
                .where(*_counted(query, T), T.dag >= first, T.dag < last)
                .group_by(counted_period, T.minutes)
                .having(func.sum(T.aantal) > 0)  # rows whose gesprekken all went away
            )
        for month, a, b in hours:
            parts.append(
                select(literal(month, Date), period, G.minutes, func.count())
                .where(*walk, _within(a, b))
                .group_by(period, G.minutes)
            )
        if not parts:
            return []
        rows = await self._session.execute(union_all(*parts) if len(parts) > 1 else parts[0])
        return [DurationCount(month, day, minutes, int(n)) for month, day, minutes, n in rows]

    async def stream_gesprekken(self, query: FinancialQuery) -> AsyncIterator[FinancialLine]:
        """Every line of the filtered financial overview in its order, in batches."""
        walk = (await self._gesprek_ways(query)).walk
        columns = sort_columns(query.order.by, query.rates)
        statement = (
            _gesprek_lines(columns)
            .where(*walk)
            .order_by(*ordered(columns, G.id, query.order.descending))
            .execution_options(yield_per=STREAM_BATCH)
        )
        result = await self._session.stream(statement)
        async for batch in result.partitions():
            for row in batch:
                yield _gesprek_line(*row)

    async def count_gesprekken(self, query: FinancialQuery) -> int:
        """How many lines `stream_gesprekken` gives (counted exactly: a download's progress)."""
        if query.keyword is None:
            return await self._counted_total(query)
        walk = (await self._gesprek_ways(query)).walk
        return int(
            await self._session.scalar(select(func.count()).select_from(G).where(*walk)) or 0
        )

    async def _gesprek_ways(self, query: FinancialQuery) -> _Ways:
        """The query's conditions, the sets way and the walk way (see the module docstring)."""
        if query not in self._ways:
            self._ways[query] = await self._find_ways(query)
        return self._ways[query]

    async def _find_ways(self, query: FinancialQuery) -> _Ways:
        organisation = G.organisation_id == query.organisation_id
        paid: Where = [G.deleted_at.is_(None), NOT_NAZORG]
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
                [organisation, *paid, gesprek_amount(keyword, query.rates, G.minutes)],
                [organisation, *paid, gesprek_amount(keyword, query.rates, unindexed(G.minutes))],
            )
        assert isinstance(keyword, TextKeyword)
        names, clients = await self._text_matches(query.organisation_id, keyword.text)
        by_name = G.begeleider.in_(names)
        by_client = contains(G.klant_zoek, keyword.text)  # on the order index's entry
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
                    contains(BegeleiderNaamRow.zoek, text),
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
        cheques = await cheque_ids(self._session, digits)
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
        contains(R.klant_zoek, text),
    )


def _within(start: datetime, end: datetime) -> ColumnElement[bool]:
    return and_(G.registered_at >= start, G.registered_at < end)


def _period_start(
    rates: RateTable, datum: SQLColumnExpression[date] = G.datum
) -> ColumnElement[date | None]:
    """The start of the rate period a gesprek's date falls in (None before the first)."""
    whens = [(datum >= rate.start, rate.start) for rate in reversed(rates.rates)]
    return case(*whens, else_=None)


def _counted(query: FinancialQuery, table: type[GesprekTotaalRow | GesprekAantalRow]) -> Where:
    """The pre-counted rows of the query's organisation under its payment filter."""
    where: Where = [table.organisation_id == query.organisation_id]
    if query.paid is PaidFilter.BETAALD:
        where.append(table.betaald.is_(True))
    elif query.paid is PaidFilter.NIET_BETAALD:
        where.append(table.betaald.is_(False))
    return where


def _utc_midnight(moment: datetime) -> datetime:
    return datetime.combine(moment.astimezone(UTC).date(), time(), tzinfo=UTC)


def _whole_days(start: datetime, end: datetime) -> tuple[date, date]:
    """The UTC days [first, last) wholly inside [start, end)."""
    first = _utc_midnight(start)
    if first < start:
        first += timedelta(days=1)
    return first.date(), _utc_midnight(end).date()


def _cut_hours(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The parts of [start, end) outside its whole UTC days (none when they meet midnight)."""
    first, last = _whole_days(start, end)
    begin = datetime.combine(first, time(), tzinfo=UTC)
    finish = datetime.combine(last, time(), tzinfo=UTC)
    if begin >= finish:  # less than one whole day: the gesprekken themselves
        return [(start, end)]
    return [(a, b) for a, b in ((start, begin), (finish, end)) if a < b]


def sort_columns(by: FinancialSort, rates: RateTable) -> tuple[SQLColumnExpression[Any], ...]:
    """What A2 sorts by, each with its own index; the amount by minutes under one rate."""
    if by is FinancialSort.GESPREKSDATUM:
        return (G.datum,)
    if by is FinancialSort.BEGELEIDER:
        return (G.begeleider,)
    if by is FinancialSort.BEDRAG:
        return (G.minutes,) if len(rates.rates) == 1 else (_worth(rates),)
    return (G.registered_at,)


def _worth(rates: RateTable) -> ColumnElement[int]:
    """Minutes times the rate in force (in 1/10000 euro per hour): the amount's order, exact.

    Several rates make the amount an expression no index holds: sorting by it reads every
    paid gesprek of the organisation once (a top-N sort), still without loading them.
    """
    whens = [
        (G.datum >= rate.start, G.minutes * int(rate.per_hour * 10000))
        for rate in reversed(rates.rates)
    ]
    return case(*whens, else_=0)


def _gesprek_lines(columns: Sequence[SQLColumnExpression[Any]]) -> Select[*tuple[Any, ...]]:
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
            *columns,
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
    *sort_values: KeyValue,
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
        tuple(sort_values),
    )
