"""The two ways a request does not go through: a rule refused it, or a concurrent change won."""

from __future__ import annotations


class Refusal(Exception):
    """A domain rule refused the request; the message is shown to the user as is.

    `final`: no other answer in this flow can pass (the record moved on: closed, taken by
    another centre), so the chat leaves the question instead of asking it again.
    """

    def __init__(self, message: str, *, final: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.final = final


class ConcurrencyConflict(Exception):
    """Another update changed the same rows first; the whole update is retried."""


class AdminError(Exception):
    """An administrator's request cannot be carried out; the message says why, a line a problem."""
