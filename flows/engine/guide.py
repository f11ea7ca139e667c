"""Onboarding beside the flows: the welcome and checklist, tips at first use, practice mode.

Loaded once per turn for the staff member; it decides who they act as (themselves, or within
their practice organisation) and, after the turn, ticks the checklist by editing its message.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from flows.domain.onboarding import (
    EXERCISE_TIPS,
    FIRST_USE_TIPS,
    Progress,
    render_checklist,
    role_welcome,
)
from flows.domain.practice import BANNER, Sandbox, exercises, practice_data
from flows.domain.staff import Staff
from flows.engine.downloads import Download
from flows.engine.turn import GuideReply
from flows.engine.values import Message
from flows.ports.unit_of_work import UnitOfWork

ENTERED = (
    "Je bent nu in oefenmodus: alles wat je doet, gebeurt in je eigen oefenomgeving met "
    "fictieve gegevens. Niets komt in de echte overzichten, downloads of betalingen."
)
RESET = "Je oefenomgeving is opnieuw gemaakt: alle oefeningen staan weer klaar."
LEFT = "Je hebt de oefenmodus verlaten. Je werkt nu weer met de echte gegevens van {organisation}."
NOT_PRACTISING = "Je bent niet in oefenmodus. Begin met /oefenen."
LEAVE = "🚪 Oefenmodus verlaten"
RESET_WORDS = {"opnieuw", "reset"}
GUIDE_COMMANDS = (
    ("oefenen", "Oefenen op fictieve gegevens"),
    ("stoppen", "Oefenmodus verlaten"),
    ("rondleiding", "Je eerste stappen"),
)
_SWITCHING = {name: title for name, title in GUIDE_COMMANDS if name in ("oefenen", "stoppen")}


class Guide:
    """One turn's onboarding state for one staff member, in that turn's unit of work."""

    def __init__(
        self,
        uow: UnitOfWork,
        staff: Staff,
        acting: Staff,
        sandbox: Sandbox,
        progress: Progress | None,
        chat_key: str,
        now: datetime,
    ) -> None:
        self._uow, self.staff, self.acting, self._sandbox = uow, staff, acting, sandbox
        self._stored = progress
        self._was = progress or Progress()
        self._done, self._seen = set(self._was.done), set(self._was.seen)
        self._chat_key, self._now = chat_key, now
        self._checklist: int | None = self._was.checklist_message
        self._checklist_chat = self._was.checklist_chat

    @classmethod
    async def load(
        cls,
        uow: UnitOfWork,
        staff: Staff,
        sandbox: Sandbox,
        progress: Progress | None,
        chat_key: str,
        now: datetime,
    ) -> Guide:
        """Who the staff member acts as (their practice organisation?), from their state."""
        acting = staff
        if sandbox.practising and sandbox.organisation_id is not None:
            sandbox_organisation = await uow.practice.organisation(sandbox.organisation_id)
            acting = replace(staff, organisation=sandbox_organisation)
        return cls(uow, staff, acting, sandbox, progress, chat_key, now)

    @property
    def practising(self) -> bool:
        return self.acting.organisation.practice

    def is_new(self) -> bool:
        """Never welcomed: their first message, or their invitation just redeemed."""
        return self._stored is None

    def welcome(self) -> list[Message]:
        """The role's welcome, then the checklist as its own message (edited as tasks get done)."""
        return [Message(role_welcome(self.staff)), self._checklist_message()]

    def _checklist_message(self) -> Message:
        text = render_checklist(self.staff, frozenset(self._done))
        return Message(text, checklist_of=self.staff.id)

    # -- the turn's hooks -------------------------------------------------------------------
    def opened(self, flow: str) -> str | None:
        self._done.add(f"open:{flow}")
        if self.practising:
            self._done.add(f"open-oefen:{flow}")
            return None
        if flow in self._seen:
            return None
        self._seen.add(flow)
        return FIRST_USE_TIPS.get(flow)

    def finished(self, flow: str) -> str | None:
        if not self.practising:
            return None
        self._done.add(f"oefen:{flow}")
        return EXERCISE_TIPS.get(flow)

    def helped(self) -> None:
        self._done.add("help")

    def home_options(self) -> list[tuple[str, str]]:
        return [(LEAVE, "/stoppen")] if self.practising else []

    def switching(self, name: str) -> str | None:
        """Entering or leaving practice changes whom one acts as: a flow is left for it."""
        if name == "stoppen" and not self.practising:
            return None  # nothing to leave: /stoppen only says so
        return _SWITCHING.get(name)

    def help_commands(self) -> str:
        shown = [each for each in GUIDE_COMMANDS if self.practising or each[0] != "stoppen"]
        return "".join(f", /{name} ({title.lower()})" for name, title in shown)

    async def command(self, name: str, argument: str) -> GuideReply | None:
        if name == "oefenen":
            return await self._practise(argument.strip().casefold() in RESET_WORDS)
        if name == "stoppen":
            return await self._stop()
        if name == "rondleiding":
            return GuideReply(messages=[self._checklist_message()])
        return None

    async def _practise(self, reset: bool) -> GuideReply:
        """Enter practice mode; the sandbox is made on first use, or anew when asked."""
        practice, notes = self._uow.practice, [ENTERED]
        organisation_id = self._sandbox.organisation_id
        data = practice_data(self.staff.id, self._now.date())
        if organisation_id is None or reset:
            if organisation_id is not None:
                await practice.release(organisation_id, self._now)
                notes = [RESET]
            organisation = await practice.make(self.staff, data, self._now)
        else:
            organisation = await practice.organisation(organisation_id)
        await practice.set_practising(self.staff.id, True)
        self._sandbox = Sandbox(organisation.id, True)
        self.acting = replace(self.staff, organisation=organisation)
        notes.append(exercises(self.staff, data, self._now.date()))
        return GuideReply(notes=notes, staff=self.acting)

    async def _stop(self) -> GuideReply:
        if not self.practising:
            return GuideReply(notes=[NOT_PRACTISING])
        await self._uow.practice.set_practising(self.staff.id, False)
        self._sandbox = Sandbox(self._sandbox.organisation_id, False)
        self.acting = self.staff
        return GuideReply(
            notes=[LEFT.format(organisation=self.staff.organisation.name)], staff=self.staff
        )

    # -- after the turn ---------------------------------------------------------------------
    def mark(self, downloads: list[Download]) -> list[Download]:
        """A file written in practice mode says so too (its reply comes after the commit)."""
        if not self.practising:
            return downloads
        return [replace(each, reply=_banner(each.reply)) for each in downloads]

    async def close(self, out: list[Message]) -> list[Message]:
        """Keep the progress; mark practice replies; edit the checklist if a task got done."""
        if self.practising:
            out = [replace(each, text=f"{BANNER}\n{each.text}") for each in out]
        ticked = render_checklist(self.staff, frozenset(self._done)) != render_checklist(
            self.staff, self._was.done
        )
        progress = Progress(
            frozenset(self._done), frozenset(self._seen), self._checklist_chat, self._checklist
        )
        if progress != self._stored:  # most turns change nothing here: no write
            await self._uow.onboarding.save(self.staff.id, progress, self._now)
        here = self._checklist is not None and self._checklist_chat == self._chat_key
        if ticked and here and not _sends_checklist(out):
            text = render_checklist(self.staff, frozenset(self._done))
            out.insert(0, Message(text, edit=self._checklist))  # the question stays last
        return out


def _banner(reply: Callable[[int, str], str]) -> Callable[[int, str], str]:
    return lambda rows, name: f"{BANNER}\n{reply(rows, name)}"


def _sends_checklist(out: list[Message]) -> bool:
    return any(each.checklist_of is not None for each in out)
