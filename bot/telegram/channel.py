"""The handler: a Telegram update in, the engine's replies out (answered, edited or sent)."""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from pathlib import Path

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.telegram import callbacks, render
from flows.engine.engine import Engine
from flows.engine.values import (
    Choice,
    Document,
    Input,
    Message,
    PickedDay,
    TelegramUser,
    What,
    parse_typed,
)

CHANNEL = "telegram"
SORRY = "Sorry, er ging iets mis aan onze kant. Probeer het zo meteen opnieuw."
EXPIRED = "Die knop werkt niet meer."
log = logging.getLogger(__name__)


def to_input(update: Update) -> Input | None:
    """The person, the chat and what they did; None for updates the bot does not handle."""
    user, chat = update.effective_user, update.effective_chat
    if user is None or chat is None or chat.type != "private":
        return None
    what: What | None = None
    if update.callback_query is not None:
        pressed = callbacks.parse(update.callback_query.data)
        if isinstance(pressed, callbacks.Pressed):
            what = Choice(pressed.seq, pressed.index)
        elif isinstance(pressed, callbacks.Day):
            what = PickedDay(pressed.seq, pressed.day)
    elif update.message is not None and update.message.text is not None:
        what = parse_typed(update.message.text)
    if what is None:
        return None
    return Input(CHANNEL, str(chat.id), TelegramUser(user.id), what, update.update_id)


class TelegramChannel:
    """Runs each update through the engine and renders the replies in the chat."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is not None and await self._local_press(query):
            return
        inp = to_input(update)
        if inp is None:
            return
        if query is not None:
            await _acknowledge(query)
        chat_id = int(inp.chat_id)
        try:
            replies, downloads = await self._engine.handle_staged(inp)
        except Exception:
            log.exception("update %s of chat %s failed", update.update_id, inp.chat_id)
            await context.bot.send_message(chat_id, SORRY)
            return
        await self._deliver(context, chat_id, replies, query)
        for download in downloads:  # below the replies, each with its progress while written
            try:
                written = await self._engine.write(download, ChatProgress(context, chat_id))
            except Exception:
                log.exception("a download of chat %s failed", inp.chat_id)
                await context.bot.send_message(chat_id, SORRY)
                continue
            await self._deliver(context, chat_id, [written], None)

    async def _local_press(self, query: CallbackQuery) -> bool:
        """Answer here what the engine never sees: inert buttons, calendar paging, junk data."""
        if query.data == callbacks.NOOP:
            await _acknowledge(query)
            return True
        pressed = callbacks.parse(query.data)
        if isinstance(pressed, callbacks.Pressed | callbacks.Day):
            return False
        if pressed is None or query.message is None:
            await _acknowledge(query, EXPIRED)
            return True
        await _acknowledge(query)
        markup = getattr(query.message, "reply_markup", None)
        rows = render.calendar_rows(pressed.seq, pressed.year, pressed.month)
        try:
            await query.edit_message_reply_markup(
                InlineKeyboardMarkup(rows + _option_rows_in(markup, pressed.seq))
            )
        except BadRequest:
            log.info("calendar page not shown (message too old or unchanged)")
        return True

    def _today(self) -> date:
        return self._engine.clock.now().date()

    async def _deliver(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: int,
        replies: list[Message],
        query: CallbackQuery | None,
    ) -> None:
        """Edit the pressed message into the first reply (a tidy chat); send the rest."""
        today = self._today()
        outgoing = [part for reply in replies for part in render.outgoing(reply, today)]
        if query is not None and query.message is not None and outgoing:
            first, *outgoing = outgoing
            try:
                await query.edit_message_text(first.text, reply_markup=first.markup)
            except BadRequest:  # too old to edit, or deleted: say it anew
                await context.bot.send_message(chat_id, first.text, reply_markup=first.markup)
        for part in outgoing:
            await context.bot.send_message(chat_id, part.text, reply_markup=part.markup)
        for reply in replies:
            if reply.document is not None:
                await _send_document(context, chat_id, reply.document)


class ChatProgress:
    """A download's progress as one message: sent the first time, edited after."""

    def __init__(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
        self._bot, self._chat_id = context.bot, chat_id
        self._message_id: int | None = None

    async def __call__(self, text: str) -> None:
        try:
            if self._message_id is None:
                sent = await self._bot.send_message(self._chat_id, text)
                self._message_id = sent.message_id
            else:
                await self._bot.edit_message_text(
                    text, chat_id=self._chat_id, message_id=self._message_id
                )
        except TelegramError:  # progress is a courtesy: the file still follows
            log.info("download progress not shown in chat %s", self._chat_id)


async def _send_document(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, document: Document
) -> None:
    """Send an export as a file (a chart as a photo), then remove it: nothing lingers on the
    server's disk."""
    path = Path(document.path)
    try:
        if document.image:  # shown in the chat, readable without opening a file
            await context.bot.send_photo(chat_id, path, filename=document.filename)
        else:
            await context.bot.send_document(chat_id, path, filename=document.filename)
    finally:
        await asyncio.to_thread(path.unlink, missing_ok=True)


async def _acknowledge(query: CallbackQuery, text: str | None = None) -> None:
    """Stop the button's spinner at once, before any work is done."""
    try:
        await query.answer(text)
    except TelegramError:
        log.info("callback query %s could not be answered (too old)", query.id)


def _option_rows_in(
    markup: InlineKeyboardMarkup | None, seq: int
) -> list[list[InlineKeyboardButton]]:
    """The question's own option rows, kept as they were under the calendar being paged."""
    kept: list[list[InlineKeyboardButton]] = []
    for row in markup.inline_keyboard if markup else ():
        presses = [callbacks.parse(_data(button)) for button in row]
        if all(isinstance(p, callbacks.Pressed) and p.seq == seq for p in presses):
            kept.append(list(row))
    return kept


def _data(button: InlineKeyboardButton) -> str | None:
    return button.callback_data if isinstance(button.callback_data, str) else None
