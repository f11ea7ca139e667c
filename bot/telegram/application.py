"""Build the python-telegram-bot Application from the settings, and run it."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import Application, ApplicationBuilder, ContextTypes, TypeHandler

from bot.app import App
from bot.telegram.channel import SORRY, TelegramChannel
from bot.telegram.ordering import ChatRateLimiter, PerChatUpdateProcessor
from bot.telegram.transport import AiohttpRequest
from storage.coordination import SqlSendBudget

log = logging.getLogger(__name__)


def build_telegram(app: App, *, rate_limit: bool = True) -> Application:  # type: ignore[type-arg]
    """One PTB application for the given app: its token, its Bot API server, its engine."""
    token = app.settings.telegram_token
    if not token:
        raise ValueError("no TELEGRAM_BOT_TOKEN configured")
    builder: Any = (  # PTB's builder changes its type parameters with each call
        ApplicationBuilder()
        .token(token)
        .base_url(app.settings.telegram_api_base_url)
        .base_file_url(app.settings.telegram_api_base_url.replace("/bot", "/file/bot"))
        .concurrent_updates(PerChatUpdateProcessor())
        .request(AiohttpRequest())
        .get_updates_request(AiohttpRequest(connection_pool_size=1))
    )
    if rate_limit:
        # One process on SQLite budgets in memory; instances on PostgreSQL share one bucket.
        budget = None if app.settings.is_sqlite else SqlSendBudget(app.database)
        builder = builder.rate_limiter(ChatRateLimiter(budget=budget, max_retries=3))
    application: Application = builder.build()  # type: ignore[type-arg]
    channel = TelegramChannel(app.engine)
    application.add_handler(TypeHandler(Update, channel.on_update))
    application.add_error_handler(_on_error)
    return application


async def _on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log what failed with its context; tell the person briefly, never with a traceback."""
    log.error(
        "error handling update %s", getattr(update, "update_id", None), exc_info=context.error
    )
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await context.bot.send_message(update.effective_chat.id, SORRY)
        except Exception:
            log.exception("could not tell chat %s about the error", update.effective_chat.id)
