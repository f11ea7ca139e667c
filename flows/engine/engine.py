"""The conversation engine: one input in, replies out, every change in one unit of work."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from flows.domain.errors import ConcurrencyConflict, Refusal
from flows.domain.staff import Staff
from flows.engine import texts
from flows.engine.catalogue import Catalogue
from flows.engine.clock import Clock
from flows.engine.definition import Flow, FlowSettings
from flows.engine.downloads import Download, write_download
from flows.engine.gate import redeem
from flows.engine.progress import Show
from flows.engine.turn import Turn
from flows.engine.values import Actor, Command, Input, Message, StaffMember, TelegramUser
from flows.ports.sessions import SessionState
from flows.ports.unit_of_work import ReadUnitOfWork, UnitOfWork

MAX_ATTEMPTS = 3


class Engine:
    """Runs every flow for every chat; keeps no chat state in memory between updates.

    `read_factory` gives the read-only snapshots downloads are written from, after the turn's
    commit (flows/downloads.py); without one, they read through a unit of work of their own.
    """

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        clock: Clock,
        flows: Sequence[Flow[Any]],
        settings: FlowSettings | None = None,
        read_factory: Callable[[], ReadUnitOfWork] | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._read_factory = read_factory or uow_factory
        self.clock = clock
        self.catalogue = Catalogue(flows, settings or FlowSettings())

    @property
    def settings(self) -> FlowSettings:
        return self.catalogue.settings

    @settings.setter
    def settings(self, settings: FlowSettings) -> None:  # the bot's username, once known
        self.catalogue.settings = settings

    @property
    def flows(self) -> dict[str, Flow[Any]]:
        return self.catalogue.flows

    async def handle(self, inp: Input) -> list[Message]:
        """Apply one input exactly once; retry from scratch when a concurrent update won."""
        replies, downloads = await self.handle_staged(inp)
        return replies + [await self.write(download) for download in downloads]

    async def handle_staged(self, inp: Input) -> tuple[list[Message], list[Download]]:
        """As `handle`, but the downloads are left to write (`write`) once the replies are out:
        a channel that shows a download's progress shows it below the turn's replies."""
        for attempt in range(MAX_ATTEMPTS):
            try:
                async with self._uow_factory() as uow:
                    replies, downloads = await self._handle(uow, inp)
                    await uow.commit()
                break
            except ConcurrencyConflict:
                if attempt == MAX_ATTEMPTS - 1:
                    raise
        return replies, downloads

    async def write(self, download: Download, show: Show | None = None) -> Message:
        """Write a download from a read-only snapshot; `show` hears its progress."""
        async with self._read_factory() as reader:
            return await write_download(download, reader, self.clock.now().date(), show)

    async def _handle(self, uow: UnitOfWork, inp: Input) -> tuple[list[Message], list[Download]]:
        now = self.clock.now()
        if inp.update_id is not None and not await uow.updates.first_time(
            inp.channel, inp.update_id, now
        ):
            return [], []
        staff = await _identify(uow, inp.actor)
        if staff is None:
            redeemed = await _redeem(uow, inp, now)
            if not isinstance(redeemed, Staff):
                return [Message(redeemed)], []
            staff = redeemed
        session = await uow.sessions.load(inp.chat_key) or SessionState(inp.chat_key)
        if session.staff_id != staff.id:
            session.leave_flow()
            session.staff_id = staff.id
        turn = Turn(self.catalogue, uow, session, staff, now)
        await turn.run(inp.what)
        await uow.sessions.save(session, now)
        return turn.out, turn.downloads


async def _redeem(uow: UnitOfWork, inp: Input, now: datetime) -> Staff | str:
    """Let an unknown Telegram user in only through `/start <invitation code>`."""
    what = inp.what
    if not (isinstance(inp.actor, TelegramUser) and isinstance(what, Command)):
        return texts.NO_ACCESS
    if what.name != "start" or not what.argument:
        return texts.NO_ACCESS
    try:
        return await redeem(uow, what.argument, inp.actor.id, now)
    except Refusal as refusal:
        return refusal.message


async def _identify(uow: UnitOfWork, actor: Actor) -> Staff | None:
    """Resolve the actor to a known staff member on every update (no cached trust)."""
    if isinstance(actor, TelegramUser):
        return await uow.staff.by_telegram_id(actor.id)
    if isinstance(actor, StaffMember):
        return await uow.staff.get(actor.id)
    return None
