"""Integrity errors on SQLite and PostgreSQL: named races are replayed, anything else surfaces.

And the one way derived columns are kept: a gesprek's organisation is given on insert, never
filled in by a hidden ORM hook.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError

from bot.app import App
from flows.domain.administration import NewOrganisation, NewStaff
from flows.domain.audit import AuditEntry
from flows.domain.cheques import GesprekType, GesprekVorm, NewGesprek
from flows.domain.errors import ConcurrencyConflict
from flows.domain.esf import Diploma, NewJongere
from flows.domain.staff import Role
from flows.engine.clock import FixedClock
from storage.constraints import RACES, violated_constraint
from storage.models import Base, GesprekRow, RegistrationRow
from tests.gesprek_support import quick, registered
from tests.overview_support import organisation_id
from tests.support import World, database


def _schema_constraints() -> set[str]:
    names = set()
    for table in Base.metadata.tables.values():
        names |= {str(constraint.name) for constraint in table.constraints}
        names |= {str(index.name) for index in table.indexes if index.unique}
    return names


def test_every_race_that_may_be_replayed_is_a_unique_constraint_of_the_schema() -> None:
    assert set(RACES) - _schema_constraints() == set()


async def test_a_name_taken_by_a_concurrent_add_is_a_race_to_replay(
    app: App, world: World, clock: FixedClock
) -> None:
    async with app.unit_of_work() as uow:  # read "no such name" before the other committed
        with pytest.raises(ConcurrencyConflict, match="uq_organisations_name"):
            await uow.organisations.add(NewOrganisation("Horizon", True, False), clock.now())


async def test_a_jongere_added_twice_is_a_race_on_its_klantnummer(
    app: App, clock: FixedClock
) -> None:
    jongere = NewJongere("6001", "Janssens Tom", clock.now().date(), Diploma.NEE)
    async with app.unit_of_work() as uow:
        organisation = await uow.organisations.add(
            NewOrganisation("Duaal Plus", False, True), clock.now()
        )
        await uow.jongeren.add(jongere, organisation, clock.now())
        await uow.commit()
    async with app.unit_of_work() as uow:
        with pytest.raises(ConcurrencyConflict, match="uq_jongeren_organisation_klantnummer"):
            await uow.jongeren.add(jongere, organisation, clock.now())


async def test_a_staff_member_of_an_organisation_that_does_not_exist_surfaces_as_the_bug_it_is(
    app: App, world: World, clock: FixedClock
) -> None:
    staff = NewStaff("Peeters Jo", Role.BEGELEIDER, "Nergens")
    async with app.unit_of_work() as uow:
        with pytest.raises(IntegrityError) as raised:
            await uow.roster.add(staff, 999_999, clock.now())  # a foreign key, not a race
    assert violated_constraint(raised.value) is None


async def test_a_duplicate_invitation_code_surfaces_instead_of_being_replayed(
    app: App, world: World, clock: FixedClock
) -> None:
    now = clock.now()
    async with app.unit_of_work() as uow:
        await uow.invitations.add("same-hash", world.lotte, now + timedelta(days=7), now, None)
        with pytest.raises(IntegrityError) as raised:
            await uow.invitations.add("same-hash", world.an, now + timedelta(days=7), now, None)
    assert violated_constraint(raised.value) == "uq_invitations_code_hash"
    assert "uq_invitations_code_hash" not in RACES


async def test_an_integrity_error_at_commit_that_is_no_named_race_surfaces(
    app: App, world: World, clock: FixedClock
) -> None:
    entry = AuditEntry(clock.now(), 999_999, None, "x.changed", "x", "1")  # no such staff member
    async with app.unit_of_work() as uow:
        await uow.audit.record(entry)
        with pytest.raises(IntegrityError) as raised:
            await uow.commit()
    assert violated_constraint(raised.value) is None
    async with app.unit_of_work() as uow:
        assert await uow.audit.entries("x", "1") == []


async def test_a_telegram_account_linked_meanwhile_is_a_race_to_replay(
    app: App, world: World
) -> None:
    async with app.unit_of_work() as uow:  # An's account, linked by An's invitation meanwhile
        with pytest.raises(ConcurrencyConflict, match="uq_staff_telegram_user_id"):
            await uow.staff.link_telegram(world.lotte, 5001)


# -- a gesprek's organisation ---------------------------------------------------------------------
def test_no_orm_hook_fills_in_a_gesprek_on_insert() -> None:
    assert list(inspect(GesprekRow).dispatch.before_insert) == []


async def test_every_gesprek_carries_its_registrations_organisation(
    app: App, world: World, clock: FixedClock
) -> None:
    await quick(await registered(app, world.an))  # De Brug: an intake and a verdieping
    await registered(app, world.pieter, "200001", "1001", chat="pieter")  # Horizon: an intake
    async with app.unit_of_work() as uow:
        issued = await uow.cheques.issued("200001")
        assert issued is not None
        holder = await uow.cheques.holder(issued.id)
        assert holder is not None
        nazorg = NewGesprek(
            clock.now().date(),
            "Claes Pieter",
            GesprekType.NAZORG,
            GesprekVorm.INDIVIDUEEL,
            30,
            None,
        )
        await uow.registrations.add_gesprek(
            holder.registration_id, nazorg, world.pieter, clock.now()
        )
        await uow.commit()
    async with database(app) as db:
        rows = (
            await db.execute(
                select(GesprekRow.organisation_id, RegistrationRow.organisation_id)
                .join(RegistrationRow, GesprekRow.registration_id == RegistrationRow.id)
                .order_by(GesprekRow.id)
            )
        ).all()
    brug, horizon = await organisation_id(app, "De Brug"), await organisation_id(app, "Horizon")
    assert [gesprek for gesprek, _ in rows] == [brug, brug, horizon, horizon]
    assert all(gesprek == registration for gesprek, registration in rows)


async def test_a_gesprek_inserted_without_its_organisation_is_refused_not_filled_in(
    app: App, world: World
) -> None:
    await registered(app, world.an)
    async with database(app) as db:
        intake = (await db.scalars(select(GesprekRow))).one()
        db.add(
            GesprekRow(
                registration_id=intake.registration_id,
                datum=intake.datum,
                begeleider=intake.begeleider,
                type=GesprekType.NAZORG.value,
                vorm=intake.vorm,
                minutes=30,
                registered_by=world.an,
                registered_at=intake.registered_at,
            )
        )
        with pytest.raises(IntegrityError):
            await db.flush()
