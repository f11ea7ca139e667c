"""The command line's Telegram part: poll, serve a webhook, invite a colleague."""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
from datetime import UTC, datetime

from telegram import Bot

from bot import logs
from bot.app import build_app
from bot.settings import Settings
from bot.telegram.run import Polling, Webhook, quiet_http_logs, serve
from flows.engine import gate


class TelegramCliError(Exception):
    """A one-line reason to stop."""


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sub.add_parser("telegram", help="run the Telegram bot with long polling")
    webhook = sub.add_parser("webhook", help="run the Telegram bot as a webhook server")
    webhook.add_argument("--listen", default="0.0.0.0", help="address to listen on")
    webhook.add_argument("--port", type=int, default=8443)
    webhook.add_argument("--url", required=True, help="the public HTTPS URL Telegram posts to")
    webhook.add_argument(
        "--secret",
        default=os.environ.get("TELEGRAM_WEBHOOK_SECRET"),
        help="secret token Telegram sends back (default: $TELEGRAM_WEBHOOK_SECRET)",
    )
    webhook.add_argument(
        "--max-connections",
        type=int,
        default=40,
        help="posts Telegram keeps open at once, for all instances together (1-100)",
    )
    invite = sub.add_parser("invite", help="create a one-time Telegram invitation for a colleague")
    invite.add_argument("--staff", required=True, metavar="NAME", help='"Familienaam Voornaam"')


async def run_telegram(settings: Settings, mode: Polling | Webhook) -> int:
    """Serve until SIGINT or SIGTERM."""
    if not settings.telegram_token:
        raise TelegramCliError("set TELEGRAM_BOT_TOKEN to run the Telegram bot")
    if isinstance(mode, Webhook) and len(mode.secret or "") < 16:
        raise TelegramCliError("give --secret (at least 16 characters) so forged posts are refused")
    log_format = os.environ.get("LOG_FORMAT", "text").strip().lower() or "text"
    if log_format not in logs.FORMATS:
        raise TelegramCliError(f"LOG_FORMAT must be text or json, got {log_format!r}")
    logs.configure(log_format)
    app = await build_app(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        await serve(app, mode, stop)
    finally:
        await app.close()
    return 0


def mode_from(args: argparse.Namespace) -> Polling | Webhook:
    if args.command == "webhook":
        return Webhook(args.listen, args.port, args.url, args.secret or "", args.max_connections)
    return Polling()


async def invite(settings: Settings, name: str) -> int:
    """Print a one-time code and, when the bot is known, its t.me link (valid 7 days)."""
    app = await build_app(settings)
    try:
        async with app.unit_of_work() as uow:
            staff = await uow.staff.by_name(" ".join(name.split()))
            if staff is None:
                raise TelegramCliError(f"no staff member named {name!r}")
            code, expires = await gate.invite(uow, staff.id, datetime.now(UTC))
            await uow.commit()
    finally:
        await app.close()
    until = expires.astimezone(settings.timezone)
    print(f"Invitation for {staff.name}, valid until {until:%d/%m/%Y %H:%M}:")
    username = await _bot_username(settings)
    if username:
        print(f"  https://t.me/{username}?start={code}")
    print(f"  or send the bot: /start {code}")
    return 0


async def _bot_username(settings: Settings) -> str | None:
    if not settings.telegram_token:
        return None
    quiet_http_logs()
    try:
        async with Bot(settings.telegram_token, base_url=settings.telegram_api_base_url) as bot:
            return bot.username
    except Exception:  # no network here is no reason to withhold the code
        return None
