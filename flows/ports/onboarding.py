"""What onboarding needs from storage: progress per person and their practice sandbox."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from flows.domain.onboarding import Colleague, Progress
from flows.domain.practice import PracticeData
from flows.domain.staff import Organisation, Staff


class OnboardingRepository(Protocol):
    """Each person's checklist, opened flows, and their practice state."""

    async def team(self, organisation_id: int) -> list[Colleague]: ...

    async def save(self, staff_id: int, progress: Progress, now: datetime) -> None: ...

    async def remember_checklist(self, staff_id: int, chat_key: str, message_id: int) -> None: ...


class PracticeRepository(Protocol):
    """Sandboxes: practice organisations with fictional cheques, made on first use."""

    async def organisation(self, organisation_id: int) -> Organisation: ...

    async def make(self, staff: Staff, data: PracticeData, now: datetime) -> Organisation: ...

    async def set_practising(self, staff_id: int, practising: bool) -> None: ...

    async def release(self, organisation_id: int, now: datetime) -> None: ...
