"""The handler: a Telegram update in, the engine's replies out (answered, edited or sent)."""

from __future__ import annotations

import asyncio
import logging
from datetime import date
from enum import StrEnum
from pathlib import Path

from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot.telegram import api, callbacks, render
from bot.telegram.failures import is_transient
from bot.telegram.menus import set_person_menu
from flows.engine.engine import Engine
from flows.engine.values import (
    Choice,
    Document,
    Input,
    Message,
    PickedDay,
    PushPress,
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
        elif isinstance(pressed, callbacks.PushButton):
            what = PushPress(pressed.push_id, pressed.index)
    elif update.message is not None and update.message.text is not None:
        what = parse_typed(update.message.text)
    if what is None:
        return None
    return Input(CHANNEL, str(chat.id), TelegramUser(user.id), what, update.update_id)


class Outcome(StrEnum):
    """What became of an update; only RETRY leaves it unconfirmed, for Telegram to send again."""

    APPLIED = "applied"  # its turn committed, its update id in the update log (or a duplicate)
    IGNORED = "ignored"  # nothing for the engine: another chat type, a sticker, a local button
    FAILED = "failed"  # a bug: logged, the person got an apology, it is not tried again
    RETRY = "retry"  # the database was out of reach: nothing committed, try it again later


class Unavailable(Exception):
    """The turn could not reach the database; nothing was committed."""


class TelegramChannel:
    """Runs each update through the engine and renders the replies in the chat."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """PTB's handler entry (process_update); a RETRY surfaces as Unavailable."""
        if await self.handle(update, context.bot) is Outcome.RETRY:
            raise Unavailable(f"update {update.update_id} not applied: database out of reach")

    async def handle(self, update: Update, bot: Bot) -> Outcome:
        """Apply the update's turn, then send its replies; say what became of it."""
        query = update.callback_query
        if query is not None and await self._local_press(query):
            return Outcome.IGNORED
        inp = to_input(update)
        if inp is None:
            return Outcome.IGNORED
        if query is None:
            return await self._apply(inp, update, bot, None)
        # The spinner stops while the turn runs: its round trip is not added to the reply's.
        answering = asyncio.ensure_future(_acknowledge(query))
        try:
            return await self._apply(inp, update, bot, query, answering)
        finally:
            await answering

    async def _apply(
        self,
        inp: Input,
        update: Update,
        bot: Bot,
        query: CallbackQuery | None,
        answering: asyncio.Future[None] | None = None,
    ) -> Outcome:
        """Run the turn; answer the press (`answering`) before any reply goes out."""
        chat_id = int(inp.chat_id)
        try:
            replies, downloads = await self._engine.handle_staged(inp)
        except Exception as error:
            if answering is not None:
                await answering
            if is_transient(error):
                log.warning(
                    "update %s of chat %s: database out of reach, not applied",
                    update.update_id,
                    inp.chat_id,
                )
                return Outcome.RETRY
            log.exception("update %s of chat %s failed", update.update_id, inp.chat_id)
            await _tell(bot, chat_id, SORRY)
            return Outcome.FAILED
        if answering is not None:
            await answering
        # A reminder message keeps its other files' buttons: answer it below, never over it.
        edited = None if isinstance(inp.what, PushPress) else query
        try:
            await self._deliver(bot, chat_id, replies, edited)
            for download in downloads:  # below the replies, each with its progress while written
                try:
                    written = await self._engine.write(download, ChatProgress(bot, chat_id))
                except Exception:
                    log.exception("a download of chat %s failed", inp.chat_id)
                    await _tell(bot, chat_id, SORRY)
                    continue
                await self._deliver(bot, chat_id, [written], None)
        except TelegramError:  # committed: sending again would not repeat the turn's replies
            log.exception(
                "update %s of chat %s: replies not delivered", update.update_id, inp.chat_id
            )
        return Outcome.APPLIED

    async def _local_press(self, query: CallbackQuery) -> bool:
        """Answer here what the engine never sees: inert buttons, calendar paging, junk data."""
        if query.data == callbacks.NOOP:
            await _acknowledge(query)
            return True
        pressed = callbacks.parse(query.data)
        if isinstance(pressed, callbacks.Pressed | callbacks.Day | callbacks.PushButton):
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
        bot: Bot,
        chat_id: int,
        replies: list[Message],
        query: CallbackQuery | None,
    ) -> None:
        """Edit the pressed message into the first reply (a tidy chat); send the rest.

        A checklist's message id is reported to the engine; a checklist edit replaces that
        earlier message in place (one too old to edit stays as it was: /rondleiding shows it).
        """
        today = self._today()
        edits = [reply for reply in replies if reply.edit is not None]
        outgoing = [
            (reply, part)
            for reply in replies
            if reply.edit is None
            for part in render.outgoing(reply, today)
        ]
        for edit in edits:  # first: the question stays the newest message of the chat
            await self._edit(bot, chat_id, edit)
        if query is not None and query.message is not None and outgoing:
            (reply, first), *outgoing = outgoing
            sent_id = query.message.message_id
            try:
                await api.edit_message_text(bot, chat_id, sent_id, first.text, first.markup)
            except BadRequest:  # too old to edit, or deleted: say it anew
                sent_id = await api.send_message(bot, chat_id, first.text, first.markup)
            await self._remember(bot, reply, chat_id, sent_id)
        for reply, part in outgoing:
            sent_id = await api.send_message(bot, chat_id, part.text, part.markup)
            await self._remember(bot, reply, chat_id, sent_id)
        for reply in replies:
            if reply.document is not None:
                await _send_document(bot, chat_id, reply.document)

    async def _remember(self, bot: Bot, reply: Message, chat_id: int, message_id: int) -> None:
        """A checklist was shown: keep its id to edit later; give the person their own menu."""
        if reply.checklist_of is not None:
            key = f"{CHANNEL}:{chat_id}"
            await self._engine.remember_checklist(reply.checklist_of, key, message_id)
            await set_person_menu(bot, self._engine, reply.checklist_of, chat_id)

    async def _edit(self, bot: Bot, chat_id: int, reply: Message) -> None:
        """Replace an earlier message's text (the checklist ticking a task)."""
        assert reply.edit is not None
        try:
            await api.edit_message_text(bot, chat_id, reply.edit, reply.text, None)
        except BadRequest:
            log.info("checklist message not edited (too old, deleted or unchanged)")


async def _tell(bot: Bot, chat_id: int, text: str) -> None:
    try:
        await bot.send_message(chat_id, text)
    except TelegramError:
        log.exception("could not tell chat %s about the error", chat_id)


class ChatProgress:
    """A download's progress as one message: sent the first time, edited after."""

    def __init__(self, bot: Bot, chat_id: int) -> None:
        self._bot, self._chat_id = bot, chat_id
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


async def _send_document(bot: Bot, chat_id: int, document: Document) -> None:
    """Send an export as a file (a chart as a photo), then remove it: nothing lingers on the
    server's disk."""
    path = Path(document.path)
    try:
        if document.image:  # shown in the chat, readable without opening a file
            await bot.send_photo(chat_id, path, filename=document.filename)
        else:
            await bot.send_document(chat_id, path, filename=document.filename)
    finally:
        await asyncio.to_thread(path.unlink, missing_ok=True)


async def _acknowledge(query: CallbackQuery, text: str | None = None) -> None:
    """Stop the button's spinner at once, before any work is done."""
    try:
        await api.answer_callback_query(query.get_bot(), query.id, text)
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
