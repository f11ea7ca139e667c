"""The console channel: the same flows in a terminal; numbered options; scriptable via stdin.

A question that takes typed text numbers its options `[#1]`: there `#1` picks the option and a
typed 1 stays text (a duur of one hour); elsewhere a bare number picks the option too.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from flows.engine.engine import Engine
from flows.engine.values import (
    Choice,
    Command,
    Document,
    Input,
    Message,
    StaffMember,
    What,
    parse_typed,
)

CHANNEL = "console"


PICK = "#"
MAX_POSITION = 4  # digits of an option's number; a longer number is typed text


def render(message: Message) -> str:
    """Show a reply as text with its options numbered (`#n` where typed text is taken too)."""
    mark = PICK if message.typed else ""
    lines = [message.text]
    lines += [
        f"  [{mark}{number}] {option.label}" for number, option in enumerate(message.options, 1)
    ]
    return "\n".join(lines)


def save_document(document: Document, folder: Path) -> Path:
    """Move an export into `folder` under its own name (never over an existing file)."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / Path(document.filename).name
    stem, suffix, number = target.stem, target.suffix, 1
    while target.exists():
        number += 1
        target = folder / f"{stem}-{number}{suffix}"
    shutil.move(document.path, target)
    return target


def read_input(line: str, last: Message | None) -> What:
    """`#n` (or `n` where nothing can be typed) picks an option; else typed text or a command.

    A `#n` with no such option goes to the engine as a choice, which refuses it with the reason.
    """
    stripped = line.strip()
    if last is None or last.seq is None:
        return parse_typed(line)
    digits = stripped.removeprefix(PICK)
    if not digits.isdigit():
        return parse_typed(line)
    number = int(digits) if len(digits) <= MAX_POSITION else 0
    if stripped.startswith(PICK):
        return Choice(last.seq, number - 1)
    if not last.typed and 1 <= number <= len(last.options):
        return Choice(last.seq, number - 1)
    return parse_typed(line)


class Console:
    """Runs one staff member's chat on stdin/stdout until end of input or /stop."""

    def __init__(
        self,
        engine: Engine,
        staff_id: int,
        out: TextIO,
        readline: Callable[[], str],
        *,
        echo: bool,
        exports: Path = Path("exports"),
        reminders: bool = False,
    ) -> None:
        self._engine, self._staff_id, self._out = engine, staff_id, out
        self._readline, self._echo = readline, echo
        self._last: Message | None = None
        self._shown = 0  # the console's own numbering of checklist messages it printed
        self._exports = exports
        self._reminders = reminders  # open reminders: shown right after the welcome

    async def send(self, what: What) -> None:
        """Hand one input to the engine and print every reply."""
        inp = Input(CHANNEL, str(self._staff_id), StaffMember(self._staff_id), what)
        replies = await self._engine.handle(inp)
        for message in replies:
            if message.edit is not None:  # a terminal cannot edit what it printed: /rondleiding
                continue
            print(render(message), file=self._out)
            if message.checklist_of is not None:
                self._shown += 1
                await self._engine.remember_checklist(
                    message.checklist_of, inp.chat_key, self._shown
                )
            if message.document is not None:
                saved = save_document(message.document, self._exports)
                print(f"📎 Bestand opgeslagen: {saved}", file=self._out)
            print(file=self._out)
            if message.options or message.seq is not None:
                self._last = message

    async def run(self) -> None:
        await self.send(Command("start"))
        if self._reminders:
            await self.send(Command("herinneringen"))
        while True:
            if not self._echo:
                print("> ", end="", file=self._out, flush=True)
            line = await asyncio.to_thread(self._readline)
            if not line:
                return
            line = line.rstrip("\n")
            if not line.strip():
                continue
            if self._echo:
                print(f"> {line}", file=self._out)
            if line.strip().lower() in {"/stop", "/quit", "/exit"}:
                return
            await self.send(read_input(line, self._last))
