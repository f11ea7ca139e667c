"""Helpers for the ESF tests: more staff and organisations, jongeren, and the flows walked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.app import App
from bot.cli.csv_files import parse_jongeren_csv
from flows.administration.imports import import_jongeren
from flows.administration.organisations import add_organisation, add_staff
from flows.domain.administration import NewOrganisation, NewStaff
from flows.domain.staff import Role
from flows.engine.values import Message
from storage.models import AuditRow, BegeleidingRow, JongereRow
from tests.support import Chat, World, database

TOM, YASMINE, KOBE, LORE = "1101", "1102", "1103", "1104"  # nee, onbekend, ja, nee
JONGEREN_CSV = f"""klantnummer,naam,geboortedatum,diploma_secundair
{TOM},Janssens Tom,12/05/2008,nee
{YASMINE},El Amrani Yasmine,03/09/2007,onbekend
{KOBE},Pauwels Kobe,21/01/2006,ja
{LORE},Verbeke Lore,14/11/2007,nee
"""
FIRST = "Kennismaking op school; afspraken over de stageplaats."
REMINDERS = "Herinneringen"  # in everyone's menu, after the flows of their organisation
ESF_FLOWS = ["ESF-begeleiding registreren", "ESF-begeleidingen bekijken"]
CHEQUE_FLOWS = [
    "Cheque registreren",
    "Gesprek registreren",
    "Cheque bekijken",
    "Overzicht begeleidingen",
    "Financieel overzicht",
]
ESF_MENU = [*ESF_FLOWS, REMINDERS]
CHEQUE_MENU = [*CHEQUE_FLOWS, REMINDERS]


@dataclass(frozen=True)
class Esf:
    """Ids of the ESF staff; Jacobs Noor of Duaal Plus is `World.esf_only`."""

    duaal_plus: int  # the organisation of Jacobs Noor, Smets Jonas and Coppens Hilde
    noor: int  # Jacobs Noor, organisator at Duaal Plus (ESF only)
    jonas: int  # Smets Jonas, colleague at Duaal Plus
    coach: int  # Coppens Hilde, coach at Duaal Plus (serves every ESF organisation)
    lien: int  # Smet Lien, organisator at Leerwerk Gent (another ESF organisation)
    mia: int  # Aerts Mia, at Brug en Duaal (a loopbaancentrum and an ESF organisator)


async def seed_esf(app: App, world: World, now: datetime) -> Esf:
    async with app.unit_of_work() as uow:
        for name, loopbaancentrum in (("Leerwerk Gent", False), ("Brug en Duaal", True)):
            await add_organisation(uow, NewOrganisation(name, loopbaancentrum, True), now)
        ids = [
            await add_staff(uow, NewStaff(name, role, org), now)
            for name, org, role in (
                ("Smets Jonas", "Duaal Plus", Role.BEGELEIDER),
                ("Coppens Hilde", "Duaal Plus", Role.COACH),
                ("Smet Lien", "Leerwerk Gent", Role.BEGELEIDER),
                ("Aerts Mia", "Brug en Duaal", Role.BEGELEIDER),
            )
        ]
        await import_jongeren(uow, parse_jongeren_csv(JONGEREN_CSV, now.date()), now)
        duaal_plus = await uow.organisations.by_name("Duaal Plus")
        await uow.commit()
    assert duaal_plus is not None
    return Esf(duaal_plus.id, world.esf_only, *ids)


async def register(
    chat: Chat, klant: str = TOM, start: str = "02/03/2026", samenvatting: str = FIRST
) -> Message:
    """Walk /esf with valid answers and confirm (a known jongere; an unknown diploma confirmed)."""
    await chat.command("esf")
    await chat.say(klant)
    if "Bevestig je dat" in chat.text:
        await chat.press("Ja, ik bevestig")
    await chat.say(start)
    await chat.say(samenvatting)
    assert "Controleer en bevestig" in chat.text, chat.text
    return await chat.press("✅ Bevestigen")


async def detail(chat: Chat, term: str = TOM) -> str:
    """Open a line's detail from the overview by searching for it."""
    await chat.command("esfoverzicht")
    await chat.say(term)
    assert "Wat wil je doen?" in chat.text, chat.text
    return chat.text


async def add_actie(chat: Chat, datum: str, soort: str = "Gesprek met de jongere") -> Message:
    """From the detail: register an action without notitie."""
    await chat.press("Actie registreren")
    await chat.press(soort)
    await chat.say(datum)
    await chat.press("Geen notitie")
    return await chat.press("Bevestigen en opslaan")


async def close(chat: Chat, einddatum: str, resultaat: str = "Opleiding verder") -> Message:
    """From the detail: end the line with a resultaat."""
    await chat.press("Beëindigen")
    await chat.say(einddatum)
    await chat.press(resultaat)
    return await chat.press("Bevestigen: begeleiding beëindigen")


async def aanvullen(chat: Chat, text: str) -> Message:
    """From the detail: add to the samenvatting and save."""
    await chat.press("Samenvatting aanvullen")
    await chat.say(text)
    return await chat.press("Opslaan")


async def lines(app: App) -> list[tuple[Any, ...]]:
    """Every stored line: klantnummer, organisation id, toestand, start, end, resultaat, removed."""
    async with database(app) as db:
        rows = await db.execute(
            select(
                JongereRow.klantnummer,
                BegeleidingRow.organisation_id,
                BegeleidingRow.toestand,
                BegeleidingRow.startdatum,
                BegeleidingRow.einddatum,
                BegeleidingRow.resultaat,
                BegeleidingRow.removed_at.is_not(None),
            )
            .join(JongereRow, BegeleidingRow.jongere_id == JongereRow.id)
            .order_by(BegeleidingRow.id)
        )
        return [tuple(row) for row in rows]


async def line_id(app: App, klant: str = TOM) -> int:
    async with database(app) as db:
        found = await db.scalar(
            select(BegeleidingRow.id)
            .join(JongereRow, BegeleidingRow.jongere_id == JongereRow.id)
            .where(JongereRow.klantnummer == klant)
            .order_by(BegeleidingRow.id.desc())
        )
    assert found is not None
    return found


async def audit_actions(app: App) -> list[tuple[str, str, int | None]]:
    """Every ESF audit entry: action, entity id, staff id."""
    async with database(app) as db:
        rows = await db.execute(
            select(AuditRow.action, AuditRow.entity_id, AuditRow.staff_id)
            .where(AuditRow.entity.in_(("esf_begeleiding", "jongere", "jongeren")))
            .order_by(AuditRow.id)
        )
        return [tuple(row) for row in rows]  # type: ignore[misc]
