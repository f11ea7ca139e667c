"""ESF lines ‘Onderwijs ondersteuning alternerend leren’: reads as domain values, and changes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime

from sqlalchemy import Select, case, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from flows.domain import handbook
from flows.domain.esf import (
    Actie,
    ActieSoort,
    Begeleiding,
    BegeleidingSummary,
    Diploma,
    EsfSpan,
    NewActie,
    NewBegeleiding,
    Resultaat,
    SamenvattingEntry,
    StaffRef,
    Toestand,
)
from storage.constraints import raise_race_or_bug
from storage.models import (
    ActieRow,
    BegeleidingRow,
    JongereRow,
    OrganisationRow,
    SamenvattingRow,
    SandboxRow,
    StaffRow,
)
from storage.repositories.jongeren import to_jongere
from storage.repositories.removals import latest_request

_AANVRAGER, _UITVOERDER = aliased(StaffRow), aliased(StaffRow)
_VISIBLE = (
    BegeleidingRow.toestand != Toestand.GEANNULEERD.value,
    BegeleidingRow.removed_at.is_(None),
)


def _line() -> Select[BegeleidingRow, JongereRow, str, str, str]:
    return (
        select(BegeleidingRow, JongereRow, OrganisationRow.name, _AANVRAGER.name, _UITVOERDER.name)
        .join(JongereRow, BegeleidingRow.jongere_id == JongereRow.id)
        .join(OrganisationRow, BegeleidingRow.organisation_id == OrganisationRow.id)
        .join(_AANVRAGER, BegeleidingRow.aanvrager_id == _AANVRAGER.id)
        .join(_UITVOERDER, BegeleidingRow.uitvoerder_id == _UITVOERDER.id)
    )


_OVERVIEW_ORDER = (
    case((BegeleidingRow.toestand == Toestand.BEZIG.value, 0), else_=1),
    BegeleidingRow.updated_at.desc(),
    BegeleidingRow.id.desc(),
)


def _overview(
    organisation_id: int, toestand: Toestand | None, term: str
) -> Select[BegeleidingRow, JongereRow]:
    """The organisation's visible lines under a toestand and a search on name or klantnummer."""
    where = [BegeleidingRow.organisation_id == organisation_id, *_VISIBLE]
    if toestand is not None:
        where.append(BegeleidingRow.toestand == toestand.value)
    words = " ".join(term.split()).lower()
    if words:
        matches = [func.lower(JongereRow.naam).contains(words, autoescape=True)]
        digits = "".join(words.split()).replace(".", "")
        if digits.isdigit():
            matches.append(JongereRow.klantnummer == digits)
        where.append(or_(*matches))
    return (
        select(BegeleidingRow, JongereRow)
        .join(JongereRow, BegeleidingRow.jongere_id == JongereRow.id)
        .where(*where)
    )


def _summary(row: BegeleidingRow, jongere: JongereRow) -> BegeleidingSummary:
    return BegeleidingSummary(
        row.id,
        jongere.klantnummer,
        jongere.naam,
        Toestand(row.toestand),
        row.startdatum,
        row.einddatum,
        row.updated_at,
    )


class SqlBegeleidingRepository:
    """Reads lines and an organisation's overview; writes entries, actions and toestanden."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get(self, begeleiding_id: int, *, lock: bool = False) -> Begeleiding | None:
        if lock:  # one writer per line at a time (PostgreSQL; SQLite writes one at a time)
            await self._session.execute(
                select(BegeleidingRow.id)
                .where(BegeleidingRow.id == begeleiding_id)
                .with_for_update()
            )
        query = _line().where(BegeleidingRow.id == begeleiding_id)
        found = (await self._session.execute(query)).first()
        if found is None:
            return None
        row, jongere, organisation, aanvrager, uitvoerder = found
        entries = await self._session.execute(
            select(SamenvattingRow, StaffRow.name)
            .join(StaffRow, SamenvattingRow.recorded_by == StaffRow.id)
            .where(SamenvattingRow.begeleiding_id == row.id)
            .order_by(SamenvattingRow.id)
        )
        acties = await self._session.execute(
            select(ActieRow, StaffRow.name)
            .join(StaffRow, ActieRow.registered_by == StaffRow.id)
            .where(ActieRow.begeleiding_id == row.id)
            .order_by(ActieRow.datum, ActieRow.id)
        )
        return Begeleiding(
            id=row.id,
            organisation_id=row.organisation_id,
            organisation_name=organisation,
            jongere=to_jongere(jongere),
            toestand=Toestand(row.toestand),
            startdatum=row.startdatum,
            financieringsnummer=row.financieringsnummer,
            aanvrager=StaffRef(row.aanvrager_id, aanvrager),
            uitvoerder=StaffRef(row.uitvoerder_id, uitvoerder),
            diploma_bij_start=Diploma(row.diploma_bij_start),
            samenvatting=tuple(
                SamenvattingEntry(entry.text, entry.recorded_at, name) for entry, name in entries
            ),
            acties=tuple(
                Actie(a.id, a.datum, ActieSoort(a.soort), a.notitie, name, a.registered_at)
                for a, name in acties
            ),
            registered_at=row.registered_at,
            updated_at=row.updated_at,
            einddatum=row.einddatum,
            resultaat=Resultaat(row.resultaat) if row.resultaat else None,
            removal=await latest_request(self._session, row.id),
            removed_at=row.removed_at,
            closed_at=row.closed_at,
        )

    async def running(self, organisation_id: int, jongere_id: int) -> Begeleiding | None:
        found = await self._session.scalar(
            select(BegeleidingRow.id).where(
                BegeleidingRow.organisation_id == organisation_id,
                BegeleidingRow.jongere_id == jongere_id,
                BegeleidingRow.toestand == Toestand.BEZIG.value,
            )
        )
        return await self.get(found) if found is not None else None

    async def overview(
        self, organisation_id: int, toestand: Toestand | None, term: str, offset: int, limit: int
    ) -> tuple[list[BegeleidingSummary], int]:
        """The organisation's visible lines: running first, then newest change first."""
        base = _overview(organisation_id, toestand, term)
        total = await self._session.scalar(select(func.count()).select_from(base.subquery()))
        rows = await self._session.execute(
            base.order_by(*_OVERVIEW_ORDER).offset(offset).limit(limit)
        )
        return [_summary(row, jongere) for row, jongere in rows], int(total or 0)

    async def stream_overview(
        self, organisation_id: int, toestand: Toestand | None, term: str
    ) -> AsyncIterator[BegeleidingSummary]:
        """Every line of the overview under its filter and search, in the overview's order."""
        statement = (
            _overview(organisation_id, toestand, term)
            .order_by(*_OVERVIEW_ORDER)
            .execution_options(yield_per=1000)
        )
        result = await self._session.stream(statement)
        async for batch in result.partitions():
            for row, jongere in batch:
                yield _summary(row, jongere)

    async def spans(self, organisation_id: int, since: date) -> list[EsfSpan]:
        """The organisation's lines that started or ended on or after `since` (not cancelled,
        not removed): what the ESF chart counts per month."""
        rows = await self._session.execute(
            select(
                BegeleidingRow.startdatum, BegeleidingRow.einddatum, BegeleidingRow.resultaat
            ).where(
                BegeleidingRow.organisation_id == organisation_id,
                BegeleidingRow.removed_at.is_(None),
                BegeleidingRow.toestand != Toestand.GEANNULEERD.value,
                or_(BegeleidingRow.startdatum >= since, BegeleidingRow.einddatum >= since),
            )
        )
        return [
            EsfSpan(start, end, Resultaat(resultaat) if resultaat else None)
            for start, end, resultaat in rows
        ]

    async def colleagues(self, organisation_id: int) -> list[StaffRef]:
        """Its staff; for a practice organisation, the one person whose sandbox it is."""
        rows = await self._session.execute(
            select(StaffRow.id, StaffRow.name)
            .where(
                or_(
                    StaffRow.organisation_id == organisation_id,
                    StaffRow.id.in_(
                        select(SandboxRow.staff_id).where(
                            SandboxRow.organisation_id == organisation_id
                        )
                    ),
                )
            )
            .order_by(StaffRow.name)
        )
        return [StaffRef(staff_id, name) for staff_id, name in rows]

    async def add(
        self, begeleiding: NewBegeleiding, jongere_id: int, diploma_bij_start: Diploma
    ) -> int:
        """Insert the line and its first samenvatting; a second running line is a conflict."""
        now = begeleiding.registered_at
        row = BegeleidingRow(
            organisation_id=begeleiding.organisation_id,
            jongere_id=jongere_id,
            toestand=Toestand.BEZIG.value,
            startdatum=begeleiding.startdatum,
            financieringsnummer=handbook.FINANCIERINGSNUMMER,
            diploma_bij_start=diploma_bij_start.value,
            aanvrager_id=begeleiding.aanvrager_id,
            uitvoerder_id=begeleiding.uitvoerder_id,
            registered_by=begeleiding.registered_by,
            registered_at=now,
            updated_at=now,
        )
        self._session.add(row)
        try:
            await self._session.flush()
        except IntegrityError as error:
            raise_race_or_bug(error)
        await self.add_samenvatting(
            row.id, begeleiding.samenvatting, begeleiding.registered_by, now
        )
        return row.id

    async def add_samenvatting(
        self, begeleiding_id: int, text: str, staff_id: int, now: datetime
    ) -> None:
        self._session.add(
            SamenvattingRow(
                begeleiding_id=begeleiding_id, text=text, recorded_by=staff_id, recorded_at=now
            )
        )
        await self._touch(begeleiding_id, now)
        await self._session.flush()

    async def add_actie(
        self, begeleiding_id: int, actie: NewActie, staff_id: int, now: datetime
    ) -> int:
        row = ActieRow(
            begeleiding_id=begeleiding_id,
            datum=actie.datum,
            soort=actie.soort.value,
            notitie=actie.notitie,
            registered_by=staff_id,
            registered_at=now,
        )
        self._session.add(row)
        await self._touch(begeleiding_id, now)
        await self._session.flush()
        return row.id

    async def close(
        self, begeleiding_id: int, einddatum: date, resultaat: Resultaat, now: datetime
    ) -> None:
        await self._touch(
            begeleiding_id,
            now,
            toestand=Toestand.BEEINDIGD.value,
            einddatum=einddatum,
            resultaat=resultaat.value,
            closed_at=now,
        )

    async def cancel(self, begeleiding_id: int, now: datetime) -> None:
        await self._touch(
            begeleiding_id, now, toestand=Toestand.GEANNULEERD.value, cancelled_at=now
        )

    async def remove(self, begeleiding_id: int, now: datetime) -> None:
        await self._touch(begeleiding_id, now, removed_at=now)

    async def _touch(self, begeleiding_id: int, now: datetime, **values: object) -> None:
        await self._session.execute(
            update(BegeleidingRow)
            .where(BegeleidingRow.id == begeleiding_id)
            .values(updated_at=now, **values),
            execution_options={"synchronize_session": False},
        )
