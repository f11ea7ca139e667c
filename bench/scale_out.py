"""Scale-out benchmark: one webhook instance against two, on one PostgreSQL, through the fake
Bot API, the two set-ups measured interleaved in one run.

Two instance processes are started once (`--instance PORT` runs one: the real webhook server
and delivery, with Telegram's send budget switched off, because the budget caps every set-up
at Telegram's 30 messages/s and the point here is how much work the instances can do). Each
round, M chats at once each walk K cycles of `/cheque`, chequenummer, klantnummer, `/annuleer`
(every update a committed turn); a chat posts its next update as soon as the previous post was
answered (200 comes after the commit). "one" posts every chat to instance A; "two" spreads
the chats over A and B. Throughput is updates / wall time of the round.

The CPU seconds of every process (the bench itself with the fake Bot API, each instance,
PostgreSQL's server processes) are read from /proc before and after each round.
Figures only: nothing is asserted on timing; every post must be answered 200.

    TEST_POSTGRES_PORT=54336 scripts/with-postgres .venv/bin/python bench/scale_out.py
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import signal
import statistics
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import asyncpg
import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.app import build_app  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.telegram.run import Webhook, serve  # noqa: E402
from tests.fake_bot_api import TOKEN, FakeBotApi  # noqa: E402
from tests.instances_support import SECRET, free_port, staff_with_cheques  # noqa: E402

HOOK = "https://bot.example.org/telegram/hook"
TICKS = os.sysconf("SC_CLK_TCK")


def settings(url: str, api: str = "https://api.telegram.org/bot") -> Settings:
    return Settings(
        database_url=url,
        telegram_token=TOKEN,
        telegram_api_base_url=api,
        timezone=ZoneInfo("Europe/Brussels"),
    )


# -- one instance (a child process) -----------------------------------------------------------
async def instance(port: int) -> None:
    """Serve the webhook on `port` until SIGTERM, without the send budget."""
    app = await build_app(settings(os.environ["BENCH_DATABASE_URL"], os.environ["BENCH_API"]))
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    try:
        await serve(app, Webhook("127.0.0.1", port, HOOK, SECRET), stop, rate_limit=False)
    finally:
        await app.close()


# -- CPU accounting ---------------------------------------------------------------------------
def cpu_seconds(pid: int) -> float:
    """User plus system CPU of one process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def postgres_pids(port: int) -> list[int]:
    """The server listening on `port` and its backends (children)."""
    postmaster = None
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().split(b"\0")
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat[1])
        if (
            command
            and command[0].endswith(b"postgres")
            and f"-p {port}".encode() in b" ".join(command)
        ):
            postmaster = int(entry.name)
    if postmaster is None:
        return []
    return [postmaster, *(pid for pid, parent in parents.items() if parent == postmaster)]


def postgres_cpu(port: int) -> float:
    total = 0.0
    for pid in postgres_pids(port):
        with contextlib.suppress(OSError):  # a backend that ended meanwhile
            total += cpu_seconds(pid)
    return total


def own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# -- the load ---------------------------------------------------------------------------------
async def chat(
    client: httpx.AsyncClient, fake: FakeBotApi, person: Any, port: int, cycles: int
) -> int:
    posted = 0
    url = f"http://127.0.0.1:{port}/telegram/hook"
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    for _ in range(cycles):
        for text in ("/cheque", person.chequenummer, person.klantnummer, "/annuleer"):
            update = fake.user_message(person.telegram_id, text)
            response = await client.post(url, json=update, headers=headers)
            if response.status_code != 200:
                raise RuntimeError(f"post answered {response.status_code}")
            posted += 1
    return posted


async def measure(
    client: httpx.AsyncClient,
    fake: FakeBotApi,
    people: list[Any],
    ports: list[int],
    cycles: int,
    pids: dict[str, int],
    pg_port: int,
) -> tuple[float, dict[str, float]]:
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    before["bench+fake API"], before["postgresql"] = own_cpu(), postgres_cpu(pg_port)
    started = time.perf_counter()
    counts = await asyncio.gather(
        *(chat(client, fake, p, ports[i % len(ports)], cycles) for i, p in enumerate(people))
    )
    wall = time.perf_counter() - started
    after = {name: cpu_seconds(pid) for name, pid in pids.items()}
    after["bench+fake API"], after["postgresql"] = own_cpu(), postgres_cpu(pg_port)
    return sum(counts) / wall, {name: after[name] - before[name] for name in before} | {
        "wall": wall
    }


async def main_async(args: argparse.Namespace) -> None:
    admin = os.environ.get("TEST_POSTGRES_URL")
    if not admin:
        raise SystemExit("set TEST_POSTGRES_URL, or run under scripts/with-postgres")
    pg_port = int(admin.rsplit(":", 1)[1].split("/")[0])
    name = f"scale_out_{uuid.uuid4().hex[:8]}"
    dsn = admin.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    url = admin.rsplit("/", 1)[0] + f"/{name}"
    app = await build_app(settings(url), migrate=True)
    people = await staff_with_cheques(app, args.chats)
    await app.close()

    fake = FakeBotApi()
    api = await fake.start()
    ports = [free_port(), free_port()]
    env = {**os.environ, "BENCH_DATABASE_URL": url, "BENCH_API": api, "PYTHONPATH": str(ROOT)}
    children = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            __file__,
            "--instance",
            str(port),
            env=env,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.DEVNULL,
        )
        for port in ports
    ]
    pids = {"instance A": children[0].pid, "instance B": children[1].pid}
    print(
        f"scale_out · {os.cpu_count()} CPUs · PostgreSQL on :{pg_port} · {args.chats} chats × "
        f"{args.cycles} cycles × 4 updates per round · {args.rounds} rounds of each, interleaved"
    )
    results: dict[str, list[float]] = {"one": [], "two": []}
    cpu: dict[str, list[dict[str, float]]] = {"one": [], "two": []}
    try:
        async with httpx.AsyncClient(timeout=120) as client:
            for port in ports:
                await until_up(client, port)
            await measure(client, fake, people, ports, 1, pids, pg_port)  # warm-up, not counted
            for round_ in range(args.rounds):
                for setup in ("one", "two") if round_ % 2 == 0 else ("two", "one"):
                    used = ports[:1] if setup == "one" else ports
                    ups, spent = await measure(
                        client, fake, people, used, args.cycles, pids, pg_port
                    )
                    results[setup].append(ups)
                    cpu[setup].append(spent)
                    print(
                        f"  round {round_ + 1} {setup}: {ups:7.1f} updates/s  "
                        + "  ".join(f"{k} {v:.2f}s" for k, v in spent.items())
                    )
    finally:
        for child in children:
            child.send_signal(signal.SIGTERM)
        for child in children:
            await asyncio.wait_for(child.wait(), 60)
        await fake.stop()
        connection = await asyncpg.connect(dsn)
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()
    print("  CPU seconds per 1000 updates (median over rounds):")
    for setup in ("one", "two"):
        updates = args.chats * args.cycles * 4
        names = [k for k in cpu[setup][0] if k != "wall"]
        print(
            f"    {setup}: "
            + "  ".join(
                f"{k} {statistics.median(r[k] for r in cpu[setup]) * 1000 / updates:.2f}"
                for k in names
            )
        )
    one, two = statistics.median(results["one"]), statistics.median(results["two"])
    print(f"scale_out: one_ups={one:.1f} two_ups={two:.1f} ratio={two / one:.2f}")


async def until_up(client: httpx.AsyncClient, port: int) -> None:
    for _ in range(1200):
        try:
            if (await client.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                return
        except httpx.TransportError:
            pass
        await asyncio.sleep(0.1)
    raise SystemExit(f"instance on {port} did not start")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=16)
    parser.add_argument("--cycles", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--instance", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.instance:
        asyncio.run(instance(args.instance))
    else:
        asyncio.run(main_async(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
