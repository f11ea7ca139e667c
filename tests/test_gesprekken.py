"""Flow /gesprek (A6, A6.5) through the engine, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.app import App
from flows.engine import texts
from flows.engine.clock import FixedClock
from flows.engine.values import Choice
from storage.models import AuditRow
from tests.gesprek_support import (
    ELS,
    LAST_FIT,
    at_type,
    close_with_synthese,
    gesprekken,
    own_gesprek,
    quick,
    registered,
    registration_of,
    status,
)
from tests.support import Chat, World, database, stored_counts

OPEN_TYPES = ["Verdiepingsgesprek", "Synthesegesprek", "Stopzetting van de begeleiding"]
ROUTINE_TAPS = (
    "Gesprek registreren",
    "Vermeulen Els",
    "Verdiepingsgesprek",
    "Bevestigen en opslaan",
)


# -- whose file, the routine path, the types -------------------------------------------------
async def test_every_screen_shows_whose_file_it_is(app: App, world: World) -> None:
    chat = await registered(app, world.an)
    await at_type(chat)
    screens = [chat.text, (await chat.press("Stopzetting")).text]
    await chat.press("Vorige")
    for tap in ("Synthesegesprek", "Gegevens aanpassen", "Vandaag", "Peeters An", "Individueel"):
        screens.append((await chat.press(tap)).text)
    for typed in ("1u", "Geen feedback"):
        screens.append((await chat.say(typed)).text)
    screens.append((await chat.press("Bevestigen en opslaan")).text)
    screens.append((await chat.press("Ja, cheque afsluiten")).text)
    assert "blijft er nog 2u over" in screens[-1]
    for screen in screens:
        assert screen.startswith(f"{ELS}\n⏱ 1u gebruikt, 3u over · Cheque in gebruik\n"), screen


async def test_the_feedback_warning_also_shows_whose_file_it_is(app: App, world: World) -> None:
    chat = await registered(app, world.an)
    await at_type(chat)
    await chat.press("Verdiepingsgesprek")
    for tap in ("Gegevens aanpassen", "Vandaag", "Peeters An", "Individueel", "1u"):
        await chat.press(tap)
    reply = await chat.say("Mail naar els@example.com")
    assert "je feedback lijkt een e-mailadres te bevatten" in reply.text
    assert reply.text.startswith(ELS)


async def test_a_routine_verdiepingsgesprek_takes_four_taps_from_the_menu(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await registered(app, world.an)
    await own_gesprek(chat, "Verdiepingsgesprek", "1u", begeleider="Maes Lotte")
    clock.advance(timedelta(days=2))
    await chat.command("menu")
    before = len(chat.replies)
    for tap in ROUTINE_TAPS:
        if tap == "Bevestigen en opslaan":
            assert "Datum: 12/03/2026\nBegeleider: Peeters An\nVorm: E-coaching\nDuur: 1u" in (
                chat.text
            )
        await chat.press(tap)
    assert len(chat.replies) - before == 4
    assert chat.text.startswith("✅ Verdiepingsgesprek van 12/03/2026 (1u) geregistreerd op")
    stored = await gesprekken(app)
    assert stored[-2][2] == "Maes Lotte"  # the user's own name is proposed, not the last one
    today = clock.now().date()
    assert stored[-1] == ("verdieping", today, "Peeters An", "e_coaching", 60, None, False)


async def test_open_cheques_offer_three_types_and_closed_ones_only_nazorg(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await at_type(chat)
    assert chat.labels == [*OPEN_TYPES, texts.BACK, texts.CANCEL]
    assert chat.last.seq is not None
    await chat.do(Choice(chat.last.seq, len(chat.last.options)))  # not offered
    assert chat.text.startswith(texts.INVALID_CHOICE)
    await chat.command("annuleer")
    await close_with_synthese(chat)
    await at_type(chat)
    assert "De cheque is afgesloten: enkel een nazorggesprek kan nog." in chat.text
    assert chat.labels == ["Nazorggesprek", texts.BACK, texts.CANCEL]


# -- closing: synthese and stopzetting --------------------------------------------------------
async def test_a_synthese_warns_twice_when_hours_remain_then_closes_the_cheque(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await quick(chat, "Synthesegesprek")
    assert "⚠️ Opgelet: een synthesegesprek sluit de loopbaancheque automatisch af." in chat.text
    assert chat.labels[0] == "Ja, cheque afsluiten en opslaan"
    await chat.press("Ja, cheque afsluiten en opslaan")
    assert "⚠️ Opgelet: na dit synthesegesprek blijft er nog 2u over op de cheque. Die uren " in (
        chat.text
    )
    assert (await stored_counts(app), await status(app)) == ((1, 1, 1), "in_gebruik")
    await chat.press("Ja, toch afsluiten en opslaan")
    assert "De cheque is nu afgesloten." in chat.text
    assert (await stored_counts(app), await status(app)) == ((1, 1, 2), "afgesloten")


async def test_a_synthese_using_the_last_hours_warns_only_that_the_cheque_closes(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an, duur="2u")
    await quick(chat, "Synthesegesprek")
    assert "sluit de loopbaancheque automatisch af" in chat.text
    await chat.press("Ja, cheque afsluiten en opslaan")
    assert chat.text.startswith("✅ Synthesegesprek van 10/03/2026 (2u) geregistreerd")
    assert "verloren" not in chat.text
    assert await status(app) == "afgesloten"


async def test_after_closing_a_nazorggesprek_is_stored_without_counting_hours(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await close_with_synthese(chat)
    await at_type(chat)
    assert "\n⏱ 2u gebruikt, " in chat.text
    await chat.press("Nazorggesprek")
    await chat.press("Bevestigen en opslaan")
    assert chat.text.startswith("✅ Nazorggesprek van 10/03/2026 (1u) geregistreerd op cheque")
    assert "Een nazorggesprek wordt niet uitbetaald." in chat.text
    assert (await stored_counts(app), await status(app)) == ((1, 1, 3), "afgesloten")
    await at_type(chat)
    assert "\n⏱ 2u gebruikt, " in chat.text  # the nazorggesprek's 1u is not counted


async def test_on_a_closed_cheque_the_header_calls_the_hours_left_unused_as_the_detail_does(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await close_with_synthese(chat)
    await at_type(chat)
    hours = chat.text.split("\n")[1]
    assert hours.startswith("⏱ 2u gebruikt, 2u ")
    assert " over " not in hours  # those hours are lost: the detail says ‘niet gebruikt’


async def test_a_stopzetting_needs_the_clients_agreement_then_stops_the_cheque(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await at_type(chat)
    reply = await chat.press("Stopzetting van de begeleiding")
    assert reply.text.endswith(
        "kan alleen op voorwaarde dat de klant akkoord is. Is de klant akkoord?"
    )
    reply = await chat.press("Nee")
    assert reply.text.startswith(
        "Zonder akkoord van de klant kan je de begeleiding niet stopzetten.\n\n" + ELS
    )
    assert "Welk type gesprek?" in reply.text
    await chat.press("Stopzetting van de begeleiding")
    await chat.press("Ja, de klant is akkoord")
    await chat.press("Bevestigen en opslaan")
    assert "🟠 Opgelet: een stopzetting van de begeleiding geldt als een afsluiting" in chat.text
    assert await status(app) == "in_gebruik"
    await chat.press("Ja, cheque afsluiten en opslaan")
    assert "De cheque is nu stopgezet." in chat.text
    assert await status(app) == "stopgezet"


# -- hours and order --------------------------------------------------------------------------
async def test_a_gesprek_past_the_hours_is_refused_stating_what_is_left(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await own_gesprek(chat, "Verdiepingsgesprek", "2u")
    await at_type(chat)
    await chat.press("Verdiepingsgesprek")  # the last gesprek's 2u would not fit: no proposal
    assert "Zo registreren?" not in chat.text
    for tap in ("Vandaag", "Peeters An", "Individueel"):
        await chat.press(tap)
    assert "Van 30 minuten tot 2 uur. Er blijft nog 1u op de cheque." in chat.text
    reply = await chat.say("1u30")
    assert reply.text.startswith(
        "Dit gesprek (1u30) gaat over de uren van de cheque: er blijft nog 1u.\n\n"
    )
    assert "Hoe lang duurde het gesprek?" in reply.text
    assert "Feedback (niet verplicht)" in (await chat.say("1u")).text


async def test_the_hours_are_checked_again_when_saving(app: App, world: World) -> None:
    an = await registered(app, world.an, duur="2u")
    lotte = Chat(app, world.lotte, chat="lotte")
    await at_type(an)
    await an.press("Verdiepingsgesprek")  # proposes 2u: all that is left
    await quick(lotte)  # meanwhile a colleague registers 2u on the same cheque
    assert LAST_FIT in (await an.press("Bevestigen en opslaan")).text
    reply = await an.press("Toch als verdiepingsgesprek")
    assert reply.text.startswith("Er blijft nog 0 min over op de cheque: te weinig")
    assert "Wat wil je doen?" in reply.text  # the flow is left: no Bevestigen refused again
    assert "Bevestigen" not in " ".join(an.labels)
    assert await stored_counts(app) == (1, 1, 2)


async def test_a_gesprek_dated_before_the_last_one_is_refused_naming_its_date(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await registered(app, world.an)
    clock.advance(timedelta(days=5))
    await quick(chat)  # 15/03/2026
    clock.advance(timedelta(days=2))
    await at_type(chat)
    await chat.press("Verdiepingsgesprek")
    await chat.press("Gegevens aanpassen")
    for earlier in ("12/03/2026", "14/03/2026"):
        reply = await chat.say(earlier)
        assert reply.text.startswith("Het laatst geregistreerde gesprek was op 15/03/2026. ")
        assert "Wanneer vond het gesprek plaats?" in reply.text
    assert "Naam van de begeleider" in (await chat.say("15/03/2026")).text


# -- audit, back and cancel -------------------------------------------------------------------
async def test_every_gesprek_is_audited_with_the_status_before_and_after(
    app: App, world: World
) -> None:
    chat = await registered(app, world.an)
    await quick(chat, "Verdiepingsgesprek")
    await close_with_synthese(chat)
    registration = await registration_of(app, "123456")
    audit = select(AuditRow.staff_id, AuditRow.entity_id, AuditRow.before, AuditRow.after)
    async with database(app) as db:
        rows = (
            await db.execute(
                audit.where(AuditRow.action == "gesprek.registered").order_by(AuditRow.id)
            )
        ).all()
    assert [(before, (after or {}).get("status")) for _, _, before, after in rows] == [
        ({"status": "in_gebruik"}, "in_gebruik"),
        ({"status": "in_gebruik"}, "afgesloten"),
    ]
    for (staff, entity, _, after), kind in zip(rows, ("verdieping", "synthese"), strict=True):
        assert (staff, entity) == (world.an, str(registration))
        assert after is not None
        assert (after["gesprek"]["type"], after["gesprek"]["datum"]) == (kind, "2026-03-10")


async def test_back_goes_one_step_and_cancel_stores_nothing(app: App, world: World) -> None:
    chat = await registered(app, world.an)
    await at_type(chat)
    await chat.press("Synthesegesprek")
    assert "Welk type gesprek?" in (await chat.press("Vorige")).text
    assert "Welke cheque?" in (await chat.press("Vorige")).text
    await chat.press("Vermeulen Els")
    await chat.press("Synthesegesprek")
    await chat.press("Gegevens aanpassen")
    for tap in ("Vandaag", "Peeters An", "Individueel", "1u", "Geen feedback"):
        await chat.press(tap)
    assert "Feedback (niet verplicht)" in (await chat.press("Vorige")).text
    await chat.press("Geen feedback")
    await chat.press("Bevestigen en opslaan")
    assert "Controleer en bevestig" in (await chat.press("Vorige")).text
    await chat.press("Bevestigen en opslaan")
    await chat.press("Ja, cheque afsluiten")
    reply = await chat.press("Annuleren")
    assert reply.text == f"{texts.CANCELLED}\n\n{texts.WHAT_NOW}"
    assert (await stored_counts(app), await status(app)) == ((1, 1, 1), "in_gebruik")
    async with database(app) as db:  # the chat's changes: the seed's are the administrator's
        chat_actions = select(AuditRow.action).where(AuditRow.staff_id.is_not(None))
        actions = (await db.scalars(chat_actions)).all()
    assert actions == ["cheque.registered"]


async def test_a_cheque_closed_meanwhile_is_shown_closed_when_the_type_is_refused(
    app: App, world: World
) -> None:
    an = await registered(app, world.an)
    await at_type(an)
    await close_with_synthese(Chat(app, world.lotte, chat="lotte"))
    reply = await an.press("Verdiepingsgesprek")
    # The press is checked against the cheque as it is now: refused with the reason, and the
    # question is asked again as things are now (verdieping no longer offered).
    assert reply.text.startswith(
        "Deze cheque is afgesloten: je kan enkel nog een nazorggesprek registreren.\n\n"
    )
    assert "De cheque is afgesloten: enkel een nazorggesprek kan nog." in reply.text
    assert "\n⏱ 2u gebruikt, " in reply.text
    assert "· Cheque afgesloten\n" in reply.text
    assert an.labels == ["Nazorggesprek", texts.BACK, texts.CANCEL]
