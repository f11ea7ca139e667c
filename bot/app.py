"""Wiring in one place: build the database, unit of work and engine from settings."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.settings import Settings
from flows.access.invite_colleague import INVITE_COLLEAGUE
from flows.access.team import TEAM
from flows.cheques.dossier import DOSSIER
from flows.cheques.register_cheque import CHEQUE_REGISTRATION
from flows.cheques.register_gesprek import GESPREK_REGISTRATION
from flows.engine.clock import Clock, FixedClock, SystemClock
from flows.engine.definition import Flow
from flows.engine.engine import Engine
from flows.esf.esf_overview import ESF_DOSSIER
from flows.esf.register_begeleiding import ESF_REGISTRATION
from flows.esf.removals import ESF_REMOVALS
from flows.overviews.cheque_overview import OVERVIEW
from flows.overviews.financial_overview import FINANCIAL
from flows.overviews.settings import OverviewSettings
from flows.reminders.actions import REMINDERS
from storage.database import create_engine, read_session_factory, session_factory, upgrade
from storage.uow import SqlReadUnitOfWork, SqlUnitOfWork

FLOWS: tuple[Flow[Any], ...] = (
    CHEQUE_REGISTRATION,
    GESPREK_REGISTRATION,
    DOSSIER,
    OVERVIEW,
    FINANCIAL,
    ESF_REGISTRATION,
    ESF_DOSSIER,
    ESF_REMOVALS,
    INVITE_COLLEAGUE,
    TEAM,
    REMINDERS,
)


@dataclass
class App:
    """The built application: what channels and the CLI need."""

    settings: Settings
    database: AsyncEngine
    engine: Engine
    sessions: async_sessionmaker[AsyncSession]
    write_lock: asyncio.Lock | None
    read_sessions: async_sessionmaker[AsyncSession]

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.sessions, self.write_lock)

    def reader(self) -> SqlReadUnitOfWork:
        """A read-only snapshot for long reads: it never waits for, nor holds, the write lock."""
        return SqlReadUnitOfWork(self.read_sessions)

    async def close(self) -> None:
        await self.database.dispose()


async def build_app(
    settings: Settings, clock: Clock | None = None, *, migrate: bool | None = None
) -> App:
    """Build the app; on SQLite (or when asked) bring the schema up to date first."""
    database = create_engine(settings.database_url, settings.database_pool_size)
    if migrate if migrate is not None else settings.is_sqlite:
        await upgrade(database)
    factory, readers = session_factory(database), read_session_factory(database)
    # SQLite has one writer: queue this process's transactions fairly instead of busy-waiting.
    lock = asyncio.Lock() if settings.is_sqlite else None
    engine = Engine(
        lambda: SqlUnitOfWork(factory, lock),
        clock or _clock(settings),
        FLOWS,
        OverviewSettings(
            themes=settings.themes,
            resume_after=settings.resume_after,
            rates=settings.rates,
            reminder_idle_days=settings.reminder_idle_days,
        ),
        read_factory=lambda: SqlReadUnitOfWork(readers),
        # SQLite: a turn's reads take no write lock (other chats go on); PostgreSQL has none.
        reading_factory=(
            (lambda: SqlUnitOfWork(readers, reading=True)) if settings.is_sqlite else None
        ),
    )
    return App(settings, database, engine, factory, lock, readers)


def _clock(settings: Settings) -> Clock:
    """The real time, unless BOT_FIXED_NOW stops it (tests, demonstrations)."""
    if settings.fixed_now is not None:
        return FixedClock(settings.fixed_now)
    return SystemClock(settings.timezone)
