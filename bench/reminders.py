"""Reminder benchmark: N due reminders to N people through a fake Bot API that floods at 30/s.

The fake server refuses, with 429 and retry_after, any sendMessage beyond 30 in one second
(a sliding window: stricter than Telegram's own). Two runs on fresh SQLite databases:

* baseline: the same messages sent the way replies go (PTB's AIORateLimiter at 30/s, which
  retries after a 429), for a first slice of the people;
* reminders: the outbox (bot/reminders.py) claims every row and pushes it through the bot's
  own rate limiter as a push (after replies, within 29 requests a second counted until a
  second after each answer, never retried by the limiter).

Printed: messages sent, the ideal time at 30 messages/s, the time taken, their ratio, the
429 answers, and people who got more than one message. Figures only; nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import multiprocessing
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import Connection
from pathlib import Path
from zoneinfo import ZoneInfo

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bot.app import App, build_app
from bot.reminders import ReminderService
from bot.settings import Settings
from bot.telegram.ordering import ChatRateLimiter
from bot.telegram.push import TelegramPusher
from flows.administration.organisations import add_organisation, add_staff
from flows.domain.administration import NewOrganisation, NewStaff
from flows.domain.reminders import DueReminder, ReminderKind
from flows.domain.staff import Role
from flows.engine.clock import FixedClock

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fake_bot_api import TOKEN, FakeBotApi  # noqa: E402

ZONE = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 4, 9, 10, 0, tzinfo=ZONE)  # a Thursday morning: within the hours
LIMIT = 30  # messages per second the fake Bot API allows
FIRST_CHAT = 10_000


def name(index: int) -> str:
    """A distinct `Familienaam Voornaam` of letters only."""
    letters, index = "", index + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return f"Bench{letters} Persoon"


async def seeded_app(directory: Path, label: str, people: int) -> App:
    """A fresh database with `people` linked begeleiders and one due reminder each."""
    settings = Settings(
        database_url=f"sqlite+aiosqlite:///{directory / label}.sqlite3",
        telegram_token=TOKEN,
        telegram_api_base_url="http://127.0.0.1:1/bot",
        timezone=ZONE,
    )
    app = await build_app(settings, FixedClock(NOW), migrate=True)
    async with app.unit_of_work() as uow:
        await add_organisation(uow, NewOrganisation("De Brug", True, False), NOW)
        for index in range(people):
            await add_staff(
                uow, NewStaff(name(index), Role.BEGELEIDER, "De Brug", FIRST_CHAT + index), NOW
            )
        due = [
            DueReminder(
                ReminderKind.IDLE_CHEQUE,
                index + 1,
                "idle:2026-03-01",
                index + 1,
                1,
                f"Loopbaancheque {300000 + index} · Klant{index:05d} Bench",
                "Geen gesprek meer sinds 01/03/2026 (39 dagen).",
            )
            for index in range(people)
        ]
        await uow.reminders.add_due(due, NOW)
        await uow.commit()
    return app


@dataclass
class Served:
    """What the fake Bot API saw, read back when it stops."""

    base_url: str = ""
    sent: int = 0
    too_many: int = 0
    duplicates: int = 0
    first_to_last_s: float = 0.0


def _serve(connection: Connection) -> None:
    """The fake Bot API in a process of its own, as Telegram is another machine: its arrival
    times do not share this process's event loop or interpreter lock."""

    async def main() -> None:
        fake = FakeBotApi()
        fake.send_limit = LIMIT
        connection.send(await fake.start())
        await asyncio.to_thread(connection.recv)  # until told to stop
        sends = [call.at for call in fake.calls if call.method == "sendMessage"]
        per_chat = Counter(chat for chat, _ in fake.messages)
        await fake.stop()
        connection.send(
            Served(
                fake.base_url,
                len(fake.messages),
                fake.too_many,
                sum(1 for count in per_chat.values() if count > 1),
                (sends[-1] - sends[0]) if sends else 0.0,
            )
        )

    asyncio.run(main())


class ServerProcess:
    """Start the fake Bot API in its own process; stop it and read what it saw."""

    def __init__(self) -> None:
        self._here, there = multiprocessing.Pipe()
        self._process = multiprocessing.Process(target=_serve, args=(there,), daemon=True)
        self.served = Served()

    def __enter__(self) -> str:
        self._process.start()
        return str(self._here.recv())

    def __exit__(self, *exc: object) -> None:
        self._here.send("stop")
        self.served = self._here.recv()
        self._process.join()


async def baseline(directory: Path, people: int) -> tuple[int, float, int, int]:
    """The messages sent as replies are: PTB's limiter at 30/s with its retries after a 429."""
    server = ServerProcess()
    with server as base_url:
        took = await _baseline(base_url, directory, people)
    served = server.served
    return served.sent, took, served.too_many, served.duplicates


async def _baseline(base_url: str, directory: Path, people: int) -> float:
    app = await seeded_app(directory, "baseline", people)
    request = HTTPXRequest(connection_pool_size=64)
    bot = ExtBot(
        TOKEN, base_url=base_url, request=request, rate_limiter=AIORateLimiter(max_retries=3)
    )
    try:
        claimed = await ReminderService(app).claim(NOW)
        async with bot:
            started = time.monotonic()
            gate = asyncio.Semaphore(64)

            async def send(chat_id: int, text: str) -> None:
                async with gate:
                    # Still refused after the limiter's retries: that message is lost.
                    with contextlib.suppress(RetryAfter):
                        await bot.send_message(chat_id, text)

            await asyncio.gather(*(send(c.chat_id, c.text) for c in claimed))
            took = time.monotonic() - started
        return took
    finally:
        await app.close()


async def reminders(directory: Path, people: int) -> tuple[int, float, int, int]:
    """The outbox: claim, push through the bot's limiter, record; rerun what must wait."""
    server = ServerProcess()
    with server as base_url:
        took = await _reminders(base_url, directory, people)
    served = server.served
    print(f"  first_to_last_send_s={served.first_to_last_s:.2f}")
    return served.sent, took, served.too_many, served.duplicates


async def _reminders(base_url: str, directory: Path, people: int) -> float:
    app = await seeded_app(directory, "reminders", people)
    request = HTTPXRequest(connection_pool_size=64)
    limiter = ChatRateLimiter(max_retries=0)
    bot = ExtBot(TOKEN, base_url=base_url, request=request, rate_limiter=limiter)
    service = ReminderService(app)
    try:
        async with bot:
            pusher = TelegramPusher(bot)
            started = time.monotonic()
            outcomes = await service.send_due(NOW, pusher)
            took = time.monotonic() - started
        print(f"  outcomes={outcomes}")
        return took
    finally:
        await app.close()


def line(label: str, sent: int, took: float, http_429: int, duplicates: int) -> str:
    ideal = sent / LIMIT
    ratio = took / ideal if ideal else 0.0
    return (
        f"{label}: sent={sent} ideal_s={ideal:.1f} took_s={took:.1f} ratio={ratio:.3f} "
        f"http_429={http_429} duplicates={duplicates}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # one line per 429 otherwise
    logging.getLogger("telegram.ext").setLevel(logging.CRITICAL)  # the baseline's lost sends
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=3000)
    parser.add_argument("--baseline-people", type=int, default=600)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        directory = Path(folder)
        print(f"baseline (reply path, AIORateLimiter), {args.baseline_people} people:")
        base = asyncio.run(baseline(directory, args.baseline_people))
        print("  " + line("baseline", *base))
        print(f"reminders (outbox, push path), {args.people} people:")
        result = asyncio.run(reminders(directory, args.people))
        print(line("reminders", *result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
