"""One update's turn in one chat: commands, answers checked against the asked question, back.

The question a chat waits on is stored with its session (`AskedQuestion`): a press or a typed
answer is checked against it as it was sent, never against a question rebuilt from the
database. Only the step that accepts reads what it needs, and only the next question is built.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Protocol

from flows.domain.errors import Refusal
from flows.domain.intents import ActOnReminder, Intent
from flows.domain.staff import Staff
from flows.engine import answers as codec
from flows.engine import texts
from flows.engine.catalogue import Catalogue
from flows.engine.definition import (
    Answer,
    Finish,
    Flow,
    Outcome,
    Question,
    Stay,
    StepContext,
    Switch,
)
from flows.engine.downloads import Download
from flows.engine.values import (
    DATE_WIDGET,
    Choice,
    Command,
    Message,
    Option,
    PickedDay,
    PushPress,
    What,
)
from flows.ports.sessions import AskedQuestion, SessionState, Visit
from flows.ports.unit_of_work import UnitOfWork

BACK, CANCEL, RESUME, DISCARD = "__back", "__cancel", "__resume", "__discard"
LEAVE = "__leave/"  # + the command to go to once the flow is left without saving
LEAVE_FOR_PUSH = "__leave_push/"  # + "push_id index": the pushed button to act on once left
_BACK_WORDS = {"vorige", "terug"}
_CANCEL_WORDS = {"annuleer", "annuleren", "stop", "stoppen"}
_LEADING_MARKS = re.compile(r"^(?:(?![-−–+])[\W_])+")  # a sign belongs to the number typed
MAX_ACTIONS = 8  # actions reached one after the other in one turn (a flow's bug beyond that)


@dataclass
class GuideReply:
    """What a guide command did: messages first, then notes; maybe a new acting staff value."""

    notes: list[str] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)
    staff: Staff | None = None  # act as this from now on (entering or leaving practice)


class Guide(Protocol):
    """Onboarding beside the flows: tips, checklist events, practice mode (engine/guide.py)."""

    def opened(self, flow: str) -> str | None: ...

    def finished(self, flow: str) -> str | None: ...

    def helped(self) -> None: ...

    def home_options(self) -> list[tuple[str, str]]: ...

    def help_commands(self) -> str: ...

    async def command(self, name: str, argument: str) -> GuideReply | None: ...

    def switching(self, name: str) -> str | None:
        """The title of a command that changes whom one acts as (None for any other)."""


class NoGuide:
    """No onboarding: flows run bare (tests of the engine alone)."""

    def opened(self, flow: str) -> str | None:
        return None

    def finished(self, flow: str) -> str | None:
        return None

    def helped(self) -> None:
        return None

    def home_options(self) -> list[tuple[str, str]]:
        return []

    def help_commands(self) -> str:
        return ""

    async def command(self, name: str, argument: str) -> GuideReply | None:
        return None

    def switching(self, name: str) -> str | None:
        return None


def _then(command: Command) -> str:
    """The leave question's value that runs `command` once the flow is left."""
    return LEAVE + f"{command.name} {command.argument}".strip()


def _plain(label: str) -> str:
    """Compare labels without case or leading marks (✓, ▶, emoji)."""
    return _LEADING_MARKS.sub("", label).strip().casefold()


def _loop_back(history: list[Visit], state: str) -> None:
    """A flow that leads back to a step asked before: *Vorige* there goes where it went then."""
    for index, visit in enumerate(history):
        if visit.flow is None and visit.state == state:
            del history[index:]
            return


class Turn:
    """One update's work on one session; collects the replies."""

    def __init__(
        self,
        catalogue: Catalogue,
        uow: UnitOfWork,
        session: SessionState,
        staff: Staff,
        now: datetime,
        guide: Guide | None = None,
    ) -> None:
        self.catalogue, self.uow, self.session = catalogue, uow, session
        self.staff, self.now = staff, now
        self.guide: Guide = guide or NoGuide()
        self.out: list[Message] = []
        self._notes: list[str] = []
        self.downloads: list[Download] = []  # files the steps asked for, written after commit

    # -- dispatch ---------------------------------------------------------------------------
    async def run(self, what: What) -> None:
        try:
            await self._dispatch(what)
        except codec.AnswersUnreadable:
            flow = self._flow()
            assert flow is not None
            self._notes.clear()
            self.say(texts.CANNOT_RESUME.format(title=flow.title, command=flow.command))
            self.session.leave_flow()
            await self.ask()

    async def _dispatch(self, what: What) -> None:
        if isinstance(what, Command):
            await self._command(what)
        elif isinstance(what, Choice | PickedDay):
            await self._press(what)
        elif isinstance(what, PushPress):
            await self._pushed(what)
        elif self._resume_due():
            await self._pause_with_welcome_back()
        else:
            asked = await self._asked()
            await self._answer(asked, self._match(asked, what.text), what.text)

    async def _press(self, what: Choice | PickedDay) -> None:
        asked = self.session.asked
        if asked is None or what.seq != asked.seq:
            self.say(texts.STALE_CHOICE)
            await self.ask()
        elif isinstance(what, PickedDay):
            if asked.widget != DATE_WIDGET:
                self.say(texts.INVALID_CHOICE)
                self._ask_again(asked)
            else:  # a calendar press: read as the date typed out
                await self._answer(asked, None, what.day.strftime("%d/%m/%Y"))
        elif not 0 <= what.index < len(asked.options):
            self.say(texts.INVALID_CHOICE)
            self._ask_again(asked)
        else:
            label, value = asked.options[what.index]
            await self._answer(asked, value, label)

    async def _pushed(self, what: PushPress) -> None:
        """A button of a pushed message (a reminder), checked against the message as stored."""
        push = await self.uow.reminders.push(what.push_id)
        if (
            push is None
            or push.staff_id != self.staff.id
            or not 0 <= what.index < len(push.options)
        ):
            self.say(texts.STALE_CHOICE)
            await self.ask()
            return
        intent = ActOnReminder(push.options[what.index][1])
        if self._unsaved_now():
            title = self.catalogue.entry(intent)[0].title
            self._ask_leave(title, f"{LEAVE_FOR_PUSH}{what.push_id} {what.index}")
            return
        await self.enter(intent)

    async def enter(self, intent: Intent, *, switched: bool = False) -> None:
        """Open the flow that handles `intent` from outside any flow (a pushed button).

        An entry that is an action runs at once; when it switches on (the file checked, the
        work next), the flow it switches to is entered the same way.
        """
        flow, entry = self.catalogue.entry(intent)
        session = self.session
        if not flow.available_to(self.staff):
            self.say(texts.NOT_AVAILABLE.format(title=flow.title))
            session.leave_flow()
            await self.ask()
            return
        session.leave_flow()  # answers it would lose were asked about first (`_pushed`)
        session.flow, session.state = flow.name, entry.step.name
        session.answers = codec.dump(entry.answers(intent))
        if entry.step.ask is not None:
            await self.ask()
            return
        ctx = self._context(flow)
        try:
            outcome = await entry.step.accept(ctx, Answer(None, ""))
        except Refusal as refusal:  # the file no longer needs it: say why, nothing stored
            self.say(refusal.message)
            session.leave_flow()
            await self.ask()
            return
        if isinstance(outcome, Switch):  # straight on into the flow that does the work
            if outcome.note:
                self.say(outcome.note)
            await self.enter(outcome.to, switched=True)
            return
        await self._follow(flow, ctx, outcome, Visit(entry.step.name))

    async def _command(self, command: Command) -> None:
        session, name = self.session, command.name
        if name == "start":
            # Whoever blocked the bot and starts it again can be reached again (reminders).
            await self.uow.reminders.reachable(self.staff.id)
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
            self.guide.helped()
            self.say(self._help())
            await self.ask()
        elif name == "annuleer":
            self.say(texts.CANCELLED if session.flow else texts.NOTHING_TO_CANCEL)
            session.leave_flow()
            await self.ask()
        elif name in self.catalogue.commands:
            await self._start(self.catalogue.commands[name], command.argument)
        elif (title := self.guide.switching(name)) and self._unsaved_now():
            self._ask_leave(title, _then(command))
        elif (reply := await self.guide.command(name, command.argument)) is not None:
            await self._guided(reply)
        else:
            self.say(texts.UNKNOWN_COMMAND.format(name=name))
            await self.ask()

    async def _guided(self, reply: GuideReply) -> None:
        """Apply a guide command; switching who one acts as leaves any flow unsaved."""
        if reply.staff is not None:  # answers were asked about first (`Guide.switching`)
            self.session.leave_flow()
            self.staff = reply.staff
        self.out += reply.messages
        for note in reply.notes:
            self.say(note)
        await self.ask()

    def _help(self) -> str:
        commands = "".join(
            f", /{flow.command} ({flow.title.lower()})"
            for flow in self.catalogue.flows.values()
            if flow.in_menu and flow.available_to(self.staff)
        )
        text = texts.HELP.format(flow_commands=commands + self.guide.help_commands())
        text += "".join(
            f"\n• {flow.line.help}"
            for flow in self.catalogue.flows.values()
            if flow.line is not None and flow.available_to(self.staff)
        )
        flow = self._flow()
        if flow and not self.session.paused and self.session.state:
            step_help = flow.step(self.session.state).help
            if step_help:
                text += f"\n\n{step_help}"
        return text

    # -- answering the asked question -------------------------------------------------------
    async def _asked(self) -> AskedQuestion:
        """The question waited on; built once for a session stored before questions were kept."""
        if self.session.asked is None:
            self.session.asked = await self._question()
        return self.session.asked

    def _match(self, asked: AskedQuestion, text: str) -> str | None:
        """Read typed text as an option when it names one (label, value or a keyword)."""
        typed = _plain(text)
        for label, value in asked.options:
            if typed and typed in (_plain(label), value.casefold()):
                return value
        if typed in _BACK_WORDS and not asked.home:
            return BACK
        if typed in _CANCEL_WORDS and any(value == CANCEL for _, value in asked.options):
            return CANCEL
        return None

    async def _answer(self, asked: AskedQuestion, value: str | None, text: str) -> None:
        if asked.home:
            await self._home(asked, value, text)
        elif value == BACK:
            await self._back()
        elif value == CANCEL:
            self.say(texts.CANCELLED)
            self.session.leave_flow()
            await self.ask()
        elif value is None and not asked.typed:
            self.say(texts.CHOOSE_OPTION)
            self._ask_again(asked)
        else:
            await self._step(Answer(value, text), asked, text)

    async def _home(self, asked: AskedQuestion, value: str | None, text: str = "") -> None:
        session = self.session
        if value is None and session.flow is None and (flow := self._line_flow(text)):
            await self._start(flow, text)
            return
        if value == RESUME:
            session.paused = False
        elif value == DISCARD:
            self.say(texts.CANCELLED)
            session.leave_flow()
        elif value is not None and value.startswith(LEAVE):
            self.say(texts.CANCELLED)
            session.leave_flow()
            name, _, argument = value.removeprefix(LEAVE).partition(" ")
            await self._command(Command(name, argument))
            return
        elif value is not None and value.startswith(LEAVE_FOR_PUSH):
            self.say(texts.CANCELLED)
            session.leave_flow()
            push_id, index = value.removeprefix(LEAVE_FOR_PUSH).split()
            await self._pushed(PushPress(int(push_id), int(index)))
            return
        elif value is not None and value.startswith("/"):
            await self._command(Command(value[1:]))
            return
        else:
            self.say(texts.CHOOSE_OPTION)
            self._ask_again(asked)
            return
        await self.ask()

    async def _back(self) -> None:
        session = self.session
        if not session.history:
            self.say(texts.FIRST_STEP)
        else:
            visit = session.history.pop()
            if visit.flow is not None:  # back into the flow this chat switched from
                session.flow, session.answers = visit.flow, dict(visit.answers or {})
                session.history = list(visit.history)
            session.state = visit.state
            if visit.answered:
                self.say(texts.EARLIER_ANSWER.format(answered=visit.answered))
        await self.ask()

    async def _step(self, answer: Answer, asked: AskedQuestion, answered: str) -> None:
        flow, state = self._flow(), self.session.state
        assert flow is not None
        assert state is not None
        ctx = self._context(flow)
        try:
            outcome = await flow.step(state).accept(ctx, answer)
        except Refusal as refusal:  # nothing stored; the question again, as things are now
            self.say(refusal.message)
            if refusal.final:
                self._leave_refused()
            await self.ask()
            return
        await self._follow(flow, ctx, outcome, Visit(state, answered))

    async def _follow(
        self, flow: Flow[Any], ctx: StepContext[Any], outcome: Outcome, visit: Visit
    ) -> None:
        """Apply what the step said happened; run the actions it leads to; ask what is next."""
        session, origin = self.session, visit
        for _ in range(MAX_ACTIONS):
            if not isinstance(outcome, Switch) and outcome.download is not None:
                self.downloads.append(outcome.download)
            if isinstance(outcome, Finish):
                session.leave_flow()
                self.say(outcome.text)
                tip = self.guide.finished(flow.name)
                if tip:
                    self.say(tip)
                break
            if isinstance(outcome, Switch):
                self._switch(outcome, origin)
                break
            session.answers = codec.dump(ctx.answers)
            if outcome.note:
                self.say(outcome.note)
            if isinstance(outcome, Stay):
                break
            following = self.catalogue.machines[flow.name].next(visit.state, ctx.answers)
            if following is None:
                raise RuntimeError(f"flow {flow.name}: nothing follows {visit.state}")
            if outcome.stored:
                session.history = []
            elif flow.step(visit.state).ask is not None:
                session.history.append(visit)
            _loop_back(session.history, following)
            session.state = following
            step = flow.step(following)
            if step.ask is not None:
                break
            try:  # an action: it runs now, on what the steps before collected
                outcome = await step.accept(ctx, Answer(None, ""))
            except Refusal as refusal:  # back to the question that led here, nothing stored
                self.say(refusal.message)
                if session.history and session.history[-1] == origin:
                    session.history.pop()
                session.state = origin.state
                if refusal.final:
                    self._leave_refused()
                break
            visit = Visit(following)
        else:
            raise RuntimeError(f"flow {flow.name}: more than {MAX_ACTIONS} actions in a row")
        await self.ask()

    def _switch(self, outcome: Switch, origin: Visit) -> None:
        """Enter the flow that handles the intent; *Vorige* there leads back to `origin`."""
        target, entry = self.catalogue.entry(outcome.to)
        session = self.session
        # Keep the flow left as it was, but not what it had switched from in turn: bounded.
        earlier = tuple(replace(visit, history=()) for visit in session.history)
        back = Visit(origin.state, origin.answered, session.flow, session.answers, earlier)
        session.leave_flow()
        session.flow, session.state = target.name, entry.step.name
        session.answers = codec.dump(entry.answers(outcome.to))
        session.history = [back]
        if outcome.note:
            self.say(outcome.note)

    # -- flows and questions ----------------------------------------------------------------
    def _line_flow(self, text: str) -> Flow[Any] | None:
        """The one flow a line typed at the menu is meant for, if exactly one recognises it."""
        meant = [
            flow
            for flow in self.catalogue.flows.values()
            if flow.line is not None
            and flow.available_to(self.staff)
            and flow.line.recognises(text, self.now.date())
        ]
        return meant[0] if len(meant) == 1 else None

    async def _start(self, flow: Flow[Any], argument: str = "") -> None:
        session = self.session
        if not flow.available_to(self.staff):
            self.say(texts.NOT_AVAILABLE.format(title=flow.title))
            await self.ask()
            return
        if session.flow and self._unsaved_now():
            self._ask_leave(flow.title, _then(Command(flow.command, argument)))
            return
        session.leave_flow()
        session.flow, session.state = flow.name, flow.initial.name
        line = flow.line is not None and argument.strip()
        answers = flow.line.answers(argument) if line and flow.line else flow.answers()
        session.answers = codec.dump(answers)
        tip = self.guide.opened(flow.name)
        if tip:  # its own message, after what was said: the flow's question stays as it is
            self.out.append(Message("\n\n".join([*self._notes, tip])))
            self._notes.clear()
        if flow.initial.ask is not None:
            await self.ask()
            return
        ctx = self._context(flow)  # a first step that asks nothing (reading a line) runs now
        try:
            outcome = await flow.initial.accept(ctx, Answer(None, ""))
        except Refusal as refusal:
            self.say(refusal.message)
            session.leave_flow()
            await self.ask()
            return
        await self._follow(flow, ctx, outcome, Visit(flow.initial.name))

    def _leave_refused(self) -> None:
        """After a refusal no answer can mend: back to the last screen shown, or to the menu."""
        session, flow = self.session, self._flow()
        assert flow is not None
        if session.state is not None and flow.step(session.state).screen:
            return  # refused on a screen: it shows how things are now
        for index in range(len(session.history) - 1, -1, -1):
            visit = session.history[index]
            if visit.flow is None and flow.step(visit.state).screen:
                session.state = visit.state
                del session.history[index:]
                return
        session.leave_flow()

    def _unsaved(self, flow_name: str, history: Sequence[Visit]) -> bool:
        """Answers leaving would lose: a step answered since the last store that is no screen."""
        for visit in history:
            name = visit.flow or flow_name
            flow = self.catalogue.flows.get(name)
            if flow is None:
                continue
            try:
                screen = flow.step(visit.state).screen
            except KeyError:  # a step since renamed: count it as an answer, to be safe
                screen = False
            if not screen or (visit.flow and self._unsaved(name, visit.history)):
                return True
        return False

    def _unsaved_now(self) -> bool:
        session = self.session
        return session.flow is not None and self._unsaved(session.flow, session.history)

    def _ask_leave(self, target: str, then: str) -> None:
        """Ask before a command throws away answers: stop without saving, or back."""
        flow, session = self._flow(), self.session
        assert flow is not None
        assert session.state is not None
        session.paused = True
        text = texts.LEAVE_QUESTION.format(
            title=flow.title, describe=flow.step(session.state).describe, target=target
        )
        options = ((texts.DISCARD, then), (texts.BACK_TO_QUESTION, RESUME))
        self._send(AskedQuestion(0, text, options, typed=False, home=True))

    def _flow(self) -> Flow[Any] | None:
        return self.catalogue.flows.get(self.session.flow or "")

    def _context(self, flow: Flow[Any]) -> StepContext[Any]:
        answers = codec.load(flow.answers, self.session.answers)
        return StepContext(answers, self.staff, self.now, self.catalogue.settings, self.uow)

    def _resume_due(self) -> bool:
        session = self.session
        return (
            session.flow is not None
            and not session.paused
            and session.updated_at is not None
            and self.now - session.updated_at > self.catalogue.settings.resume_after
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

    async def _question(self) -> AskedQuestion:
        """Build the question the chat is at now (seq is given when it is sent)."""
        flow, session = self._flow(), self.session
        if flow is None or session.paused or session.state is None:
            return self._home_question()
        ask = flow.step(session.state).ask
        assert ask is not None, f"flow {flow.name}: {session.state} asks nothing"
        try:
            asked = ask(self._context(flow))
            question: Question = await asked if inspect.isawaitable(asked) else asked
        except Refusal as gone:  # what the question is about went away (a colleague's change)
            self.say(gone.message)
            session.leave_flow()
            return self._home_question()
        options = [(option.label, option.value) for option in question.options]
        if session.history:
            options.append((texts.BACK, BACK))
        options.append((texts.CANCEL, CANCEL))
        return AskedQuestion(0, question.text, tuple(options), question.typed, question.widget)

    def _home_question(self) -> AskedQuestion:
        options: list[tuple[str, str]] = []
        text = texts.WHAT_NOW
        if self._flow() is not None:
            text = texts.RESUME_QUESTION
            options += [(texts.RESUME, RESUME), (texts.DISCARD, DISCARD)]
        options += [
            (each.title, f"/{each.command}")
            for each in self.catalogue.flows.values()
            if each.in_menu and each.available_to(self.staff)
        ]
        options += self.guide.home_options()
        if not options:
            text = texts.NOTHING_AVAILABLE
        return AskedQuestion(0, text, tuple(options), typed=False, home=True)

    def say(self, text: str) -> None:
        self._notes.append(text)

    async def ask(self) -> None:
        """Ask the question the chat is at now, after whatever was said.

        At a pause (the menu), notices left for this staff member (a coach's decision) are
        told first, once.
        """
        asked = await self._question()
        if asked.home:
            self._notes += await self.uow.notices.take(self.staff.id, self.now)
        self._send(asked)

    def _ask_again(self, asked: AskedQuestion) -> None:
        """The same question as sent before (nothing moved), under a fresh sequence number."""
        self._send(asked)

    def _send(self, asked: AskedQuestion) -> None:
        self.session.seq += 1
        sent = AskedQuestion(
            self.session.seq, asked.text, asked.options, asked.typed, asked.widget, asked.home
        )
        self.session.asked = sent
        text = "\n\n".join([*self._notes, asked.text])
        self._notes.clear()
        options = tuple(Option(label, value) for label, value in asked.options)
        self.out.append(Message(text, options, sent.seq, asked.widget, typed=asked.typed))
