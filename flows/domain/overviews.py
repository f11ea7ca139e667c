"""Values of the two overviews (A1, A2): what is asked of storage, and the lines it returns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Generic, TypeVar

from flows.domain.cheques import ChequeStatus, GesprekType, GesprekVorm
from flows.domain.labels import Labelled
from flows.domain.rules.keywords import Keyword
from flows.domain.rules.money import DEFAULT_RATES, RateTable, amount


class StatusFilter(Labelled):
    """The A1 filter: active only (the default), everything, or one closed status."""

    ACTIEF = "actief", "enkel actieve (cheque in gebruik)"
    ALLE = "alle", "alle"
    AFGESLOTEN = "afgesloten", "cheque afgesloten"
    STOPGEZET = "stopgezet", "cheque stopgezet"

    @property
    def status(self) -> ChequeStatus | None:
        return {
            StatusFilter.ACTIEF: ChequeStatus.IN_GEBRUIK,
            StatusFilter.ALLE: None,
            StatusFilter.AFGESLOTEN: ChequeStatus.AFGESLOTEN,
            StatusFilter.STOPGEZET: ChequeStatus.STOPGEZET,
        }[self]


class PaidFilter(Labelled):
    """The A2 filter on VDAB's payment state."""

    ALLE = "alle", "alle"
    BETAALD = "betaald", "betaald"
    NIET_BETAALD = "niet_betaald", "nog niet betaald"


KeyValue = datetime | date | str | int


class ChequeSort(Labelled):
    """The orders of A1 (handbook: ⇅ next to each column); the first is the default."""

    GEWIJZIGD = "gewijzigd", "datum laatst gewijzigd"
    KLANTNAAM = "klantnaam", "klantnaam"
    CHEQUENUMMER = "chequenummer", "chequenummer"
    BEGELEIDER = "begeleider", "begeleider"
    STATUS = "status", "status"

    @property
    def kinds(self) -> tuple[type, ...]:
        """The types of the sort key's values (the id follows them)."""
        return {ChequeSort.GEWIJZIGD: (datetime,), ChequeSort.STATUS: (str, datetime)}.get(
            self, (str,)
        )


class FinancialSort(Labelled):
    """The orders of A2; the first is the default."""

    REGISTRATIEDATUM = "registratiedatum", "registratiedatum"
    GESPREKSDATUM = "gespreksdatum", "gespreksdatum"
    BEDRAG = "bedrag", "bedrag"
    BEGELEIDER = "begeleider", "begeleider"

    @property
    def kinds(self) -> tuple[type, ...]:
        return {
            FinancialSort.REGISTRATIEDATUM: (datetime,),
            FinancialSort.GESPREKSDATUM: (date,),
            FinancialSort.BEDRAG: (int,),
            FinancialSort.BEGELEIDER: (str,),
        }[self]


S = TypeVar("S", ChequeSort, FinancialSort)


@dataclass(frozen=True)
class Order(Generic[S]):
    """A column to sort by and the way: `descending` puts the highest (newest, Z) first."""

    by: S
    descending: bool


DEFAULT_CHEQUE_ORDER = Order(ChequeSort.GEWIJZIGD, True)
DEFAULT_FINANCIAL_ORDER = Order(FinancialSort.REGISTRATIEDATUM, True)


@dataclass(frozen=True)
class Key:
    """Where a line sits in its overview's order: the sort key's values, then the id."""

    values: tuple[KeyValue, ...]
    id: int

    def dump(self) -> list[object]:
        return [*(v.isoformat() if isinstance(v, date) else v for v in self.values), self.id]

    @classmethod
    def load(cls, raw: Sequence[object], kinds: tuple[type, ...]) -> Key | None:
        """The key stored by `dump` for an order with these value kinds; None if it is not one."""
        if len(raw) != len(kinds) + 1:
            return None
        values: list[KeyValue] = []
        try:
            for kind, value in zip(kinds, raw, strict=False):
                values.append(_value(kind, value))
            ident = raw[-1]
            if not isinstance(ident, int) or isinstance(ident, bool):
                return None
        except (TypeError, ValueError):
            return None
        return cls(tuple(values), ident)


def _value(kind: type, value: object) -> KeyValue:
    if isinstance(value, datetime):
        value = value.isoformat()
    if kind is datetime and isinstance(value, str):
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            raise ValueError("a key's moment is aware")
        return moment
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value)
    if kind is str and isinstance(value, str):
        return value
    if kind is int and isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"{value!r} is no {kind.__name__}")


@dataclass(frozen=True)
class Cursor:
    """A page: the lines after `after`, or the lines just before `before`, or the first ones."""

    after: Key | None = None
    before: Key | None = None


FIRST = Cursor()


@dataclass(frozen=True)
class OverviewQuery:
    """The registered cheques of one organisation under a filter and an optional trefwoord."""

    organisation_id: int
    filter: StatusFilter = StatusFilter.ACTIEF
    keyword: Keyword | None = None
    rates: RateTable = DEFAULT_RATES  # to read an amount trefwoord
    order: Order[ChequeSort] = DEFAULT_CHEQUE_ORDER


@dataclass(frozen=True)
class FinancialQuery:
    """The paid gesprekken of one organisation under a payment filter and a trefwoord."""

    organisation_id: int
    paid: PaidFilter = PaidFilter.ALLE
    keyword: Keyword | None = None
    rates: RateTable = DEFAULT_RATES
    order: Order[FinancialSort] = DEFAULT_FINANCIAL_ORDER


@dataclass(frozen=True)
class OverviewLine:
    """One registered cheque in the overview (A1)."""

    registration_id: int
    chequenummer: str
    klantnummer: str
    klantnaam: str
    status: ChequeStatus
    minutes: int
    minutes_used: int
    begeleiders: str
    laatste_gesprek: date | None
    registered_at: datetime
    updated_at: datetime
    sort_values: tuple[KeyValue, ...] = ()  # the order's key, as storage sorted by it

    @property
    def key(self) -> Key:
        return Key(self.sort_values or (self.updated_at,), self.registration_id)

    @property
    def minutes_left(self) -> int:
        return max(self.minutes - self.minutes_used, 0)


@dataclass(frozen=True)
class FinancialLine:
    """One paid gesprek in the financial overview (A2); its amount follows from the rates."""

    gesprek_id: int
    registration_id: int
    chequenummer: str
    klantnummer: str
    klantnaam: str
    datum: date
    begeleider: str
    type: GesprekType
    vorm: GesprekVorm
    minutes: int
    registered_at: datetime
    betaald_op: date | None
    betaald_cent: int | None
    sort_values: tuple[KeyValue, ...] = ()

    @property
    def key(self) -> Key:
        return Key(self.sort_values or (self.registered_at,), self.gesprek_id)

    def amount(self, rates: RateTable) -> Decimal | None:
        return amount(self.minutes, self.datum, rates)

    @property
    def paid_amount(self) -> Decimal | None:
        return None if self.betaald_cent is None else Decimal(self.betaald_cent) / 100


LineT = TypeVar("LineT", OverviewLine, FinancialLine)
# A trefwoord count stops here when counting further would cost more than the page itself.
COUNT_CAP = 1000


@dataclass(frozen=True)
class Slice(Generic[LineT]):
    """What storage returns for a page: its lines, whether more lie beyond, and the total.

    A total above COUNT_CAP means "more than COUNT_CAP" (counted no further).
    """

    lines: list[LineT]
    more: bool
    total: int


@dataclass(frozen=True)
class Page(Generic[LineT]):
    """Lines of one page, and where they sit in the whole filtered list."""

    lines: list[LineT]
    first: int  # 1-based position of the first line
    total: int
    has_previous: bool
    has_next: bool
