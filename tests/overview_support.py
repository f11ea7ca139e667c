"""Helpers for the overview tests: many registered cheques, quickly, at chosen moments."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.app import App
from flows.administration.imports import import_cheques
from flows.domain.administration import NewIssuedCheque
from flows.domain.cheques import ChequeStatus, GesprekType, GesprekVorm, NewGesprek, NewRegistration

START = date(2026, 1, 5)


async def organisation_id(app: App, name: str) -> int:
    async with app.unit_of_work() as uow:
        found = await uow.organisations.by_name(name)
    assert found is not None
    return found.id


async def issue(app: App, now: datetime, names: list[str], first: int = 1) -> list[str]:
    """Issued cheques 4000<n> for klant 40<n>, one per name; return their chequenummers."""
    cheques = [
        NewIssuedCheque(
            f"4000{n}", f"40{n}", name, START - timedelta(days=10), START + timedelta(days=80), 240
        )
        for n, name in enumerate(names, first)
    ]
    async with app.unit_of_work() as uow:
        await import_cheques(uow, cheques, now)
        await uow.commit()
    return [cheque.chequenummer for cheque in cheques]


async def register(
    app: App,
    organisation: int,
    staff: int,
    chequenummer: str,
    at: datetime,
    *,
    minutes: int = 60,
    begeleider: str = "Peeters An",
    datum: date = START,
) -> int:
    """Register a cheque with its intake, as of `at`."""
    async with app.unit_of_work() as uow:
        issued = await uow.cheques.issued(chequenummer)
        assert issued is not None
        intake = NewGesprek(
            datum, begeleider, GesprekType.INTAKE, GesprekVorm.INDIVIDUEEL, minutes, None
        )
        registration = await uow.cheques.add_registration(
            NewRegistration(
                issued.id, organisation, staff, at, ("Thema",), "Welke job past?", intake
            )
        )
        await uow.commit()
    return registration


async def add(
    app: App,
    registration: int,
    staff: int,
    at: datetime,
    kind: GesprekType,
    *,
    minutes: int = 60,
    begeleider: str = "Peeters An",
    datum: date = START,
    status: ChequeStatus | None = None,
) -> int:
    """A gesprek on a registration as of `at`; a closing type also sets the status."""
    async with app.unit_of_work() as uow:
        gesprek = await uow.registrations.add_gesprek(
            registration,
            NewGesprek(datum, begeleider, kind, GesprekVorm.INDIVIDUEEL, minutes, None),
            staff,
            at,
        )
        if status is not None:
            await uow.registrations.set_status(registration, status, at)
        await uow.commit()
    return gesprek
