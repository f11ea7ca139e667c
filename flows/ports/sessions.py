"""A chat's conversation as storage keeps it: flow, step, answers, the asked question, history."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from flows.domain.onboarding import Progress
from flows.domain.practice import Sandbox
from flows.domain.staff import Staff


@dataclass(frozen=True)
class AskedQuestion:
    """The question a chat waits on, as it was sent: an answer is checked against this alone.

    `options` are (label, value) pairs in the order shown; a button carries only `seq` and a
    position, so a value never travels through the channel. `home` marks the menu.
    """

    seq: int
    text: str
    options: tuple[tuple[str, str], ...] = ()
    typed: bool = True
    widget: str | None = None
    home: bool = False

    def dump(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "text": self.text,
            "options": [list(option) for option in self.options],
            "typed": self.typed,
            "widget": self.widget,
            "home": self.home,
        }

    @classmethod
    def load(cls, data: dict[str, Any]) -> AskedQuestion:
        return cls(
            seq=int(data["seq"]),
            text=str(data["text"]),
            options=tuple((str(label), str(value)) for label, value in data["options"]),
            typed=bool(data["typed"]),
            widget=data.get("widget"),
            home=bool(data.get("home", False)),
        )


@dataclass(frozen=True)
class Visit:
    """A step asked earlier, and how it was answered (shown again on *Vorige*).

    A visit in another flow (the one this chat switched from) also keeps that flow's answers
    and history, so *Vorige* leads back into it as it was.
    """

    state: str
    answered: str | None = None
    flow: str | None = None
    answers: dict[str, Any] | None = None
    history: tuple[Visit, ...] = ()

    def dump(self) -> dict[str, Any]:
        data: dict[str, Any] = {"state": self.state, "answered": self.answered}
        if self.flow is not None:
            data |= {
                "flow": self.flow,
                "answers": self.answers,
                "history": [visit.dump() for visit in self.history],
            }
        return data

    @classmethod
    def load(cls, data: dict[str, Any]) -> Visit:
        answered, flow = data.get("answered"), data.get("flow")
        return cls(
            str(data["state"]),
            None if answered is None else str(answered),
            None if flow is None else str(flow),
            data.get("answers"),
            tuple(Visit.load(visit) for visit in data.get("history", ())),
        )


@dataclass
class SessionState:
    """One chat's conversation: active flow, its step, collected answers; versioned.

    `answers` is the flow's typed answers as JSON (flows/engine/answers.py converts).
    `asked` is None for a session stored before questions were kept (then rebuilt once).
    """

    chat_key: str
    staff_id: int | None = None
    flow: str | None = None
    state: str | None = None
    answers: dict[str, Any] = field(default_factory=dict)
    seq: int = 0
    paused: bool = False
    version: int = 0
    updated_at: datetime | None = None
    asked: AskedQuestion | None = None
    history: list[Visit] = field(default_factory=list)

    def leave_flow(self) -> None:
        """Forget the active flow, everything it collected and the steps it asked."""
        self.flow, self.state, self.answers, self.paused = None, None, {}, False
        self.history = []


UpdateKey = tuple[str, int, datetime]  # channel, update id, when: an update log entry


@dataclass(frozen=True)
class Opening:
    """What every turn reads first, in one round trip: was the update new, who is writing,
    their onboarding state (practice sandbox, progress; None: never welcomed) and the chat's
    session. No staff member: no session and no onboarding state (redeeming reads them)."""

    fresh: bool
    staff: Staff | None = None
    session: SessionState | None = None
    sandbox: Sandbox = field(default_factory=lambda: Sandbox(None, False))
    progress: Progress | None = None


class SessionRepository(Protocol):
    """Conversation sessions; `load` locks the row where the database can."""

    async def load(self, chat_key: str) -> SessionState | None: ...

    async def load_with_staff(
        self,
        chat_key: str,
        *,
        telegram_user_id: int | None = None,
        staff_id: int | None = None,
        update: UpdateKey | None = None,
    ) -> Opening:
        """The staff member (by Telegram id or id), their onboarding state and this chat's
        session, in one read. With `update`, its id is recorded in the update log in the same
        round trip where the database can: `fresh` is False when it was applied before (then
        nothing else counts)."""
        ...

    async def save(self, session: SessionState, now: datetime) -> None: ...
