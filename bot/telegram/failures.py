"""Which failures mean "the database is out of reach, try again later" rather than a bug."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from flows.domain.errors import ConcurrencyConflict

_TRANSIENT = (
    OSError,  # connection refused or reset (ConnectionError is one)
    TimeoutError,
    PoolTimeout,
    OperationalError,  # PostgreSQL shutting down or starting; SQLite busy
    InterfaceError,  # the connection was closed under us
    ConcurrencyConflict,  # lost the race three times: another try will see the winner
)
_ASYNCPG_UNREACHABLE = {
    "CannotConnectNowError",
    "ConnectionDoesNotExistError",
    "ConnectionFailureError",
    "AdminShutdownError",
    "CrashShutdownError",
    "InterfaceError",
    "InternalClientError",
    "TooManyConnectionsError",
    "ClientCannotConnectError",
}


def is_transient(error: BaseException) -> bool:
    """True when `error` (or what caused it) says the database could not be reached."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, _TRANSIENT):
            return True
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if type(current).__module__.startswith("asyncpg") and (
            type(current).__name__ in _ASYNCPG_UNREACHABLE
        ):
            return True
        current = current.__cause__ or current.__context__
    return False
