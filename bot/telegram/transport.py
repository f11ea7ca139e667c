"""Bot API requests over aiohttp: the same calls as PTB's httpx transport for less CPU.

python-telegram-bot builds each request, checks the status and reads the JSON answer itself
(`BaseRequest.post`); a transport only moves bytes. httpx spent about three times aiohttp's CPU
per call here, and every update costs one to three calls (bench/telegram_load.py).
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

POOL_SIZE = 256  # connections to the Bot API at once (PTB's default)
READ, CONNECT, POOL = 5.0, 5.0, 1.0  # seconds, PTB's defaults
MEDIA_WRITE = 20.0  # seconds an upload (an export, a chart) may take to send


class AiohttpRequest(BaseRequest):
    """PTB's request interface on one aiohttp session, opened by `initialize`."""

    __slots__ = ("_connect", "_pool", "_pool_size", "_read", "_session")

    def __init__(
        self,
        connection_pool_size: int = POOL_SIZE,
        read_timeout: float | None = READ,
        connect_timeout: float | None = CONNECT,
        pool_timeout: float | None = POOL,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read, self._connect, self._pool = read_timeout, connect_timeout, pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._pool_size),
                timeout=self._timeout(self._read, self._connect, self._pool, None),
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """Send one request; the status and body, or PTB's TimedOut / NetworkError."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        data: Any = None
        upload = False
        if request_data is not None:
            files = request_data.multipart_data
            data = request_data.json_parameters
            if files:
                upload = True
                form = aiohttp.FormData(data)
                for name, (filename, content, mimetype) in files.items():
                    form.add_field(name, content, filename=filename, content_type=mimetype)
                data = form
        options: dict[str, Any] = {}  # none: the session's default timeouts
        timeouts = (read_timeout, write_timeout, connect_timeout, pool_timeout)
        if upload or any(value is not BaseRequest.DEFAULT_NONE for value in timeouts):
            options["timeout"] = self._timeout(
                self._given(read_timeout, self._read),
                self._given(connect_timeout, self._connect),
                self._given(pool_timeout, self._pool),
                self._given(write_timeout, MEDIA_WRITE if upload else None),
            )
        try:
            async with self._session.request(
                method, url, data=data, headers={"User-Agent": self.USER_AGENT}, **options
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's own timeouts are TimeoutErrors too
            raise TimedOut from error
        except aiohttp.ClientError as error:
            raise NetworkError(f"aiohttp.{type(error).__name__}: {error}") from error

    @staticmethod
    def _given(value: Any, default: float | None) -> float | None:
        return default if value is BaseRequest.DEFAULT_NONE else value

    @staticmethod
    def _timeout(
        read: float | None, connect: float | None, pool: float | None, write: float | None
    ) -> aiohttp.ClientTimeout:
        """aiohttp's terms: `connect` includes waiting for a free pooled connection; an
        upload's write time bounds the whole request."""
        waiting = None if connect is None or pool is None else connect + pool
        total = None if write is None or read is None else write + read
        return aiohttp.ClientTimeout(
            total=total, connect=waiting, sock_connect=connect, sock_read=read
        )
