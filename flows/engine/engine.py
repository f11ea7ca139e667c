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
from flows.engine.guide import GUIDE_COMMANDS, Guide
from flows.engine.progress import Show
from flows.engine.turn import Turn
from flows.engine.turn_hints import TurnHints
from flows.engine.values import Command, Input, Message, StaffMember, TelegramUser
from flows.ports.sessions import Opening, SessionState
from flows.ports.unit_of_work import ReadUnitOfWork, UnitOfWork, WritesNeeded

MAX_ATTEMPTS = 3
_DUPLICATE = SessionState("")  # marks an update applied before: nothing to store or say


class Engine:
    """Runs every flow for every chat; keeps no chat state in memory between updates (only a
    hint of how to run a chat's next turn, which changes its speed, never its outcome).

    `read_factory` gives the read-only snapshots downloads are written from, after the turn's
    commit (flows/downloads.py); without one, they read through a unit of work of their own.
    `reading_factory` (SQLite) gives units of work that read a snapshot without the write lock
    and raise WritesNeeded at a first write: a turn that only reads runs in one, then stores
    its update id and session in a short writing one; a turn that writes runs again, writing.
    A chat waiting on a question in a flow (not a screen) takes the write lock first instead
    (flows/engine/turn_hints.py): its answer is usually stored.
    """

    def __init__(
        self,
        uow_factory: Callable[[], UnitOfWork],
        clock: Clock,
        flows: Sequence[Flow[Any]],
        settings: FlowSettings | None = None,
        read_factory: Callable[[], ReadUnitOfWork] | None = None,
        reading_factory: Callable[[], UnitOfWork] | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._read_factory = read_factory or uow_factory
        self._reading_factory = reading_factory
        self._hints = TurnHints()
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
        reads_first = self._reading_factory is not None and self._hints.reads_first(inp)
        for attempt in range(MAX_ATTEMPTS):
            try:
                done = await self._read_first(inp) if attempt == 0 and reads_first else None
                if done is None:
                    async with self._uow_factory() as uow:
                        done = await self._handle(uow, inp)
                        await uow.commit()
                replies, downloads = done
                break
            except ConcurrencyConflict:
                if attempt == MAX_ATTEMPTS - 1:
                    raise
        return replies, downloads

    async def write(self, download: Download, show: Show | None = None) -> Message:
        """Write a download from a read-only snapshot; `show` hears its progress."""
        async with self._read_factory() as reader:
            return await write_download(download, reader, self.clock.now().date(), show)

    async def _read_first(self, inp: Input) -> tuple[list[Message], list[Download]] | None:
        """The turn on a snapshot, then the update id and session stored; None: it writes."""
        if self._reading_factory is None:
            return None
        now = self.clock.now()
        try:
            async with self._reading_factory() as reader:
                session, replies, downloads = await self._turn(reader, inp, now)
        except WritesNeeded:
            return None
        async with self._uow_factory() as uow:
            if not await self._first_time(uow, inp, now):
                return [], []
            if session is not None:  # the session's version check: no other turn came between
                await uow.sessions.save(session, now)
            await uow.commit()
        self._hints.remember(inp.chat_key, session, self.flows)
        return replies, downloads

    async def _handle(self, uow: UnitOfWork, inp: Input) -> tuple[list[Message], list[Download]]:
        now = self.clock.now()
        session, replies, downloads = await self._turn(uow, inp, now, logging=True)
        if session is _DUPLICATE:
            return [], []
        if session is not None:
            await uow.sessions.save(session, now)
        self._hints.remember(inp.chat_key, session, self.flows)
        return replies, downloads

    @staticmethod
    async def _first_time(uow: UnitOfWork, inp: Input, now: datetime) -> bool:
        """Record the update id; False when it was applied before (the log's own transaction)."""
        return inp.update_id is None or await uow.updates.first_time(
            inp.channel, inp.update_id, now
        )

    async def _turn(
        self, uow: UnitOfWork, inp: Input, now: datetime, logging: bool = False
    ) -> tuple[SessionState | None, list[Message], list[Download]]:
        """Identify the person and run the turn; the session to store (None: nothing asked).

        `logging`: record the update id first, in the same round trip as the first read where
        the database can; an update applied before returns _DUPLICATE and does nothing.
        """
        update = (inp.channel, inp.update_id, now) if inp.update_id is not None else None
        if not isinstance(inp.actor, TelegramUser | StaffMember):
            if logging and not await self._first_time(uow, inp, now):
                return _DUPLICATE, [], []
            opening = Opening(True)
        else:
            by = (
                {"telegram_user_id": inp.actor.id}
                if isinstance(inp.actor, TelegramUser)
                else {"staff_id": inp.actor.id}
            )
            opening = await uow.sessions.load_with_staff(
                inp.chat_key, update=update if logging else None, **by
            )
            if not opening.fresh:
                return _DUPLICATE, [], []
        staff, stored = opening.staff, opening.session
        if staff is None:
            redeemed = await _redeem(uow, inp, now)
            if not isinstance(redeemed, Staff):
                return None, [Message(redeemed)], []
            # the same opening read, now that they are known (a session, onboarding state)
            opening = await uow.sessions.load_with_staff(inp.chat_key, staff_id=redeemed.id)
            staff, stored = redeemed, opening.session
        session = stored or SessionState(inp.chat_key)
        if session.staff_id != staff.id:
            session.leave_flow()
            session.staff_id = staff.id
        guide = await Guide.load(uow, staff, opening.sandbox, opening.progress, inp.chat_key, now)
        turn = Turn(self.catalogue, uow, session, guide.acting, now, guide)
        await turn.run(inp.what)
        # A colleague who chatted before onboarding existed is not welcomed as new.
        welcome = guide.welcome() if guide.is_new() and stored is None else []
        return session, await guide.close(welcome + turn.out), guide.mark(turn.downloads)

    async def menu(self, staff_id: int) -> list[tuple[str, str]]:
        """The commands this staff member may use, for their chat's menu (command, title)."""
        async with self._uow_factory() as uow:
            staff = await uow.staff.get(staff_id)
        return [] if staff is None else self._commands(staff)

    async def menus(self) -> list[tuple[int, list[tuple[str, str]]]]:
        """Each linked Telegram account with its person's commands."""
        async with self._uow_factory() as uow:
            linked = await uow.staff.linked()
        return [
            (staff.telegram_user_id, self._commands(staff))
            for staff in linked
            if staff.telegram_user_id is not None
        ]

    def _commands(self, staff: Staff) -> list[tuple[str, str]]:
        flows = [
            (flow.command, _describe(flow))
            for flow in self.catalogue.flows.values()
            if flow.available_to(staff)
        ]
        return flows + list(GUIDE_COMMANDS)

    async def remember_checklist(self, staff_id: int, chat_key: str, message_id: int) -> None:
        """The channel sent a checklist under `message_id`: later ticks edit that message."""
        async with self._uow_factory() as uow:
            await uow.onboarding.remember_checklist(staff_id, chat_key, message_id)
            await uow.commit()


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


def _describe(flow: Flow[Any]) -> str:
    """A flow's title; with its one-line form as an example when it has one."""
    if flow.line is None:
        return flow.title
    return f"{flow.title}, ook in één bericht: {flow.line.example}"
