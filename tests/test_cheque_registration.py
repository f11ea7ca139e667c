"""Flow /cheque (A5, A6.1) through the engine, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.app import App
from flows.administration.imports import import_cheques
from flows.domain import handbook
from flows.domain.administration import NewIssuedCheque
from flows.domain.cheques import ChequeStatus, GesprekType
from flows.engine.clock import FixedClock
from storage.models import AuditRow, BeginvraagRow, GesprekRow, RegistrationRow
from tests.support import Chat, World, database, stored_counts

KLANTNUMMER_Q = "Geef nu het klantnummer"
CHEQUENUMMER_Q = "Geef het chequenummer"


async def _at_klantnummer(chat: Chat, chequenummer: str = "123456") -> None:
    await chat.command("cheque")
    await chat.say(chequenummer)


async def _at_datum(chat: Chat) -> None:
    await _at_klantnummer(chat)
    await chat.say("999")
    await chat.press("Competenties")
    await chat.press("Klaar")
    await chat.say("Welke job past bij mij na mijn ontslag?")
    await chat.press("Ja, de klant is akkoord")


async def test_confirming_stores_all_three_steps_at_once_for_the_users_centre(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.register_until_summary(duur="1,5 uur", feedback="Loopbaananker verkend")
    await chat.press("Bevestigen en opslaan")
    assert "Er blijft 2u30 op de cheque." in chat.text
    async with database(app) as db:
        registration = (await db.scalars(select(RegistrationRow))).one()
        beginvraag = (await db.scalars(select(BeginvraagRow))).one()
        intake = (await db.scalars(select(GesprekRow))).one()
        audit = (await db.scalars(select(AuditRow).where(AuditRow.staff_id.is_not(None)))).one()
        assert registration.status == ChequeStatus.IN_GEBRUIK
        assert registration.themes == ["Competenties en talenten"]
        assert registration.registered_by == world.an
        assert beginvraag.text == "Welke job past bij mij na mijn ontslag?"
        assert (intake.type, intake.minutes, intake.datum) == (GesprekType.INTAKE, 90, world.today)
        assert (intake.begeleider, intake.feedback) == ("Peeters An", "Loopbaananker verkend")
        assert audit.action == "cheque.registered"
        assert audit.staff_id == world.an
        assert audit.after is not None
        assert audit.after["beginvraag"] == beginvraag.text


async def test_slashes_dashes_and_spaces_are_stripped_from_the_chequenummer(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await _at_klantnummer(chat, "12/34-56 ")
    assert "Chequenummer: 123456" in chat.text


@pytest.mark.parametrize(
    ("chequenummer", "klantnummer", "refusal"),
    [
        ("123457", "999", "Geen cheque gevonden voor klantnummer 999 en chequenummer 123457"),
        ("123456", "998", "Geen cheque gevonden voor klantnummer 998 en chequenummer 123456"),
    ],
)
async def test_an_unknown_cheque_is_refused_word_for_word_and_asked_again(
    app: App, world: World, chequenummer: str, klantnummer: str, refusal: str
) -> None:
    chat = Chat(app, world.an)
    await _at_klantnummer(chat, chequenummer)
    reply = await chat.say(klantnummer)
    assert reply.text.startswith(refusal + "\n\n")
    assert KLANTNUMMER_Q in reply.text


async def test_an_expired_cheque_is_not_found_with_the_hint_to_request_a_new_one(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await _at_klantnummer(chat, "200003")
    reply = await chat.say("1003")
    assert reply.text.startswith(
        "Geen cheque gevonden voor klantnummer 1003 en chequenummer 200003\n"
    )
    assert "vraag je klant om een nieuwe loopbaancheque aan te vragen" in reply.text
    assert KLANTNUMMER_Q in reply.text


async def test_a_cheque_in_use_here_and_elsewhere_is_refused_with_the_official_words(
    app: App, world: World
) -> None:
    await _register(Chat(app, world.pieter, chat="p"))
    here = Chat(app, world.pieter, chat="p2")
    await _at_klantnummer(here)
    assert (await here.say("999")).text.startswith(handbook.CHEQUE_IN_USE_HERE + "\n\n")
    elsewhere = Chat(app, world.an)
    await _at_klantnummer(elsewhere)
    assert (await elsewhere.say("999")).text.startswith(handbook.CHEQUE_IN_USE_ELSEWHERE + "\n\n")


async def test_the_cheque_stays_available_to_other_centres_until_the_final_confirm(
    app: App, world: World
) -> None:
    an, pieter = Chat(app, world.an, chat="an"), Chat(app, world.pieter, chat="pieter")
    await an.register_until_summary()
    await pieter.register_until_summary()  # Horizon also reaches the summary
    await pieter.press("Bevestigen")
    assert "Geregistreerd" in pieter.text
    reply = await an.press("Bevestigen")
    assert reply.text.startswith(handbook.CHEQUE_IN_USE_ELSEWHERE + "\n\nWat wil je doen?")
    assert "Controleer en bevestig" not in reply.text  # no Bevestigen that is refused again
    assert "Bevestigen en opslaan" not in " ".join(an.labels)
    assert an.labels[0] == "Cheque registreren"
    assert await stored_counts(app) == (1, 1, 1)


async def test_letters_in_the_chequenummer_are_refused_and_asked_again(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    reply = await chat.say("ABC123")
    assert reply.text.startswith("Een chequenummer bestaat uit cijfers")
    assert CHEQUENUMMER_Q in reply.text


async def test_at_least_one_theme_is_required_and_themes_toggle(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await _at_klantnummer(chat)
    await chat.say("999")
    reply = await chat.press("Klaar")
    assert reply.text.startswith("Duid minstens één thema aan.")
    await chat.press("Ondernemerschap")
    await chat.press("Ondernemerschap")
    assert "✓ Ondernemerschap" not in chat.labels
    await chat.press("Ondernemerschap")
    await chat.press("Competenties")
    await chat.press("Klaar")
    # Themes keep the configured order, whatever the order they were ticked in.
    assert "Thema's: Competenties en talenten, Ondernemerschap" in chat.text


@pytest.mark.parametrize(
    ("beginvraag", "reason"),
    [
        ("   ", "De beginvraag is verplicht."),
        ("Werk?", "wel erg kort"),
        ("x" * 301, "maximaal 300"),
    ],
)
async def test_a_missing_short_or_long_beginvraag_is_refused(
    app: App, world: World, beginvraag: str, reason: str
) -> None:
    chat = Chat(app, world.an)
    await _at_klantnummer(chat)
    await chat.say("999")
    await chat.press("Competenties")
    await chat.press("Klaar")
    reply = await chat.say(beginvraag)
    assert reason in reply.text
    assert reply.text.endswith("De klant moet akkoord zijn met de formulering.")


async def test_without_the_clients_agreement_the_beginvraag_is_asked_again(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await _at_datum(chat)
    await chat.press("Vorige")
    reply = await chat.press("Nee, formulering aanpassen")
    assert "Noteer de beginvraag van de klant" in reply.text


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("02/11/15", "Schrijf het jaar met vier cijfers"),
        ("11/03/2026", "ligt in de toekomst"),
        ("31/02/2026", "geen bestaande datum"),
        ("morgen", "ligt in de toekomst"),
        ("morgenvroeg", "Dat begrijp ik niet als datum. Typ de datum als dd/mm/jjjj"),
        ("01/02/2026", "ligt vóór de bestelling van de cheque (18/02/2026)"),
    ],
)
async def test_a_wrong_intake_date_is_refused_with_the_reason(
    app: App, world: World, typed: str, reason: str
) -> None:
    chat = Chat(app, world.an)
    await _at_datum(chat)
    reply = await chat.say(typed)
    assert reason in reply.text
    assert "Wanneer vond het intakegesprek plaats?" in reply.text


async def test_dates_can_be_typed_or_chosen(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await _at_datum(chat)
    await chat.press("Gisteren (09/03/2026)")
    await chat.press("Peeters An")
    await chat.press("Individueel")
    await chat.press("1u")
    await chat.press("Geen feedback")
    assert "Datum: 09/03/2026" in chat.text


async def test_a_date_more_than_a_year_back_is_refused(
    app: App, world: World, clock: FixedClock
) -> None:
    today = clock.now().date()
    async with app.unit_of_work() as uow:
        cheque = NewIssuedCheque(
            "300001", "3001", "Oud Cheque", today - timedelta(days=800), today, 240
        )
        await import_cheques(uow, [cheque], clock.now())
        await uow.commit()
    chat = Chat(app, world.an)
    await _at_klantnummer(chat, "300001")
    await chat.say("3001")
    await chat.press("Competenties")
    await chat.press("Klaar")
    await chat.say("Welke job past bij mij na mijn ontslag?")
    await chat.press("Ja")
    assert "meer dan een jaar in het verleden" in (await chat.say("09/03/2025")).text
    assert "Naam van de begeleider" in (await chat.say("10/03/2025")).text


async def test_an_intake_after_the_last_day_to_start_is_refused(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = Chat(app, world.an)
    await _at_datum(chat)
    clock.advance(timedelta(days=71))  # the cheque's last day to start was yesterday
    await chat.press("Vandaag")  # still the button of this question: applied, then checked
    assert "ligt na de laatste startdatum van de cheque" in chat.text


async def test_a_wrongly_capitalised_name_is_refused_with_the_corrected_form_to_tap(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await _at_datum(chat)
    await chat.say("vandaag")
    reply = await chat.say("maes lotte")
    assert "Bedoel je ‘Maes Lotte’?" in reply.text
    await chat.press("Maes Lotte")
    assert "Vorm van het gesprek?" in chat.text


async def test_a_name_in_the_wrong_order_is_recognised_and_corrected(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await _at_datum(chat)
    await chat.say("vandaag")
    reply = await chat.say("Lotte Maes")
    assert "Eerst de familienaam, dan de voornaam. Bedoel je ‘Maes Lotte’?" in reply.text
    assert "Maes Lotte" in chat.labels


async def test_a_one_word_name_is_refused(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await _at_datum(chat)
    await chat.say("vandaag")
    reply = await chat.say("Lotte")
    assert reply.text.startswith("Geef de naam van de begeleider als ‘Familienaam Voornaam’")


@pytest.mark.parametrize(
    ("typed", "stored"), [("90", 90), ("1u30", 90), ("1,5 uur", 90), ("45 min", 45)]
)
async def test_durations_are_read_as_counsellors_type_them(
    app: App, world: World, typed: str, stored: int
) -> None:
    chat = Chat(app, world.an)
    await chat.register_until_summary(duur=typed)
    await chat.press("Bevestigen")
    async with database(app) as db:
        assert await db.scalar(select(GesprekRow.minutes)) == stored


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("20 min", "20 min kan niet"),
        ("20", "Bij 20 weet ik niet of je minuten of uren bedoelt"),
        ("-30", "niet negatief"),
        ("3u", "3u kan niet"),
        ("lang", "in minuten"),
    ],
)
async def test_a_duration_outside_half_an_hour_to_two_hours_is_refused(
    app: App, world: World, typed: str, reason: str
) -> None:
    chat = Chat(app, world.an)
    await _at_datum(chat)
    await chat.say("vandaag")
    await chat.press("Peeters An")
    await chat.press("Individueel")
    reply = await chat.say(typed)
    assert reason in reply.text
    assert "Hoe lang duurde het gesprek?" in reply.text


async def test_feedback_that_looks_personal_warns_and_can_be_adjusted(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    reply = await chat.register_until_summary(feedback="Mail naar els@example.com voor het verslag")
    assert "je feedback lijkt een e-mailadres te bevatten" in reply.text
    await chat.press("Feedback aanpassen")
    await chat.say("Verslag doorgestuurd")
    assert "Feedback: Verslag doorgestuurd" in chat.text


async def test_feedback_that_looks_personal_can_be_kept_knowingly(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.register_until_summary(feedback="Bel 0470 12 34 56")
    await chat.press("Toch zo bewaren")
    assert "Feedback: Bel 0470 12 34 56" in chat.text


async def test_the_summary_shows_whose_file_and_every_answer_before_storing(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    summary = await chat.register_until_summary()
    for expected in (
        "Vermeulen Els (klant 999) · cheque 123456",
        "Thema's: Competenties en talenten",
        "Beginvraag: “Welke job past bij mij na mijn ontslag?”",
        "Type gesprek: Intake gesprek",
        "Datum: 10/03/2026",
        "Begeleider: Peeters An",
        "Vorm: Individueel gesprek",
        "Duur: 1u",
        "gekoppeld aan De Brug",
    ):
        assert expected in summary.text
    await chat.press("Vorige")
    assert "Feedback (niet verplicht)" in chat.text


async def _register(chat: Chat) -> None:
    await chat.register_until_summary()
    await chat.press("Bevestigen")
    assert "Geregistreerd" in chat.text
