"""Push a reminder message through the bot: buttons carry the message's number and a position,
every outcome Telegram can give is told apart (sent, wait, blocked, refused, unknown)."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import ExtBot

from bot.reminders import Blocked, Refused, RetryLater, SendOutcome, Sent, Unknown
from bot.telegram import callbacks
from bot.telegram.ordering import PUSH
from flows.reminders.compose import row_of


def push_markup(push_id: int, options: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """A button row per file; each button says only (message, position)."""
    indexed = list(enumerate(options))
    rows = [
        [
            InlineKeyboardButton(label, callback_data=callbacks.push(push_id, index))
            for index, (label, _) in group
        ]
        for _, group in groupby(indexed, key=lambda item: row_of(item[1][1]))
    ]
    return InlineKeyboardMarkup(rows)


class TelegramPusher:
    """Sends pushes with the bot's own rate limiter (shared with replies, which go first)."""

    def __init__(self, bot: Bot) -> None:
        self._bot = bot

    async def push(
        self, chat_id: int, text: str, push_id: int, options: Sequence[tuple[str, str]]
    ) -> SendOutcome:
        markup = push_markup(push_id, options)
        try:
            if isinstance(self._bot, ExtBot) and self._bot.rate_limiter is not None:
                message = await self._bot.send_message(
                    chat_id, text, reply_markup=markup, rate_limit_args=PUSH
                )
            else:
                message = await self._bot.send_message(chat_id, text, reply_markup=markup)
        except RetryAfter as wait:
            return RetryLater(_seconds(wait))
        except Forbidden:
            return Blocked()
        except BadRequest:  # refused as sent (a subclass of NetworkError, so asked first)
            return Refused()
        except (TimedOut, NetworkError):  # it may have left: a duplicate is worse than a miss
            return Unknown()
        except TelegramError:
            return Refused()
        return Sent(message.message_id)


def _seconds(wait: RetryAfter) -> float:
    after = wait.retry_after
    return float(after if isinstance(after, int | float) else after.total_seconds())
