"""Wiring in one place: build the database, unit of work and engine from settings."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.settings import Settings
from flows.cheque_registration import CHEQUE_REGISTRATION
from flows.clock import Clock, SystemClock
from flows.dossier import DOSSIER
from flows.engine import Engine
from flows.esf_dossier import ESF_DOSSIER
from flows.esf_registration import ESF_REGISTRATION
from flows.esf_removals import ESF_REMOVALS
from flows.financial import FINANCIAL
from flows.flow import Flow
from flows.gesprek_registration import GESPREK_REGISTRATION
from flows.invite_colleague import INVITE_COLLEAGUE
from flows.overview import OVERVIEW
from flows.overview_settings import OverviewSettings
from storage.database import create_engine, read_session_factory, session_factory, upgrade
from storage.uow import SqlReadUnitOfWork, SqlUnitOfWork

FLOWS: tuple[Flow, ...] = (
    CHEQUE_REGISTRATION,
    GESPREK_REGISTRATION,
    DOSSIER,
    OVERVIEW,
    FINANCIAL,
    ESF_REGISTRATION,
    ESF_DOSSIER,
    ESF_REMOVALS,
    INVITE_COLLEAGUE,
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
    database = create_engine(settings.database_url)
    if migrate if migrate is not None else settings.is_sqlite:
        await upgrade(database)
    factory, readers = session_factory(database), read_session_factory(database)
    # SQLite has one writer: queue this process's transactions fairly instead of busy-waiting.
    lock = asyncio.Lock() if settings.is_sqlite else None
    engine = Engine(
        lambda: SqlUnitOfWork(factory, lock),
        clock or SystemClock(settings.timezone),
        FLOWS,
        OverviewSettings(
            themes=settings.themes, resume_after=settings.resume_after, rates=settings.rates
        ),
        read_factory=lambda: SqlReadUnitOfWork(readers),
    )
    return App(settings, database, engine, factory, lock, readers)
