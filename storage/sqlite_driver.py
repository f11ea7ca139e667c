"""SQLite through aiosqlite's thread, one hand-off per statement instead of four.

SQLAlchemy's aiosqlite adapter makes a cursor, executes, fetches and closes it in four trips
to aiosqlite's thread and back; on a busy host each trip costs about as much as the statement
(bench/engine_vs_commit.py). This cursor does all four in one trip, and a transaction's BEGIN
rides along with its first statement (a transaction that sends none costs no trip at all).

In a writing transaction (BEGIN IMMEDIATE: the write lock is held, so nothing can wait for a
lock and every other writer waits anyway) a statement runs right here on the event loop's
thread, no trip at all: short CPU work, less than the trip. BEGIN IMMEDIATE is tried here too,
without waiting (busy timeout 0): the process's writers queue on their own lock first
(storage/uow.py), so it is free unless another process writes; then it goes to aiosqlite's
thread to wait there. Reads of a reading transaction (plain BEGIN) keep their trip: a long
one (an overview page of a large centre) then runs beside other chats' turns, not in their
way. COMMIT (fsync), executemany (imports), statements outside a transaction and server-side
cursors (exports) stay in aiosqlite's thread too.

A write in a reading transaction raises WritesNeeded before it is sent: the engine then runs
the turn again, writing (flows/engine/engine.py). Checked here, once per statement, rather
than in an engine-wide event that every statement of every connection would dispatch.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Awaitable, Callable
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

from flows.ports.unit_of_work import WritesNeeded

Outcome = tuple[Any, list[Any], int, int | None]
BUSY_TIMEOUT_MS = 30_000  # how long a statement waits for another process's lock
_SQLITE_BUSY = 5
_WRITES = frozenset(("INSERT", "UPDATE", "DELETE", "REPLACE"))


def _run(
    connection: sqlite3.Connection, begin: str | None, operation: str, parameters: Any, many: bool
) -> Outcome:
    """In aiosqlite's thread: BEGIN if one waits, execute, fetch the rows, close the cursor."""
    cursor = connection.cursor()
    try:
        if begin is not None:
            cursor.execute(begin)
        if many:
            cursor.executemany(operation, parameters)
        else:
            cursor.execute(operation, () if parameters is None else parameters)
        rows = cursor.fetchall() if cursor.description else []
        return cursor.description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """A DBAPI cursor whose every execute is one trip to aiosqlite's thread."""

    __slots__ = ("_outcome",)

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # No aiosqlite cursor to open (a trip of its own): each execute makes and closes one.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._outcome: Outcome = (None, [], -1, None)

    @property
    def description(self) -> Any:
        return self._outcome[0]

    @property
    def rowcount(self) -> int:
        return self._outcome[2]

    @property
    def lastrowid(self) -> Any:
        return self._outcome[3]

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        return self._trip(operation, parameters, many=False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        return self._trip(operation, seq_of_parameters, many=True)

    def _trip(self, operation: Any, parameters: Any, many: bool) -> None:
        connection: OneTripConnection = self._adapt_connection  # type: ignore[assignment]
        if not many and parameters in (None, ()) and _is_begin(operation):
            connection.pending_begin = operation  # sent with the transaction's first statement
            self._outcome = (None, [], -1, None)
            self._rows = collections.deque()
            return
        if connection.reading() and operation.lstrip()[:7].rstrip().upper() in _WRITES:
            raise WritesNeeded("a unit of work that reads first was asked to write")
        try:
            if not many:
                self._begin_here()
            if not many and connection.cannot_wait():
                begin, connection.pending_begin = connection.pending_begin, None
                driver: aiosqlite.Connection = self._connection  # type: ignore[assignment]
                self._outcome = await_(
                    _here(_run, driver._conn, begin, operation, parameters, many)
                )
            else:
                self._outcome = await_(self._execute(operation, parameters, many))
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self._rows = collections.deque(self._outcome[1])

    def _begin_here(self) -> None:
        """A waiting BEGIN IMMEDIATE, on the loop's thread if the write lock is free right now;
        else it stays waiting, to go with the statement to aiosqlite's thread."""
        connection: OneTripConnection = self._adapt_connection  # type: ignore[assignment]
        begin = connection.pending_begin
        if begin is None or begin.split()[-1].upper() != "IMMEDIATE":
            return
        driver: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        try:
            await_(_here(_begin_without_waiting, driver._conn, begin))
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode != _SQLITE_BUSY:
                raise
            return  # another process writes: BEGIN goes to the thread and waits there
        connection.pending_begin, connection.in_transaction = None, True
        connection.writing = True

    async def _execute(self, operation: Any, parameters: Any, many: bool) -> Outcome:
        connection: aiosqlite.Connection = self._connection  # type: ignore[assignment]
        adapted: OneTripConnection = self._adapt_connection  # type: ignore[assignment]
        async with adapted._execute_mutex:
            begin, adapted.pending_begin = adapted.pending_begin, None
            run: Callable[..., Awaitable[Outcome]] = connection._execute
            outcome = await run(_run, connection._conn, begin, operation, parameters, many)
            adapted.in_transaction = adapted.in_transaction or begin is not None
            if begin is not None and begin.split()[-1].upper() == "IMMEDIATE":
                adapted.writing = True
            return outcome

    async def _async_soft_close(self) -> None:
        """Nothing to close: the trip closed the sqlite3 cursor; rows are already here."""

    def close(self) -> None:
        self._rows.clear()


def _begin_without_waiting(connection: sqlite3.Connection, begin: str) -> None:
    connection.execute("PRAGMA busy_timeout = 0")
    try:
        connection.execute(begin)
    finally:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


async def _here(function: Callable[..., Any], *args: Any) -> Any:
    """Run `function` on the loop's thread; awaited only to stay in SQLAlchemy's async bridge."""
    return function(*args)


def _is_begin(operation: str) -> bool:
    return operation.lstrip()[:5].upper() == "BEGIN"


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """Keeps a BEGIN until the transaction's first statement; ending one that sent none is
    free."""

    __slots__ = ("in_transaction", "pending_begin", "writing")

    _cursor_cls = OneTripCursor  # type: ignore[assignment]

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.pending_begin: str | None = None
        self.in_transaction = False  # a BEGIN went out (not a transaction SQLite began itself)
        self.writing = False  # ... and it was BEGIN IMMEDIATE: the write lock is held

    def reading(self) -> bool:
        """Whether a statement now runs in a reading transaction (a plain, deferred BEGIN)."""
        if self.pending_begin is not None:
            return not self.pending_begin.rstrip().upper().endswith("IMMEDIATE")
        return self.in_transaction and not self.writing

    def cannot_wait(self) -> bool:
        """Whether a statement now runs in a transaction holding the write lock."""
        return self.pending_begin is None and self.writing

    def commit(self) -> None:
        if self.pending_begin is not None:  # nothing was sent: nothing to commit
            self.pending_begin = None
            return
        self.in_transaction = self.writing = False
        super().commit()

    def rollback(self) -> None:
        if self.pending_begin is not None:
            self.pending_begin = None
            return
        if self.in_transaction:  # no fsync, no lock to wait for: right here
            self.in_transaction = self.writing = False
            driver: aiosqlite.Connection = self._connection  # type: ignore[assignment]
            try:
                await_(_here(driver._conn.rollback))
            except Exception as error:
                self._handle_exception(error)
            return
        super().rollback()


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """aiosqlite as SQLAlchemy adapts it, with one-trip cursors."""

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        return OneTripConnection(self, adapted._connection)


def one_trip_dbapi() -> OneTripDBAPI:
    """The `module` for `create_async_engine` on a sqlite+aiosqlite URL."""
    return OneTripDBAPI(aiosqlite, sqlite3)
