"""Demo data for a first run on the default database: two centres, an ESF organisator, data.

It is brought in the way an administrator and the chat bring data in (the same services, so the
same rules and audit entries), in the caller's unit of work.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flows.administration.imports import import_cheques, import_jongeren
from flows.administration.organisations import add_organisation, add_staff
from flows.cheques.registrations import register_cheque
from flows.domain.administration import NewIssuedCheque, NewOrganisation, NewStaff
from flows.domain.cheques import GesprekType, GesprekVorm, NewGesprek, NewRegistration
from flows.domain.esf import Diploma, NewBegeleiding, NewJongere
from flows.domain.staff import Role, Staff
from flows.esf.begeleiding_changes import register_begeleiding
from flows.ports.unit_of_work import UnitOfWork

DEMO_USER = "Peeters An"
HOME, OTHER = "Loopbaancentrum De Brug", "Loopbaancentrum Horizon"
STAFF = (
    (HOME, "Peeters An"),
    (HOME, "Maes Lotte"),
    (OTHER, "Claes Pieter"),
    (OTHER, "Wouters Sara"),
)
# chequenummer, klantnummer, klantnaam, days since ordered, days left to start, hours
CHEQUES = (
    ("100200300", "1234567", "Vermeulen Els", 20, 70, 4),
    ("100200301", "2345678", "Dubois Karim", 40, 50, 4),
    ("100200302", "3456789", "Goossens Lien", 10, 80, 3),
    ("100200303", "4567890", "Mertens Jan", 120, -29, 4),
    ("100200304", "5678901", "Hermans Sofie", 30, 60, 4),
    ("100200305", "6789012", "Lambrechts Bram", 5, 85, 4),
)
IN_USE_ELSEWHERE = "100200304"
ESF = "Duaal Leren Antwerpen"
# name, role: the begeleider who organises the lines (`--as "Willems Ines"`), a colleague, the
# provincial coach
ESF_STAFF = (
    ("Willems Ines", Role.BEGELEIDER),
    ("Smets Jonas", Role.BEGELEIDER),
    ("Coppens Hilde", Role.COACH),
)
# klantnummer, naam, geboortedatum, diploma secundair onderwijs
JONGEREN = (
    ("7000001", "Janssens Tom", date(2008, 5, 12), Diploma.NEE),
    ("7000002", "El Amrani Yasmine", date(2007, 9, 3), Diploma.ONBEKEND),
    ("7000003", "Pauwels Kobe", date(2006, 1, 21), Diploma.JA),
    ("7000004", "Verbeke Lore", date(2007, 11, 14), Diploma.NEE),
)
RUNNING = "7000004"  # already has a running line, started 30 days ago


async def needs_demo_data(uow: UnitOfWork) -> bool:
    """Only an empty database (no organisation yet) gets demo data."""
    return not await uow.organisations.all()


async def seed_demo(uow: UnitOfWork, now: datetime) -> None:
    """Fill an empty database; one cheque is already in use at the other centre."""
    today = now.date()
    for name in (HOME, OTHER):
        await add_organisation(
            uow, NewOrganisation(name, is_loopbaancentrum=True, is_esf=False), now
        )
    staff: dict[str, int] = {}
    for organisation, name in STAFF:
        staff[name] = await add_staff(uow, NewStaff(name, Role.BEGELEIDER, organisation), now)
    cheques = [
        NewIssuedCheque(
            nummer,
            klant,
            naam,
            today - timedelta(days=ago),
            today + timedelta(days=left),
            hours * 60,
        )
        for nummer, klant, naam, ago, left, hours in CHEQUES
    ]
    await import_cheques(uow, cheques, now)
    await _register_elsewhere(uow, await _staff(uow, staff["Claes Pieter"]), now)
    await _seed_esf(uow, now)


async def _staff(uow: UnitOfWork, staff_id: int) -> Staff:
    found = await uow.staff.get(staff_id)
    assert found is not None, "the demo's staff member was just added"
    return found


async def _register_elsewhere(uow: UnitOfWork, pieter: Staff, now: datetime) -> None:
    """The cheque of Hermans Sofie, registered a week ago at Horizon with its intake."""
    issued = await uow.cheques.issued(IN_USE_ELSEWHERE)
    assert issued is not None, "the demo's cheques were just imported"
    week_ago = now - timedelta(days=7)
    intake = NewGesprek(
        week_ago.date(),
        pieter.name,
        GesprekType.INTAKE,
        GesprekVorm.INDIVIDUEEL,
        60,
        None,
    )
    registration = NewRegistration(
        issued_cheque_id=issued.id,
        organisation_id=pieter.organisation.id,
        registered_by=pieter.id,
        registered_at=week_ago,
        themes=("Competenties en talenten",),
        beginvraag="Welke job past bij mijn talenten na twintig jaar in de logistiek?",
        intake=intake,
    )
    await register_cheque(uow, pieter, registration)


async def _seed_esf(uow: UnitOfWork, now: datetime) -> None:
    """An ESF organisation with two begeleiders and a coach, jongeren, one running line."""
    organisation_id = await add_organisation(
        uow, NewOrganisation(ESF, is_loopbaancentrum=False, is_esf=True), now
    )
    ids = [await add_staff(uow, NewStaff(name, role, ESF), now) for name, role in ESF_STAFF]
    await import_jongeren(uow, [NewJongere(*jongere) for jongere in JONGEREN], now)
    jongere = await uow.jongeren.by_klantnummer(RUNNING, organisation_id)
    assert jongere is not None, "the demo's jongeren were just imported"
    started = now - timedelta(days=30)
    await register_begeleiding(
        uow,
        await _staff(uow, ids[0]),
        NewBegeleiding(
            organisation_id=organisation_id,
            jongere=jongere,
            no_diploma_confirmed=False,
            startdatum=started.date(),
            aanvrager_id=ids[0],
            uitvoerder_id=ids[1],
            samenvatting="Begeleidingsovereenkomst getekend; wekelijks contact met de werkplek.",
            registered_by=ids[0],
            registered_at=started,
        ),
    )
