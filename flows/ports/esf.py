"""What the ESF flows need from storage (part B), as narrow Protocols; storage implements them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime
from typing import Protocol

from flows.domain.esf import (
    Begeleiding,
    BegeleidingSummary,
    Diploma,
    EsfSpan,
    Jongere,
    NewActie,
    NewBegeleiding,
    NewJongere,
    RemovalRequest,
    RemovalStatus,
    RemovalSummary,
    Resultaat,
    StaffRef,
    Toestand,
)


class JongereRepository(Protocol):
    """Jongeren by klantnummer as one ESF organisation sees them: the ones it entered in a flow
    (its own), else VDAB's imported ones; never those another organisation entered."""

    async def get(self, jongere_id: int, organisation_id: int) -> Jongere | None: ...

    async def by_klantnummer(self, klantnummer: str, organisation_id: int) -> Jongere | None: ...

    async def add(self, jongere: NewJongere, organisation_id: int, now: datetime) -> Jongere: ...


class BegeleidingRepository(Protocol):
    """Lines ‘Onderwijs ondersteuning alternerend leren’; `lock` serialises writers of one line."""

    async def get(self, begeleiding_id: int, *, lock: bool = False) -> Begeleiding | None: ...

    async def running(self, organisation_id: int, jongere_id: int) -> Begeleiding | None: ...

    async def overview(
        self, organisation_id: int, toestand: Toestand | None, term: str, offset: int, limit: int
    ) -> tuple[list[BegeleidingSummary], int]: ...

    def stream_overview(
        self, organisation_id: int, toestand: Toestand | None, term: str
    ) -> AsyncIterator[BegeleidingSummary]: ...

    async def colleagues(self, organisation_id: int) -> list[StaffRef]: ...

    async def spans(self, organisation_id: int, since: date) -> list[EsfSpan]: ...

    async def add(
        self, begeleiding: NewBegeleiding, jongere_id: int, diploma_bij_start: Diploma
    ) -> int: ...

    async def add_samenvatting(
        self, begeleiding_id: int, text: str, staff_id: int, now: datetime
    ) -> None: ...

    async def add_actie(
        self, begeleiding_id: int, actie: NewActie, staff_id: int, now: datetime
    ) -> int: ...

    async def close(
        self, begeleiding_id: int, einddatum: date, resultaat: Resultaat, now: datetime
    ) -> None: ...

    async def cancel(self, begeleiding_id: int, now: datetime) -> None: ...

    async def remove(self, begeleiding_id: int, now: datetime) -> None: ...


class RemovalRepository(Protocol):
    """Requests to remove a closed line, and the coaches' decisions (B7)."""

    async def add(self, begeleiding_id: int, staff_id: int, reden: str, now: datetime) -> int: ...

    async def get(self, request_id: int, *, lock: bool = False) -> RemovalRequest | None: ...

    async def open_requests(self) -> list[RemovalSummary]: ...

    async def decide(
        self,
        request_id: int,
        status: RemovalStatus,
        staff_id: int,
        reason: str | None,
        now: datetime,
    ) -> None: ...


class NoticeRepository(Protocol):
    """Messages for a staff member, delivered once at their next pause in the chat (unless
    their push, reminder kind f with the same text, is on its way or was sent)."""

    async def add(self, staff_id: int, text: str, now: datetime) -> None: ...

    async def take(self, staff_id: int, now: datetime) -> list[str]: ...
