"""One update's turn in one chat: commands, answers, back and cancel, the pending question."""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from flows import texts
from flows.conversation import (
    DATE_WIDGET,
    DAY_PREFIX,
    Choice,
    Command,
    Message,
    Option,
    What,
)
from flows.domain import Refusal, Staff
from flows.downloads import Download
from flows.flow import Advance, Answer, Finish, Flow, Question, StepContext, Switch
from flows.ports import SessionState, UnitOfWork

if TYPE_CHECKING:
    from flows.engine import Engine

BACK, CANCEL, RESUME, DISCARD = "__back", "__cancel", "__resume", "__discard"
_BACK_WORDS = {"vorige", "terug"}
_CANCEL_WORDS = {"annuleer", "annuleren", "stop", "stoppen"}
_LEADING_MARKS = re.compile(r"^[\W_]+")


def _picked_day(question: Question, value: str | None) -> str | None:
    """Turn a calendar press (`d:2026-03-05`) on a date question into `05/03/2026`."""
    if question.widget != DATE_WIDGET or value is None or not value.startswith(DAY_PREFIX):
        return None
    try:
        return date.fromisoformat(value.removeprefix(DAY_PREFIX)).strftime("%d/%m/%Y")
    except ValueError:
        return None


def _plain(label: str) -> str:
    """Compare labels without case or leading marks (✓, ▶, emoji)."""
    return _LEADING_MARKS.sub("", label).strip().casefold()


@dataclass(frozen=True)
class _Pending:
    """The question the chat is waiting on, with every option it offers."""

    question: Question
    home: bool


class Turn:
    """One update's work on one session; collects the replies."""

    def __init__(
        self,
        engine: Engine,
        uow: UnitOfWork,
        session: SessionState,
        staff: Staff,
        now: datetime,
    ) -> None:
        self.engine, self.uow, self.session, self.staff, self.now = engine, uow, session, staff, now
        self.out: list[Message] = []
        self._notes: list[str] = []
        self.downloads: list[Download] = []  # files the steps asked for, written after commit

    # -- dispatch ---------------------------------------------------------------------------
    async def run(self, what: What) -> None:
        if isinstance(what, Command):
            await self._command(what)
        elif isinstance(what, Choice):
            if what.seq != self.session.seq:
                self.say(texts.STALE_CHOICE)
                await self.ask()
            else:
                await self._answer(what.value, what.value)
        elif self._resume_due():
            await self._pause_with_welcome_back()
        else:
            await self._answer(None, what.text)

    async def _command(self, command: Command) -> None:
        session, name = self.session, command.name
        if name == "start":
            if session.flow:
                await self._pause_with_welcome_back()
                return
            self.say(
                texts.WELCOME.format(
                    first_name=self.staff.name.split()[-1],
                    organisation=self.staff.organisation.name,
                )
            )
            await self.ask()
        elif name == "menu":
            session.paused = session.flow is not None
            await self.ask()
        elif name == "help":
            self.say(self._help())
            await self.ask()
        elif name == "annuleer":
            self.say(texts.CANCELLED if session.flow else texts.NOTHING_TO_CANCEL)
            session.leave_flow()
            await self.ask()
        elif name in self.engine.commands:
            await self._start(self.engine.commands[name])
        else:
            self.say(texts.UNKNOWN_COMMAND.format(name=name))
            await self.ask()

    def _help(self) -> str:
        commands = "".join(
            f", /{flow.command} ({flow.title.lower()})"
            for flow in self.engine.flows.values()
            if flow.available_to(self.staff)
        )
        text = texts.HELP.format(flow_commands=commands)
        flow = self._flow()
        if flow and not self.session.paused and self.session.state:
            step_help = flow.step(self.session.state).help
            if step_help:
                text += f"\n\n{step_help}"
        return text

    # -- answering the pending question -----------------------------------------------------
    async def _answer(self, value: str | None, text: str) -> None:
        pending = await self._pending()
        offered = {option.value for option in pending.question.options}
        day = _picked_day(pending.question, value)
        if day is not None:  # a calendar press: read as the date typed out
            value, text = None, day
        if value is None:
            value = self._match(pending, text)
        if value is not None and value not in offered and value != BACK:
            self.say(texts.INVALID_CHOICE)
            await self.ask(pending)
        elif pending.home:
            await self._home(value)
        elif value == BACK:
            await self._back()
        elif value == CANCEL:
            self.say(texts.CANCELLED)
            self.session.leave_flow()
            await self.ask()
        elif value is None and not pending.question.typed:
            self.say(texts.CHOOSE_OPTION)
            await self.ask(pending)
        else:
            await self._step(Answer(value, text), pending)

    def _match(self, pending: _Pending, text: str) -> str | None:
        """Read typed text as an option when it names one (label, value or a keyword)."""
        typed = _plain(text)
        for option in pending.question.options:
            if typed and typed in (_plain(option.label), option.value.casefold()):
                return option.value
        offered = {option.value for option in pending.question.options}
        if typed in _BACK_WORDS and not pending.home:
            return BACK
        if typed in _CANCEL_WORDS and CANCEL in offered:
            return CANCEL
        return None

    async def _home(self, value: str | None) -> None:
        session = self.session
        if value == RESUME:
            session.paused = False
        elif value == DISCARD:
            self.say(texts.CANCELLED)
            session.leave_flow()
        elif value is not None and value.startswith("/"):
            await self._command(Command(value[1:]))
            return
        else:
            self.say(texts.CHOOSE_OPTION)
        await self.ask()

    async def _back(self) -> None:
        session = self.session
        machine = self.engine.machines[session.flow or ""]
        previous = machine.fire(session.state or "", "back", session.answers)
        if previous is None:
            self.say(texts.FIRST_STEP)
        else:
            session.state = previous
        await self.ask()

    async def _step(self, answer: Answer, pending: _Pending) -> None:
        session = self.session
        flow = self._flow()
        assert flow is not None
        assert session.state is not None
        ctx = self._context(dict(session.answers))
        try:
            outcome = await flow.step(session.state).accept(ctx, answer)
        except Refusal as refusal:
            self.say(refusal.message)
            await self.ask(pending)  # nothing changed: the same question again
            return
        if not isinstance(outcome, Switch) and outcome.download is not None:
            self.downloads.append(outcome.download)
        if isinstance(outcome, Finish):
            session.leave_flow()
            self.say(outcome.text)
            await self.ask()
            return
        if isinstance(outcome, Switch):
            session.leave_flow()
            session.flow, session.state = outcome.flow, outcome.state
            session.answers = dict(outcome.answers)
            if outcome.note:
                self.say(outcome.note)
            await self.ask()
            return
        session.answers = ctx.answers
        if isinstance(outcome, Advance):
            following = self.engine.machines[flow.name].fire(session.state, "next", ctx.answers)
            if following is None:
                raise RuntimeError(f"flow {flow.name}: no `next` from {session.state}")
            session.state = following
        if outcome.note:
            self._notes.append(outcome.note)
        await self.ask()

    # -- flows and questions ----------------------------------------------------------------
    async def _start(self, flow: Flow) -> None:
        session = self.session
        if not flow.available_to(self.staff):
            self.say(texts.NOT_AVAILABLE.format(title=flow.title))
            await self.ask()
            return
        if session.flow:
            self.say(texts.NOT_SAVED.format(title=self.engine.flows[session.flow].title))
        session.leave_flow()
        session.flow, session.state = flow.name, flow.initial
        await self.ask()

    def _flow(self) -> Flow | None:
        return self.engine.flows.get(self.session.flow or "")

    def _context(self, answers: dict[str, object]) -> StepContext:
        return StepContext(answers, self.staff, self.now, self.engine.settings, self.uow)

    def _resume_due(self) -> bool:
        session = self.session
        return (
            session.flow is not None
            and not session.paused
            and session.updated_at is not None
            and self.now - session.updated_at > self.engine.settings.resume_after
        )

    async def _pause_with_welcome_back(self) -> None:
        flow = self._flow()
        assert flow is not None
        assert self.session.state is not None
        self.session.paused = True
        self.say(
            texts.WELCOME_BACK.format(
                title=flow.title, describe=flow.step(self.session.state).describe
            )
        )
        await self.ask()

    async def _pending(self) -> _Pending:
        flow, session = self._flow(), self.session
        if flow is None or session.paused or session.state is None:
            return _Pending(self._home_question(), home=True)
        try:
            asked = flow.step(session.state).ask(self._context(dict(session.answers)))
            question = await asked if inspect.isawaitable(asked) else asked
        except Refusal as gone:  # what the question is about went away (a colleague's change)
            self.say(gone.message)
            session.leave_flow()
            return _Pending(self._home_question(), home=True)
        extra = []
        if self.engine.machines[flow.name].has_back(session.state):
            extra.append(Option(texts.BACK, BACK))
        extra.append(Option(texts.CANCEL, CANCEL))
        return _Pending(
            Question(
                question.text, question.options + tuple(extra), question.typed, question.widget
            ),
            home=False,
        )

    def _home_question(self) -> Question:
        options: list[Option] = []
        text = texts.WHAT_NOW
        flow = self._flow()
        if flow is not None:
            text = texts.RESUME_QUESTION
            options += [Option(texts.RESUME, RESUME), Option(texts.DISCARD, DISCARD)]
        options += [
            Option(each.title, f"/{each.command}")
            for each in self.engine.flows.values()
            if each.available_to(self.staff)
        ]
        if len(options) == 0:
            text = texts.NOTHING_AVAILABLE
        return Question(text, tuple(options), typed=False)

    def say(self, text: str) -> None:
        self._notes.append(text)

    async def ask(self, unchanged: _Pending | None = None) -> None:
        """Ask the pending question, after whatever was said, under a fresh sequence number.

        `unchanged` is the pending question already built this turn, when neither state nor
        answers moved since (a refusal): it is not built twice. At a pause (the menu), notices
        left for this staff member (a coach's decision) are told first, once.
        """
        pending = unchanged or await self._pending()
        if pending.home:
            self._notes += await self.uow.notices.take(self.staff.id, self.now)
        question = pending.question
        self.session.seq += 1
        text = "\n\n".join([*self._notes, question.text])
        self._notes.clear()
        self.out.append(Message(text, question.options, self.session.seq, question.widget))
