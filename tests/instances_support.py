"""Real bot processes against the fake Bot API: start, kill, and the staff they serve."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
from sqlalchemy import select

from bot.app import App
from flows.administration.imports import import_cheques
from flows.administration.organisations import add_organisation, add_staff
from flows.domain.administration import NewIssuedCheque, NewOrganisation, NewStaff
from flows.domain.staff import Role
from flows.engine import gate
from storage.models import StaffRow
from tests.fake_bot_api import TOKEN, FakeBotApi

REPO = Path(__file__).resolve().parent.parent
ZONE = ZoneInfo("Europe/Brussels")
SECRET = "a-webhook-secret-of-some-length"
SURNAMES = ("Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens")
FIRST_NAMES = ("An", "Bart", "Ciska", "Dirk", "Eva", "Filip")


@dataclass(frozen=True)
class Invited:
    """A staff member not yet on Telegram, the code that links them, and their Telegram id."""

    staff_id: int
    code: str
    telegram_id: int


async def invite_staff(app: App, count: int, first_telegram_id: int = 7001) -> list[Invited]:
    """`count` staff members of one organisation, each with a one-time invitation."""
    now = datetime.now(UTC)
    invited = []
    async with app.unit_of_work() as uow:
        await add_organisation(uow, NewOrganisation("De Brug", True, False), now)
        for i in range(count):
            name = f"{SURNAMES[i % len(SURNAMES)]} {FIRST_NAMES[i // len(SURNAMES)]}"
            staff_id = await add_staff(uow, NewStaff(name, Role.BEGELEIDER, "De Brug"), now)
            code, _ = await gate.invite(uow, staff_id, now)
            invited.append(Invited(staff_id, code, first_telegram_id + i))
        await uow.commit()
    return invited


async def linked(app: App) -> dict[int, int]:
    """Staff id -> Telegram id, for everyone linked."""
    async with app.database.connect() as connection:
        rows = await connection.execute(
            select(StaffRow.id, StaffRow.telegram_user_id).where(
                StaffRow.telegram_user_id.is_not(None)
            )
        )
        return {int(staff_id): int(telegram_id) for staff_id, telegram_id in rows if telegram_id}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def bot_env(database_url: str, fake: FakeBotApi, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "TELEGRAM_"))}
    env.update(
        DATABASE_URL=database_url,
        PYTHONPATH=str(REPO),
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=fake.base_url,
        TELEGRAM_WEBHOOK_SECRET=SECRET,
        **extra,
    )
    return env


class BotProcess:
    """`registratiebot telegram` or `webhook` as a child process; its output in a log file."""

    def __init__(self, env: dict[str, str], log: Path, *args: str) -> None:
        self.env, self.log, self.args = env, log, args
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot.cli",
                *self.args,
                cwd=self.log.parent,
                env=self.env,
                stdout=out,
                stderr=out,
            )

    def kill(self) -> None:
        """kill -9: no cleanup, no goodbye to Telegram."""
        assert self.process is not None
        self.process.kill()

    async def wait(self, limit: float = 60) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), limit)

    async def terminate(self, limit: float = 60) -> int:
        """SIGTERM, then wait for the exit code."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await self.wait(limit)

    async def ensure_gone(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            await self.process.wait()

    @property
    def output(self) -> str:
        return self.log.read_text(errors="replace")


def webhook_args(port: int) -> tuple[str, ...]:
    return (
        "webhook",
        "--listen",
        "127.0.0.1",
        "--port",
        str(port),
        "--url",
        "https://bot.example.org/telegram/hook",
    )


async def until_listening(port: int, process: BotProcess, limit: float = 90) -> None:
    """Wait until /healthz answers (a loaded machine starts a bot slowly)."""
    async with httpx.AsyncClient() as client:
        for _ in range(int(limit * 10)):
            assert process.process is not None
            if process.process.returncode is not None:
                raise AssertionError(f"bot exited early:\n{process.output}")
            try:
                if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise AssertionError(f"webhook server on {port} did not start:\n{process.output}")


async def staff_with_cheques(app: App, count: int, first_telegram_id: int = 8001) -> list[Linked]:
    """`count` linked staff members, each with an issued cheque of their own to register."""
    now = datetime.now(UTC)
    today = now.astimezone(ZONE).date()
    people = []
    async with app.unit_of_work() as uow:
        await add_organisation(uow, NewOrganisation("De Brug", True, False), now)
        cheques = []
        for i in range(count):
            name = f"{SURNAMES[i % len(SURNAMES)]} {FIRST_NAMES[i // len(SURNAMES)]}"
            telegram_id = first_telegram_id + i
            staff_id = await add_staff(
                uow, NewStaff(name, Role.BEGELEIDER, "De Brug", telegram_id), now
            )
            chequenummer, klantnummer = f"{300001 + i}", f"{2001 + i}"
            cheques.append(
                NewIssuedCheque(
                    chequenummer,
                    klantnummer,
                    f"Klant {FIRST_NAMES[i % len(FIRST_NAMES)]}",
                    today - timedelta(days=20),
                    today + timedelta(days=70),
                    4 * 60,
                )
            )
            people.append(Linked(staff_id, telegram_id, chequenummer, klantnummer))
        await import_cheques(uow, cheques, now)
        await uow.commit()
    return people


@dataclass(frozen=True)
class Linked:
    """A staff member on Telegram and the cheque they will register."""

    staff_id: int
    telegram_id: int
    chequenummer: str
    klantnummer: str
