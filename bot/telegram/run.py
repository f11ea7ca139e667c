"""Run the Telegram channel: long polling, or a webhook server that checks Telegram's secret."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from telegram import Bot, Update

from bot.app import App
from bot.reminders import ReminderService, run_periodically
from bot.telegram.application import build_telegram
from bot.telegram.channel import CHANNEL, TelegramChannel
from bot.telegram.delivery import Delivery
from bot.telegram.menus import set_all_menus
from bot.telegram.polling import Poller
from bot.telegram.push import TelegramPusher
from bot.telegram.webhook import WebhookServer
from storage.coordination import SqlChatOrder

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Polling:
    """Ask Telegram for updates (one instance)."""

    timeout: int = 30


@dataclass(frozen=True)
class Webhook:
    """Receive updates over HTTPS (several instances behind a load balancer).

    `max_connections` is how many posts Telegram keeps open at once to the URL, for all
    instances together: it bounds the turns running at once, never the order of one chat.
    """

    listen: str
    port: int
    url: str
    secret: str
    max_connections: int = 40

    @property
    def path(self) -> str:
        return urlsplit(self.url).path.lstrip("/")


def quiet_http_logs() -> None:
    """httpx logs request URLs at INFO, and Bot API URLs contain the token: keep it out."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


async def serve(
    app: App, mode: Polling | Webhook, stop: asyncio.Event, *, rate_limit: bool = True
) -> None:
    """Run until `stop` is set; every update goes through the same engine."""
    quiet_http_logs()
    application = build_telegram(app, rate_limit=rate_limit)
    async with application:
        bot = application.bot
        await set_all_menus(bot, app.engine)
        app.engine.settings = replace(app.engine.settings, bot_username=bot.username)
        channel = TelegramChannel(app.engine)
        every = app.settings.reminder_sweep
        reminders = (  # every polling bot and webhook instance sweeps; each row goes out once
            asyncio.create_task(
                run_periodically(ReminderService(app), TelegramPusher(bot), every, stop)
            )
            if every.total_seconds() > 0
            else None
        )
        try:
            await _receive(app, mode, stop, bot, channel)
        finally:
            stop.set()  # also when receiving failed: the sweep ends with it
            if reminders is not None:
                await reminders


async def _receive(
    app: App, mode: Polling | Webhook, stop: asyncio.Event, bot: Bot, channel: TelegramChannel
) -> None:
    """Take updates by polling or on the webhook until `stop` is set."""
    if isinstance(mode, Polling):
        await bot.delete_webhook(drop_pending_updates=False)
        poller = Poller(bot, Delivery(channel, bot), ALLOWED_UPDATES, mode.timeout)
        log.info("Telegram channel running (polling)")
        await poller.run(stop)
        return
    # On PostgreSQL other instances may hold an earlier update of the same chat.
    order = None if app.settings.is_sqlite else SqlChatOrder(app.database, CHANNEL)
    server = WebhookServer(mode.path, mode.secret, bot, Delivery(channel, bot, order), app.database)
    server.listen(mode.listen, mode.port)
    await bot.set_webhook(
        mode.url,
        secret_token=mode.secret,
        allowed_updates=ALLOWED_UPDATES,
        max_connections=mode.max_connections,
    )
    log.info("Telegram channel running (webhook)")
    try:
        await stop.wait()
    finally:
        await server.drain()
