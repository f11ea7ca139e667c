"""Values of the two overviews (A1, A2): what is asked of storage, and the lines it returns."""

from __future__ import annotations

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


@dataclass(frozen=True)
class Key:
    """Where a line sits in its overview's order (newest first): a moment, then the id."""

    at: datetime
    id: int

    def dump(self) -> list[object]:
        return [self.at.isoformat(), self.id]

    @classmethod
    def load(cls, raw: list[object]) -> Key:
        return cls(datetime.fromisoformat(str(raw[0])), int(str(raw[1])))


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


@dataclass(frozen=True)
class FinancialQuery:
    """The paid gesprekken of one organisation under a payment filter and a trefwoord."""

    organisation_id: int
    paid: PaidFilter = PaidFilter.ALLE
    keyword: Keyword | None = None
    rates: RateTable = DEFAULT_RATES


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

    @property
    def key(self) -> Key:
        return Key(self.updated_at, self.registration_id)

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

    @property
    def key(self) -> Key:
        return Key(self.registered_at, self.gesprek_id)

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
