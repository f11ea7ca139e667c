"""Log lines as text or, with LOG_FORMAT=json, one JSON object each: ids, never personal data."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

FORMATS = ("text", "json")
_update: ContextVar[tuple[int | None, int | None]] = ContextVar("update", default=(None, None))


@contextmanager
def about_update(update_id: int, chat_id: int | None) -> Iterator[None]:
    """Every line logged inside (engine, storage, Bot API) names this update and chat."""
    token = _update.set((update_id, chat_id))
    try:
        yield
    finally:
        _update.reset(token)


class _UpdateIds(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        update_id, chat_id = _update.get()
        if not hasattr(record, "update_id"):
            record.update_id = update_id
        if not hasattr(record, "chat_id"):
            record.chat_id = chat_id
        return True


class JsonFormatter(logging.Formatter):
    """One object a line; an exception as its type and stack only: its message may hold data."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "update_id": getattr(record, "update_id", None),
            "chat_id": getattr(record, "chat_id", None),
        }
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, trace = record.exc_info
            line["error"] = kind.__name__
            line["stack"] = [
                f"{frame.filename}:{frame.lineno} {frame.name}"
                for frame in traceback.extract_tb(trace)
            ]
        return json.dumps(line, ensure_ascii=False)


def configure(log_format: str) -> None:
    """Log INFO and up to stderr in the chosen format; quiet the per-request loggers."""
    handler = logging.StreamHandler()
    handler.addFilter(_UpdateIds())
    if log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)
    # httpx logs request URLs at INFO, and Bot API URLs contain the token: keep it out.
    for name in ("httpx", "httpcore", "tornado.access"):
        logging.getLogger(name).setLevel(logging.WARNING)
