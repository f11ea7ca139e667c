"""The Telegram commands of the CLI as subprocesses: invite, refusals, and a real polling run."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fake_bot_api import TOKEN, FakeBotApi

REPO = Path(__file__).resolve().parent.parent


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_URL", "TELEGRAM_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp / 'bot.sqlite3'}", PYTHONPATH=str(REPO), **extra)
    return env


def _cli(tmp: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=tmp,
        env=_env(tmp, **extra),
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def staffed(tmp_path: Path) -> Path:
    """A database with one organisation and Peeters An (no Telegram link yet)."""
    for args in (
        ("organisation", "add", "--name", "De Brug", "--kind", "loopbaancentrum"),
        (
            "staff",
            "add",
            "--name",
            "Peeters An",
            "--organisation",
            "De Brug",
            "--role",
            "begeleider",
        ),
    ):
        assert _cli(tmp_path, *args).returncode == 0
    return tmp_path


def test_invite_prints_a_one_time_start_command(staffed: Path) -> None:
    result = _cli(staffed, "invite", "--staff", "Peeters An")
    assert result.returncode == 0, result.stderr
    assert "Invitation for Peeters An, valid until" in result.stdout
    assert "or send the bot: /start " in result.stdout
    assert "t.me" not in result.stdout  # no token: the bot's name is unknown, so no link


def test_invite_for_an_unknown_name_is_one_line(staffed: Path) -> None:
    result = _cli(staffed, "invite", "--staff", "Niemand Iemand")
    assert (result.returncode, result.stderr.splitlines()) == (
        2,
        ["registratiebot: no staff member named 'Niemand Iemand'"],
    )


def test_telegram_without_a_token_is_one_line(tmp_path: Path) -> None:
    result = _cli(tmp_path, "telegram")
    assert (result.returncode, result.stderr.strip()) == (
        2,
        "registratiebot: set TELEGRAM_BOT_TOKEN to run the Telegram bot",
    )


def test_an_unknown_log_format_is_one_line(tmp_path: Path) -> None:
    result = _cli(tmp_path, "telegram", TELEGRAM_BOT_TOKEN=TOKEN, LOG_FORMAT="xml")
    assert (result.returncode, result.stderr.strip()) == (
        2,
        "registratiebot: LOG_FORMAT must be text or json, got 'xml'",
    )


def test_a_webhook_without_a_secret_is_refused(tmp_path: Path) -> None:
    result = _cli(
        tmp_path, "webhook", "--url", "https://bot.example.org/hook", TELEGRAM_BOT_TOKEN=TOKEN
    )
    assert result.returncode == 2
    assert "--secret" in result.stderr


async def test_the_telegram_command_polls_links_an_invite_and_keeps_the_token_out_of_logs(
    staffed: Path, fake: FakeBotApi
) -> None:
    invite = _cli(staffed, "invite", "--staff", "Peeters An")
    code = invite.stdout.split("/start ", 1)[1].split()[0]
    bot = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        "telegram",
        cwd=staffed,
        env=_env(staffed, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await fake.wait_for(lambda c: c.method == "getUpdates")
        await fake.deliver(fake.user_message(4242, f"/start {code}"))
        greeting = await fake.wait_for(lambda c: c.method == "sendMessage")
        assert "Welkom An bij" in greeting.params["text"]  # a new colleague's welcome
        menu = await fake.wait_for(
            lambda c: c.method == "sendMessage" and "Dag An!" in c.params["text"]
        )
        assert menu.params.get("reply_markup")
    finally:
        bot.send_signal(signal.SIGTERM)
        stdout, stderr = await asyncio.wait_for(bot.communicate(), 30)
    assert bot.returncode == 0, stderr.decode()
    logs = (stdout + stderr).decode()
    assert "Telegram channel running (polling)" in logs
    assert TOKEN.split(":")[1] not in logs
