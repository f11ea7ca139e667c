"""What the operator gets from a webhook instance: health, readiness, metrics, JSON logs, and a
SIGTERM that lets the turns in flight finish (a real process)."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx

from bot.app import App
from tests.fake_bot_api import FakeBotApi
from tests.instances_support import (
    SECRET,
    BotProcess,
    bot_env,
    free_port,
    staff_with_cheques,
    until_listening,
    webhook_args,
)


async def test_health_readiness_metrics_json_logs_and_a_graceful_sigterm(
    app: App, database_url: str, fake: FakeBotApi, tmp_path: Path
) -> None:
    (person,) = await staff_with_cheques(app, 1)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = bot_env(database_url, fake, LOG_FORMAT="json")
    bot = BotProcess(env, tmp_path / "bot.log", *webhook_args(port))
    try:
        await bot.start()
        await until_listening(port, bot)
        async with httpx.AsyncClient(timeout=60) as client:

            async def post(text: str) -> int:
                update = fake.user_message(person.telegram_id, text)
                headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
                return (
                    await client.post(f"{base}/telegram/hook", json=update, headers=headers)
                ).status_code

            assert (await client.get(f"{base}/healthz")).text == "ok\n"
            ready = await client.get(f"{base}/readyz")
            assert (ready.status_code, ready.text) == (200, "ready\n")
            assert await post("/start") == 200
            assert await post("/cheque") == 200
            assert await post(person.chequenummer) == 200
            exposed = (await client.get(f"{base}/metrics")).text
            for line in (
                'registratiebot_updates_total{outcome="applied"} 3.0',
                'registratiebot_updates_total{outcome="retry"} 0.0',
                "registratiebot_turn_seconds_count 3.0",
                'registratiebot_reminders_total{result="unknown"} 0.0',
                "registratiebot_telegram_429_total 0.0",
                "registratiebot_sessions_mid_flow 1.0",
            ):
                assert line in exposed.splitlines(), line

            # SIGTERM while a turn is in flight (its reply is slow to send): it finishes, 200.
            fake.delays["sendMessage"] = 2.0
            seen = len(fake.calls)
            in_flight = asyncio.create_task(post(person.klantnummer))
            await fake.wait_for(lambda c: c.method == "sendMessage", after=seen)
            assert bot.process is not None
            bot.process.send_signal(15)
            assert await in_flight == 200
            try:
                refused: Any = await post("/menu")
            except httpx.TransportError:
                refused = "closed"
            assert refused in (503, "closed")
        assert await bot.wait() == 0, bot.output
    finally:
        await bot.ensure_gone()
    lines = [json.loads(line) for line in bot.output.splitlines() if line.strip()]
    about_updates = [line for line in lines if line["update_id"] is not None]
    assert len(about_updates) >= 4
    assert all(line["chat_id"] == person.telegram_id for line in about_updates)
    logged = bot.output
    assert person.chequenummer not in logged
    assert person.klantnummer not in logged
    assert "Peeters" not in logged
