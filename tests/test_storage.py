"""Repositories and the unit of work against SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import select, update

from bot.app import App
from flows.domain import (
    AuditEntry,
    ConcurrencyConflict,
    GesprekType,
    GesprekVorm,
    NewGesprek,
    NewRegistration,
)
from flows.ports import SessionState
from storage.models import Base, OrganisationRow, RegistrationRow, SessionRow
from tests.support import World

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
        # Someone else moved this chat on after we read it.
        await uow.session.execute(
            update(SessionRow).where(SessionRow.chat_key == "x:1").values(version=2),
            execution_options={"synchronize_session": False},
        )
        session.state = "b"
        with pytest.raises(ConcurrencyConflict):
            await uow.sessions.save(session, NOW)


async def test_two_first_saves_of_one_chat_are_a_conflict(app: App, world: World) -> None:
    async with app.unit_of_work() as uow:
        await uow.sessions.save(SessionState("x:1", staff_id=world.an), NOW)
        await uow.commit()
    async with app.unit_of_work() as uow:  # read "no session yet" before the first committed
        with pytest.raises(ConcurrencyConflict):
            await uow.sessions.save(SessionState("x:1", staff_id=world.an), NOW)


async def test_a_cheque_has_at_most_one_active_registration(app: App, world: World) -> None:
    async with app.unit_of_work() as uow:
        issued = await uow.cheques.issued("123456")
        assert issued is not None
        first = await uow.cheques.add_registration(_registration(world, issued.id))
        await uow.commit()
    async with app.unit_of_work() as uow:
        with pytest.raises(ConcurrencyConflict):
            await uow.cheques.add_registration(_registration(world, issued.id))
    async with app.unit_of_work() as uow:
        await uow.session.execute(
            update(RegistrationRow).where(RegistrationRow.id == first).values(released_at=NOW)
        )
        assert await uow.cheques.holder(issued.id) is None
        second = await uow.cheques.add_registration(_registration(world, issued.id))
        holder = await uow.cheques.holder(issued.id)
        assert holder is not None
        assert holder.registration_id == second
        await uow.commit()


async def test_times_are_stored_as_utc_and_read_back_aware(app: App, world: World) -> None:
    brussels = datetime(2026, 7, 1, 12, 30, tzinfo=ZoneInfo("Europe/Brussels"))
    async with app.unit_of_work() as uow:
        uow.session.add(
            OrganisationRow(name="Tijd", is_loopbaancentrum=True, is_esf=False, created_at=brussels)
        )
        await uow.commit()
    async with app.unit_of_work() as uow:
        stored = await uow.session.scalar(
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
