"""The poller on its own: what it confirms, what it applies once, what it never parses twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from telegram import Bot, Update

from bot.telegram.channel import Outcome
from bot.telegram.polling import Poller
from bot.telegram.transport import AiohttpRequest
from tests.fake_bot_api import TOKEN, FakeBotApi

ALICE, BOB = 7001, 7002


class Recording:
    """A delivery that applies each update when its chat's gate opens, and notes it."""

    def __init__(self) -> None:
        self.applied: list[tuple[int, str]] = []
        self.gates: dict[int, asyncio.Event] = {}

    async def apply(self, update: Update) -> Outcome:
        assert update.effective_chat is not None
        assert update.message is not None
        chat = update.effective_chat.id
        gate = self.gates.get(chat)
        if gate is not None:
            await gate.wait()
        self.applied.append((chat, str(update.message.text)))
        return Outcome.APPLIED


@pytest.fixture
async def bot(fake: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(
        TOKEN,
        base_url=fake.base_url,
        request=AiohttpRequest(),
        get_updates_request=AiohttpRequest(connection_pool_size=1),
    ) as bot:
        yield bot


async def _until(test: Any, limit: float = 10.0) -> None:
    async with asyncio.timeout(limit):
        while not test():  # noqa: ASYNC110 - the delivery has no event to wait on
            await asyncio.sleep(0.01)


async def test_an_unreadable_update_is_confirmed_and_the_next_applied(
    bot: Bot, fake: FakeBotApi
) -> None:
    delivery = Recording()
    poller = Poller(bot, delivery, ["message"], timeout=1)  # type: ignore[arg-type]
    stop = asyncio.Event()
    running = asyncio.create_task(poller.run(stop))
    unreadable = fake.user_message(ALICE, "kapot")
    unreadable["message"] = "not a message"
    await fake.deliver(unreadable)
    await fake.deliver(fake.user_message(ALICE, "hallo"))
    await _until(lambda: delivery.applied)
    stop.set()
    await running
    assert delivery.applied == [(ALICE, "hallo")]
    assert poller.offset == unreadable["update_id"] + 2  # both confirmed: neither comes again
    polls = [c for c in fake.calls if c.method == "getUpdates"]
    assert polls[-1].params["offset"] == str(poller.offset)  # told to Telegram on stopping


async def test_updates_in_hand_come_back_with_every_poll_but_are_parsed_and_applied_once(
    bot: Bot, fake: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed: list[int] = []
    de_json = Update.de_json

    def counting(data: dict[str, Any], bot: Bot | None = None) -> Update:
        parsed.append(int(data["update_id"]))
        return de_json(data, bot)

    monkeypatch.setattr(Update, "de_json", counting)
    delivery = Recording()
    delivery.gates[ALICE] = asyncio.Event()  # Alice's turn runs long
    poller = Poller(bot, delivery, ["message"], timeout=1)  # type: ignore[arg-type]
    stop = asyncio.Event()
    running = asyncio.create_task(poller.run(stop))
    await fake.deliver(fake.user_message(ALICE, "lang werk"))
    for text in ("een", "twee", "drie"):
        await fake.deliver(fake.user_message(BOB, text))
        await _until(lambda text=text: (BOB, text) in delivery.applied)
    polls = sum(1 for c in fake.calls if c.method == "getUpdates")
    assert polls > 3  # Alice's update came back with each of them, unconfirmed
    delivery.gates[ALICE].set()
    await _until(lambda: (ALICE, "lang werk") in delivery.applied)
    stop.set()
    await running
    assert sorted(parsed) == [1000, 1001, 1002, 1003]
    assert [text for chat, text in delivery.applied if chat == ALICE] == ["lang werk"]
