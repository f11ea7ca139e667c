"""How far a long download is, for the person waiting: one message, edited as lines are written.

A channel that can edit a message it sent gives a `Show`; the first call sends the text, later
calls replace it. Nothing is shown for a download done within `DELAY` seconds, and the text
changes at most every `EVERY` seconds (a chat allows only so many edits).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

Show = Callable[[str], Awaitable[None]]
DELAY = 2.0  # seconds before a download shows its progress
EVERY = 1.5  # seconds between two edits


def thousands(count: int) -> str:
    """`119.067`: the Belgian way of grouping digits."""
    return f"{count:,}".replace(",", ".")


def progress_text(rows: int, total: int | None) -> str:
    """`⏳ 40.000 van 119.067 lijnen` (or without the total when it is not known)."""
    if total is None:
        return f"⏳ {thousands(rows)} lijnen"
    return f"⏳ {thousands(rows)} van {thousands(total)} lijnen"


def done_text(rows: int) -> str:
    return f"✅ {thousands(rows)} lijnen geschreven"


class DownloadProgress:
    """Told the rows written after each batch; shows them once the download takes a while."""

    def __init__(
        self, show: Show, total: int | None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._show, self._total, self._clock = show, total, clock
        self._started = clock()
        self._shown_at: float | None = None

    async def __call__(self, rows: int) -> None:
        now = self._clock()
        if now - self._started < DELAY:
            return
        if self._shown_at is not None and now - self._shown_at < EVERY:
            return
        self._shown_at = now
        await self._show(progress_text(rows, self._total))

    async def finish(self, rows: int) -> None:
        """Say it is done, where the progress was shown (else nothing was said)."""
        if self._shown_at is not None:
            await self._show(done_text(rows))
