"""Repositories and the unit of work against SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, update

from bot.app import App
from flows.domain.administration import NewOrganisation
from flows.domain.audit import AuditEntry
from flows.domain.cheques import GesprekType, GesprekVorm, NewGesprek, NewRegistration
from flows.domain.errors import ConcurrencyConflict
from flows.ports.sessions import SessionState
from storage.models import Base, OrganisationRow, RegistrationRow, SessionRow
from tests.support import World, database

NOW = datetime(2026, 3, 10, 9, tzinfo=UTC)


def _registration(world: World, cheque_id: int) -> NewRegistration:
    intake = NewGesprek(
        world.today, "Peeters An", GesprekType.INTAKE, GesprekVorm.INDIVIDUEEL, 60, None
    )
    return NewRegistration(cheque_id, 1, world.an, NOW, ("Thema",), "Welke job past?", intake)


async def test_the_schema_the_migrations_build_matches_the_models(app: App) -> None:
    async with app.database.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
        )
    assert diff == []


async def test_leaving_a_unit_of_work_without_commit_stores_nothing(app: App, world: World) -> None:
    async with app.unit_of_work() as uow:
        await uow.sessions.save(SessionState("x:1", staff_id=world.an), NOW)
    async with app.unit_of_work() as uow:
        assert await uow.sessions.load("x:1") is None


async def test_a_session_saved_from_a_stale_version_is_a_conflict(app: App, world: World) -> None:
    async with app.unit_of_work() as uow:
        await uow.sessions.save(SessionState("x:1", staff_id=world.an, flow="f", state="a"), NOW)
        await uow.commit()
    async with app.unit_of_work() as uow:
        session = await uow.sessions.load("x:1")
    assert session is not None
    assert session.version == 1
    async with database(app) as db:  # someone else moved this chat on after we read it
        await db.execute(update(SessionRow).where(SessionRow.chat_key == "x:1").values(version=2))
        await db.commit()
    session.state = "b"
    async with app.unit_of_work() as uow:
        with pytest.raises(ConcurrencyConflict):
            await uow.sessions.save(session, NOW)


async def test_two_units_of_work_racing_to_start_one_chat_the_second_save_is_a_conflict(
    app: App, world: World
) -> None:
    if app.settings.is_sqlite:
        pytest.skip(
            "SQLite lets one unit of work in at a time (the process's write lock, then BEGIN "
            "IMMEDIATE): the second cannot load before the first commits, so this race cannot "
            "happen there; see test_on_sqlite_a_second_unit_of_work_of_one_chat_waits_and_loads"
            "_the_first_ones_session"
        )
    async with app.unit_of_work() as first, app.unit_of_work() as second:  # two connections
        # FOR UPDATE locks no row that is not there yet: both read "no session yet".
        assert await first.sessions.load("x:1") is None
        assert await second.sessions.load("x:1") is None
        await first.sessions.save(SessionState("x:1", staff_id=world.an, flow="f"), NOW)
        await first.commit()
        with pytest.raises(ConcurrencyConflict):
            await second.sessions.save(SessionState("x:1", staff_id=world.an, flow="g"), NOW)
    async with app.unit_of_work() as uow:
        stored = await uow.sessions.load("x:1")
    assert stored is not None
    assert (stored.flow, stored.version) == ("f", 1)  # the first save stands


async def test_on_sqlite_a_second_unit_of_work_of_one_chat_waits_and_loads_the_first_ones_session(
    app: App, world: World
) -> None:
    if not app.settings.is_sqlite:
        pytest.skip(
            "PostgreSQL runs both units of work at once: the race and its conflict are tested "
            "in test_two_units_of_work_racing_to_start_one_chat_the_second_save_is_a_conflict"
        )

    async def second() -> SessionState | None:
        async with app.unit_of_work() as uow:
            return await uow.sessions.load("x:1")

    async with app.unit_of_work() as first:
        assert await first.sessions.load("x:1") is None
        racing = asyncio.create_task(second())
        await asyncio.sleep(0.1)
        assert not racing.done()  # it waits for the write lock
        await first.sessions.save(SessionState("x:1", staff_id=world.an, flow="f"), NOW)
        await first.commit()
    loaded = await asyncio.wait_for(racing, 10)
    assert loaded is not None  # so it can never save a first session over this one
    assert (loaded.flow, loaded.version) == ("f", 1)


async def test_a_cheque_has_at_most_one_active_registration(app: App, world: World) -> None:
    async with app.unit_of_work() as uow:
        issued = await uow.cheques.issued("123456")
        assert issued is not None
        first = await uow.cheques.add_registration(_registration(world, issued.id))
        await uow.commit()
    async with app.unit_of_work() as uow:
        with pytest.raises(ConcurrencyConflict):
            await uow.cheques.add_registration(_registration(world, issued.id))
    async with database(app) as db:
        await db.execute(
            update(RegistrationRow).where(RegistrationRow.id == first).values(released_at=NOW)
        )
        await db.commit()
    async with app.unit_of_work() as uow:
        assert await uow.cheques.holder(issued.id) is None
        second = await uow.cheques.add_registration(_registration(world, issued.id))
        holder = await uow.cheques.holder(issued.id)
        assert holder is not None
        assert holder.registration_id == second
        await uow.commit()


async def test_times_are_stored_as_utc_and_read_back_aware(app: App, world: World) -> None:
    brussels = datetime(2026, 7, 1, 12, 30, tzinfo=ZoneInfo("Europe/Brussels"))
    async with app.unit_of_work() as uow:
        await uow.organisations.add(NewOrganisation("Tijd", True, False), brussels)
        await uow.commit()
    async with database(app) as db:
        stored = await db.scalar(
            select(OrganisationRow.created_at).where(OrganisationRow.name == "Tijd")
        )
    assert stored == brussels
    assert stored is not None
    assert stored.utcoffset() is not None
    assert stored.hour == 10  # 12:30 CEST is 10:30 UTC


async def test_an_update_id_is_new_only_once_per_channel(app: App) -> None:
    for expected in (True, False):
        async with app.unit_of_work() as uow:
            assert await uow.updates.first_time("telegram", 42, NOW) is expected
            await uow.commit()
    async with app.unit_of_work() as uow:
        assert await uow.updates.first_time("console", 42, NOW) is True


async def test_audit_entries_keep_who_what_and_the_record_before_and_after(
    app: App, world: World
) -> None:
    entry = AuditEntry(NOW, world.an, 1, "x.changed", "x", "7", {"a": 1}, {"a": 2})
    async with app.unit_of_work() as uow:
        await uow.audit.record(entry)
        await uow.commit()
    async with app.unit_of_work() as uow:
        assert await uow.audit.entries("x", "7") == [entry]


async def test_on_postgresql_the_pool_keeps_as_many_connections_as_the_setting_says(
    app: App,
) -> None:
    if app.settings.is_sqlite:
        pytest.skip("SQLite has no server connections to keep")
    pool: Any = app.database.sync_engine.pool
    assert pool.size() == app.settings.database_pool_size == 20
