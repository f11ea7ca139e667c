"""A PostgreSQL restart under load: the bot stays up, nothing lost, nothing applied twice."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest
from sqlalchemy import func, select

from bot.app import App, build_app
from bot.settings import Settings
from storage.models import IssuedChequeRow, RegistrationRow
from tests.fake_bot_api import FakeBotApi
from tests.instances_support import (
    SECRET,
    BotProcess,
    Linked,
    bot_env,
    free_port,
    staff_with_cheques,
    until_listening,
    webhook_args,
)
from tests.postgres_server import PostgresServer
from tests.telegram_support import LiveUserDriver

PEOPLE = 8


@pytest.fixture
def server() -> Iterator[PostgresServer]:
    # A free port unless one is given: two runs at once must not meet on one server.
    port = int(os.environ.get("TEST_POSTGRES_RESTART_PORT") or free_port())
    try:
        started = PostgresServer(port)
    except FileNotFoundError:
        pytest.skip("PostgreSQL server binaries not installed")
    try:
        started.start()
        yield started
    finally:
        started.remove()


@pytest.fixture
async def app(server: PostgresServer) -> AsyncIterator[App]:
    settings = Settings(
        database_url=server.url,
        telegram_token=None,
        telegram_api_base_url="https://api.telegram.org/bot",
        timezone=ZoneInfo("Europe/Brussels"),
    )
    built = await build_app(settings, migrate=True)
    yield built
    await built.close()


async def _register(driver: LiveUserDriver, person: Linked) -> None:
    await driver.register_cheque(person.chequenummer, person.klantnummer)


@pytest.mark.parametrize("mode", ["webhook", "polling"])
async def test_a_database_restart_mid_load_loses_and_doubles_no_registration(
    mode: str, app: App, server: PostgresServer, fake: FakeBotApi, tmp_path: Path
) -> None:
    people = await staff_with_cheques(app, PEOPLE)
    port = free_port()
    args = webhook_args(port) if mode == "webhook" else ("telegram",)
    bot = BotProcess(bot_env(server.url, fake), tmp_path / "bot.log", *args)
    refused: list[int] = []
    ready_during_outage: list[int] = []
    try:
        await bot.start()
        if mode == "webhook":
            await until_listening(port, bot)
        else:
            await fake.wait_for(lambda c: c.method == "getUpdates")
        async with httpx.AsyncClient(timeout=60) as client:

            async def post(update: dict[str, Any]) -> None:
                """As Telegram does: send again until the answer is 200."""
                url = f"http://127.0.0.1:{port}/telegram/hook"
                headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
                for _ in range(600):
                    status = (await client.post(url, json=update, headers=headers)).status_code
                    if status == 200:
                        return
                    refused.append(status)
                    await asyncio.sleep(0.2)
                raise AssertionError("never accepted")

            async def restart_midway() -> None:
                await fake.wait_for(
                    lambda c: c.method == "editMessageText" and "Vandaag" in str(c.params)
                )
                await asyncio.to_thread(server.stop)
                if mode == "webhook":
                    ready = await client.get(f"http://127.0.0.1:{port}/readyz")
                    ready_during_outage.append(ready.status_code)
                await asyncio.sleep(2)
                await asyncio.to_thread(server.start)

            drivers = [
                LiveUserDriver(fake, p.telegram_id, post=post if mode == "webhook" else None)
                for p in people
            ]
            await asyncio.gather(
                restart_midway(),
                *(_register(d, p) for d, p in zip(drivers, people, strict=True)),
            )
            if mode == "webhook":
                assert (await client.get(f"http://127.0.0.1:{port}/readyz")).status_code == 200
        assert bot.process is not None
        assert bot.process.returncode is None  # it stayed up
        assert await bot.terminate() == 0, bot.output
    finally:
        await bot.ensure_gone()
    assert ": retry" in bot.output  # the outage was met (updates not applied), not slept through
    if mode == "webhook":
        assert ready_during_outage == [503]
        assert set(refused) == {503}
    async with app.database.connect() as connection:
        stored = Counter(
            (
                await connection.execute(
                    select(IssuedChequeRow.chequenummer).join(
                        RegistrationRow, RegistrationRow.issued_cheque_id == IssuedChequeRow.id
                    )
                )
            ).scalars()
        )
        total = await connection.scalar(select(func.count()).select_from(RegistrationRow))
    assert stored == Counter(p.chequenummer for p in people)
    assert total == PEOPLE
    confirmations = Counter(
        int(c.params["chat_id"])
        for c in fake.calls
        if "✅ Geregistreerd" in str(c.params.get("text", ""))
    )
    assert confirmations == Counter({p.telegram_id: 1 for p in people})
