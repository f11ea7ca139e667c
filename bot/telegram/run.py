"""Run the Telegram channel: long polling, or a webhook server that checks Telegram's secret."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from telegram import Update
from telegram.ext import Application, Updater

from bot.app import App
from bot.reminders import ReminderService, run_periodically
from bot.telegram.application import build_telegram, commands
from bot.telegram.push import TelegramPusher

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Polling:
    """Ask Telegram for updates (one instance)."""

    timeout: int = 30


@dataclass(frozen=True)
class Webhook:
    """Receive updates over HTTPS (several instances behind a load balancer)."""

    listen: str
    port: int
    url: str
    secret: str

    @property
    def path(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


def quiet_http_logs() -> None:
    """httpx logs request URLs at INFO, and Bot API URLs contain the token: keep it out."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


async def start_updates(application: Application, mode: Polling | Webhook) -> Updater:  # type: ignore[type-arg]
    """Start receiving updates as `mode` says; return the updater that must be stopped."""
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
    return updater


async def serve(
    app: App, mode: Polling | Webhook, stop: asyncio.Event, *, rate_limit: bool = True
) -> None:
    """Run until `stop` is set; every update goes through the same engine."""
    quiet_http_logs()
    application = build_telegram(app, rate_limit=rate_limit)
    async with application:
        await application.bot.set_my_commands(commands(app))
        app.engine.settings = replace(app.engine.settings, bot_username=application.bot.username)
        updater = await start_updates(application, mode)
        await application.start()
        log.info("Telegram channel running (%s)", type(mode).__name__.lower())
        every = app.settings.reminder_sweep
        reminders = (
            asyncio.create_task(
                run_periodically(ReminderService(app), TelegramPusher(application.bot), every, stop)
            )
            if every.total_seconds() > 0
            else None
        )
        try:
            await stop.wait()
        finally:
            if reminders is not None:
                await reminders
            await updater.stop()
            await application.stop()
