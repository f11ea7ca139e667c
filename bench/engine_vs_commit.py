"""Benchmark: per-update engine time of N cheque registrations beside a bare commit's time.

SQLite by default; `--database-url` names a PostgreSQL server to run on a new database there.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Column, Float, Integer, MetaData, Table, event, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.databases import database_kind, scratch_database
from bot.app import App, build_app
from bot.settings import TELEGRAM_API, Settings
from flows.administration.imports import import_cheques
from flows.administration.organisations import add_organisation, add_staff
from flows.domain.administration import NewIssuedCheque, NewOrganisation, NewStaff
from flows.domain.staff import Role
from flows.engine.clock import FixedClock
from flows.engine.values import Choice, Input, Message, TelegramUser, What, parse_typed
from flows.ports.sessions import SessionState
from storage.database import create_engine
from storage.models import RegistrationRow

ZONE = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZONE)  # a Tuesday morning, as in the tests
CHANNEL = "telegram"
STAFF_NAME = "Peeters An"
TELEGRAM_ID = 5001
WARMUP_REGISTRATIONS = 1  # driven first and left out of the figures (connect, statement caches)
WARMUP_COMMITS = 20

# One update of a registration: (step name, "type" or "press", typed text or label fragment).
Action = tuple[str, str, str]
# One timed update: (step name, seconds spent in Engine.handle).
Timing = tuple[str, float]


def registration_script(chequenummer: str, klantnummer: str, today: date) -> list[Action]:
    """The updates of one complete /cheque registration, in order."""
    yesterday = (today - timedelta(days=1)).strftime("%d/%m/%Y")
    return [
        ("/cheque", "type", "/cheque"),
        ("chequenummer", "type", chequenummer),
        ("klantnummer", "type", klantnummer),
        ("theme", "press", "Competenties"),
        ("klaar", "press", "Klaar"),
        ("beginvraag", "type", "Welke job past bij mij na mijn ontslag?"),
        ("akkoord", "press", "Ja, de klant is akkoord"),
        ("datum", "type", yesterday),
        ("begeleider", "press", STAFF_NAME),
        ("vorm", "press", "Individueel"),
        ("duur", "type", "1u"),
        ("feedback", "press", "Geen feedback"),
        ("confirm", "press", "Bevestigen"),
    ]


@dataclass(frozen=True)
class Figures:
    """Median and 95th percentile of a series of durations, in milliseconds."""

    count: int
    median_ms: float
    p95_ms: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Figures:
        millis = [s * 1000 for s in seconds]
        p95 = statistics.quantiles(millis, n=100, method="inclusive")[94]
        return cls(len(millis), statistics.median(millis), p95)


def cheque_lines(count: int, today: date) -> list[NewIssuedCheque]:
    """`count` issued cheques, each for its own client, all valid to register today."""
    return [
        NewIssuedCheque(
            chequenummer=f"{300000 + index}",
            klantnummer=f"{700000 + index}",
            klantnaam=f"Klant{index:05d} Bench",
            ordered_on=today - timedelta(days=20),
            start_by=today + timedelta(days=70),
            minutes=4 * 60,
        )
        for index in range(count)
    ]


async def seed(app: App, cheques: int) -> None:
    """One loopbaancentrum, one staff member linked to Telegram, and the issued cheques."""
    async with app.unit_of_work() as uow:
        brug = NewOrganisation("De Brug", is_loopbaancentrum=True, is_esf=False)
        await add_organisation(uow, brug, NOW)
        await add_staff(uow, NewStaff(STAFF_NAME, Role.BEGELEIDER, "De Brug", TELEGRAM_ID), NOW)
        await import_cheques(uow, cheque_lines(cheques, NOW.date()), NOW)
        await uow.commit()


class Driver:
    """Sends updates to the engine like the Telegram channel would, timing each `handle`."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.actor = TelegramUser(TELEGRAM_ID)
        self.update_id = 0

    async def register(self, index: int, timings: list[Timing] | None) -> None:
        """Walk one complete registration in its own chat; append each update's time."""
        chat_id = str(100000 + index)
        last: Message | None = None
        for step, kind, argument in registration_script(
            f"{300000 + index}", f"{700000 + index}", NOW.date()
        ):
            what = parse_typed(argument) if kind == "type" else self._press(last, argument)
            self.update_id += 1
            update = Input(CHANNEL, chat_id, self.actor, what, self.update_id)
            start = time.perf_counter()
            replies = await self.app.engine.handle(update)
            elapsed = time.perf_counter() - start
            if timings is not None:
                timings.append((step, elapsed))
            if not replies:
                raise RuntimeError(f"registration {index}: no reply to {argument!r}")
            last = replies[-1]
        if last is None or "Geregistreerd" not in last.text:
            raise RuntimeError(f"registration {index} did not finish:\n{last}")

    @staticmethod
    def _press(last: Message | None, fragment: str) -> What:
        """Press the single button of the previous reply whose label contains `fragment`."""
        if last is None or last.seq is None:
            raise RuntimeError(f"no question to answer with {fragment!r}")
        matches = [o for o in last.options if fragment.casefold() in o.label.casefold()]
        if len(matches) != 1:
            labels = [o.label for o in last.options]
            raise RuntimeError(f"{fragment!r} matches {len(matches)} of {labels}:\n{last.text}")
        return Choice(last.seq, last.options.index(matches[0]))


async def build_seeded_app(directory: Path, cheques: int, database_url: str | None = None) -> App:
    """A freshly migrated database with the staff member and `cheques` issued cheques.

    SQLite in `directory` unless `database_url` names an empty database elsewhere.
    """
    settings = Settings(
        database_url=database_url or f"sqlite+aiosqlite:///{directory / 'engine.sqlite3'}",
        telegram_token=None,
        telegram_api_base_url=TELEGRAM_API,
        timezone=ZONE,
    )
    app = await build_app(settings, FixedClock(NOW), migrate=True)
    try:
        await seed(app, cheques)
    except BaseException:
        await app.close()
        raise
    return app


async def stored_registrations(app: App) -> int:
    async with app.sessions() as session:  # a plain read, beside the application
        query = select(func.count()).select_from(RegistrationRow)
        return int(await session.scalar(query) or 0)


TICKS = Table(
    "ticks",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("at", Float, nullable=False),
)


class BareCommits:
    """One-row transactions on the project's own engine setup, in the engine's database."""

    def __init__(self, url: str) -> None:
        self.database = create_engine(url)
        self.insert = TICKS.insert()

    async def create_table(self) -> None:
        async with self.database.begin() as connection:
            await connection.run_sync(TICKS.metadata.create_all)

    async def once(self) -> float:
        """Seconds for: pool checkout, BEGIN (IMMEDIATE on SQLite), INSERT, COMMIT, checkin."""
        start = time.perf_counter()
        async with self.database.begin() as connection:
            await connection.execute(self.insert, {"at": start})
        return time.perf_counter() - start

    async def close(self) -> None:
        await self.database.dispose()


class RawCommits:
    """The same one-row transactions with stdlib sqlite3, synchronously, on one connection."""

    def __init__(self, directory: Path) -> None:
        self.connection = sqlite3.connect(directory / "raw.sqlite3", isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA foreign_keys=ON")
        self.connection.execute("PRAGMA busy_timeout=30000")
        self.connection.execute("CREATE TABLE ticks (id INTEGER PRIMARY KEY, at REAL NOT NULL)")
        level = self.connection.execute("PRAGMA synchronous").fetchone()[0]
        self.synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}.get(level, str(level))

    def once(self) -> float:
        start = time.perf_counter()
        self.connection.execute("BEGIN IMMEDIATE")
        self.connection.execute("INSERT INTO ticks (at) VALUES (?)", (start,))
        self.connection.execute("COMMIT")
        return time.perf_counter() - start

    def close(self) -> None:
        self.connection.close()


class StatementCounter:
    """Counts the statements the engine sends while counting is on (BEGIN and COMMIT not)."""

    def __init__(self, database: AsyncEngine) -> None:
        self.on, self.count = False, 0
        event.listen(database.sync_engine, "before_cursor_execute", self._seen)

    def _seen(self, _conn: object, _cursor: object, statement: str, *_: object) -> None:
        if self.on and not statement.lstrip().upper().startswith("BEGIN"):
            self.count += 1


class StorageFloor:
    """What an ordinary update costs in storage alone: the engine's own repository calls
    (update log, staff re-check with onboarding state, session read and write) and the commit,
    without flow logic."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.update_id = 10_000_000

    async def once(self) -> float:
        start = time.perf_counter()
        async with self.app.unit_of_work() as uow:
            self.update_id += 1
            opening = await uow.sessions.load_with_staff(
                "floor:1", telegram_user_id=TELEGRAM_ID, update=(CHANNEL, self.update_id, NOW)
            )
            session = opening.session or SessionState("floor:1")
            session.seq += 1
            await uow.sessions.save(session, NOW)
            await uow.commit()
        return time.perf_counter() - start


@dataclass
class Results:
    """Per-update engine timings and per-commit timings, all in seconds."""

    engine: list[Timing]
    floor: list[float]
    bare: list[float]
    raw: list[float]
    synchronous: str
    statements: int = 0
    write_first: list[Timing] = field(default_factory=list)  # SQLite: reads under the lock


async def measure(
    directory: Path, registrations: int, url: str | None, write_first: bool = False
) -> Results:
    """Drive the registrations; after each, as many bare and raw commits as it had updates.

    Interleaving the series puts them under the same machine load, so that background
    work on a shared host cannot favour whichever series happened to run while it was quiet.
    The raw stdlib series runs on SQLite only. With `write_first` (SQLite), every registration
    is followed by one more whose turns take the write lock before reading, as before turns
    read first (the engine without its reading units of work): the two ways side by side.
    """
    cheques = WARMUP_REGISTRATIONS + registrations
    async with AsyncExitStack() as stack:
        database_url = await stack.enter_async_context(scratch_database(url, directory, "engine"))
        app = await build_seeded_app(
            directory, cheques + (registrations if write_first else 0), database_url
        )
        stack.push_async_callback(app.close)
        bare = BareCommits(database_url)
        stack.push_async_callback(bare.close)
        raw = RawCommits(directory) if database_kind(url) == "sqlite" else None
        if raw is not None:
            stack.callback(raw.close)
        await bare.create_table()
        driver, floor = Driver(app), StorageFloor(app)
        counter = StatementCounter(app.database)
        cheques += registrations if write_first else 0
        reading_first = app.engine._reading_factory
        for index in range(WARMUP_REGISTRATIONS):
            await driver.register(index, None)
        for _ in range(WARMUP_COMMITS):
            await floor.once()
            await bare.once()
            if raw is not None:
                raw.once()
        results = Results([], [], [], [], raw.synchronous if raw else "-")
        for index in range(WARMUP_REGISTRATIONS, WARMUP_REGISTRATIONS + registrations):
            before = len(results.engine)
            counter.on = True
            await driver.register(index, results.engine)
            counter.on = False
            if write_first:
                app.engine._reading_factory = None
                await driver.register(index + registrations, results.write_first)
                app.engine._reading_factory = reading_first
            for _ in range(len(results.engine) - before):
                results.floor.append(await floor.once())
                results.bare.append(await bare.once())
                if raw is not None:
                    results.raw.append(raw.once())
        results.statements = counter.count
        stored = await stored_registrations(app)
        if stored != cheques:
            raise RuntimeError(f"expected {cheques} registrations stored, found {stored}")
        return results


def report(db: str, location: Path, results: Results, registrations: int) -> list[str]:
    """The result table, the verdict on the goal (at most 2 bare commits) and the last line."""
    engine = Figures.of([seconds for _, seconds in results.engine])
    floor, bare = Figures.of(results.floor), Figures.of(results.bare)
    overhead = (engine.median_ms - bare.median_ms) / bare.median_ms
    ratio = engine.median_ms / bare.median_ms
    rows = [
        ("engine: one update (Engine.handle)", engine),
        ("storage floor (repositories+commit)", floor),
        ("bare commit (SQLAlchemy async)", bare),
    ]
    if results.write_first:
        write_first = Figures.of([seconds for _, seconds in results.write_first])
        rows.insert(1, ("engine, reads under the write lock", write_first))
    if results.raw:
        rows.append(("raw commit (stdlib sqlite3, sync)", Figures.of(results.raw)))
    setting = (
        f"SQLite {sqlite3.sqlite_version}, WAL, BEGIN IMMEDIATE, "
        f"synchronous={results.synchronous}; temporary files under {location}"
        if db == "sqlite"
        else "PostgreSQL, a new database on the server given"
    )
    per_update = results.statements / engine.count
    return [
        setting,
        f"{registrations} registrations driven = {engine.count} updates; the series run "
        f"interleaved, after {WARMUP_REGISTRATIONS} warm-up registration and {WARMUP_COMMITS} "
        "warm-up commits (not counted)",
        "",
        _header(""),
        *(_row(name, figures) for name, figures in rows),
        "",
        f"engine / bare commit = {ratio:.2f} (goal: at most 2)",
        "of which: flow logic (engine - storage floor) = "
        f"{engine.median_ms - floor.median_ms:.3f} ms; storage beyond the commit "
        f"(storage floor - bare commit) = {floor.median_ms - bare.median_ms:.3f} ms",
        f"statements per update (BEGIN and COMMIT not counted): {per_update:.2f}",
        f"engine: db={db} per_update_ms={engine.median_ms:.3f} bare_commit_ms="
        f"{bare.median_ms:.3f} overhead_in_commits={overhead:.2f} "
        f"statements_per_update={per_update:.2f}",
    ]


def report_by_step(timings: Sequence[Timing]) -> str:
    """Median and p95 per step of the registration, in the order a person meets them."""
    steps: dict[str, list[float]] = {}
    for step, seconds in timings:
        steps.setdefault(step, []).append(seconds)
    lines = [_header("engine, by step")]
    lines += [_row(step, Figures.of(durations)) for step, durations in steps.items()]
    return "\n".join(lines)


def _header(title: str) -> str:
    return f"{title:36} {'samples':>8} {'median ms':>10} {'p95 ms':>10}"


def _row(name: str, figures: Figures) -> str:
    return f"{name:36} {figures.count:>8} {figures.median_ms:>10.3f} {figures.p95_ms:>10.3f}"


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--registrations",
        type=positive,
        default=200,
        metavar="N",
        help="complete registrations to drive (default 200)",
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="where to create the temporary databases (default: the system temp directory)",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="SQLite (files beside the one named) or a PostgreSQL server (a new database "
        "there, dropped afterwards); default: SQLite in a temporary directory",
    )
    parser.add_argument(
        "--write-first",
        action="store_true",
        help="SQLite: also drive registrations whose turns take the write lock before reading",
    )
    parser.add_argument(
        "--by-step",
        action="store_true",
        help="also print the engine's median and p95 for each step of the registration",
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="engine-vs-commit-", dir=args.dir) as name:
        results = asyncio.run(
            measure(Path(name), args.registrations, args.database_url, args.write_first)
        )
    lines = report(database_kind(args.database_url), Path(name).parent, results, args.registrations)
    if args.by_step:
        lines[-1:-1] = ["", report_by_step(results.engine)]
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
