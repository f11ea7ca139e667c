"""Which failures leave an update unconfirmed (the database out of reach) and which are bugs."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from bot.telegram.failures import is_transient
from flows.domain.errors import ConcurrencyConflict


def _caused_by(cause: BaseException) -> Exception:
    try:
        try:
            raise cause
        except BaseException as inner:
            raise RuntimeError("while applying the turn") from inner
    except RuntimeError as outer:
        return outer


def test_an_unreachable_database_is_tried_again() -> None:
    assert is_transient(ConnectionRefusedError(111, "Connection refused"))
    assert is_transient(OperationalError("SELECT 1", {}, Exception("server closed")))
    assert is_transient(_caused_by(ConnectionResetError()))
    invalidated = DBAPIError("SELECT 1", {}, Exception("gone"), connection_invalidated=True)
    assert is_transient(invalidated)


def test_a_race_lost_three_times_is_tried_again() -> None:
    assert is_transient(ConcurrencyConflict("commit found a row changed meanwhile"))


def test_a_bug_is_not_tried_again() -> None:
    assert not is_transient(ValueError("bad value"))
    assert not is_transient(KeyError("answer"))
    assert not is_transient(IntegrityError("INSERT", {}, Exception("not null violated")))
    assert not is_transient(_caused_by(ZeroDivisionError()))
