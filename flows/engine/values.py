"""Plain values between a channel and the engine: what the person did, what the bot says."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Option:
    """A finite choice offered with a question; `value` is what the step gets when chosen.

    The value stays with the session (the asked question): a channel sends back only the
    option's position, so a value may hold anything (a name with spaces, accents, any length).
    """

    label: str
    value: str


@dataclass(frozen=True)
class Document:
    """A file for the person (an export): written to `path`, shown to them as `filename`.

    The channel that delivers it removes `path` afterwards.
    """

    filename: str
    path: str
    image: bool = False  # a picture (PNG) a chat shows as one, not as a file to open


@dataclass(frozen=True)
class Message:
    """A reply: text plus options; `seq` binds the options to the question that offered them.

    `widget` says the question also takes a richer input (see `DATE_WIDGET`); `typed` that it
    takes typed text besides its options (then a typed number is text, not an option).
    `checklist_of`: this is that staff member's checklist; the channel reports the id it sent
    it under (`Engine.remember_checklist`). `edit`: replace that earlier message in place.
    """

    text: str
    options: tuple[Option, ...] = ()
    seq: int | None = None
    widget: str | None = None
    document: Document | None = None
    typed: bool = False
    checklist_of: int | None = None
    edit: int | None = None


DATE_WIDGET = "date"


@dataclass(frozen=True)
class TelegramUser:
    """A person known only by a Telegram user id: must be linked to staff to get anything."""

    id: int


@dataclass(frozen=True)
class StaffMember:
    """A person the channel already identified as staff (the local console)."""

    id: int


Actor = TelegramUser | StaffMember


@dataclass(frozen=True)
class Text:
    """Something typed."""

    text: str


@dataclass(frozen=True)
class Choice:
    """The option at `index` of question `seq` was chosen; untrusted until checked against it."""

    seq: int
    index: int


@dataclass(frozen=True)
class PickedDay:
    """A day picked on the calendar of date question `seq`; read as that date typed out."""

    seq: int
    day: date


@dataclass(frozen=True)
class PushPress:
    """Button `index` of pushed message `push_id` (a reminder); checked against the stored one."""

    push_id: int
    index: int


@dataclass(frozen=True)
class Command:
    """A slash command such as /cheque, with what followed it."""

    name: str
    argument: str = ""


What = Text | Choice | PickedDay | PushPress | Command


@dataclass(frozen=True)
class Input:
    """One thing a person did in one chat, with the channel's id for it when it has one."""

    channel: str
    chat_id: str
    actor: Actor
    what: What
    update_id: int | None = None

    @property
    def chat_key(self) -> str:
        return f"{self.channel}:{self.chat_id}"


def parse_typed(text: str) -> What:
    """Turn a typed line into a command (`/name arg`) or plain text."""
    stripped = text.strip()
    if stripped.startswith("/") and len(stripped) > 1:
        name, _, argument = stripped[1:].partition(" ")
        return Command(name.split("@", 1)[0].lower(), argument.strip())
    return Text(text)
