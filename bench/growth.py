"""Benchmark: does a step's time grow with the centre? A centre of 250 beside one of 25,000.

One database holds both centres (bench/overview_data.py fills it in bulk, as the application
would have left it). The steps people take all day are timed through `Engine.handle`, the two
centres interleaved sample by sample so that load on a shared host hits both alike:
opening `/gesprek` and its next page, typing a chequenummer, a klantnummer or a client's name
there, opening `/overzicht` and `/financieel` and paging them. Each step's ratio is its median
at the large centre over its median at the small one (goal: at most 1.2).

Then the write lock (SQLite): the p95 reply time of other chats doing a plain step, alone and
while one person pages through the large centre's `/financieel` without pause, the two phases
alternating. The last line: `growth: db=… worst_step=… ratio=… pager_p95_ratio=…`.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select, update

from bench.databases import database_kind, scratch_database
from bench.overview_data import Shape, build, finish
from bot.app import App, build_app
from bot.settings import TELEGRAM_API, Settings
from flows.domain.cheques import ChequeStatus
from flows.engine.clock import FixedClock
from flows.engine.values import Choice, Input, Message, TelegramUser, What, parse_typed
from storage.models import ClientRow, IssuedChequeRow, RegistrationRow, StaffRow

ZONE = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZONE)
LARGE, SMALL = 1, 2  # organisation ids (bench/overview_data.py numbers them from 1)
TELEGRAM_BASE = 9000  # staff member n of the seed is Telegram user 9000 + n
UPDATE_IDS = itertools.count(1)  # one sequence for every chat, as Telegram numbers updates


@dataclass(frozen=True)
class Sample:
    """An open registration of a centre: what a person would type to find it."""

    chequenummer: str
    klantnummer: str
    naam: str


class Chat:
    """One person's chat, driven update by update; remembers the last reply."""

    def __init__(self, app: App, telegram_id: int, chat_id: str) -> None:
        self.app, self.actor, self.chat_id = app, TelegramUser(telegram_id), chat_id
        self.last: Message | None = None

    async def send(self, what: What) -> float:
        """Seconds the engine took for this update."""
        inp = Input("telegram", self.chat_id, self.actor, what, next(UPDATE_IDS))
        start = time.perf_counter()
        replies = await self.app.engine.handle(inp)
        elapsed = time.perf_counter() - start
        if not replies:
            raise RuntimeError(f"no reply to {what!r}")
        self.last = replies[-1]
        return elapsed

    async def type(self, text: str) -> float:
        return await self.send(parse_typed(text))

    def has(self, fragment: str) -> bool:
        return self.last is not None and any(fragment in o.label for o in self.last.options)

    async def press(self, fragment: str) -> float:
        last = self.last
        if last is None or last.seq is None:
            raise RuntimeError(f"no question to press {fragment!r} on")
        labels = [option.label for option in last.options]
        matches = [i for i, label in enumerate(labels) if fragment in label]
        if not matches:
            raise RuntimeError(f"{fragment!r} not among {labels}:\n{last.text}")
        return await self.send(Choice(last.seq, matches[0]))

    def expect(self, fragment: str) -> None:
        if self.last is None or fragment not in self.last.text:
            text = self.last.text if self.last else None
            raise RuntimeError(f"expected {fragment!r} in the reply:\n{text}")


@dataclass
class Timings:
    """Seconds per (step, centre)."""

    by_step: dict[str, dict[int, list[float]]] = field(default_factory=dict)

    def add(self, step: str, centre: int, seconds: float) -> None:
        self.by_step.setdefault(step, {LARGE: [], SMALL: []})[centre].append(seconds)


async def samples(app: App, organisation_id: int, count: int) -> list[Sample]:
    """`count` open registrations of the centre, picked at random (fixed seed)."""
    query = (
        select(IssuedChequeRow.chequenummer, ClientRow.klantnummer, ClientRow.naam)
        .join(RegistrationRow, RegistrationRow.issued_cheque_id == IssuedChequeRow.id)
        .join(ClientRow, IssuedChequeRow.client_id == ClientRow.id)
        .where(
            RegistrationRow.organisation_id == organisation_id,
            RegistrationRow.status == ChequeStatus.IN_GEBRUIK.value,
            RegistrationRow.released_at.is_(None),
        )
    )
    async with app.sessions() as session:
        # ASCII names: before the search used the normalised name, SQLite's lower() left
        # Ö and Ï as they were, so `Öztürk` was not found by typing it (a bug, not a slow step).
        rows = [Sample(*row) for row in await session.execute(query) if row.naam.isascii()]
    return random.Random(organisation_id).sample(rows, min(count, len(rows)))


async def gesprek_steps(chat: Chat, sample: Sample, timings: Timings, centre: int) -> None:
    """/gesprek, its next page, and each way of typing which cheque (cancelled in between)."""
    timings.add("gesprek:open", centre, await chat.type("/gesprek"))
    chat.expect("Welke cheque?")
    if chat.has("Volgende pagina"):
        timings.add("gesprek:next_page", centre, await chat.press("Volgende pagina"))
    for step, typed in (
        ("gesprek:chequenummer", sample.chequenummer),
        ("gesprek:klantnummer", sample.klantnummer),
        ("gesprek:naam", sample.naam),
    ):
        timings.add(step, centre, await chat.type(typed))
        if chat.last is None or "Geen geregistreerde cheque" in chat.last.text:
            raise RuntimeError(f"{step}: {typed!r} not found")
        await chat.type("/annuleer")
        await chat.type("/gesprek")


async def overview_steps(chat: Chat, timings: Timings, centre: int) -> None:
    """/overzicht and /financieel, each opened and paged once; /financieel also paged back,
    filtered on each payment state and sorted on each other column."""
    for command in ("overzicht", "financieel"):
        timings.add(f"{command}:open", centre, await chat.type(f"/{command}"))
        if chat.has("▶"):
            timings.add(f"{command}:next_page", centre, await chat.press("▶"))
            if command == "financieel" and chat.has("◀"):
                timings.add(f"{command}:previous_page", centre, await chat.press("◀"))
        if command == "financieel":
            for paid in ("nog niet betaald", "betaald"):
                label = f"Toon {paid}"
                if chat.has(label):
                    timings.add(
                        f"{command}:{paid.replace(' ', '_')}", centre, await chat.press(label)
                    )
            if chat.has("Toon alle"):
                await chat.press("Toon alle")
            for column in ("Gespreksdatum", "Bedrag", "Begeleider"):
                if chat.has("⇅ Sorteren"):
                    await chat.press("⇅ Sorteren")
                    step = f"{command}:sort_{column.lower()}"
                    timings.add(step, centre, await chat.press(column))
        await chat.type("/annuleer")


async def measure_growth(app: App, count: int) -> Timings:
    """Every step at both centres, alternating which goes first."""
    chats = {
        centre: Chat(app, TELEGRAM_BASE + centre, f"growth-{centre}") for centre in (LARGE, SMALL)
    }
    found = {centre: await samples(app, centre, count + 1) for centre in (LARGE, SMALL)}
    timings = Timings()
    for centre in (LARGE, SMALL):  # warm-up: caches, statement compilation (not counted)
        await gesprek_steps(chats[centre], found[centre][0], Timings(), centre)
        await overview_steps(chats[centre], Timings(), centre)
    for index in range(1, count + 1):
        order = (LARGE, SMALL) if index % 2 else (SMALL, LARGE)
        for centre in order:
            sample = found[centre][index % len(found[centre])]
            await gesprek_steps(chats[centre], sample, timings, centre)
            await overview_steps(chats[centre], timings, centre)
    return timings


async def pager(chat: Chat, stop: asyncio.Event) -> int:
    """Page through the large centre's /financieel until told to stop; pages shown."""
    pages = 0
    await chat.type("/financieel")
    while not stop.is_set():
        if chat.has("Volgende pagina"):
            await chat.press("Volgende pagina")
        else:
            await chat.type("/financieel")
        pages += 1
    await chat.type("/annuleer")
    return pages


async def others(chats: Sequence[Chat], rounds: int) -> list[float]:
    """Each chat asks /help `rounds` times, all chats at once; every reply's seconds."""

    async def one(chat: Chat) -> list[float]:
        return [await chat.type("/help") for _ in range(rounds)]

    results = await asyncio.gather(*(one(chat) for chat in chats))
    return [seconds for series in results for seconds in series]


async def measure_contention(app: App, phases: int, users: int) -> tuple[list[float], list[float]]:
    """Other chats' reply times without and with a pager running, phases alternating."""
    staff = Chat(app, TELEGRAM_BASE + LARGE, "growth-pager")
    chats = [Chat(app, TELEGRAM_BASE + SMALL, f"growth-other-{n}") for n in range(users)]
    await others(chats, 1)  # warm-up
    alone: list[float] = []
    paged: list[float] = []
    for _ in range(phases):
        alone += await others(chats, 5)
        stop = asyncio.Event()
        running = asyncio.create_task(pager(staff, stop))
        await asyncio.sleep(0)
        paged += await others(chats, 5)
        stop.set()
        await running
    return alone, paged


async def seed(app: App, large: int, small: int) -> None:
    """Both centres in bulk; their staff members linked to Telegram."""
    total = large + small
    await build(app.database, Shape(cheques=total, gesprekken=total * 5 // 2, centres=2,
                                    large_share=large / total))  # fmt: skip
    await finish(app.database)
    async with app.sessions() as session:
        await session.execute(update(StaffRow).values(telegram_user_id=TELEGRAM_BASE + StaffRow.id))
        await session.commit()


def p95(seconds: Sequence[float]) -> float:
    return statistics.quantiles(seconds, n=100, method="inclusive")[94] * 1000


def median_ms(seconds: Sequence[float]) -> float:
    return statistics.median(seconds) * 1000


async def run(args: argparse.Namespace, directory: Path) -> list[str]:
    async with AsyncExitStack() as stack:
        url = await stack.enter_async_context(
            scratch_database(args.database_url, directory, "growth")
        )
        settings = Settings(
            database_url=url, telegram_token=None, telegram_api_base_url=TELEGRAM_API, timezone=ZONE
        )
        app = await build_app(settings, FixedClock(NOW), migrate=True)
        stack.push_async_callback(app.close)
        started = time.perf_counter()
        await seed(app, args.large, args.small)
        seeded = time.perf_counter() - started
        timings = await measure_growth(app, args.samples)
        alone, paged = await measure_contention(app, args.phases, args.users)
    db = database_kind(args.database_url)
    lines = [
        f"{db}: centres of {args.large} and {args.small} registrations in one database "
        f"(seeded in {seeded:.0f} s); {args.samples} samples per step and centre, interleaved",
        "",
        f"{'step':24} {'small ms':>9} {'small p95':>9} {'large ms':>9} {'large p95':>9} "
        f"{'ratio':>6}",
    ]
    ratios: dict[str, float] = {}
    for step, by_centre in timings.by_step.items():
        small, large = by_centre[SMALL], by_centre[LARGE]
        ratios[step] = median_ms(large) / median_ms(small)
        lines.append(
            f"{step:24} {median_ms(small):>9.2f} {p95(small):>9.2f} {median_ms(large):>9.2f} "
            f"{p95(large):>9.2f} {ratios[step]:>6.2f}"
        )
    worst = max(ratios, key=lambda step: ratios[step])
    pager_ratio = p95(paged) / p95(alone)
    lines += [
        "",
        f"other chats (/help, {args.users} at once), p95 ms: alone {p95(alone):.2f}, while one "
        f"person pages the large centre's /financieel {p95(paged):.2f} (ratio {pager_ratio:.2f}); "
        f"medians {median_ms(alone):.2f} and {median_ms(paged):.2f}",
        f"growth: db={db} worst_step={worst} ratio={ratios[worst]:.2f} "
        f"pager_p95_ratio={pager_ratio:.2f}",
    ]
    return lines


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("--large", type=positive, default=25_000, help="default 25000")
    parser.add_argument("--small", type=positive, default=250, help="default 250")
    parser.add_argument("--samples", type=positive, default=30, help="per step and centre")
    parser.add_argument("--phases", type=positive, default=4, help="contention phase pairs")
    parser.add_argument("--users", type=positive, default=5, help="other chats at once")
    parser.add_argument(
        "--database-url",
        default=None,
        help="SQLite (a file beside the one named) or a PostgreSQL server (a new database "
        "there, dropped afterwards); default: SQLite in a temporary directory",
    )
    parser.add_argument("--dir", type=Path, default=None, help="temporary files' directory")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="growth-", dir=args.dir) as name:
        lines = asyncio.run(run(args, Path(name)))
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
