"""Load benchmark: M simulated Telegram users at once through the fake Bot API.

Per round and transport (long polling, webhook), two runs, each with a fresh fake Bot API on
127.0.0.1 and the bot in a process of its own:

* the registratiebot (`bot.telegram.run.serve`): every user walks K complete cheque
  registrations, by buttons and typing, on a fresh database (SQLite, or a new database on the
  PostgreSQL server `--database-url` names);
* a bare python-telegram-bot "echo" bot, with the same update processor, that answers each
  update with exactly the Bot API calls the registratiebot made for it in that round (the same
  sends, edits, callback answers and menus, the same texts and keyboards) and does nothing
  else: the same users, the same updates, the same Telegram work.

For every update the reply latency is the time from delivering it (queueing it for getUpdates,
or starting the webhook POST) to the bot's answering call in that chat (the sendMessage or
editMessageText that carries the next question's keyboard). Throughput is measured updates /
wall time of the concurrent run. CPU per update is the bot process's CPU time (every thread:
PTB, the adapter, the engine, SQLAlchemy, SQLite) over the concurrent run / its updates; the
fake Bot API and the users run in the bench's own process, counted apart ("driver"), so that
neither their work nor their share of the event loop is put on either bot. A PostgreSQL
server's own CPU is not counted. With `--rounds R` the bot and echo runs alternate R times
(load drift on a shared host then hits both alike) and the ratios are medians over the rounds.
Figures only: nothing here asserts on timing; it does check that every registration was stored.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import multiprocessing
import os
import platform
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AsyncExitStack
from dataclasses import dataclass
from datetime import datetime, timedelta
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import httpx
import telegram
from sqlalchemy import func, make_url, select
from telegram import BotCommandScopeChat, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bench.databases import database_kind, scratch_database
from bot import logs
from bot.app import App, build_app
from bot.settings import Settings
from bot.telegram.ordering import PerChatUpdateProcessor
from bot.telegram.run import ALLOWED_UPDATES, Polling, Webhook, serve
from bot.telegram.transport import AiohttpRequest
from flows.administration.imports import import_cheques
from flows.administration.organisations import add_organisation, add_staff
from flows.domain.administration import NewIssuedCheque, NewOrganisation, NewStaff
from flows.domain.staff import Role
from flows.engine.clock import FixedClock
from storage.database import create_engine
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
SPAWN = multiprocessing.get_context("spawn")  # a fresh interpreter: nothing of the bench in it


@dataclass(frozen=True)
class Result:
    """One run: how many updates in how much wall time, and each update's reply latency."""

    mode: str
    users: int
    updates: int
    wall: float
    latencies: list[float]
    cpu: float = 0.0  # the bot process's CPU seconds over the concurrent run
    driver_cpu: float = 0.0  # the bench process's (fake Bot API, users) over the same time
    database_cpu: float = 0.0  # the PostgreSQL server's processes' over the same time

    @property
    def database_ms(self) -> float:
        """The PostgreSQL server's CPU milliseconds per update (0 on SQLite: in the bot)."""
        return self.database_cpu * 1000 / self.updates

    @property
    def cpu_ms(self) -> float:
        """The bot's CPU milliseconds per update."""
        return self.cpu * 1000 / self.updates

    @property
    def driver_ms(self) -> float:
        """The fake Bot API's and the users' CPU milliseconds per update."""
        return self.driver_cpu * 1000 / self.updates

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


Step = list["Call"]  # the Bot API calls a bot made in one chat for one update


@dataclass(frozen=True)
class Call:
    """One Bot API call of the registratiebot in a chat, as the echo bot repeats it.

    `target` of an edit: None for the pressed message, else the position of the edited message
    among the chat's sent messages. `markup` is the keyboard's rows of (label, callback data).
    """

    method: str
    text: str | None = None
    markup: tuple[tuple[tuple[str, str], ...], ...] | None = None
    target: int | None = None
    commands: str | None = None


class BenchBotApi(FakeBotApi):
    """The fake Bot API, also resolving each chat's pending answer directly.

    `FakeBotApi.wait_for` wakes every waiter and rescans the calls on each request; with many
    concurrent users that scan would be the load, so each user here waits on its own future.
    With `recording` it also notes, per chat and update, the calls the bot made in that chat
    (for the echo bot to make the same ones).
    """

    def __init__(self, recording: bool = False) -> None:
        super().__init__()
        self.pending: dict[int, asyncio.Future[float]] = {}
        self.polls_in_flight = 0
        self.no_polls = asyncio.Event()
        self.no_polls.set()
        self.stray_answers = 0
        self.script: dict[int, list[Step]] | None = {} if recording else None
        self._pressed: dict[int, int] = {}  # chat -> the message its update pressed on
        self._queries: dict[str, int] = {}  # callback query id -> chat
        self._sent: dict[int, list[int]] = {}  # chat -> its sent message ids, in order

    def delivering(self, chat_id: int, update: dict[str, Any]) -> None:
        """A user's update is about to be delivered: the calls from now on are for it."""
        if self.script is None:
            return
        self.script.setdefault(chat_id, []).append([])
        query = update.get("callback_query")
        if query is not None:
            self._queries[query["id"]] = chat_id
            self._pressed[chat_id] = int(query["message"]["message_id"])

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
        if self.script is not None:
            self._record(method, params, result)
        # The answer is the question (it carries a keyboard); a turn may say more first: a
        # welcome, a checklist.
        if method in ANSWERS and params.get("reply_markup"):
            waiter = self.pending.pop(int(params["chat_id"]), None)
            if waiter is None or waiter.done():
                self.stray_answers += 1
            else:
                waiter.set_result(at)
        return result

    def _record(self, method: str, params: dict[str, Any], result: Any) -> None:
        """Keep a call made in a user's chat as the step of that chat's current update."""
        assert self.script is not None
        chat_id: int | None
        if method == "answerCallbackQuery":
            chat_id = self._queries.pop(str(params.get("callback_query_id")), None)
        elif method == "setMyCommands" and params.get("scope"):
            chat_id = json.loads(params["scope"]).get("chat_id")
        else:
            chat_id = int(params["chat_id"]) if params.get("chat_id") else None
        steps = self.script.get(chat_id) if chat_id is not None else None
        if chat_id is None or not steps:
            return  # not a user's chat, or before its first update (the start-up menus)
        text = params.get("text")
        if method == "sendMessage":
            self._sent.setdefault(chat_id, []).append(int(result["message_id"]))
            call = Call(method, text, _rows(params))
        elif method == "editMessageText":
            edited = int(params["message_id"])
            sent = self._sent.get(chat_id, [])
            target = None if edited == self._pressed.get(chat_id) else sent.index(edited)
            call = Call(method, text, _rows(params), target)
        elif method == "answerCallbackQuery":
            call = Call(method, text)
        elif method == "setMyCommands":
            call = Call(method, commands=params["commands"])
        else:
            raise RuntimeError(f"the echo bot cannot repeat {method}")
        steps[-1].append(call)

    async def polls_finished(self, limit: float = 5.0) -> None:
        """Let the last long poll run out, so stopping the server cuts no request short."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(limit):
                await self.no_polls.wait()


def _rows(params: dict[str, Any]) -> tuple[tuple[tuple[str, str], ...], ...] | None:
    """A sent keyboard as rows of (label, callback data)."""
    raw = params.get("reply_markup")
    if not raw:
        return None
    markup = json.loads(raw) if isinstance(raw, str) else raw
    return tuple(
        tuple((button["text"], button["callback_data"]) for button in row)
        for row in markup["inline_keyboard"]
    )


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
        self.bench.delivering(self.user_id, update)
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


async def stored_registrations(database_url: str) -> int:
    """Registrations in the database, to prove the load was real work."""
    database = create_engine(database_url)
    try:
        async with database.connect() as connection:
            query = select(func.count()).select_from(RegistrationRow)
            return int(await connection.scalar(query) or 0)
    finally:
        await database.dispose()


# -- the bare echo bot ------------------------------------------------------------------------
class Replay:
    """Answers each update with the calls the registratiebot made for it, and nothing else.

    The calls come from the registratiebot's run of the same round (the same users send the
    same updates): the same sends, edits, answers and menus, with the same texts and keyboards.
    """

    def __init__(self, script: dict[int, list[Step]]) -> None:
        self._script = script
        self._steps: dict[int, int] = {}
        self._sent: dict[int, list[int]] = {}

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Make this chat's next step of calls."""
        chat = update.effective_chat
        assert chat is not None
        step = self._steps.get(chat.id, 0)
        self._steps[chat.id] = step + 1
        query, bot = update.callback_query, context.bot
        sent = self._sent.setdefault(chat.id, [])
        for call in self._script[chat.id][step]:
            markup = _markup(call.markup)
            if call.method == "answerCallbackQuery":
                assert query is not None
                await query.answer(call.text)
            elif call.method == "sendMessage":
                message = await bot.send_message(chat.id, call.text or "", reply_markup=markup)
                sent.append(message.message_id)
            elif call.method == "editMessageText" and call.target is None:
                assert query is not None
                await query.edit_message_text(call.text or "", reply_markup=markup)
            elif call.method == "editMessageText":
                assert call.target is not None
                target = sent[call.target]
                await bot.edit_message_text(call.text or "", chat.id, target, reply_markup=markup)
            else:
                commands = [
                    (c["command"], c["description"]) for c in json.loads(call.commands or "[]")
                ]
                await bot.set_my_commands(commands, scope=BotCommandScopeChat(chat.id))


def _markup(rows: tuple[tuple[tuple[str, str], ...], ...] | None) -> InlineKeyboardMarkup | None:
    """The keyboard built the way the registratiebot builds one (bot.telegram.render)."""
    if rows is None:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def serve_echo(
    base_url: str,
    mode: Polling | Webhook,
    stop: asyncio.Event,
    script: dict[int, list[Step]],
    bot_transport: bool,
) -> None:
    """Run the echo bot like `serve` runs the registratiebot, with the same update processor;
    on PTB's own transport (httpx), or with `bot_transport` on the registratiebot's."""
    builder: Any = (  # PTB's builder changes its type parameters with each call
        ApplicationBuilder()
        .token(TOKEN)
        .base_url(base_url)
        .concurrent_updates(PerChatUpdateProcessor())
    )
    if bot_transport:
        builder = builder.request(AiohttpRequest()).get_updates_request(
            AiohttpRequest(connection_pool_size=1)
        )
    application: Application = builder.build()  # type: ignore[type-arg]
    application.add_handler(TypeHandler(Update, Replay(script).on_update))
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


# -- the bot's own process --------------------------------------------------------------------
@dataclass(frozen=True)
class BotSpec:
    """What the bot process runs: the registratiebot (a database URL) or the echo (a script)."""

    base_url: str
    mode: Polling | Webhook
    database_url: str | None = None
    users: int = 0
    cheques: int = 0
    script: dict[int, list[Step]] | None = None
    bot_transport: bool = False  # the echo on the registratiebot's transport, not PTB's own


def bot_process(connection: Connection, bot: BotSpec) -> None:
    """The child process: serve until told to stop; tell its CPU time whenever asked."""
    # Log as `registratiebot telegram` does (INFO, a line per update), into nothing.
    with open(os.devnull, "w") as nothing:
        sys.stderr = nothing
        logs.configure("text")
        asyncio.run(_bot_process(connection, bot))


async def _bot_process(connection: Connection, bot: BotSpec) -> None:
    loop, stop = asyncio.get_running_loop(), asyncio.Event()

    def commands() -> None:  # a thread: waiting on the pipe costs the event loop nothing
        while connection.recv() == "cpu":
            connection.send(time.process_time())
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=commands, daemon=True).start()
    if bot.script is not None:
        await serve_echo(bot.base_url, bot.mode, stop, bot.script, bot.bot_transport)
        return
    assert bot.database_url is not None
    settings = Settings(
        database_url=bot.database_url,
        telegram_token=TOKEN,
        telegram_api_base_url=bot.base_url,
        timezone=ZONE,
    )
    app = await build_app(settings, FixedClock(NOW), migrate=True)
    try:
        await seed(app, bot.users, bot.cheques)
        await serve(app, bot.mode, stop, rate_limit=False)
    finally:
        await app.close()


class BotProcess:
    """The parent's handle on the bot process: its CPU time, and stopping it."""

    def __init__(self, bot: BotSpec) -> None:
        self._connection, child = SPAWN.Pipe()
        self._process = SPAWN.Process(target=bot_process, args=(child, bot), daemon=True)
        self._process.start()

    async def cpu(self) -> float:
        """The bot process's CPU seconds so far (every thread)."""

        def ask() -> float:
            self._connection.send("cpu")
            return float(self._connection.recv())

        return await asyncio.to_thread(ask)

    async def stop(self) -> None:
        """Let it stop the way the bot stops on SIGTERM; kill it if it hangs."""
        with contextlib.suppress(OSError):
            self._connection.send("stop")
        await asyncio.to_thread(self._process.join, 60)
        if self._process.is_alive():
            self._process.kill()
            raise RuntimeError("the bot process did not stop")
        if self._process.exitcode:
            raise RuntimeError(f"the bot process failed (exit code {self._process.exitcode})")


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
    bot: Callable[[str, Polling | Webhook], BotSpec],
    webhook: bool,
    fake: BenchBotApi,
    database_port: int | None = None,
) -> Result:
    """Start a bot process against a fresh fake server, warm it up, then time all users.

    `database_port`: the PostgreSQL server whose CPU over the run is counted beside the bot's.
    """
    async with AsyncExitStack() as stack:
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
        process = BotProcess(bot(fake.base_url, mode))
        try:
            if webhook:
                await fake.wait_for(lambda c: c.method == "setWebhook")
                await listening(port)
            else:
                await fake.wait_for(lambda c: c.method == "getUpdates")
            await TimedUser(fake, WARMUP_USER, deliver, []).registrations([cheque(0)])
            latencies: list[float] = []
            users = [
                TimedUser(fake, telegram_id, deliver, latencies)
                for telegram_id in user_ids(load.users)
            ]
            cpu_started, database_started = await process.cpu(), postgres_cpu(database_port)
            started, own_started = time.monotonic(), time.process_time()
            await asyncio.gather(
                *(user.registrations(load.cheques_of(i)) for i, user in enumerate(users))
            )
            wall, own = time.monotonic() - started, time.process_time() - own_started
            cpu = await process.cpu() - cpu_started
            database = cpu_since(database_started, postgres_cpu(database_port))
        finally:
            await process.stop()
            await fake.polls_finished()
        if fake.stray_answers:
            raise RuntimeError(f"{name}: {fake.stray_answers} answers nobody waited for")
        return Result(name, load.users, len(latencies), wall, latencies, cpu, own, database)


async def run_registratiebot(
    directory: Path, load: Load, webhook: bool, url: str | None, round_: int
) -> tuple[Result, dict[int, list[Step]]]:
    """The registratiebot on a fresh, seeded database; check every registration landed.

    Also what it did in each chat for each update, for the echo bot to do the same.
    """
    transport = "webhook" if webhook else "polling"
    cheques = 1 + load.users * load.per_user
    fake = BenchBotApi(recording=True)
    async with scratch_database(url, directory, f"telegram{round_}{webhook:d}") as database_url:

        def bot(base_url: str, mode: Polling | Webhook) -> BotSpec:
            return BotSpec(base_url, mode, database_url, load.users, cheques)

        result = await run(
            f"registratiebot, {transport}", load, bot, webhook, fake, postgres_port(url)
        )
        stored = await stored_registrations(database_url)
    if stored != cheques:
        raise RuntimeError(
            f"{transport}: expected {cheques} registrations stored "
            f"({load.users * load.per_user} measured + 1 warm-up), found {stored}"
        )
    assert fake.script is not None
    return result, fake.script


async def run_echo(
    load: Load,
    webhook: bool,
    script: dict[int, list[Step]],
    bot_transport: bool = False,
    database_port: int | None = None,
) -> Result:
    """The bare PTB bot making the registratiebot's calls, with the same users and transport."""
    transport = "webhook" if webhook else "polling"

    def bot(base_url: str, mode: Polling | Webhook) -> BotSpec:
        return BotSpec(base_url, mode, script=script, bot_transport=bot_transport)

    name = f"bare PTB echo bot, {transport}"
    return await run(name, load, bot, webhook, BenchBotApi(), database_port)


async def measure(
    directory: Path,
    load: Load,
    transports: Sequence[str],
    rounds: int,
    url: str | None,
    bot_transport: bool,
) -> list[Result]:
    """Per round and transport, the registratiebot's run next to its echo run."""
    results = []
    for round_ in range(rounds):
        for transport in transports:
            webhook = transport == "webhook"
            result, script = await run_registratiebot(directory, load, webhook, url, round_)
            echo = await run_echo(load, webhook, script, bot_transport, postgres_port(url))
            results += [result, echo]
    return results


# -- the report -------------------------------------------------------------------------------
def report(
    load: Load,
    results: Sequence[Result],
    transports: Sequence[str],
    db: str,
    bot_transport: bool = False,
) -> str:
    """The table and the registratiebot/echo ratios per transport (the worse one last)."""
    per_registration = results[0].updates // (load.users * load.per_user)
    lines = [
        f"Python {platform.python_version()}, python-telegram-bot {telegram.__version__}, "
        f"{db} (SQLite {sqlite3.sqlite_version}), httpx {httpx.__version__}, "
        f"aiohttp {aiohttp.__version__}",
        f"{load.users} users at once, {load.per_user} cheque registration(s) each "
        f"({per_registration} updates per registration: texts and button presses); "
        "the echo run has the same users sending the same updates",
        "both bots use bot.telegram.ordering.PerChatUpdateProcessor "
        f"({PerChatUpdateProcessor().max_concurrent_updates} updates at once, one at a time "
        "per chat), each in a process of its own; each run has its own fake Bot API on "
        "127.0.0.1, in the bench's process with the users",
        "the echo bot makes, per update, the Bot API calls the registratiebot made for it in "
        "the same round (same sends, edits, callback answers, menus, texts, keyboards), "
        + (
            "on the registratiebot's transport (aiohttp)"
            if bot_transport
            else "on PTB's own transport (httpx); the registratiebot's is aiohttp"
        ),
        "rate_limit=False: with the per-chat limit (~1 message/s per chat) the limiter, not the "
        "bot, would set the figures",
        "latency = delivering the update (queued for getUpdates / webhook POST started) until "
        "the bot's sendMessage or editMessageText with the next question's keyboard",
        "CPU = the bot process's CPU (all threads); driver = the bench process's (fake Bot API "
        "and users); db = the PostgreSQL server's processes' (on the same cores; SQLite runs "
        "inside the bot); both bots log as in production (INFO); one warm-up user walked first "
        "in each run, not counted",
        "",
        f"{'mode':30} {'users':>5} {'updates':>8} {'wall s':>8} {'updates/s':>10} "
        f"{'median ms':>10} {'p95 ms':>8} {'CPU ms/upd':>10} {'driver ms':>10} {'db ms':>6}",
    ]
    lines += [
        f"{r.mode:30} {r.users:>5} {r.updates:>8} {r.wall:>8.2f} {r.per_second:>10.1f} "
        f"{r.median_ms:>10.2f} {r.p95_ms:>8.2f} {r.cpu_ms:>10.2f} {r.driver_ms:>10.2f} "
        f"{r.database_ms:>6.2f}"
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
            + (
                f"; PostgreSQL server CPU ms per update {statistics.median(database):.2f} "
                "on the same cores"
                if any(database := [b.database_ms for b in bots])
                else ""
            )
        )
    lines.append(
        "stored registrations checked: "
        f"{load.users * load.per_user} measured + 1 warm-up per registratiebot run"
    )
    lines.append(
        f"telegram: db={db} mode={'+'.join(transports)} "
        f"echo={'aiohttp' if bot_transport else 'httpx'} ups_ratio={min(ups):.2f} "
        f"cpu_ratio={max(cpu):.2f}"
    )
    return "\n".join(lines)


def postgres_port(url: str | None) -> int | None:
    """The port of the PostgreSQL server `url` names (None: SQLite)."""
    if url is None or database_kind(url) != "postgresql":
        return None
    return make_url(url).port or 5432


def postgres_cpu(port: int | None) -> dict[int, float]:
    """CPU seconds so far of each process of the PostgreSQL server on `port` (its postmaster
    and the processes it started; Linux /proc); none without a server (SQLite is in the bot)."""
    if port is None:
        return {}
    processes: dict[int, tuple[int, int, list[str]]] = {}  # pid: parent, ticks, arguments
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
            arguments = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except OSError:  # gone meanwhile
            continue
        if not text[text.index("(") + 1 : text.rindex(")")].startswith("postgres"):
            continue
        fields = text[text.rindex(")") + 2 :].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        processes[int(stat.parent.name)] = (int(fields[1]), ticks, [a.decode() for a in arguments])
    postmasters = {
        pid
        for pid, (_, _, arguments) in processes.items()
        if any(a == "-p" and b == str(port) for a, b in itertools.pairwise(arguments))
    }
    per_second = os.sysconf("SC_CLK_TCK")
    return {
        pid: ticks / per_second
        for pid, (parent, ticks, _) in processes.items()
        if {pid, parent} & postmasters
    }


def cpu_since(before: dict[int, float], after: dict[int, float]) -> float:
    """The server's CPU seconds between two readings; a process that ended in between took
    its share along, so this can only undercount."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


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
    parser.add_argument(
        "--echo-on-bot-transport",
        action="store_true",
        help="give the echo bot the registratiebot's Bot API transport (aiohttp) instead of "
        "PTB's own (httpx): what is left is the registratiebot's own work",
    )
    args = parser.parse_args(argv)
    load = Load(args.users, args.registrations_per_user)
    transports = ("polling", "webhook") if args.mode == "both" else (args.mode,)
    with tempfile.TemporaryDirectory(prefix="telegram-load-", dir=args.dir) as name:
        results = asyncio.run(
            measure(
                Path(name),
                load,
                transports,
                args.rounds,
                args.database_url,
                args.echo_on_bot_transport,
            )
        )
    db = database_kind(args.database_url)
    print(report(load, results, transports, db, args.echo_on_bot_transport))
    return 0


if __name__ == "__main__":
    sys.exit(main())
