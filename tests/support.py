"""Test helpers: known data, and a chat driver that talks to the engine like a person."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.app import App
from flows.administration.imports import import_cheques
from flows.administration.organisations import add_organisation, add_staff
from flows.domain.administration import NewIssuedCheque, NewOrganisation, NewStaff
from flows.domain.staff import Role
from flows.engine.values import (
    Choice,
    Command,
    Input,
    Message,
    StaffMember,
    TelegramUser,
    What,
    parse_typed,
)
from storage.models import BeginvraagRow, GesprekRow, RegistrationRow


@dataclass(frozen=True)
class World:
    """Ids of the seeded staff, by role in the tests."""

    an: int  # Peeters An, begeleider at De Brug
    lotte: int  # Maes Lotte, begeleider at De Brug
    pieter: int  # Claes Pieter, begeleider at Horizon
    esf_only: int  # Jacobs Noor, organisator at an ESF-only organisation
    today: date


# chequenummer, klantnummer, klantnaam, days since ordered, days left to start, hours
CHEQUES = (
    ("123456", "999", "Vermeulen Els", 20, 70, 4),
    ("200001", "1001", "Dubois Karim", 40, 50, 4),
    ("200002", "1002", "Goossens Lien", 10, 80, 3),
    ("200003", "1003", "Mertens Jan", 120, -1, 4),
)


async def seed_world(app: App, now: datetime) -> World:
    today = now.date()
    async with app.unit_of_work() as uow:
        for name, loopbaancentrum, esf in (
            ("De Brug", True, False),
            ("Horizon", True, False),
            ("Duaal Plus", False, True),
        ):
            await add_organisation(uow, NewOrganisation(name, loopbaancentrum, esf), now)
        ids = [
            await add_staff(uow, NewStaff(name, Role.BEGELEIDER, org, tid), now)
            for name, org, tid in (
                ("Peeters An", "De Brug", 5001),
                ("Maes Lotte", "De Brug", None),
                ("Claes Pieter", "Horizon", 5003),
                ("Jacobs Noor", "Duaal Plus", None),
            )
        ]
        cheques = [
            NewIssuedCheque(
                n, k, naam, today - timedelta(days=ago), today + timedelta(days=left), h * 60
            )
            for n, k, naam, ago, left, h in CHEQUES
        ]
        await import_cheques(uow, cheques, now)
        await uow.commit()
    an, lotte, pieter, esf_only = ids
    return World(an, lotte, pieter, esf_only, today=today)


@asynccontextmanager
async def database(app: App) -> AsyncIterator[AsyncSession]:
    """A plain session for a test to look at stored rows, or to set up what no service does.

    Not a unit of work: nothing in the application reaches the session; it rolls back unless
    the test commits.
    """
    async with app.sessions() as session:
        yield session


async def count(app: App, table: type) -> int:
    """Rows in a table (to prove nothing was half-stored)."""
    async with database(app) as db:
        return int(await db.scalar(select(func.count()).select_from(table)) or 0)


async def stored_counts(app: App) -> tuple[int, int, int]:
    return (
        await count(app, RegistrationRow),
        await count(app, BeginvraagRow),
        await count(app, GesprekRow),
    )


class Chat:
    """One person's chat with the engine: type, press buttons by label, read the last reply."""

    def __init__(
        self,
        app: App,
        staff_id: int | None = None,
        *,
        telegram_id: int | None = None,
        chat: str = "1",
    ):
        self.app = app
        self.actor = (
            TelegramUser(telegram_id) if telegram_id is not None else StaffMember(staff_id or 0)
        )
        self.channel = "test" if telegram_id is None else "telegram"
        self.chat = chat
        self.replies: list[Message] = []

    @property
    def last(self) -> Message:
        assert self.replies, "no reply yet"
        return self.replies[-1]

    @property
    def text(self) -> str:
        return self.last.text

    @property
    def question(self) -> Message:
        """The newest reply with buttons (a file sent after it has none)."""
        asked = [reply for reply in self.replies if reply.seq is not None]
        assert asked, "no question yet"
        return asked[-1]

    @property
    def labels(self) -> list[str]:
        return [option.label for option in self.question.options]

    async def do(self, what: What, update_id: int | None = None) -> list[Message]:
        replies = await self.app.engine.handle(
            Input(self.channel, self.chat, self.actor, what, update_id)
        )
        self.replies.extend(replies)
        return replies

    async def say(self, text: str) -> Message:
        await self.do(parse_typed(text))
        return self.last

    async def command(self, name: str) -> Message:
        await self.do(Command(name))
        return self.last

    async def press(self, label: str) -> Message:
        """Press the option labelled `label`, or else the one label that contains it."""
        wanted, question = label.casefold(), self.question
        matches = [o for o in question.options if o.label.casefold() == wanted] or [
            o for o in question.options if wanted in o.label.casefold()
        ]
        assert len(matches) == 1, f"{label!r} matches {[o.label for o in matches]} in {self.labels}"
        assert question.seq is not None
        await self.do(Choice(question.seq, question.options.index(matches[0])))
        return self.last

    async def choose(self, value: str) -> Message:
        """Press the option with this value."""
        question = self.question
        values = [o.value for o in question.options]
        assert value in values, self.labels
        assert question.seq is not None
        await self.do(Choice(question.seq, values.index(value)))
        return self.last

    async def register_until_summary(
        self,
        chequenummer: str = "123456",
        klantnummer: str = "999",
        *,
        datum: str = "vandaag",
        duur: str = "1u",
        feedback: str | None = None,
    ) -> Message:
        """Walk the registration flow with valid answers up to the summary."""
        await self.command("cheque")
        await self.say(chequenummer)
        await self.say(klantnummer)
        await self.press("Competenties")
        await self.press("Klaar")
        await self.say("Welke job past bij mij na mijn ontslag?")
        await self.press("Ja, de klant is akkoord")
        await self.say(datum)
        await self.choose("self")  # the user's own name
        await self.press("Individueel")
        await self.say(duur)
        if feedback is None:
            await self.press("Geen feedback")
        else:
            await self.say(feedback)
        return self.last
