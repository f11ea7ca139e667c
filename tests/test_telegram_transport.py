"""The aiohttp Bot API transport: what PTB's own transport does, calls and failures alike."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.telegram.transport import AiohttpRequest
from tests.fake_bot_api import TOKEN, ApiError, FakeBotApi

CHAT = 5001


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    """A PTB bot on the aiohttp transport, talking to the fake Bot API."""
    async with Bot(
        TOKEN,
        base_url=fake.base_url,
        request=AiohttpRequest(read_timeout=2.0),
        get_updates_request=AiohttpRequest(connection_pool_size=1),
    ) as bot:
        yield bot


async def test_a_message_with_a_keyboard_arrives_as_sent(bot: Bot, fake: FakeBotApi) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Ja ✓", callback_data="3|0")]])
    sent = await bot.send_message(CHAT, "Klopt dit? “Welkom” – één keer", reply_markup=keyboard)
    stored = fake.last_message(CHAT)
    assert stored["message_id"] == sent.message_id
    assert stored["text"] == "Klopt dit? “Welkom” – één keer"
    assert stored["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "3|0"


async def test_a_file_is_uploaded_with_its_name(bot: Bot, fake: FakeBotApi) -> None:
    await bot.send_document(CHAT, b"PK\x03\x04 not really a workbook", filename="overzicht.xlsx")
    (call,) = [c for c in fake.calls if c.method == "sendDocument"]
    assert call.params["_filename"] == "overzicht.xlsx"
    assert call.params["document"] == b"PK\x03\x04 not really a workbook"
    assert call.params["chat_id"] == str(CHAT)


async def test_updates_are_fetched_by_long_polling(bot: Bot, fake: FakeBotApi) -> None:
    await fake.deliver(fake.user_message(CHAT, "/start"))
    (update,) = await bot.get_updates(timeout=1)
    assert update.message is not None
    assert update.message.text == "/start"


async def test_refusals_become_ptbs_errors(bot: Bot, fake: FakeBotApi) -> None:
    fake.fail_next["sendMessage"] = ApiError(400, "Bad Request: chat not found")
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(CHAT, "hallo")
    fake.fail_next["sendMessage"] = ApiError(429, "Too Many Requests", retry_after=3)
    with pytest.raises(RetryAfter, match="Retry in 3"):
        await bot.send_message(CHAT, "hallo")


async def test_a_slow_answer_times_out(bot: Bot, fake: FakeBotApi) -> None:
    fake.delays["sendMessage"] = 1.0
    with pytest.raises(TimedOut):
        await bot.send_message(CHAT, "hallo", read_timeout=0.2)


async def test_an_unreachable_api_is_a_network_error() -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=request)
        with pytest.raises(NetworkError):
            await bot.send_message(CHAT, "hallo")
    finally:
        await request.shutdown()


async def test_a_request_before_initialize_is_refused() -> None:
    with pytest.raises(RuntimeError, match="not initialized"):
        await AiohttpRequest().do_request("http://127.0.0.1:9/bot/getMe", "POST")
