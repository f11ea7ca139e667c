"""The read-first hint: a speed choice per chat, bounded in memory, never a correctness one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.engine.definition import Answer, Flow, Outcome, Question, Stay, Step, StepContext
from flows.engine.turn_hints import TurnHints
from flows.engine.values import Command, Input, TelegramUser, Text
from flows.ports.sessions import SessionState


@dataclass
class Nothing:
    """No answers."""


def _question(_ctx: StepContext[Nothing]) -> Question:
    return Question("?")


async def _accept(_ctx: StepContext[Nothing], _answer: Answer) -> Outcome:
    return Stay()


QUESTION = Step[Nothing]("vraag", "de vraag", _question, _accept)
SCREEN = Step[Nothing]("lijst", "de lijst", _question, _accept, screen=True)
FLOWS: dict[str, Flow[Any]] = {
    "proef": Flow[Nothing]("proef", "Proef", "proef", Nothing, (QUESTION, SCREEN), ())
}


def at(chat: str, state: str | None, paused: bool = False) -> SessionState:
    return SessionState(f"test:{chat}", flow="proef" if state else None, state=state, paused=paused)


def typed(chat: str) -> Input:
    return Input("test", chat, TelegramUser(1), Text("x"), None)


def test_an_unknown_chat_reads_first() -> None:
    assert TurnHints().reads_first(typed("1"))


def test_a_chat_waiting_on_a_question_writes_first_and_a_command_still_reads_first() -> None:
    hints = TurnHints()
    hints.remember("test:1", at("1", "vraag"), FLOWS)
    assert not hints.reads_first(typed("1"))
    assert hints.reads_first(Input("test", "1", TelegramUser(1), Command("overzicht"), None))


def test_a_screen_the_menu_or_a_paused_flow_reads_first_again() -> None:
    hints = TurnHints()
    for session in (at("1", "lijst"), at("1", None), at("1", "vraag", paused=True), None):
        hints.remember("test:1", at("1", "vraag"), FLOWS)
        hints.remember("test:1", session, FLOWS)
        assert hints.reads_first(typed("1"))


def test_the_least_recently_active_chat_is_forgotten_beyond_capacity() -> None:
    hints = TurnHints(capacity=2)
    for chat in ("1", "2", "3"):
        hints.remember(f"test:{chat}", at(chat, "vraag"), FLOWS)
    assert hints.reads_first(typed("1"))
    assert not hints.reads_first(typed("2"))
    assert not hints.reads_first(typed("3"))
