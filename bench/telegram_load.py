"""Load benchmark: M simulated Telegram users at once through the fake Bot API.

Four runs, each against a fresh fake Bot API server on 127.0.0.1:

* the registratiebot (`bot.telegram.run.serve`) by long polling, then by webhook: every user
  walks K complete cheque registrations, by buttons and typing, on a fresh database (SQLite,
  or a new database on the PostgreSQL server `--database-url` names);
* a bare python-telegram-bot echo bot by long polling, then by webhook: the same users send
  the same texts and press a button exactly where the registration presses one.

For every update the reply latency is the time from delivering it (queueing it for getUpdates,
or starting the webhook POST) to the bot's answering call in that chat (the sendMessage or
editMessageText that carries the next question's keyboard). Throughput is measured updates /
wall time of the concurrent run; CPU per update is the process's CPU time (every thread: bot, fake Bot API, users, database driver) over
the concurrent run / its updates. With `--rounds R` the bot and echo runs alternate R times
(load drift on a shared host then hits both alike) and the ratios are medians over the rounds.
Figures only: nothing here asserts on timing; it does check that every registration was stored.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import platform
import socket
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import telegram
from sqlalchemy import func, select
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bench.databases import database_kind, scratch_database
from bot.app import App, build_app
from bot.settings import Settings
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.run import ALLOWED_UPDATES, Polling, Webhook, serve
from flows.administration.imports import import_cheques
from flows.administration.organisations import add_organisation, add_staff
from flows.domain.administration import NewIssuedCheque, NewOrganisation, NewStaff
from flows.domain.staff import Role
from flows.engine.clock import FixedClock
from storage.models import RegistrationRow

# `python bench/telegram_load.py` puts bench/ first on sys.path, not the repo root: the fake
# Bot API and the user driver live in the `tests` package there.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.fake_bot_api import TOKEN, FakeBotApi  # noqa: E402
from tests.telegram_support import LiveUserDriver  # noqa: E402

ZONE = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZONE)  # a Tuesday morning, as in the tests
ORGANISATION = "De Brug"
FIRST_USER = 6001  # Telegram ids of the measured users: 6001 ... 6000 + M
WARMUP_USER = 5999  # one warm-up user per run, walked first and left out of the figures
SECRET = "a-bench-webhook-secret-of-some-length"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HOOK_URL = "https://bench.example/hook"
ANSWERS = ("sendMessage", "editMessageText")
REPLY_TIMEOUT = 30.0  # seconds one update may wait for its answer before the run is failed


@dataclass(frozen=True)
class Result:
    """One run: how many updates in how much wall time, and each update's reply latency."""

    mode: str
    users: int
    updates: int
    wall: float
    latencies: list[float]
    cpu: float = 0.0  # process CPU seconds over the concurrent run

    @property
    def cpu_ms(self) -> float:
        """CPU milliseconds per update."""
        return self.cpu * 1000 / self.updates

    @property
    def per_second(self) -> float:
        """Throughput: measured updates over the wall time of the concurrent run."""
        return self.updates / self.wall

    @property
    def median_ms(self) -> float:
        """The typical reply latency, in milliseconds."""
        return statistics.median(self.latencies) * 1000

    @property
    def p95_ms(self) -> float:
        """The reply latency that 1 update in 20 exceeds, in milliseconds."""
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[94] * 1000


class BenchBotApi(FakeBotApi):
    """The fake Bot API, also resolving each chat's pending answer directly.

    `FakeBotApi.wait_for` wakes every waiter and rescans the calls on each request; with many
    concurrent users that scan would be the load, so each user here waits on its own future.
    """

    def __init__(self) -> None:
        super().__init__()
        self.pending: dict[int, asyncio.Future[float]] = {}
        self.polls_in_flight = 0
        self.no_polls = asyncio.Event()
        self.no_polls.set()
        self.stray_answers = 0

    async def handle(self, method: str, params: dict[str, Any]) -> Any:
        """Note when an answer arrives; hand it to its chat once the message is stored."""
        at = time.monotonic()
        polling = 1 if method == "getUpdates" else 0
        if polling:
            self.polls_in_flight += 1
            self.no_polls.clear()
        try:
            result = await super().handle(method, params)
        finally:
            self.polls_in_flight -= polling
            if not self.polls_in_flight:
                self.no_polls.set()
        # The answer is the question (it carries a keyboard); a turn may say more first: a
        # welcome, a checklist.
        if method in ANSWERS and params.get("reply_markup"):
            waiter = self.pending.pop(int(params["chat_id"]), None)
            if waiter is None or waiter.done():
                self.stray_answers += 1
            else:
                waiter.set_result(at)
        return result

    async def polls_finished(self, limit: float = 5.0) -> None:
        """Let the last long poll run out, so stopping the server cuts no request short."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(limit):
                await self.no_polls.wait()


Post = Callable[[dict[str, Any]], Awaitable[None]]


class TimedUser(LiveUserDriver):
    """One simulated person: delivers an update, waits for its answer, records the latency."""

    def __init__(self, fake: BenchBotApi, user_id: int, post: Post, latencies: list[float]):
        super().__init__(fake, user_id, post)
        self.bench, self.post, self.latencies = fake, post, latencies

    async def process(self, update: dict[str, Any]) -> None:
        """Deliver the update the real way and wait for the bot's answer in this chat."""
        answered: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self.bench.pending[self.user_id] = answered
        start = time.monotonic()
        await self.post(update)
        try:
            async with asyncio.timeout(REPLY_TIMEOUT):
                at = await answered
        except TimeoutError:
            raise RuntimeError(f"user {self.user_id}: no answer to {update}") from None
        self.latencies.append(at - start)

    async def registrations(self, cheques: Sequence[tuple[str, str]]) -> None:
        """Walk one complete registration per cheque and check that each was confirmed."""
        for chequenummer, klantnummer in cheques:
            await self.register_cheque(chequenummer, klantnummer)
            if "Geregistreerd" not in self.text:
                raise RuntimeError(f"user {self.user_id}: registration not confirmed: {self.text}")


class EchoUser(TimedUser):
    """The same person talking to the echo bot: same texts, a press wherever the script presses."""

    async def press(self, label: str) -> dict[str, Any]:
        """A press where the registration presses `label`: the echo has one button."""
        return await self._press_the_button()

    async def press_first(self) -> dict[str, Any]:
        """A press where the registration presses the first button."""
        return await self._press_the_button()

    async def _press_the_button(self) -> dict[str, Any]:
        """Press the one button every echo reply carries."""
        message = self.fake.last_message(self.user_id)
        (button,) = [b for row in message["reply_markup"]["inline_keyboard"] for b in row]
        await self.process(
            self.fake.user_press(self.user_id, message["message_id"], button["callback_data"])
        )
        return self.fake.last_message(self.user_id)

    async def registrations(self, cheques: Sequence[tuple[str, str]]) -> None:
        """The registration script's texts and presses, one round per cheque (nothing stored)."""
        for chequenummer, klantnummer in cheques:
            await self.register_cheque(chequenummer, klantnummer)


# -- the registratiebot's data ----------------------------------------------------------------
def staff_name(index: int) -> str:
    """A distinct `Familienaam Voornaam` of letters only: Testa Persoon, Testb Persoon, ..."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return f"Test{letters} Persoon"


def cheque(index: int) -> tuple[str, str]:
    """(chequenummer, klantnummer) of the index-th issued cheque."""
    return f"{300000 + index}", f"{700000 + index}"


def user_ids(users: int) -> list[int]:
    """The measured users' Telegram ids."""
    return [FIRST_USER + index for index in range(users)]


async def seed(app: App, users: int, cheques: int) -> None:
    """One loopbaancentrum, every user as a linked begeleider, and `cheques` issued cheques."""
    today = NOW.date()
    async with app.unit_of_work() as uow:
        await add_organisation(
            uow, NewOrganisation(ORGANISATION, is_loopbaancentrum=True, is_esf=False), NOW
        )
        for index, telegram_id in enumerate([WARMUP_USER, *user_ids(users)]):
            staff = NewStaff(staff_name(index), Role.BEGELEIDER, ORGANISATION, telegram_id)
            await add_staff(uow, staff, NOW)
        issued = [
            NewIssuedCheque(
                chequenummer=cheque(index)[0],
                klantnummer=cheque(index)[1],
                klantnaam=f"Klant{index:05d} Bench",
                ordered_on=today - timedelta(days=20),
                start_by=today + timedelta(days=70),
                minutes=4 * 60,
            )
            for index in range(cheques)
        ]
        await import_cheques(uow, issued, NOW)
        await uow.commit()


async def stored_registrations(app: App) -> int:
    """Registrations in the database, to prove the load was real work."""
    async with app.sessions() as session:  # a plain read, beside the application
        query = select(func.count()).select_from(RegistrationRow)
        return int(await session.scalar(query) or 0)


# -- the bare echo bot ------------------------------------------------------------------------
def one_button(update_id: int) -> InlineKeyboardMarkup:
    """A one-button keyboard, so the simulated user can always press next."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("Verder", callback_data=f"echo|{update_id}")]]
    )


async def echo_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a text the way the registratiebot answers one: one new message."""
    message, chat = update.effective_message, update.effective_chat
    assert message is not None
    assert chat is not None
    await context.bot.send_message(
        chat.id, f"Echo: {message.text}", reply_markup=one_button(update.update_id)
    )


async def echo_press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a press the way the registratiebot does: stop the spinner, edit the message."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(
        f"Gekozen: {query.data} ({update.update_id})", reply_markup=one_button(update.update_id)
    )


async def serve_echo(fake: FakeBotApi, mode: Polling | Webhook, stop: asyncio.Event) -> None:
    """Run the echo bot like `serve` runs the registratiebot, with the same update processor."""
    builder: Any = (  # PTB's builder changes its type parameters with each call
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(fake.base_url)
        .concurrent_updates(PerChatUpdateProcessor())
    )
    application: Application = builder.build()  # type: ignore[type-arg]
    application.add_handler(MessageHandler(filters.TEXT, echo_text))
    application.add_handler(CallbackQueryHandler(echo_press))
    async with application:
        updater = application.updater
        assert updater is not None
        if isinstance(mode, Polling):
            await updater.start_polling(timeout=mode.timeout, allowed_updates=ALLOWED_UPDATES)
        else:
            await updater.start_webhook(
                listen=mode.listen,
                port=mode.port,
                url_path=mode.path,
                webhook_url=mode.url,
                secret_token=mode.secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        await application.start()
        try:
            await stop.wait()
        finally:
            await updater.stop()
            await application.stop()


# -- one run ----------------------------------------------------------------------------------
def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on, for the webhook server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def listening(port: int, limit: float = 10.0) -> None:
    """Wait until the webhook server accepts connections (it starts after setWebhook)."""
    deadline = time.monotonic() + limit
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.02)
        else:
            writer.close()
            await writer.wait_closed()
            return


@dataclass(frozen=True)
class Load:
    """What every run drives: M users, K registrations each."""

    users: int
    per_user: int

    def cheques_of(self, position: int) -> list[tuple[str, str]]:
        """The K cheques of the measured user at `position` (cheque 0 is the warm-up's)."""
        return [cheque(1 + position * self.per_user + r) for r in range(self.per_user)]


async def run(
    name: str,
    load: Load,
    start_bot: Callable[[BenchBotApi, Polling | Webhook, asyncio.Event], Coroutine[Any, Any, None]],
    webhook: bool,
    user_class: type[TimedUser],
) -> Result:
    """Start a bot against a fresh fake server, warm it up, then time all users at once."""
    async with AsyncExitStack() as stack:
        fake = BenchBotApi()
        await fake.start()
        stack.push_async_callback(fake.stop)
        port = free_port()
        mode: Polling | Webhook = (
            Webhook("127.0.0.1", port, HOOK_URL, SECRET) if webhook else Polling(timeout=1)
        )
        client = await stack.enter_async_context(
            httpx.AsyncClient(
                limits=httpx.Limits(
                    max_connections=load.users + 5, max_keepalive_connections=load.users + 5
                )
            )
        )
        hook = f"http://127.0.0.1:{port}/{mode.path}" if isinstance(mode, Webhook) else ""

        async def post(update: dict[str, Any]) -> None:
            """Post like Telegram does: JSON with the secret header; anything but 200 fails."""
            response = await client.post(hook, json=update, headers={SECRET_HEADER: SECRET})
            if response.status_code != 200:
                raise RuntimeError(f"webhook answered {response.status_code}")

        deliver: Post = post if webhook else fake.deliver
        stop = asyncio.Event()
        bot = asyncio.create_task(start_bot(fake, mode, stop))
        try:
            if webhook:
                await fake.wait_for(lambda c: c.method == "setWebhook")
                await listening(port)
            else:
                await fake.wait_for(lambda c: c.method == "getUpdates")
            await user_class(fake, WARMUP_USER, deliver, []).registrations([cheque(0)])
            latencies: list[float] = []
            users = [
                user_class(fake, telegram_id, deliver, latencies)
                for telegram_id in user_ids(load.users)
            ]
            started, cpu_started = time.monotonic(), time.process_time()
            await asyncio.gather(
                *(user.registrations(load.cheques_of(i)) for i, user in enumerate(users))
            )
            wall, cpu = time.monotonic() - started, time.process_time() - cpu_started
        finally:
            stop.set()
            await bot
            await fake.polls_finished()
        if fake.stray_answers:
            raise RuntimeError(f"{name}: {fake.stray_answers} answers nobody waited for")
        return Result(name, load.users, len(latencies), wall, latencies, cpu)


async def run_registratiebot(
    directory: Path, load: Load, webhook: bool, url: str | None, round_: int
) -> Result:
    """The registratiebot on a fresh, seeded database; check every registration landed."""
    async with scratch_database(url, directory, f"telegram{round_}{webhook:d}") as database_url:
        return await _run_registratiebot(database_url, load, webhook)


async def _run_registratiebot(database_url: str, load: Load, webhook: bool) -> Result:
    transport = "webhook" if webhook else "polling"
    cheques = 1 + load.users * load.per_user
    holder: list[App] = []

    async def start_bot(fake: BenchBotApi, mode: Polling | Webhook, stop: asyncio.Event) -> None:
        """Build and seed the app against this run's fake server, then serve until stopped."""
        settings = Settings(
            database_url=database_url,
            telegram_token=TOKEN,
            telegram_api_base_url=fake.base_url,
            timezone=ZONE,
        )
        app = await build_app(settings, FixedClock(NOW), migrate=True)
        holder.append(app)
        await seed(app, load.users, cheques)
        await serve(app, mode, stop, rate_limit=False)

    try:
        result = await run(f"registratiebot, {transport}", load, start_bot, webhook, TimedUser)
        stored = await stored_registrations(holder[0])
    finally:
        for app in holder:
            await app.close()
    if stored != cheques:
        raise RuntimeError(
            f"{transport}: expected {cheques} registrations stored "
            f"({load.users * load.per_user} measured + 1 warm-up), found {stored}"
        )
    return result


async def run_echo(load: Load, webhook: bool) -> Result:
    """The bare PTB echo bot with the same users, transport and update mix."""
    transport = "webhook" if webhook else "polling"

    async def start_bot(fake: BenchBotApi, mode: Polling | Webhook, stop: asyncio.Event) -> None:
        """The echo bot needs nothing but the fake server."""
        await serve_echo(fake, mode, stop)

    return await run(f"bare PTB echo bot, {transport}", load, start_bot, webhook, EchoUser)


async def measure(
    directory: Path, load: Load, transports: Sequence[str], rounds: int, url: str | None
) -> list[Result]:
    """Per round and transport, the registratiebot's run next to its echo run."""
    results = []
    for round_ in range(rounds):
        for transport in transports:
            webhook = transport == "webhook"
            results.append(await run_registratiebot(directory, load, webhook, url, round_))
            results.append(await run_echo(load, webhook))
    return results


# -- the report -------------------------------------------------------------------------------
def report(load: Load, results: Sequence[Result], transports: Sequence[str], db: str) -> str:
    """The table and the registratiebot/echo ratios per transport (the worse one last)."""
    per_registration = results[0].updates // (load.users * load.per_user)
    lines = [
        f"Python {platform.python_version()}, python-telegram-bot {telegram.__version__}, "
        f"{db} (SQLite {sqlite3.sqlite_version}), httpx {httpx.__version__}",
        f"{load.users} users at once, {load.per_user} cheque registration(s) each "
        f"({per_registration} updates per registration: texts and button presses); "
        "the echo users send the same texts and press wherever the registration presses",
        "all four bots use bot.telegram.ordering.PerChatUpdateProcessor "
        f"({PerChatUpdateProcessor().max_concurrent_updates} updates at once, one at a time "
        "per chat); each run has its own fake Bot API on 127.0.0.1",
        "rate_limit=False: with the per-chat limit (~1 message/s per chat) the limiter, not the "
        "bot, would set the figures",
        "latency = delivering the update (queued for getUpdates / webhook POST started) until "
        "the bot's sendMessage or editMessageText with the next question's keyboard",
        "one warm-up user walked first in each run, not counted; bot, fake Bot API and users "
        "share one process and event loop",
        "",
        f"{'mode':30} {'users':>5} {'updates':>8} {'wall s':>8} {'updates/s':>10} "
        f"{'median ms':>10} {'p95 ms':>8} {'CPU ms/upd':>10}",
    ]
    lines += [
        f"{r.mode:30} {r.users:>5} {r.updates:>8} {r.wall:>8.2f} {r.per_second:>10.1f} "
        f"{r.median_ms:>10.2f} {r.p95_ms:>8.2f} {r.cpu_ms:>10.2f}"
        for r in results
    ]
    lines.append("")
    ups, cpu = [], []
    for transport in transports:
        bots = [r for r in results if r.mode == f"registratiebot, {transport}"]
        echos = [r for r in results if r.mode == f"bare PTB echo bot, {transport}"]
        pairs = list(zip(bots, echos, strict=True))
        ups_ratio = statistics.median(b.per_second / e.per_second for b, e in pairs)
        cpu_ratio = statistics.median(b.cpu_ms / e.cpu_ms for b, e in pairs)
        ups.append(ups_ratio)
        cpu.append(cpu_ratio)
        lines.append(
            f"registratiebot / echo, {transport} (median of {len(bots)} round(s)): "
            f"updates/s {ups_ratio:.2f} (goal at least 0.8), CPU per update "
            f"{cpu_ratio:.2f} (goal at most 1.3); CPU ms per update "
            f"{statistics.median(b.cpu_ms for b in bots):.2f} against "
            f"{statistics.median(e.cpu_ms for e in echos):.2f}"
        )
    lines.append(
        "stored registrations checked: "
        f"{load.users * load.per_user} measured + 1 warm-up per registratiebot run"
    )
    lines.append(
        f"telegram: db={db} mode={'+'.join(transports)} ups_ratio={min(ups):.2f} "
        f"cpu_ratio={max(cpu):.2f}"
    )
    return "\n".join(lines)


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the options, run the four runs in a temporary directory, print the report."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument(
        "--users", type=positive, default=20, metavar="M", help="users at once (default 20)"
    )
    parser.add_argument(
        "--registrations-per-user",
        type=positive,
        default=2,
        metavar="K",
        help="complete cheque registrations per user (default 2)",
    )
    parser.add_argument(
        "--mode", choices=("polling", "webhook", "both"), default="both", help="default both"
    )
    parser.add_argument(
        "--rounds",
        type=positive,
        default=1,
        metavar="R",
        help="alternate the registratiebot and echo runs R times (default 1)",
    )
    parser.add_argument(
        "--database-url",
        default=None,
        help="SQLite (files beside the one named) or a PostgreSQL server (a new database "
        "there per run, dropped afterwards); default: SQLite in a temporary directory",
    )
    parser.add_argument(
        "--dir",
        type=Path,
        default=None,
        help="where to create the temporary databases (default: the system temp directory)",
    )
    args = parser.parse_args(argv)
    load = Load(args.users, args.registrations_per_user)
    transports = ("polling", "webhook") if args.mode == "both" else (args.mode,)
    with tempfile.TemporaryDirectory(prefix="telegram-load-", dir=args.dir) as name:
        results = asyncio.run(measure(Path(name), load, transports, args.rounds, args.database_url))
    print(report(load, results, transports, database_kind(args.database_url)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
