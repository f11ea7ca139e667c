"""Helpers for the tests of gesprekken and the dossier: a registered cheque, quick paths."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from flows.administration.imports import import_cheques
from flows.domain.administration import NewIssuedCheque
from flows.engine.clock import FixedClock
from storage.models import GesprekRow, IssuedChequeRow, RegistrationRow
from tests.support import Chat, database

ELS = "👤 Vermeulen Els (klant 999) · cheque 123456"


async def registered(
    app: App,
    staff: int,
    cheque: str = "123456",
    klant: str = "999",
    duur: str = "1u",
    chat: str = "1",
) -> Chat:
    """A chat whose user just registered the cheque, with an intake of `duur` today."""
    talk = Chat(app, staff, chat=chat)
    await talk.register_until_summary(cheque, klant, duur=duur)
    await talk.press("Bevestigen")
    assert "Geregistreerd" in talk.text
    return talk


async def at_type(chat: Chat, term: str = "123456") -> None:
    await chat.command("gesprek")
    await chat.say(term)
    assert "Welk type gesprek?" in chat.text


async def own_gesprek(chat: Chat, kind: str, duur: str, begeleider: str = "Peeters An") -> None:
    """A gesprek of `kind` today through ‘Gegevens aanpassen’, as E-coaching of `duur`."""
    await at_type(chat)
    await chat.press(kind)
    if "Zo registreren?" in chat.text:
        await chat.press("Gegevens aanpassen")
    await chat.press("Vandaag")
    await chat.say(begeleider)
    await chat.press("E-coaching")
    await chat.say(duur)
    await chat.press("Geen feedback")
    await chat.press("Bevestigen en opslaan")


LAST_FIT = "Wil je dit gesprek registreren als synthesegesprek?"


async def quick(chat: Chat, kind: str = "Verdiepingsgesprek") -> None:
    """The routine proposal, confirmed; a verdieping that leaves < 30 min stays a verdieping."""
    await at_type(chat)
    await chat.press(kind)
    await chat.press("Bevestigen en opslaan")
    if LAST_FIT in chat.text:
        await chat.press("Toch als verdiepingsgesprek")


async def status(app: App) -> str:
    async with database(app) as db:
        return (await db.scalars(select(RegistrationRow.status))).one()


async def registration_of(app: App, chequenummer: str) -> int:
    async with database(app) as db:
        found = await db.scalar(
            select(RegistrationRow.id)
            .join(IssuedChequeRow, RegistrationRow.issued_cheque_id == IssuedChequeRow.id)
            .where(IssuedChequeRow.chequenummer == chequenummer)
        )
    assert found is not None
    return found


async def import_extra(app: App, clock: FixedClock, *names: str) -> None:
    """More issued cheques: 30000<i> for klant 300<i>, named as given."""
    today = clock.now().date()
    cheques = [
        NewIssuedCheque(f"30000{i}", f"300{i}", name, today - timedelta(days=5), today, 240)
        for i, name in enumerate(names, 1)
    ]
    async with app.unit_of_work() as uow:
        await import_cheques(uow, cheques, clock.now())
        await uow.commit()


async def close_with_synthese(chat: Chat) -> None:
    """A synthese on the proposal, through both warnings (hours remain)."""
    await quick(chat, "Synthesegesprek")
    await chat.press("Ja, cheque afsluiten")
    await chat.press("Ja, toch afsluiten")
    assert "De cheque is nu afgesloten." in chat.text


async def gesprekken(app: App) -> list[tuple[object, ...]]:
    """Every stored gesprek: type, datum, begeleider, vorm, minutes, feedback, deleted."""
    async with database(app) as db:
        rows = await db.execute(
            select(
                GesprekRow.type,
                GesprekRow.datum,
                GesprekRow.begeleider,
                GesprekRow.vorm,
                GesprekRow.minutes,
                GesprekRow.feedback,
                GesprekRow.deleted_at.is_not(None),
            ).order_by(GesprekRow.id)
        )
        return [tuple(row) for row in rows]
