"""Chats in the middle of a cheques flow when the typed release starts: their answers resume.

Each old answers dict below is written as the previous release stored it (plain keys, dates as
ISO text, nested dicts); the new release stores the same keys with the same values. A cheque
handed over by a switch from another flow may be stored by its id alone.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.app import App
from flows.engine.clock import FixedClock
from storage.models import GesprekRow, IssuedChequeRow
from tests.gesprek_support import ELS, at_type, registered, registration_of, status
from tests.support import Chat, World, database

KEY = "test:1"


async def stored_answers(app: App) -> dict[str, Any]:
    async with app.unit_of_work() as uow:
        session = await uow.sessions.load(KEY)
    assert session is not None
    return session.answers


async def store_old_answers(
    app: App, clock: FixedClock, old: dict[str, Any], *, back: dict[str, Any] | None = None
) -> None:
    """Put the previous release's answers in the session (and in the visit *Vorige* returns to)."""
    async with app.unit_of_work() as uow:
        session = await uow.sessions.load(KEY)
        assert session is not None
        session.answers = old
        if back is not None:
            visit = session.history[-1]
            assert visit.flow is not None
            session.history[-1] = type(visit)(
                visit.state, visit.answered, visit.flow, back, visit.history
            )
        await uow.sessions.save(session, clock.now())
        await uow.commit()


def kept(new: dict[str, Any], old: dict[str, Any]) -> dict[str, Any]:
    """The new answers under the old keys: equal to the old when the shape was kept."""
    return {key: new.get(key, "MISSING") for key in old}


async def issued_id(app: App, chequenummer: str) -> int:
    async with database(app) as db:
        found = await db.scalar(
            select(IssuedChequeRow.id).where(IssuedChequeRow.chequenummer == chequenummer)
        )
    assert found is not None
    return found


async def gesprek_ids(app: App) -> list[int]:
    async with database(app) as db:
        return list(await db.scalars(select(GesprekRow.id).order_by(GesprekRow.id)))


def card(registration_id: int, used: int, left: int) -> dict[str, Any]:
    return {
        "id": registration_id,
        "chequenummer": "123456",
        "klantnummer": "999",
        "klantnaam": "Vermeulen Els",
        "status": "Cheque in gebruik",
        "closed": False,
        "used": used,
        "left": left,
    }


async def test_a_registration_at_its_summary_is_stored_on_confirming(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = Chat(app, world.an)
    await chat.register_until_summary(feedback="Stappenplan opgesteld")
    today = clock.now().date()
    old: dict[str, Any] = {
        "chequenummer": "123456",
        "klantnummer": "999",
        "issued_cheque_id": await issued_id(app, "123456"),
        "klantnaam": "Vermeulen Els",
        "ordered_on": "2026-02-18",
        "start_by": "2026-05-19",
        "cheque_minutes": 240,
        "themes": ["Competenties en talenten"],
        "beginvraag": "Welke job past bij mij na mijn ontslag?",
        "akkoord": True,
        "datum": today.isoformat(),
        "begeleider": "Peeters An",
        "vorm": "individueel",
        "minutes": 60,
        "feedback": "Stappenplan opgesteld",
        "feedback_kinds": [],
    }
    assert kept(await stored_answers(app), old) == old
    await store_old_answers(app, clock, old)
    await chat.press("Bevestigen")
    assert chat.text.startswith(
        "✅ Geregistreerd. Cheque 123456 van Vermeulen Els is nu gekoppeld aan De Brug, met het "
        "intakegesprek van 10/03/2026 (1u). Er blijft 3u op de cheque."
    )


async def test_a_synthese_at_its_summary_goes_through_both_warnings_then_closes(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await registered(app, world.an)
    registration = await registration_of(app, "123456")
    await at_type(chat)
    await chat.press("Synthesegesprek")
    await chat.press("Gegevens aanpassen")
    await chat.press("Vandaag")
    await chat.choose("self")
    await chat.press("E-coaching")
    await chat.say("1u")
    await chat.press("Geen feedback")
    assert "Controleer en bevestig" in chat.text
    today = clock.now().date().isoformat()
    old: dict[str, Any] = {
        "file": card(registration, 60, 180),
        "type": "synthese",
        "last_date": today,
        "quick": {"vorm": "individueel", "minutes": 60},
        "stop_agreed": None,
        "quick_used": False,
        "datum": today,
        "begeleider": "Peeters An",
        "vorm": "e_coaching",
        "minutes": 60,
        "feedback": None,
        "feedback_kinds": [],
    }
    assert kept(await stored_answers(app), old) == old
    await store_old_answers(app, clock, old)
    await chat.press("Bevestigen en opslaan")
    assert "een synthesegesprek sluit de loopbaancheque automatisch af" in chat.text
    await chat.press("Ja, cheque afsluiten")
    assert "na dit synthesegesprek blijft er nog 2u over op de cheque" in chat.text
    await chat.press("Ja, toch afsluiten")
    assert "De cheque is nu afgesloten." in chat.text
    assert await status(app) == "afgesloten"


async def test_a_gesprek_opened_from_the_detail_resumes_at_its_type(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await registered(app, world.an)
    registration = await registration_of(app, "123456")
    await chat.command("dossier")
    await chat.say("123456")
    await chat.press("Gesprek registreren")
    await store_old_answers(app, clock, {"file": card(registration, 60, 180)})
    await chat.press("Verdiepingsgesprek")
    await chat.press("Bevestigen en opslaan")
    assert "geregistreerd op cheque 123456 van Vermeulen Els" in chat.text


async def test_a_cheque_known_by_its_id_alone_is_read_at_the_type_and_back_leads_to_the_detail(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await registered(app, world.an)
    registration = await registration_of(app, "123456")
    await chat.command("dossier")
    await chat.say("123456")
    await chat.press("Gesprek registreren")
    assert kept(await stored_answers(app), {"file": {}}) == {"file": {"id": registration}}
    dossier = {"file": card(registration, 60, 180), "action": "gesprek"}
    await store_old_answers(app, clock, {"file": {"id": registration}}, back=dossier)
    await chat.press("Verdiepingsgesprek")
    assert chat.text.startswith(f"{ELS}\n⏱ 1u gebruikt, 3u over · Cheque in gebruik\n")
    assert "Zo registreren?" in chat.text
    await chat.press("Vorige")
    await chat.press("Vorige")
    assert "\n\n📁 Cheque 123456 · Vermeulen Els (klant 999)\n" in chat.text


async def test_a_deletion_at_its_question_deletes_the_newest_gesprek(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await registered(app, world.an)
    registration = await registration_of(app, "123456")
    await chat.command("dossier")
    await chat.say("123456")
    await chat.press("Laatste gesprek verwijderen")
    line = "1. 10/03/2026 · Intake gesprek · 1u · Individueel gesprek · Peeters An"
    old: dict[str, Any] = {
        "file": card(registration, 60, 180),
        "action": "delete",
        "delete": {"id": (await gesprek_ids(app))[0], "line": line},
    }
    assert kept(await stored_answers(app), old) == old
    await store_old_answers(app, clock, old)
    await chat.press("Ja, verwijderen")
    assert chat.text.startswith("🗑 Gesprek verwijderd. Er staan geen gesprekken meer")


async def test_a_choice_among_matches_resumes_with_the_matches(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await registered(app, world.an)
    registration = await registration_of(app, "123456")
    await chat.command("gesprek")
    label = "Vermeulen Els · 123456 · 3u over"
    await store_old_answers(app, clock, {"matches": [{"id": registration, "label": label}]})
    await chat.command("menu")
    await chat.press("Verdergaan")  # the question built again from the stored answers
    assert chat.labels[:2] == [label, "Alle open cheques"]
    await chat.press("Vermeulen Els")
    assert chat.text.startswith(ELS)
