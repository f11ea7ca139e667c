"""Flow /dossier: the detail (A4), the beginvraag (A7) and corrections (A8), on both databases."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from flows.domain import handbook
from flows.engine import texts
from flows.engine.clock import FixedClock
from storage.models import AuditRow
from tests.gesprek_support import (
    ELS,
    close_with_synthese,
    gesprekken,
    own_gesprek,
    quick,
    registered,
)
from tests.support import Chat, World, database, stored_counts

DETAIL_ACTIONS = ["Gesprek registreren", "Beginvraag wijzigen", "Laatste gesprek verwijderen"]
NAV = [texts.BACK, texts.CANCEL]
NEW_BEGINVRAAG = "Welke opleiding past bij mij?"
INTAKE = "1. 10/03/2026 · Intake gesprek · 1u · Individueel gesprek · Peeters An"
VERDIEPING = "2. 12/03/2026 · Verdiepingsgesprek · 1u30 · E-coaching · Maes Lotte"


async def detail(chat: Chat, term: str = "123456") -> str:
    await chat.command("dossier")
    return (await chat.say(term)).text


async def delete_newest(chat: Chat) -> str:
    await chat.press("Laatste gesprek verwijderen")
    return (await chat.press("Ja, verwijderen")).text


async def audit(app: App, action: str) -> list[tuple[object, object]]:
    async with database(app) as db:
        rows = await db.execute(
            select(AuditRow.before, AuditRow.after)
            .where(AuditRow.action == action)
            .order_by(AuditRow.id)
        )
        return [tuple(row) for row in rows]


async def test_the_detail_shows_cheque_client_status_hours_beginvraag_and_every_gesprek(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await registered(app, world.an)
    clock.advance(timedelta(days=2))
    await own_gesprek(chat, "Verdiepingsgesprek", "1u30", begeleider="Maes Lotte")
    await quick(chat)
    await detail(chat)
    await delete_newest(chat)
    text = await detail(chat, "Vermeulen")
    assert text.startswith(
        "📁 Cheque 123456 · Vermeulen Els (klant 999)\n"
        "Status: Cheque in gebruik\n"
        "Uren: 2u30 gebruikt, 1u30 over (van 4u)\n"
        "Besteld op 18/02/2026 · geregistreerd op 10/03/2026\n"
        "Thema's: Competenties en talenten\n"
        "Beginvraag: “Welke job past bij mij na mijn ontslag?” (10/03/2026, Peeters An)\n"
        f"Gesprekken:\n{INTAKE}\n{VERDIEPING}\n"
        "3. 12/03/2026 · Verdiepingsgesprek · 1u30 · E-coaching · Peeters An — Verwijderd\n\n"
        "Wat wil je doen?"
    )
    assert chat.labels[:3] == DETAIL_ACTIONS


async def test_changing_the_beginvraag_keeps_the_history_and_is_audited(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await registered(app, world.an)
    await detail(chat)
    clock.advance(timedelta(days=1))
    reply = await chat.press("Beginvraag wijzigen")
    assert reply.text.startswith(ELS)
    assert "Huidige beginvraag: “Welke job past bij mij na mijn ontslag?”" in reply.text
    await chat.say(NEW_BEGINVRAAG)
    reply = await chat.press("Ja, opslaan")
    assert reply.text.startswith("✅ Beginvraag gewijzigd. De vorige formulering blijft")
    assert (
        f"Beginvraag: “{NEW_BEGINVRAAG}” (11/03/2026, Peeters An)\n"
        "  eerder: “Welke job past bij mij na mijn ontslag?” (10/03/2026, Peeters An)\n"
    ) in reply.text
    assert await audit(app, "beginvraag.changed") == [
        ({"beginvraag": "Welke job past bij mij na mijn ontslag?"}, {"beginvraag": NEW_BEGINVRAAG})
    ]


async def test_without_the_clients_agreement_the_new_beginvraag_is_not_stored(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await detail(chat)
    await chat.press("Beginvraag wijzigen")
    await chat.say(NEW_BEGINVRAAG)
    reply = await chat.press("Nee, formulering aanpassen")
    assert "Noteer de aangepaste loopbaanvraag" in reply.text
    await chat.press("Annuleren")
    assert await audit(app, "beginvraag.changed") == []


async def test_the_beginvraag_confirmation_shows_whose_file_it_is(app: App, world: World) -> None:
    chat = await registered(app, world.an)
    await detail(chat)
    await chat.press("Beginvraag wijzigen")
    reply = await chat.say(NEW_BEGINVRAAG)
    assert "Is de klant akkoord met deze formulering?" in reply.text
    assert reply.text.startswith(ELS)


async def test_a_closed_cheque_offers_only_a_nazorggesprek(app: App, world: World) -> None:
    chat = await registered(app, world.an)
    await close_with_synthese(chat)
    text = await detail(chat)
    assert "Status: Cheque afgesloten\nUren: 2u gebruikt, 2u niet gebruikt (van 4u)" in text
    assert chat.labels == ["Nazorggesprek registreren", "Andere cheque", "Klaar", *NAV]
    await chat.press("Nazorggesprek registreren")
    assert chat.labels == ["Nazorggesprek", *NAV]


async def test_a_closed_cheque_offers_no_change_even_from_an_earlier_screen(
    app: App, world: World
) -> None:
    an = await registered(app, world.an)
    await detail(an)
    await close_with_synthese(Chat(app, world.lotte, chat="lotte"))
    reply = await an.press("Beginvraag wijzigen")  # the button of the screen before the closing
    assert reply.text.startswith(
        "Deze cheque is afgesloten: de beginvraag kan niet meer gewijzigd worden.\n\n"
        "📁 Cheque 123456"
    )
    assert "Status: Cheque afgesloten" in reply.text
    assert an.labels == ["Nazorggesprek registreren", "Andere cheque", "Klaar", *NAV]


async def test_changes_already_under_way_are_refused_once_the_cheque_was_closed(
    app: App, world: World
) -> None:
    an, an2 = await registered(app, world.an), Chat(app, world.an, chat="2")
    await detail(an)
    await an.press("Beginvraag wijzigen")
    await an.say(NEW_BEGINVRAAG)
    await detail(an2)
    await an2.press("Laatste gesprek verwijderen")
    await close_with_synthese(Chat(app, world.lotte, chat="lotte"))
    reply = await an.press("Ja, opslaan")
    assert reply.text.startswith(
        "Deze cheque is afgesloten: de beginvraag kan niet meer gewijzigd worden.\n\n"
    )
    reply = await an2.press("Ja, verwijderen")
    assert reply.text.startswith(
        "Deze cheque is afgesloten: gesprekken verwijderen kan enkel zolang de cheque niet "
        "afgesloten is.\n\n"
    )
    assert await audit(app, "beginvraag.changed") == await audit(app, "gesprek.deleted") == []
    assert [row[-1] for row in await gesprekken(app)] == [False, False]


async def test_the_option_deletes_the_newest_gesprek_after_the_official_question(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await quick(chat)
    await detail(chat)
    reply = await chat.press("Laatste gesprek verwijderen")
    assert reply.text.startswith(ELS)
    assert reply.text.endswith(
        "2. 10/03/2026 · Verdiepingsgesprek · 1u · Individueel gesprek · Peeters An\n\n"
        "Ben je zeker dat je dit gesprek wil verwijderen?"
    )
    assert handbook.CONFIRM_DELETE_GESPREK == "Ben je zeker dat je dit gesprek wil verwijderen?"
    assert "Nee" in chat.labels
    assert (await chat.press("Nee")).text.endswith("Wat wil je doen?")
    assert [row[-1] for row in await gesprekken(app)] == [False, False]
    done = await delete_newest(chat)
    assert done.startswith("🗑 Gesprek verwijderd: het blijft zichtbaar met het label Verwijderd.")
    assert "Verdiepingsgesprek · 1u · Individueel gesprek · Peeters An — Verwijderd" in done
    assert [row[-1] for row in await gesprekken(app)] == [False, True]
    assert len(await audit(app, "gesprek.deleted")) == 1


async def test_new_gesprekken_can_follow_a_deleted_one(app: App, world: World) -> None:
    chat = await registered(app, world.an)
    await quick(chat)
    await detail(chat)
    await delete_newest(chat)
    await quick(chat)
    text = await detail(chat)
    assert "Uren: 2u gebruikt, 2u over" in text
    assert "— Verwijderd\n3. 10/03/2026 · Verdiepingsgesprek · 1u" in text


async def test_after_a_deletion_the_order_counts_from_the_newest_remaining_gesprek(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await registered(app, world.an)
    clock.advance(timedelta(days=5))
    await quick(chat)  # 15/03/2026, then deleted
    await detail(chat)
    await delete_newest(chat)
    await chat.command("gesprek")
    await chat.say("123456")
    await chat.press("Verdiepingsgesprek")
    await chat.press("Gegevens aanpassen")
    assert "Naam van de begeleider" in (await chat.say("12/03/2026")).text


async def test_a_gesprek_registered_meanwhile_stops_the_deletion(app: App, world: World) -> None:
    an = await registered(app, world.an)
    await detail(an)
    await an.press("Laatste gesprek verwijderen")
    await quick(Chat(app, world.lotte, chat="lotte"))
    reply = await an.press("Ja, verwijderen")
    assert reply.text.startswith("Intussen werd op deze cheque een ander gesprek geregistreerd")
    assert [row[-1] for row in await gesprekken(app)] == [False, False]


async def test_the_delete_confirmation_numbers_the_gesprek_as_the_detail_does(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await quick(chat)
    await detail(chat)
    await delete_newest(chat)
    reply = await chat.press("Laatste gesprek verwijderen")
    assert "\n1. 10/03/2026 · Intake gesprek · 1u" in reply.text


async def released(chat: Chat) -> None:
    """Delete every gesprek, newest first, down to none: the cheque is free again."""
    await quick(chat)
    await detail(chat)
    await delete_newest(chat)
    reply = await delete_newest(chat)
    assert reply.startswith("🗑 Gesprek verwijderd. Er staan geen gesprekken meer op deze cheque")
    assert "de cheque is weer beschikbaar" in reply


async def test_with_every_gesprek_deleted_this_centre_can_register_the_cheque_again(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await released(chat)
    await chat.command("dossier")
    assert "Er zijn geen open cheques." in chat.text
    assert "Geen geregistreerde cheque gevonden" in (await chat.say("123456")).text
    again = await registered(app, world.an, chat="2")
    assert "gekoppeld aan De Brug" in again.replies[-1].text
    assert "Uren: 1u gebruikt, 3u over" in await detail(again)


async def test_with_every_gesprek_deleted_another_centre_can_register_the_cheque(
    app: App, world: World
) -> None:
    await released(await registered(app, world.an))
    pieter = await registered(app, world.pieter, chat="p")
    assert "gekoppeld aan Horizon" in pieter.text
    assert await stored_counts(app) == (2, 2, 3)


async def test_registering_a_gesprek_from_the_detail_asks_the_type_for_that_cheque(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await detail(chat)
    reply = await chat.press("Gesprek registreren")
    assert reply.text.startswith(f"{ELS}\n⏱ 1u gebruikt, 3u over · Cheque in gebruik\n\n")
    assert reply.text.endswith("Welk type gesprek?")
    await chat.press("Verdiepingsgesprek")
    await chat.press("Bevestigen en opslaan")
    assert "geregistreerd op cheque 123456 van Vermeulen Els" in chat.text


async def test_the_detail_shows_days_in_brussels_time_not_utc(
    app: App, world: World, clock: FixedClock
) -> None:
    clock.advance(timedelta(hours=14, minutes=30))  # 11/03/2026 00:30 in Brussels, 23:30 UTC
    chat = Chat(app, world.an)
    await chat.register_until_summary()
    await chat.press("Bevestigen")
    await chat.command("dossier")
    detail = await chat.say("123456")
    assert "geregistreerd op 11/03/2026" in detail.text
    assert "(11/03/2026, Peeters An)" in detail.text


async def test_back_from_choosing_another_cheque_shows_the_detail_left_again(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await chat.command("overzicht")
    await chat.press("1. Vermeulen Els")
    await chat.press("Andere cheque")
    assert chat.text.startswith("Welke cheque?")
    reply = await chat.press("Vorige")
    assert "\n\n📁 Cheque 123456 · Vermeulen Els (klant 999)\n" in reply.text
    assert chat.labels[:3] == DETAIL_ACTIONS
