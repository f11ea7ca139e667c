"""The Bot API calls every turn makes, without PTB's object round trip.

`Bot.send_message` turns the keyboard's objects into request parameters generically and the
answer back into a `Message` (chat, sender, keyboard: a dozen objects), of which a reply needs
only the id. These post the same parameters through the same bot, so its rate limiter and
its mapping of refusals to `TelegramError`s apply, and read only what they need: about half
the CPU of a call (bench/telegram_load.py).
"""

from __future__ import annotations

import json
from typing import Any

from telegram import Bot, InlineKeyboardMarkup


def keyboard_json(markup: InlineKeyboardMarkup | None) -> str | None:
    """The keyboard as the Bot API takes it; a button with callback data has nothing else
    (Telegram allows one action a button), any other kind is left to PTB."""
    if markup is None:
        return None
    rows = [
        [
            {"text": button.text, "callback_data": button.callback_data}
            if isinstance(button.callback_data, str)
            else button.to_dict()
            for button in row
        ]
        for row in markup.inline_keyboard
    ]
    return json.dumps({"inline_keyboard": rows})


async def send_message(
    bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None
) -> int:
    """Send a text (with its keyboard); the new message's id."""
    sent = await _call(
        bot,
        "sendMessage",
        {"chat_id": chat_id, "text": text, "reply_markup": keyboard_json(markup)},
    )
    return int(sent["message_id"])


async def edit_message_text(
    bot: Bot, chat_id: int, message_id: int, text: str, markup: InlineKeyboardMarkup | None
) -> None:
    """Replace a message's text and keyboard (none: the keyboard goes)."""
    parameters = {
        "chat_id": chat_id,
        "message_id": message_id,
        "text": text,
        "reply_markup": keyboard_json(markup),
    }
    await _call(bot, "editMessageText", parameters)


async def answer_callback_query(bot: Bot, query_id: str, text: str | None = None) -> None:
    """Stop a pressed button's spinner (with a short notice)."""
    await _call(bot, "answerCallbackQuery", {"callback_query_id": query_id, "text": text})


async def get_updates(
    bot: Bot, offset: int | None, seconds: int, allowed_updates: list[str]
) -> Any:
    """One long poll of `seconds`, its answer as Telegram sent it (JSON, no `Update`s)."""
    parameters = {"offset": offset, "timeout": seconds, "allowed_updates": allowed_updates}
    return await bot._post("getUpdates", parameters, read_timeout=seconds + 10)


async def _call(bot: Bot, method: str, parameters: dict[str, Any]) -> Any:
    # `_post` is what every PTB method ends in: defaults, None dropped, the rate limiter
    # (ExtBot), the request, errors raised as TelegramError; only the parsing of the answer
    # into objects is left out.
    return await bot._post(method, parameters)
