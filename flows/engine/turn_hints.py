"""Which way to run a chat's next turn on SQLite: read first, or take the write lock first.

A turn at a screen (an overview, a detail) or at the menu mostly reads: it reads a snapshot
without the write lock and stores only its update id and session afterwards. A turn answering
a question in a flow mostly writes its answer: reading first would cost a second transaction,
and a turn that turns out to write runs twice. Both ways are correct; the hint only saves
work, so it is kept in memory, per process, for the most recently active chats.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from flows.engine.definition import Flow
from flows.engine.values import Command, Input
from flows.ports.sessions import SessionState

CAPACITY = 10_000  # chats remembered; a forgotten chat reads first


class TurnHints:
    """Per chat: whether its next turn should read first (unknown chats and commands do)."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self._capacity = capacity
        self._writes_next: OrderedDict[str, None] = OrderedDict()

    def reads_first(self, inp: Input) -> bool:
        """A command may open an overview: it reads first wherever the chat was."""
        return isinstance(inp.what, Command) or inp.chat_key not in self._writes_next

    def remember(
        self, chat_key: str, session: SessionState | None, flows: dict[str, Flow[Any]]
    ) -> None:
        """After a turn: the chat waits at a screen or the menu (read next), or on a question."""
        if _waits_on_question(session, flows):
            self._writes_next[chat_key] = None
            self._writes_next.move_to_end(chat_key)
            if len(self._writes_next) > self._capacity:
                self._writes_next.popitem(last=False)
        else:
            self._writes_next.pop(chat_key, None)


def _waits_on_question(session: SessionState | None, flows: dict[str, Flow[Any]]) -> bool:
    if session is None or session.flow is None or session.paused or session.state is None:
        return False
    flow = flows.get(session.flow)
    if flow is None:
        return False
    try:
        return not flow.step(session.state).screen
    except KeyError:
        return False
