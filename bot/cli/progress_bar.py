"""A progress bar on a terminal for the long commands (export, import); nothing when piped."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

from flows.engine.progress import thousands

WIDTH = 30
EVERY = 0.2  # seconds between two redraws


class ProgressBar:
    """`export  [#########---------------------]  40.000/119.067 lijnen`, redrawn in place.

    Only when `out` is a terminal: a script reading the output gets the summary line alone.
    """

    def __init__(
        self,
        out: TextIO,
        label: str,
        total: int | None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._out, self._label, self._total, self._clock = out, label, total, clock
        self.enabled = out.isatty()
        self._drawn_at: float | None = None
        self._drawn = False

    async def __call__(self, done: int) -> None:
        if not self.enabled:
            return
        now = self._clock()
        last = self._total is not None and done >= self._total
        if self._drawn_at is not None and now - self._drawn_at < EVERY and not last:
            return
        self._drawn_at, self._drawn = now, True
        self._out.write("\r" + bar_text(self._label, done, self._total))
        self._out.flush()

    def close(self) -> None:
        """End the bar's line, so what is printed next starts on its own."""
        if self._drawn:
            self._out.write("\n")
            self._out.flush()


def bar_text(label: str, done: int, total: int | None) -> str:
    """The bar as one line; without a total, the count alone."""
    if not total:
        return f"{label}  {thousands(done)} lijnen"
    filled = min(WIDTH, done * WIDTH // total)
    bar = "#" * filled + "-" * (WIDTH - filled)
    return f"{label}  [{bar}]  {thousands(done)}/{thousands(total)} lijnen"
