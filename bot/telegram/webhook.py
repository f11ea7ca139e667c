"""The webhook server: 200 only after the update's turn committed; health, readiness, metrics."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import time
from typing import Any

import tornado.web
from prometheus_client import CONTENT_TYPE_LATEST
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Bot, Update
from tornado.httpserver import HTTPServer

from bot import metrics
from bot.telegram.channel import Outcome
from bot.telegram.delivery import Delivery
from storage.health import not_ready, sessions_mid_flow

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
STOP_GRACE = 10.0  # seconds turns in flight get to finish on SIGTERM


class WebhookServer:
    """Serves Telegram's posts on `path` and the operator's endpoints, until drained."""

    def __init__(
        self, path: str, secret: str, bot: Bot, delivery: Delivery, database: AsyncEngine
    ) -> None:
        self.secret, self.bot, self.delivery, self.database = secret, bot, delivery, database
        self.draining = False
        self._app = tornado.web.Application(
            [
                (r"/healthz", _Health),
                (r"/readyz", _Ready, {"server": self}),
                (r"/metrics", _Metrics, {"server": self}),
                (f"/{path}", _Updates, {"server": self}),
            ]
        )
        self._http: HTTPServer | None = None

    def listen(self, address: str, port: int) -> None:
        self._http = HTTPServer(self._app)
        self._http.listen(port, address)

    async def drain(self) -> None:
        """Take no new updates (503: Telegram tries again, maybe another instance); let the
        ones in flight finish for up to STOP_GRACE seconds; then close."""
        self.draining = True
        deadline = time.monotonic() + STOP_GRACE
        while self.delivery.in_flight and time.monotonic() < deadline:  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        if self.delivery.in_flight:
            log.warning("stopping with %s updates unfinished", self.delivery.in_flight)
        if self._http is not None:
            self._http.stop()
            await self._http.close_all_connections()


class _Health(tornado.web.RequestHandler):
    def get(self) -> None:
        """The process lives and its event loop answers."""
        self.finish("ok\n")


class _Ready(tornado.web.RequestHandler):
    def initialize(self, server: WebhookServer) -> None:
        self.server = server

    async def get(self) -> None:
        """Send updates here only when the database is reachable and its schema current."""
        problem = "stopping" if self.server.draining else await not_ready(self.server.database)
        if problem is not None:
            self.set_status(503)
            self.finish(f"not ready: {problem}\n")
            return
        self.finish("ready\n")


class _Metrics(tornado.web.RequestHandler):
    def initialize(self, server: WebhookServer) -> None:
        self.server = server

    async def get(self) -> None:
        try:
            metrics.SESSIONS_MID_FLOW.set(await sessions_mid_flow(self.server.database))
        except Exception:  # the database is down: the other series still answer
            log.warning("sessions mid-flow not counted: database out of reach")
        self.set_header("Content-Type", CONTENT_TYPE_LATEST)
        self.finish(metrics.exposition())


class _Updates(tornado.web.RequestHandler):
    def initialize(self, server: WebhookServer) -> None:
        self.server = server

    async def post(self) -> None:
        """Apply the update, then answer: 200 applied, 503 not (Telegram sends it again)."""
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode(), self.server.secret.encode()):
            self._answer(403, "forbidden")
            return
        if self.server.draining:
            self._answer(503, "stopping")
            return
        try:
            data: Any = json.loads(self.request.body)
            update = Update.de_json(data, self.server.bot)
        except (ValueError, TypeError, KeyError):
            self._answer(400, "not an update")
            return
        outcome = await self.server.delivery.apply(update)
        if outcome is Outcome.RETRY:
            self._answer(503, "not applied, send again")
        else:
            self._answer(200, outcome.value)

    def _answer(self, status: int, reason: str) -> None:
        self.set_status(status)
        self.finish(reason + "\n")

    def log_exception(self, *args: Any) -> None:  # tornado's default logs the request body
        log.error("webhook request failed", exc_info=args[1] if len(args) > 1 else None)
