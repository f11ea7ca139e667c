"""Wiring in one place: build the database, unit of work and engine from settings."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.settings import Settings
from flows.cheque_registration import CHEQUE_REGISTRATION
from flows.clock import Clock, SystemClock
from flows.dossier import DOSSIER
from flows.engine import Engine
from flows.flow import Flow, FlowSettings
from flows.gesprek_registration import GESPREK_REGISTRATION
from storage.database import create_engine, session_factory, upgrade
from storage.uow import SqlUnitOfWork

FLOWS: tuple[Flow, ...] = (CHEQUE_REGISTRATION, GESPREK_REGISTRATION, DOSSIER)


@dataclass
class App:
    """The built application: what channels and the CLI need."""

    settings: Settings
    database: AsyncEngine
    engine: Engine

    def unit_of_work(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory(self.database))

    async def close(self) -> None:
        await self.database.dispose()


async def build_app(
    settings: Settings, clock: Clock | None = None, *, migrate: bool | None = None
) -> App:
    """Build the app; on SQLite (or when asked) bring the schema up to date first."""
    database = create_engine(settings.database_url)
    if migrate if migrate is not None else settings.is_sqlite:
        await upgrade(database)
    factory = session_factory(database)
    engine = Engine(
        lambda: SqlUnitOfWork(factory),
        clock or SystemClock(settings.timezone),
        FLOWS,
        FlowSettings(themes=settings.themes, resume_after=settings.resume_after),
    )
    return App(settings, database, engine)
