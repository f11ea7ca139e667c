"""The administration's services on SQLite and PostgreSQL: rules checked again, changes audited."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from bot import demo
from bot.app import App
from flows.administration.imports import import_cheques, import_jongeren
from flows.administration.organisations import add_organisation, add_staff
from flows.administration.payments import import_payments
from flows.domain.administration import (
    NewIssuedCheque,
    NewOrganisation,
    NewStaff,
    PaymentLine,
)
from flows.domain.errors import AdminError
from flows.domain.esf import Diploma, NewJongere, Toestand
from flows.domain.rules.money import DEFAULT_RATES
from flows.domain.staff import Role
from flows.engine.clock import FixedClock
from storage.models import AuditRow, IssuedChequeRow, JongereRow, OrganisationRow, StaffRow
from tests.overview_support import START, issue, organisation_id, register
from tests.support import World, count, database

CHEQUE = NewIssuedCheque("500001", "5001", "Peeters Jan", date(2026, 3, 1), date(2026, 6, 1), 240)
JONGERE = NewJongere("6001", "Janssens Tom", date(2008, 5, 12), Diploma.NEE)


async def _audit(app: App, action: str) -> list[tuple[Any, ...]]:
    """Every audit entry of one action: staff, organisation, entity, entity id, after."""
    async with database(app) as db:
        rows = await db.execute(
            select(
                AuditRow.staff_id,
                AuditRow.organisation_id,
                AuditRow.entity,
                AuditRow.entity_id,
                AuditRow.after,
            )
            .where(AuditRow.action == action)
            .order_by(AuditRow.id)
        )
        return [tuple(row) for row in rows]


async def test_adding_an_organisation_leaves_an_audit_entry_without_a_staff_member(
    app: App, clock: FixedClock
) -> None:
    async with app.unit_of_work() as uow:
        added = await add_organisation(
            uow, NewOrganisation("  De   Brug ", True, True), clock.now()
        )
        await uow.commit()
    assert await _audit(app, "organisation.added") == [
        (
            None,
            added,
            "organisation",
            str(added),
            {"name": "De Brug", "loopbaancentrum": True, "esf": True},
        )
    ]


async def test_adding_a_staff_member_leaves_an_audit_entry_naming_the_organisation(
    app: App, world: World, clock: FixedClock
) -> None:
    staff = NewStaff("Wouters Sara", Role.COORDINATOR, "Horizon", 4242)
    async with app.unit_of_work() as uow:
        added = await add_staff(uow, staff, clock.now())
        await uow.commit()
    horizon = await organisation_id(app, "Horizon")
    assert (await _audit(app, "staff.added"))[-1] == (
        None,
        horizon,
        "staff",
        str(added),
        {
            "name": "Wouters Sara",
            "role": "coordinator",
            "organisation": "Horizon",
            "telegram_user_id": 4242,
        },
    )


async def test_an_organisation_without_a_kind_or_with_a_taken_name_is_refused_and_not_audited(
    app: App, world: World, clock: FixedClock
) -> None:
    before = await _audit(app, "organisation.added")
    for organisation, reason in (
        (NewOrganisation("Nieuw", False, False), "at least one kind"),
        (NewOrganisation("Horizon", True, False), "'Horizon' already exists"),
    ):
        async with app.unit_of_work() as uow:
            with pytest.raises(AdminError, match=re.escape(reason)):
                await add_organisation(uow, organisation, clock.now())
    assert await count(app, OrganisationRow) == 3
    assert await _audit(app, "organisation.added") == before


@pytest.mark.parametrize(
    ("staff", "reason"),
    [
        (NewStaff("peeters jo", Role.BEGELEIDER, "De Brug"), "Bedoel je ‘Peeters Jo’?"),
        (NewStaff("Peeters Jo", Role.BEGELEIDER, "Nergens"), "No organisation named 'Nergens'"),
        (NewStaff("Peeters An", Role.BEGELEIDER, "De Brug"), "named 'Peeters An' already"),
        (NewStaff("Peeters Jo", Role.BEGELEIDER, "De Brug", 5001), "Telegram id 5001 is already"),
    ],
)
async def test_a_staff_member_is_checked_again_by_the_service_whoever_calls_it(
    app: App, world: World, clock: FixedClock, staff: NewStaff, reason: str
) -> None:
    async with app.unit_of_work() as uow:
        with pytest.raises(AdminError, match=re.escape(reason)):
            await add_staff(uow, staff, clock.now())
    assert await count(app, StaffRow) == 4


async def test_importing_cheques_leaves_one_audit_entry_naming_the_cheques_added_and_updated(
    app: App, world: World, clock: FixedClock
) -> None:
    seeded = await _audit(app, "cheques.imported")
    assert [after["added"] for *_, after in seeded] == [["123456", "200001", "200002", "200003"]]
    other = replace(CHEQUE, chequenummer="500002")
    async with app.unit_of_work() as uow:
        await import_cheques(uow, [replace(CHEQUE, minutes=180), other], clock.now())
        await import_cheques(uow, [CHEQUE], clock.now())
        await uow.commit()
    assert (await _audit(app, "cheques.imported"))[1:] == [
        (None, None, "issued_cheques", "import", {"added": ["500001", "500002"], "updated": []}),
        (None, None, "issued_cheques", "import", {"added": [], "updated": ["500001"]}),
    ]


async def test_importing_jongeren_leaves_one_audit_entry_naming_the_jongeren(
    app: App, clock: FixedClock
) -> None:
    async with app.unit_of_work() as uow:
        await import_jongeren(uow, [JONGERE], clock.now())
        await import_jongeren(uow, [replace(JONGERE, diploma_secundair=Diploma.JA)], clock.now())
        await uow.commit()
    assert await _audit(app, "jongeren.imported") == [
        (None, None, "jongeren", "import", {"added": ["6001"], "updated": []}),
        (None, None, "jongeren", "import", {"added": [], "updated": ["6001"]}),
    ]


@pytest.mark.parametrize(
    ("cheques", "reason"),
    [
        ([CHEQUE, CHEQUE], "chequenummer 500001 appears twice"),
        (
            [CHEQUE, replace(CHEQUE, chequenummer="5", klantnaam="Ander Iemand")],
            "another klantnaam",
        ),
        ([replace(CHEQUE, start_by=date(2026, 2, 1))], "start_uiterlijk is before besteld_op"),
        ([replace(CHEQUE, minutes=0)], "must be more than 0 and at most 40 hours"),
        ([replace(CHEQUE, chequenummer="500/001")], "not written as stored (500001)"),
        ([replace(CHEQUE, klantnaam=" ")], "klantnaam is empty"),
    ],
)
async def test_a_cheque_import_the_parser_would_refuse_is_refused_by_the_service_too(
    app: App, clock: FixedClock, cheques: list[NewIssuedCheque], reason: str
) -> None:
    async with app.unit_of_work() as uow:
        with pytest.raises(AdminError, match=re.escape(reason)):
            await import_cheques(uow, cheques, clock.now())
        await uow.commit()
    assert await count(app, IssuedChequeRow) == 0
    assert await _audit(app, "cheques.imported") == []


@pytest.mark.parametrize(
    ("jongeren", "reason"),
    [
        ([JONGERE, JONGERE], "klantnummer 6001 appears twice"),
        ([replace(JONGERE, geboortedatum=date(2027, 1, 1))], "01/01/2027 is in the future"),
        ([replace(JONGERE, naam="")], "naam is empty"),
    ],
)
async def test_a_jongeren_import_the_parser_would_refuse_is_refused_by_the_service_too(
    app: App, clock: FixedClock, jongeren: list[NewJongere], reason: str
) -> None:
    async with app.unit_of_work() as uow:
        with pytest.raises(AdminError, match=re.escape(reason)):
            await import_jongeren(uow, jongeren, clock.now())
    assert await count(app, JongereRow) == 0


async def test_importing_payments_leaves_one_audit_entry_naming_the_gesprekken_marked(
    app: App, world: World, clock: FixedClock
) -> None:
    now = clock.now()
    brug = await organisation_id(app, "De Brug")
    (number,) = await issue(app, now, ["Vermeulen Élise"])
    registration = await register(app, brug, world.an, number, now - timedelta(days=1))
    async with app.unit_of_work() as uow:
        file = await uow.registrations.file(registration)
    assert file is not None
    intake = file.gesprekken[0].id
    paid = PaymentLine(2, number, START, Decimal("140.26"), date(2026, 3, 1))
    unknown = replace(paid, line=3, chequenummer="999999")
    for _ in range(2):
        async with app.unit_of_work() as uow:
            await import_payments(uow, [paid, unknown], DEFAULT_RATES, now)
            await uow.commit()
    assert await _audit(app, "betalingen.imported") == [
        (None, None, "gesprekken", "import", {"marked": [intake], "unchanged": 0, "reported": 1}),
        (None, None, "gesprekken", "import", {"marked": [], "unchanged": 1, "reported": 1}),
    ]


async def test_a_payment_with_an_amount_in_fractions_of_a_cent_is_refused_by_the_service(
    app: App, world: World, clock: FixedClock
) -> None:
    line = PaymentLine(7, "123456", START, Decimal("140.256"), date(2026, 3, 1))
    async with app.unit_of_work() as uow:
        with pytest.raises(AdminError, match=re.escape("line 7: bedrag 140.256 must be positive")):
            await import_payments(uow, [line], DEFAULT_RATES, clock.now())
    assert await _audit(app, "betalingen.imported") == []


# -- the demo data, brought in through the same services ------------------------------------------
async def test_the_demo_data_still_seeds_an_empty_database_through_the_services(
    app: App, clock: FixedClock
) -> None:
    now: datetime = clock.now()
    async with app.unit_of_work() as uow:
        assert await demo.needs_demo_data(uow)
        await demo.seed_demo(uow, now)
        await uow.commit()
    async with app.unit_of_work() as uow:
        assert not await demo.needs_demo_data(uow)
        user = await uow.staff.by_name(demo.DEMO_USER)
        issued = await uow.cheques.issued(demo.IN_USE_ELSEWHERE)
        assert issued is not None
        holder = await uow.cheques.holder(issued.id)
        other = await uow.organisations.by_name(demo.OTHER)
        esf = await uow.organisations.by_name(demo.ESF)
        assert esf is not None
        jongere = await uow.jongeren.by_klantnummer(demo.RUNNING, esf.id)
        assert jongere is not None
        running = await uow.begeleidingen.running(esf.id, jongere.id)
    assert user is not None
    assert user.organisation.name == demo.HOME
    assert holder is not None
    assert other is not None
    assert holder.organisation_id == other.id
    assert running is not None
    assert running.toestand is Toestand.BEZIG
    assert running.startdatum == (now - timedelta(days=30)).date()
    async with database(app) as db:
        counted = select(AuditRow.action, func.count()).group_by(AuditRow.action)
        actions = {action: number for action, number in await db.execute(counted)}
    assert actions == {
        "organisation.added": 3,
        "staff.added": len(demo.STAFF) + len(demo.ESF_STAFF),
        "cheques.imported": 1,
        "jongeren.imported": 1,
        "cheque.registered": 1,
        "esf.registered": 1,
    }
