"""The sweep's read side: the files that may need a reminder, with who would get it.

Only coarse filters run here (status, an upper bound on the last activity); the rules in
flows/domain/rules/reminders.py decide what is due. Which organisations get reminders is
decided in `reminded_organisations` alone.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.cheques import ChequeStatus
from flows.domain.esf import Toestand
from flows.domain.reminders import CentreWeek, Coach, Coordinator, IdleCheque, OpenLine
from flows.domain.rules.reminders import LOW_MINUTES, SAMENVATTING_DAYS, WINDOW_WARNING_DAYS
from flows.domain.staff import Role
from storage.models import (
    ActieRow,
    BegeleidingRow,
    ClientRow,
    GesprekRow,
    IssuedChequeRow,
    JongereRow,
    OrganisationRow,
    RegistrationRow,
    ReminderPreferenceRow,
    ReminderStopRow,
    StaffRow,
    UnreachableRow,
)
from storage.queries.conditions import real_organisation

CHEQUE, LINE = "cheque", "begeleiding"  # ReminderStopRow.file_kind


def reminded_organisations() -> Select[Any]:
    """The organisations whose files get reminders: real ones, never a practice sandbox."""
    return select(OrganisationRow.id).where(real_organisation(OrganisationRow.id))


def _stopped(kind: str) -> Select[Any]:
    return select(ReminderStopRow.file_id).where(ReminderStopRow.file_kind == kind)


class SqlReminderSweep:
    """Reads the candidates of each kind; one query per kind, then one for the recipients."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def cheques(self, today: date, idle_days: int) -> list[IdleCheque]:
        """Cheques in gebruik idle long enough, or with less than 30 minutes left."""
        cutoff = today - timedelta(days=idle_days)
        left = IssuedChequeRow.minutes - RegistrationRow.minuten_gebruikt
        rows = (
            await self._session.execute(
                select(
                    RegistrationRow.id,
                    RegistrationRow.organisation_id,
                    RegistrationRow.registered_by,
                    RegistrationRow.registered_at,
                    RegistrationRow.laatste_gesprek,
                    IssuedChequeRow.chequenummer,
                    ClientRow.naam,
                    left.label("left"),
                )
                .join(IssuedChequeRow, IssuedChequeRow.id == RegistrationRow.issued_cheque_id)
                .join(ClientRow, ClientRow.id == IssuedChequeRow.client_id)
                .where(
                    RegistrationRow.released_at.is_(None),
                    RegistrationRow.status == ChequeStatus.IN_GEBRUIK.value,
                    RegistrationRow.organisation_id.in_(reminded_organisations()),
                    RegistrationRow.id.not_in(_stopped(CHEQUE)),
                    or_(
                        RegistrationRow.laatste_gesprek.is_(None),
                        RegistrationRow.laatste_gesprek <= cutoff,
                        left < LOW_MINUTES,
                    ),
                )
                .order_by(RegistrationRow.id)
            )
        ).all()
        recipients = await self._last_begeleiders([row.id for row in rows])
        return [
            IdleCheque(
                row.id,
                row.organisation_id,
                row.chequenummer,
                row.naam,
                row.laatste_gesprek or row.registered_at.date(),
                int(row.left),
                recipients.get(row.id, row.registered_by),
            )
            for row in rows
        ]

    async def _last_begeleiders(self, registration_ids: list[int]) -> dict[int, int]:
        """Per registration: the staff member named as begeleider of its last gesprek, or who
        registered that gesprek when no colleague of the organisation has that name (left)."""
        found: dict[int, int] = {}
        for start in range(0, len(registration_ids), 500):
            chunk = registration_ids[start : start + 500]
            rows = (
                await self._session.execute(
                    select(
                        GesprekRow.registration_id,
                        GesprekRow.registered_by,
                        StaffRow.id.label("begeleider_id"),
                    )
                    .outerjoin(
                        StaffRow,
                        (StaffRow.name == GesprekRow.begeleider)
                        & (StaffRow.organisation_id == GesprekRow.organisation_id),
                    )
                    .where(GesprekRow.registration_id.in_(chunk), GesprekRow.deleted_at.is_(None))
                    .order_by(GesprekRow.registration_id, GesprekRow.datum, GesprekRow.id)
                )
            ).all()
            for row in rows:  # ordered: the last one of each registration wins
                found[row.registration_id] = row.begeleider_id or row.registered_by
        return found

    async def coaches(self) -> list[Coach]:
        """Every coach (coaches serve every ESF organisation) of an organisation reminded."""
        rows = await self._session.execute(
            select(StaffRow.id, StaffRow.organisation_id)
            .where(
                StaffRow.role == Role.COACH.value,
                StaffRow.organisation_id.in_(reminded_organisations()),
            )
            .order_by(StaffRow.id)
        )
        return [Coach(row.id, row.organisation_id) for row in rows]

    async def coordinators(self) -> list[Coordinator]:
        """Every coordinator of an organisation reminded, with their digest's day and hour."""
        rows = await self._session.execute(
            select(
                StaffRow.id,
                StaffRow.organisation_id,
                ReminderPreferenceRow.digest_day,
                ReminderPreferenceRow.digest_hour,
            )
            .outerjoin(ReminderPreferenceRow, ReminderPreferenceRow.staff_id == StaffRow.id)
            .where(
                StaffRow.role == Role.COORDINATOR.value,
                StaffRow.organisation_id.in_(reminded_organisations()),
            )
            .order_by(StaffRow.id)
        )
        return [
            Coordinator(
                row.id,
                row.organisation_id,
                0 if row.digest_day is None else row.digest_day,
                8 if row.digest_hour is None else row.digest_hour,
            )
            for row in rows
        ]

    async def centre_weeks(self) -> dict[int, CentreWeek]:
        """Per centre: cheques in gebruik, their minutes not used, colleagues unreachable."""
        left = IssuedChequeRow.minutes - RegistrationRow.minuten_gebruikt
        counts = await self._session.execute(
            select(
                RegistrationRow.organisation_id,
                func.count().label("cheques"),
                func.coalesce(func.sum(left), 0).label("left"),
            )
            .join(IssuedChequeRow, IssuedChequeRow.id == RegistrationRow.issued_cheque_id)
            .where(
                RegistrationRow.released_at.is_(None),
                RegistrationRow.status == ChequeStatus.IN_GEBRUIK.value,
            )
            .group_by(RegistrationRow.organisation_id)
        )
        weeks = {row.organisation_id: CentreWeek(row.cheques, int(row.left)) for row in counts}
        blocked = await self._session.execute(
            select(StaffRow.organisation_id, StaffRow.name)
            .join(UnreachableRow, UnreachableRow.staff_id == StaffRow.id)
            .order_by(StaffRow.name)
        )
        for row in blocked:
            week = weeks.get(row.organisation_id, CentreWeek())
            weeks[row.organisation_id] = replace(week, unreachable=(*week.unreachable, row.name))
        return weeks

    async def lines(self, today: date, idle_days: int) -> list[OpenLine]:
        """ESF lines bezig without an action for long, or ended with their window closing."""
        last_actie = (
            select(ActieRow.begeleiding_id, func.max(ActieRow.datum).label("last"))
            .group_by(ActieRow.begeleiding_id)
            .subquery()
        )
        last = func.coalesce(last_actie.c.last, BegeleidingRow.startdatum)
        window_from = today - timedelta(days=SAMENVATTING_DAYS)
        window_to = window_from + timedelta(days=WINDOW_WARNING_DAYS)
        rows = (
            await self._session.execute(
                select(
                    BegeleidingRow.id,
                    BegeleidingRow.organisation_id,
                    BegeleidingRow.toestand,
                    BegeleidingRow.einddatum,
                    BegeleidingRow.uitvoerder_id,
                    BegeleidingRow.startdatum,
                    last_actie.c.last,
                    JongereRow.naam,
                    JongereRow.klantnummer,
                )
                .join(JongereRow, JongereRow.id == BegeleidingRow.jongere_id)
                .outerjoin(last_actie, last_actie.c.begeleiding_id == BegeleidingRow.id)
                .where(
                    BegeleidingRow.removed_at.is_(None),
                    BegeleidingRow.organisation_id.in_(reminded_organisations()),
                    BegeleidingRow.id.not_in(_stopped(LINE)),
                    or_(
                        (BegeleidingRow.toestand == Toestand.BEZIG.value)
                        & (last <= today - timedelta(days=idle_days)),
                        (BegeleidingRow.toestand == Toestand.BEEINDIGD.value)
                        & (BegeleidingRow.einddatum >= window_from)
                        & (BegeleidingRow.einddatum <= window_to),
                    ),
                )
                .order_by(BegeleidingRow.id)
            )
        ).all()
        return [
            OpenLine(
                row.id,
                row.organisation_id,
                row.naam,
                row.klantnummer,
                row.toestand == Toestand.BEZIG.value,
                row.last or row.startdatum,
                row.einddatum,
                row.uitvoerder_id,
            )
            for row in rows
        ]
