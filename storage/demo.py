"""Demo data for a first run on the default database: two centres, an ESF organisator, data."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain import GesprekType, GesprekVorm, NewGesprek, NewRegistration, Role
from flows.esf_domain import Diploma, NewBegeleiding, NewJongere
from storage.admin import (
    ChequeLine,
    JongereLine,
    add_organisation,
    add_staff,
    import_cheques,
    import_jongeren,
)
from storage.models import IssuedChequeRow, OrganisationRow
from storage.repositories.begeleidingen import SqlBegeleidingRepository
from storage.repositories.cheques import SqlChequeRepository
from storage.repositories.jongeren import SqlJongereRepository

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
# name, role: the organisator (`--as "Willems Ines"`), a colleague, the provincial coach
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


async def needs_demo_data(session: AsyncSession) -> bool:
    return not await session.scalar(select(func.count()).select_from(OrganisationRow))


async def seed_demo(session: AsyncSession, now: datetime) -> None:
    """Fill an empty database; one cheque is already in use at the other centre."""
    today = now.date()
    await add_organisation(session, HOME, loopbaancentrum=True, esf=False, now=now)
    await add_organisation(session, OTHER, loopbaancentrum=True, esf=False, now=now)
    staff_ids = {}
    for organisation, name in STAFF:
        staff_ids[name] = await add_staff(
            session,
            name,
            organisation=organisation,
            role=Role.BEGELEIDER,
            telegram_id=None,
            now=now,
        )
    lines = [
        ChequeLine(
            i,
            nummer,
            klant,
            naam,
            today - timedelta(days=ago),
            today + timedelta(days=left),
            hours * 60,
        )
        for i, (nummer, klant, naam, ago, left, hours) in enumerate(CHEQUES)
    ]
    await import_cheques(session, lines, now)
    other_id = await session.scalar(select(OrganisationRow.id).where(OrganisationRow.name == OTHER))
    cheque_id = await session.scalar(
        select(IssuedChequeRow.id).where(IssuedChequeRow.chequenummer == IN_USE_ELSEWHERE)
    )
    assert other_id is not None
    assert cheque_id is not None
    await SqlChequeRepository(session).add_registration(
        NewRegistration(
            issued_cheque_id=cheque_id,
            organisation_id=other_id,
            registered_by=staff_ids["Claes Pieter"],
            registered_at=now - timedelta(days=7),
            themes=("Competenties en talenten",),
            beginvraag="Welke job past bij mijn talenten na twintig jaar in de logistiek?",
            intake=NewGesprek(
                today - timedelta(days=7),
                "Claes Pieter",
                GesprekType.INTAKE,
                GesprekVorm.INDIVIDUEEL,
                60,
                None,
            ),
        )
    )
    await _seed_esf(session, now)


async def _seed_esf(session: AsyncSession, now: datetime) -> None:
    """An ESF organisation with two organisators and a coach, jongeren, one running line."""
    organisation_id = await add_organisation(session, ESF, loopbaancentrum=False, esf=True, now=now)
    ids = [
        await add_staff(session, name, organisation=ESF, role=role, telegram_id=None, now=now)
        for name, role in ESF_STAFF
    ]
    lines = [JongereLine(i, NewJongere(*jongere)) for i, jongere in enumerate(JONGEREN, start=2)]
    await import_jongeren(session, lines, now)
    jongere = await SqlJongereRepository(session).by_klantnummer(RUNNING)
    assert jongere is not None
    started = now - timedelta(days=30)
    await SqlBegeleidingRepository(session).add(
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
        jongere.id,
        Diploma.NEE,
    )
