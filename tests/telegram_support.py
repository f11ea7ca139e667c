"""Driving the real python-telegram-bot application against the fake Bot API."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.app import App
from bot.telegram.application import build_telegram
from tests.fake_bot_api import TOKEN, FakeBotApi


def telegram_app(app: App, fake: FakeBotApi, *, rate_limit: bool = False) -> Application:  # type: ignore[type-arg]
    """The production factory, pointed at the fake server."""
    settings = replace(app.settings, telegram_token=TOKEN, telegram_api_base_url=fake.base_url)
    return build_telegram(replace(app, settings=settings), rate_limit=rate_limit)


class TelegramUserDriver:
    """One Telegram user talking to the bot through `process_update`, as PTB would deliver."""

    def __init__(self, application: Application, fake: FakeBotApi, user_id: int) -> None:  # type: ignore[type-arg]
        self.application, self.fake, self.user_id = application, fake, user_id

    async def process(self, update: dict[str, Any]) -> None:
        await self.application.process_update(Update.de_json(update, self.application.bot))

    async def send(self, text: str) -> dict[str, Any]:
        await self.process(self.fake.user_message(self.user_id, text))
        return self.fake.last_message(self.user_id)

    async def press(self, label: str) -> dict[str, Any]:
        message_id, data = self.fake.button(self.user_id, label)
        await self.process(self.fake.user_press(self.user_id, message_id, data))
        return self.fake.last_message(self.user_id)

    async def press_first(self) -> dict[str, Any]:
        """Press the first button of the last message."""
        message = self.fake.last_message(self.user_id)
        data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        await self.process(self.fake.user_press(self.user_id, message["message_id"], data))
        return self.fake.last_message(self.user_id)

    @property
    def text(self) -> str:
        return str(self.fake.last_message(self.user_id)["text"])

    @property
    def labels(self) -> list[str]:
        markup = self.fake.last_message(self.user_id).get("reply_markup", {})
        return [b["text"] for row in markup.get("inline_keyboard", []) for b in row]

    async def register_cheque(self, chequenummer: str = "123456", klantnummer: str = "999") -> None:
        """A whole registration, by buttons where there are buttons and typing elsewhere."""
        await self.register_until_begeleider(chequenummer, klantnummer)
        await self.press_first()  # the user's own name, offered first
        await self.finish_registration()

    async def register_until_begeleider(
        self, chequenummer: str = "123456", klantnummer: str = "999"
    ) -> None:
        """A registration up to the question for the begeleider's name."""
        await self.send("/start")
        await self.press("Cheque registreren")
        await self.send(chequenummer)
        await self.send(klantnummer)
        await self.press("Competenties en talenten")
        await self.press("Klaar")
        await self.send("Welke job past bij mij na mijn ontslag?")
        await self.press("Ja, de klant is akkoord")
        await self.press("Vandaag")

    async def finish_registration(self) -> None:
        """From the vorm question to the stored registration."""
        await self.press("Individueel gesprek")
        await self.send("1u30")
        await self.press("Geen feedback")
        await self.press("Bevestigen en opslaan")


class LiveUserDriver(TelegramUserDriver):
    """The same user, but updates travel the real way: queued for getUpdates, or posted."""

    def __init__(
        self,
        fake: FakeBotApi,
        user_id: int,
        post: Callable[[dict[str, Any]], Awaitable[None]] | None = None,
    ) -> None:
        super().__init__(None, fake, user_id)  # type: ignore[arg-type]
        self._post = post or fake.deliver

    async def process(self, update: dict[str, Any]) -> None:
        """Deliver, then wait for the bot's question in this chat (a turn may say more first:
        a welcome, a checklist)."""
        seen = len(self.fake.calls)
        await self._post(update)
        await self.fake.wait_for(
            lambda c: (
                c.method in ("sendMessage", "editMessageText")
                and str(c.params.get("chat_id")) == str(self.user_id)
                and bool(c.params.get("reply_markup"))
            ),
            after=seen,
        )
