"""Onboarding progress per person, and practice sandboxes with their fictional data."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.cheques import GesprekType, GesprekVorm, NewGesprek, NewRegistration
from flows.domain.esf import Diploma
from flows.domain.onboarding import Colleague, Progress
from flows.domain.practice import PracticeCheque, PracticeData, Sandbox
from flows.domain.staff import Invitation, Organisation, Staff
from storage.constraints import raise_race_or_bug
from storage.models import (
    ClientRow,
    InvitationRow,
    IssuedChequeRow,
    JongereRow,
    OnboardingRow,
    OrganisationRow,
    RegistrationRow,
    SandboxRow,
    SessionRow,
)
from storage.repositories.cheques import SqlChequeRepository
from storage.repositories.staff import SqlStaffRepository

# A person's sandbox and onboarding row, read beside the staff member (outer joins on staff).
ONBOARDING_COLUMNS = (
    SandboxRow.organisation_id.label("onboarding_sandbox"),
    SandboxRow.practising.label("onboarding_practising"),
    OnboardingRow.staff_id.label("onboarding_welcomed"),
    OnboardingRow.done.label("onboarding_done"),
    OnboardingRow.seen.label("onboarding_seen"),
    OnboardingRow.checklist_chat.label("onboarding_checklist_chat"),
    OnboardingRow.checklist_message.label("onboarding_checklist_message"),
)


def onboarding_of(row: Any) -> tuple[Sandbox, Progress | None]:
    """The sandbox and progress from a row with ONBOARDING_COLUMNS (no progress: not welcomed)."""
    sandbox = Sandbox(row.onboarding_sandbox, bool(row.onboarding_practising))
    if row.onboarding_welcomed is None:
        return sandbox, None
    progress = Progress(
        frozenset(row.onboarding_done),
        frozenset(row.onboarding_seen),
        row.onboarding_checklist_chat,
        row.onboarding_checklist_message,
    )
    return sandbox, progress


class SqlOnboardingRepository:
    """One row per person once welcomed; written only when something in it changed."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def save(self, staff_id: int, progress: Progress, now: datetime) -> None:
        row = await self._session.get(OnboardingRow, staff_id)
        if row is None:
            row = OnboardingRow(staff_id=staff_id, welcomed_at=now)
            self._session.add(row)
        row.done, row.seen = sorted(progress.done), sorted(progress.seen)
        row.checklist_chat, row.checklist_message = (
            progress.checklist_chat,
            progress.checklist_message,
        )
        try:
            await self._session.flush()
        except IntegrityError as error:  # welcomed in another chat meanwhile: replayed
            raise_race_or_bug(error)

    async def remember_checklist(self, staff_id: int, chat_key: str, message_id: int) -> None:
        """The chat message showing this person's checklist: the one to edit as tasks get done."""
        await self._session.execute(
            update(OnboardingRow)
            .where(OnboardingRow.staff_id == staff_id)
            .values(checklist_chat=chat_key, checklist_message=message_id),
            execution_options={"synchronize_session": False},
        )

    async def team(self, organisation_id: int) -> list[Colleague]:
        """Each member: their progress, last activity in any chat, and newest invitation."""
        members = await SqlStaffRepository(self._session).members(organisation_id)
        ids = [member.id for member in members]
        done_rows = await self._session.execute(
            select(OnboardingRow.staff_id, OnboardingRow.done).where(
                OnboardingRow.staff_id.in_(ids)
            )
        )
        done: dict[int, list[str]] = {row.staff_id: row.done for row in done_rows}
        active_rows = await self._session.execute(
            select(SessionRow.staff_id, func.max(SessionRow.updated_at).label("at"))
            .where(SessionRow.staff_id.in_(ids))
            .group_by(SessionRow.staff_id)
        )
        active: dict[int | None, datetime] = {row.staff_id: row.at for row in active_rows}
        invitations: dict[int, Invitation] = {}
        for row in await self._session.scalars(
            select(InvitationRow)
            .where(InvitationRow.staff_id.in_(ids))
            .order_by(InvitationRow.created_at, InvitationRow.id)
        ):
            invitations[row.staff_id] = Invitation(
                row.id, row.staff_id, row.expires_at, row.used_at
            )
        return [
            Colleague(
                member,
                frozenset(done.get(member.id, ())),
                active.get(member.id),
                invitations.get(member.id),
            )
            for member in members
        ]


class SqlPracticeRepository:
    """Makes sandboxes: a practice organisation, fictional clients and cheques (marked so)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def organisation(self, organisation_id: int) -> Organisation:
        row = await self._session.get_one(OrganisationRow, organisation_id)
        return Organisation(row.id, row.name, row.is_loopbaancentrum, row.is_esf, row.practice)

    async def _organisation(self, name: str, like: Organisation, now: datetime) -> Organisation:
        row = OrganisationRow(
            name=f"{name} {secrets.token_hex(4)}",
            is_loopbaancentrum=like.is_loopbaancentrum,
            is_esf=like.is_esf,
            practice=True,
            created_at=now,
        )
        self._session.add(row)
        await self._session.flush()
        return Organisation(row.id, row.name, row.is_loopbaancentrum, row.is_esf, True)

    async def _cheque(self, cheque: PracticeCheque, now: datetime) -> IssuedChequeRow | None:
        """The fictional cheque, made or brought up to date; None if a real one has its number."""
        row = await self._session.scalar(
            select(IssuedChequeRow).where(IssuedChequeRow.chequenummer == cheque.chequenummer)
        )
        if row is not None and not row.practice:
            return None
        client = await self._session.scalar(
            select(ClientRow).where(ClientRow.klantnummer == cheque.klantnummer)
        )
        if client is None:
            client = ClientRow(klantnummer=cheque.klantnummer, naam=cheque.klantnaam)
            self._session.add(client)
            await self._session.flush()
        if row is None:
            row = IssuedChequeRow(chequenummer=cheque.chequenummer, practice=True)
            self._session.add(row)
        row.client_id, row.ordered_on, row.start_by = client.id, cheque.ordered_on, cheque.start_by
        row.minutes, row.imported_at = cheque.minutes, now
        await self._session.flush()
        return row

    async def make(self, staff: Staff, data: PracticeData, now: datetime) -> Organisation:
        """A fresh sandbox for `staff` (their real self); the old one, if any, stays behind."""
        sandbox = await self._organisation(f"Oefenomgeving {staff.id}", staff.organisation, now)
        for cheque in data.cheques:
            row = await self._cheque(cheque, now)
            if row is not None and cheque.elsewhere:
                await self._hold_elsewhere(staff, row, now)
        await self._jongere(data, now)
        own = await self._session.get(SandboxRow, staff.id)
        if own is None:
            own = SandboxRow(staff_id=staff.id)
            self._session.add(own)
        own.organisation_id, own.practising = sandbox.id, False
        try:
            await self._session.flush()
        except IntegrityError as error:  # made in another chat meanwhile: replayed
            raise_race_or_bug(error)
        return sandbox

    async def _jongere(self, data: PracticeData, now: datetime) -> None:
        """The fictional jongere (no diploma: eligible), unless a real one has the number."""
        found = await self._session.scalar(
            select(JongereRow).where(JongereRow.klantnummer == data.jongere_klantnummer)
        )
        if found is None:
            self._session.add(
                JongereRow(
                    klantnummer=data.jongere_klantnummer,
                    naam=data.jongere_naam,
                    geboortedatum=data.jongere_geboortedatum,
                    diploma_secundair=Diploma.NEE.value,
                    updated_at=now,
                    practice=True,
                )
            )
            await self._session.flush()

    async def _hold_elsewhere(self, staff: Staff, cheque: IssuedChequeRow, now: datetime) -> None:
        """A fictional other centre holds this cheque, so registering it is refused on purpose."""
        cheques = SqlChequeRepository(self._session)
        if await cheques.holder(cheque.id) is not None:
            return
        elsewhere = await self._organisation("Oefencentrum elders", staff.organisation, now)
        intake = NewGesprek(
            (now - timedelta(days=7)).date(),
            "Fictieve begeleider",
            GesprekType.INTAKE,
            GesprekVorm.INDIVIDUEEL,
            60,
            None,
        )
        await cheques.add_registration(
            NewRegistration(
                cheque.id, elsewhere.id, staff.id, now, (), "Een fictieve beginvraag.", intake
            )
        )

    async def set_practising(self, staff_id: int, practising: bool) -> None:
        await self._session.execute(
            update(SandboxRow).where(SandboxRow.staff_id == staff_id).values(practising=practising),
            execution_options={"synchronize_session": False},
        )

    async def release(self, organisation_id: int, now: datetime) -> None:
        """Free the fictional cheques an old sandbox held, for the next one to use."""
        await self._session.execute(
            update(RegistrationRow)
            .where(
                RegistrationRow.organisation_id == organisation_id,
                RegistrationRow.released_at.is_(None),
            )
            .values(released_at=now),
            execution_options={"synchronize_session": False},
        )
