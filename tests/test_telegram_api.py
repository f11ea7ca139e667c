"""The replies' own Bot API calls: the same requests as PTB's methods, the same refusals."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest
from telegram.ext import ExtBot

from bot.telegram import api
from bot.telegram.transport import AiohttpRequest
from tests.fake_bot_api import TOKEN, FakeBotApi

CHAT = 5001
KEYBOARD = InlineKeyboardMarkup(
    [
        [
            InlineKeyboardButton("Ja", callback_data="4|0"),
            InlineKeyboardButton("Nee", callback_data="4|1"),
        ],
        [InlineKeyboardButton("✖ Annuleren", callback_data="4|2")],
    ]
)


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[ExtBot[None]]:
    async with ExtBot(TOKEN, base_url=fake.base_url, request=AiohttpRequest()) as bot:
        yield bot


async def test_a_sent_message_carries_its_keyboard_as_ptb_would_send_it(
    bot: ExtBot[None], fake: FakeBotApi
) -> None:
    message_id = await api.send_message(bot, CHAT, "Klopt dit?", KEYBOARD)
    mine = fake.messages[(CHAT, message_id)]
    await bot.send_message(CHAT, "Klopt dit?", reply_markup=KEYBOARD)
    ptbs = fake.last_message(CHAT)
    assert mine["text"] == ptbs["text"] == "Klopt dit?"
    assert mine["reply_markup"] == ptbs["reply_markup"] == KEYBOARD.to_dict()


async def test_an_edit_replaces_text_and_keyboard_and_none_removes_the_keyboard(
    bot: ExtBot[None], fake: FakeBotApi
) -> None:
    message_id = await api.send_message(bot, CHAT, "Vraag 1", KEYBOARD)
    await api.edit_message_text(bot, CHAT, message_id, "Vraag 2", None)
    edited = fake.messages[(CHAT, message_id)]
    assert edited["text"] == "Vraag 2"
    assert "reply_markup" not in edited


async def test_an_edit_telegram_refuses_raises_ptbs_bad_request(
    bot: ExtBot[None], fake: FakeBotApi
) -> None:
    message_id = await api.send_message(bot, CHAT, "Vraag 1", KEYBOARD)
    with pytest.raises(BadRequest, match="not modified"):
        await api.edit_message_text(bot, CHAT, message_id, "Vraag 1", KEYBOARD)


async def test_a_press_is_answered_with_its_notice(bot: ExtBot[None], fake: FakeBotApi) -> None:
    await api.answer_callback_query(bot, "17", "Die knop werkt niet meer.")
    await api.answer_callback_query(bot, "18")
    first, second = [c.params for c in fake.calls if c.method == "answerCallbackQuery"]
    assert first == {"callback_query_id": "17", "text": "Die knop werkt niet meer."}
    assert second == {"callback_query_id": "18"}


def test_a_button_of_another_kind_keeps_ptbs_form() -> None:
    link = InlineKeyboardButton("Handleiding", url="https://example.org/handleiding")
    assert api.keyboard_json(InlineKeyboardMarkup([[link]])) == (
        '{"inline_keyboard": [[{"text": "Handleiding", "url": "https://example.org/handleiding"}]]}'
    )
    assert api.keyboard_json(None) is None
