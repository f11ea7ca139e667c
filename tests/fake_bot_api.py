"""A fake Telegram Bot API server on 127.0.0.1, for tests and benchmarks.

It speaks the real HTTP protocol python-telegram-bot uses (form or multipart POSTs to
`/bot<token>/<method>`), keeps the messages the bot sent, and refuses what Telegram refuses:
texts over 4096 characters, callback data over 64 bytes, edits that change nothing.
"""

from __future__ import annotations

import asyncio
import collections
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import tornado.web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

TOKEN = "123456:TEST-fake-token"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Registratiebot",
    "username": "registratiebot_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
MAX_TEXT, MAX_CALLBACK_DATA = 4096, 64
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """An error the real Bot API would return (status, description, optional parameters)."""

    def __init__(self, status: int, description: str, **parameters: Any) -> None:
        super().__init__(description)
        self.status, self.description, self.parameters = status, description, parameters


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    at: float = field(default_factory=time.monotonic)


class FakeBotApi:
    """The server, the simulated users' side (send, press) and what the bot did (calls)."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._touched: dict[tuple[int, int], int] = {}  # message -> when last sent or edited
        self._touches = itertools.count()
        self.commands: list[dict[str, str]] = []  # the default scope's menu
        self.chat_commands: dict[int, list[dict[str, str]]] = {}  # per-chat scopes
        self.descriptions: dict[str, str] = {}  # "description" and "short_description"
        self.webhook: dict[str, Any] | None = None
        self.fail_next: dict[str, ApiError] = {}
        self.delays: dict[str, float] = {}  # method -> seconds each call of it takes
        self._updates: list[dict[str, Any]] = []
        self._changed = asyncio.Condition()
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._callback_ids = itertools.count(1)
        self._server: HTTPServer | None = None
        self._closing = False
        self.port = 0
        # Telegram's flood limit, when set: more than `send_limit` sendMessage calls within any
        # one second are refused with 429 and retry_after (counted in `too_many`).
        self.send_limit: int | None = None
        self.too_many = 0
        self._recent_sends: collections.deque[float] = collections.deque()

    # -- server ------------------------------------------------------------------------------
    async def start(self) -> str:
        """Listen on a free port of 127.0.0.1; return the base URL for the bot."""
        app = tornado.web.Application([(r"/bot([^/]+)/(\w+)", _Handler, {"fake": self})])
        sockets = bind_sockets(0, "127.0.0.1")
        self.port = sockets[0].getsockname()[1]
        self._server = HTTPServer(app)
        self._server.add_sockets(sockets)
        return self.base_url

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def stop(self) -> None:
        """Let open long polls return empty, then close."""
        async with self._changed:
            self._closing = True
            self._changed.notify_all()
        await asyncio.sleep(0.05)
        if self._server is not None:
            self._server.stop()
            await self._server.close_all_connections()

    # -- the users' side ---------------------------------------------------------------------
    def user_message(self, user_id: int, text: str) -> dict[str, Any]:
        """A text message update from a user in their private chat (not queued)."""
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private", "first_name": "Test"},
            "from": {"id": user_id, "is_bot": False, "first_name": "Test"},
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        return {"update_id": next(self._update_ids), "message": message}

    def user_press(self, user_id: int, message_id: int, data: str) -> dict[str, Any]:
        """A button press on one of the bot's messages (not queued)."""
        message = self.messages[(user_id, message_id)]
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": str(next(self._callback_ids)),
                "from": {"id": user_id, "is_bot": False, "first_name": "Test"},
                "chat_instance": f"ci{user_id}",
                "message": message,
                "data": data,
            },
        }

    async def deliver(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates."""
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()

    def last_message(self, chat_id: int) -> dict[str, Any]:
        """The bot's most recently sent or edited message in a chat."""
        keys = [key for key in self.messages if key[0] == chat_id]
        return self.messages[max(keys, key=self._touched.__getitem__)]

    def button(self, chat_id: int, label: str) -> tuple[int, str]:
        """(message id, callback data) of the button labelled (or containing) `label`."""
        message = self.last_message(chat_id)
        buttons = [
            b for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row
        ]
        exact = [b for b in buttons if b["text"] == label]
        found = exact or [b for b in buttons if label.casefold() in b["text"].casefold()]
        if len(found) != 1:
            raise AssertionError(f"{label!r} matches {[b['text'] for b in found]} in {message}")
        return message["message_id"], found[0]["callback_data"]

    async def wait_for(self, test: Callable[[Call], bool], *, after: int = 0) -> Call:
        """Wait (30 s at most: a loaded machine starts a bot slowly) for a call from `after`."""
        async with asyncio.timeout(30), self._changed:
            await self._changed.wait_for(lambda: any(test(c) for c in self.calls[after:]))
        return next(c for c in self.calls[after:] if test(c))

    # -- the bot's side ----------------------------------------------------------------------
    async def handle(self, method: str, params: dict[str, Any]) -> Any:
        async with self._changed:
            self.calls.append(Call(method, params))
            self._changed.notify_all()
        if method in self.delays:
            await asyncio.sleep(self.delays[method])
        if method in self.fail_next:
            raise self.fail_next.pop(method)
        if method == "sendMessage" and self.send_limit is not None:
            self._flood_check(time.monotonic())
        if method == "getUpdates":
            return await self._get_updates(params)
        handler = getattr(self, f"_{method}", None)
        if handler is None:
            raise ApiError(404, "Not Found: method not found")
        result = handler(params)
        async with self._changed:
            self._changed.notify_all()
        return result

    def _flood_check(self, now: float) -> None:
        """Refuse a send beyond `send_limit` in the last second, as Telegram does."""
        while self._recent_sends and self._recent_sends[0] <= now - 1.0:
            self._recent_sends.popleft()
        if self.send_limit is not None and len(self._recent_sends) >= self.send_limit:
            self.too_many += 1
            raise ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        self._recent_sends.append(now)

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = float(params.get("timeout") or 0)
        async with self._changed:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
            if not self._updates and timeout:
                try:
                    await asyncio.wait_for(
                        self._changed.wait_for(lambda: bool(self._updates) or self._closing),
                        timeout,
                    )
                except TimeoutError:
                    return []
            return list(self._updates[: int(params.get("limit") or 100)])

    def _getMe(self, params: dict[str, Any]) -> dict[str, Any]:
        return BOT_USER

    def _sendMessage(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
            "from": BOT_USER,
            **_content(params),
        }
        self._store(chat_id, message)
        return message

    def _store(self, chat_id: int, message: dict[str, Any]) -> None:
        key = (chat_id, int(message["message_id"]))
        self.messages[key] = message
        self._touched[key] = next(self._touches)

    def _editMessageText(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._message(params)
        content = _content(params)
        unchanged = content.get("reply_markup") == message.get("reply_markup")
        if content["text"] == message.get("text") and unchanged:
            raise ApiError(400, NOT_MODIFIED)
        message.pop("reply_markup", None)
        message.update(content, edit_date=int(time.time()))
        self._store(int(params["chat_id"]), message)
        return message

    def _editMessageReplyMarkup(self, params: dict[str, Any]) -> dict[str, Any]:
        message = self._message(params)
        markup = _markup(params)
        message.pop("reply_markup", None)
        if markup:
            message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        self._store(int(params["chat_id"]), message)
        return message

    def _answerCallbackQuery(self, params: dict[str, Any]) -> bool:
        return True

    def _sendDocument(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "document": {
                "file_id": "f1",
                "file_unique_id": "u1",
                "file_name": params.get("_filename", "file"),
            },
        }
        self._store(chat_id, message)
        return message

    def _sendPhoto(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        message = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "photo": [{"file_id": "p1", "file_unique_id": "q1", "width": 900, "height": 1200}],
        }
        self._store(chat_id, message)
        return message

    def _setMyCommands(self, params: dict[str, Any]) -> bool:
        commands = json.loads(params["commands"])
        scope = json.loads(params["scope"]) if params.get("scope") else {"type": "default"}
        if scope["type"] == "chat":
            self.chat_commands[int(scope["chat_id"])] = commands
        elif scope["type"] == "default":
            self.commands = commands
        else:
            raise ApiError(400, f"Bad Request: scope {scope['type']} not simulated")
        return True

    def _setMyDescription(self, params: dict[str, Any]) -> bool:
        self.descriptions["description"] = params.get("description") or ""
        return True

    def _setMyShortDescription(self, params: dict[str, Any]) -> bool:
        self.descriptions["short_description"] = params.get("short_description") or ""
        return True

    def _deleteWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = None
        return True

    def _setWebhook(self, params: dict[str, Any]) -> bool:
        self.webhook = dict(params)
        return True

    def _getWebhookInfo(self, params: dict[str, Any]) -> dict[str, Any]:
        return {
            "url": (self.webhook or {}).get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": 0,
        }

    def _close(self, params: dict[str, Any]) -> bool:
        return True

    def _logOut(self, params: dict[str, Any]) -> bool:
        return True

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        return self.messages[key]


def _content(params: dict[str, Any]) -> dict[str, Any]:
    text = str(params.get("text", ""))
    if not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    if len(text) > MAX_TEXT:
        raise ApiError(400, "Bad Request: message is too long")
    content: dict[str, Any] = {"text": text}
    markup = _markup(params)
    if markup:
        content["reply_markup"] = markup
    return content


def _markup(params: dict[str, Any]) -> dict[str, Any] | None:
    raw = params.get("reply_markup")
    if not raw:
        return None
    markup: dict[str, Any] = json.loads(raw) if isinstance(raw, str) else raw
    for row in markup.get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return markup


class _Handler(tornado.web.RequestHandler):
    def initialize(self, fake: FakeBotApi) -> None:
        self.fake = fake

    async def post(self, token: str, method: str) -> None:
        await self._answer(token, method)

    async def get(self, token: str, method: str) -> None:
        await self._answer(token, method)

    async def _answer(self, token: str, method: str) -> None:
        if token != TOKEN:
            self._reply(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        params: dict[str, Any] = {k: self.get_argument(k) for k in self.request.arguments}
        if (
            self.request.headers.get("Content-Type", "").startswith("application/json")
            and self.request.body
        ):
            params.update(json.loads(self.request.body))
        for name, files in self.request.files.items():
            params[name] = files[0]["body"]
            params["_filename"] = files[0]["filename"]
        try:
            result = await self.fake.handle(method, params)
        except ApiError as error:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": error.status,
                "description": error.description,
            }
            if error.parameters:
                body["parameters"] = error.parameters
            self._reply(error.status, body)
            return
        self._reply(200, {"ok": True, "result": result})

    def _reply(self, status: int, body: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))
