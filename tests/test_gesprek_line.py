"""/gesprek in one line (issue 14): every order of words, Dutch dates, refusals; the engine."""

from __future__ import annotations

from datetime import date

import pytest

from bot.app import App
from flows.domain.rules.dates import fmt_long
from flows.engine import texts
from flows.engine.clock import FixedClock
from tests.gesprek_support import gesprekken, import_extra, registered
from tests.support import Chat, World

MONDAY = date(2026, 3, 16)  # six days after the intake of the registered cheque (Tuesday 10/3)


async def _ready(app: App, world: World, clock: FixedClock, day: date = MONDAY) -> Chat:
    """A registered cheque (Vermeulen Els, 123456, klant 999, 1u intake on 10/3), then `day`."""
    chat = await registered(app, world.an)
    clock.set_day(day)
    await chat.command("menu")
    return chat


async def test_one_line_with_everything_goes_straight_to_the_summary(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say("/gesprek 123456 gisteren 1u30 verdieping")
    assert "Controleer en bevestig:" in reply.text
    assert "Type gesprek: Verdiepingsgesprek\nDatum: zondag 15/03/2026\n" in reply.text
    assert "Duur: 1u30" in reply.text
    await chat.press("Bevestigen en opslaan")
    assert chat.text.startswith("✅ Verdiepingsgesprek van 15/03/2026 (1u30) geregistreerd")
    assert (await gesprekken(app))[-1][:5] == (
        "verdieping",
        date(2026, 3, 15),
        "Peeters An",
        "individueel",
        90,
    )


async def test_words_in_any_order_with_part_of_the_name_and_a_weekday(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock, date(2026, 3, 18))  # a Wednesday
    reply = await chat.say("/gesprek verdieping Vermeulen maandag 90 min e-coaching")
    assert "Datum: maandag 16/03/2026\nBegeleider: Peeters An\nVorm: E-coaching\nDuur: 1u30" in (
        reply.text
    )
    await chat.press("Bevestigen en opslaan")
    assert (await gesprekken(app))[-1][:5] == (
        "verdieping",
        date(2026, 3, 16),
        "Peeters An",
        "e_coaching",
        90,
    )


async def test_a_line_typed_at_the_menu_starts_the_gesprek_without_a_command(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say("verdieping Vermeulen maandag 90 min e-coaching")
    assert "Controleer en bevestig:" in reply.text
    assert "Datum: maandag 16/03/2026" in reply.text


async def test_a_line_at_the_menu_without_a_type_of_gesprek_is_not_taken_for_one(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say("Vermeulen gisteren")
    assert reply.text == f"{texts.CHOOSE_OPTION}\n\n{texts.WHAT_NOW}"


async def test_a_synthese_by_klantnummer_shows_the_closing_warnings_on_the_summary(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say("/gesprek synthese 999 12/3 1 uur groep")
    assert "Datum: donderdag 12/03/2026" in reply.text
    assert "Vorm: Begeleiding in groep" in reply.text
    assert "Duur: 1u\n" in reply.text
    assert "een synthesegesprek sluit de loopbaancheque automatisch af" in reply.text
    assert "na dit synthesegesprek blijft er nog 2u over op de cheque" in reply.text
    await chat.press("Ja, cheque afsluiten en opslaan")
    assert "De cheque is nu afgesloten." in chat.text
    assert (await gesprekken(app))[-1][:5] == (
        "synthese",
        date(2026, 3, 12),
        "Peeters An",
        "groep",
        60,
    )


async def test_only_the_cheque_continues_from_the_type_question(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say("/gesprek Vermeulen")
    assert "Welk type gesprek?" in reply.text
    assert reply.text.startswith("👤 Vermeulen Els (klant 999) · cheque 123456")
    await chat.press("Verdiepingsgesprek")
    assert "Zo registreren?" in chat.text


async def test_a_stopzetting_asks_the_clients_agreement_never_assumes_it(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say("/gesprek stopzetting 123456 vandaag 1u")
    assert "Is de klant akkoord?" in reply.text
    await chat.press("Ja, de klant is akkoord")
    assert "Controleer en bevestig:" in chat.text
    assert "een stopzetting van de begeleiding geldt als een afsluiting" in chat.text
    await chat.press("Ja, cheque afsluiten en opslaan")
    assert "De cheque is nu stopgezet." in chat.text


async def test_a_missing_duur_is_asked_then_the_summary_follows(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say("/gesprek 123456 verdieping 3 dagen geleden")
    assert "Hoe lang duurde het gesprek?" in reply.text
    reply = await chat.say("1,5")
    assert "Controleer en bevestig:" in reply.text
    assert "Datum: vrijdag 13/03/2026" in reply.text
    assert "Duur: 1u30" in reply.text


async def test_a_missing_date_is_asked_and_takes_dutch_words(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say("/gesprek 123456 verdieping 45 min")
    assert "Wanneer vond het gesprek plaats?" in reply.text
    reply = await chat.say("eergisteren")
    assert "Controleer en bevestig:" in reply.text
    assert "Datum: zaterdag 14/03/2026" in reply.text


async def test_a_word_not_understood_is_named_back(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say("/gesprek 123456 verdieping morgenvroeg 1u")
    assert "‘morgenvroeg’ begreep ik niet." in reply.text
    assert "Wanneer vond het gesprek plaats?" in reply.text


async def test_two_clients_matching_the_name_are_asked_with_buttons(
    app: App, world: World, clock: FixedClock
) -> None:
    await import_extra(app, clock, "Vermeulen Jos")
    chat = await registered(app, world.an)
    await chat.register_until_summary("300001", "3001")
    await chat.press("Bevestigen")
    clock.set_day(MONDAY)
    await chat.command("menu")
    reply = await chat.say("/gesprek Vermeulen gisteren 1u verdieping")
    assert "Meerdere cheques gevonden voor ‘Vermeulen’." in reply.text
    assert "Welke van deze cheques bedoel je?" in reply.text
    await chat.press("Vermeulen Els")
    assert "Controleer en bevestig:" in chat.text
    assert "Datum: zondag 15/03/2026" in chat.text


SUNDAY = date(2026, 3, 22)
NEW_YEAR = date(2027, 1, 1)  # a Friday


@pytest.mark.parametrize(
    ("today", "typed", "day"),
    [
        (MONDAY, "vandaag", MONDAY),
        (MONDAY, "gisteren", date(2026, 3, 15)),
        (MONDAY, "eergisteren", date(2026, 3, 14)),
        (MONDAY, "maandag", MONDAY),
        (MONDAY, "vrijdag", date(2026, 3, 13)),
        (MONDAY, "vorige woensdag", date(2026, 3, 11)),
        (MONDAY, "3 dagen geleden", date(2026, 3, 13)),
        (MONDAY, "12/3", date(2026, 3, 12)),
        (MONDAY, "12-3", date(2026, 3, 12)),
        (MONDAY, "12 maart", date(2026, 3, 12)),
        (MONDAY, "12/03/2026", date(2026, 3, 12)),
        (SUNDAY, "zondag", SUNDAY),
        (SUNDAY, "maandag", MONDAY),
        (SUNDAY, "vorige dinsdag", date(2026, 3, 10)),
        (NEW_YEAR, "gisteren", date(2026, 12, 31)),
        (NEW_YEAR, "31/12", date(2026, 12, 31)),
        (NEW_YEAR, "vrijdag", NEW_YEAR),
        (NEW_YEAR, "vorige maandag", date(2026, 12, 21)),
        (NEW_YEAR, "12 maart", date(2026, 3, 12)),
    ],
)
async def test_each_dutch_date_form_in_the_line_lands_on_its_day(
    app: App, world: World, clock: FixedClock, today: date, typed: str, day: date
) -> None:
    chat = await _ready(app, world, clock, today)
    reply = await chat.say(f"/gesprek 123456 verdieping 1u {typed}")
    assert f"Datum: {fmt_long(day)}\n" in reply.text
    await chat.press("Bevestigen en opslaan")
    assert (await gesprekken(app))[-1][1] == day


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("20/03/2026", "De datum 20/03/2026 ligt in de toekomst."),
        ("morgen", "De datum 17/03/2026 ligt in de toekomst."),
        ("01/03/2025", "De datum 01/03/2025 ligt meer dan een jaar in het verleden."),
        ("09/03/2026", "Het laatst geregistreerde gesprek was op 10/03/2026."),
        ("20/3", "Het laatst geregistreerde gesprek was op 10/03/2026."),
        ("12/3/26", "Schrijf het jaar met vier cijfers: dd/mm/jjjj, bijvoorbeeld 12/03/2026"),
    ],
)
async def test_a_date_in_the_line_that_cannot_be_is_refused_and_asked(
    app: App, world: World, clock: FixedClock, typed: str, reason: str
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say(f"/gesprek 123456 verdieping 1u {typed}")
    assert reason in reply.text
    assert "Wanneer vond het gesprek plaats?" in reply.text
    reply = await chat.say("gisteren")
    assert "Datum: zondag 15/03/2026" in reply.text


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("123456 verdieping gisteren -30", "Een duur kan niet negatief zijn."),
        ("123456 verdieping gisteren 3u", "Een gesprek duurt van 30 minuten tot 2 uur; 3u kan"),
        ("123456 verdieping gisteren 15", "Bij 15 weet ik niet of je minuten of uren bedoelt."),
        ("123456 verdieping gisteren " + "9" * 400 + " uur", "begreep ik niet"),
    ],
)
async def test_a_duur_in_the_line_that_cannot_be_is_refused_and_asked(
    app: App, world: World, clock: FixedClock, line: str, reason: str
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say(f"/gesprek {line}")
    assert reason in reply.text
    assert "Hoe lang duurde het gesprek?" in reply.text


async def test_a_negative_chequenummer_in_the_line_is_refused_not_looked_up(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say("/gesprek -123456 verdieping gisteren 1u")
    assert "Een chequenummer kan niet negatief zijn: laat het minteken weg." in reply.text
    assert "Welke cheque?" in reply.text


async def test_a_cheque_that_is_not_found_is_said_and_asked(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    reply = await chat.say("/gesprek Janssens verdieping gisteren 1u")
    assert "Geen geregistreerde cheque gevonden bij jouw loopbaancentrum voor ‘Janssens’." in (
        reply.text
    )
    await chat.press("Vermeulen Els")
    assert "Controleer en bevestig:" in chat.text


async def test_the_summary_after_a_line_offers_to_change_the_fields(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    await chat.say("/gesprek 123456 gisteren 1u30 verdieping")
    reply = await chat.press("Gegevens aanpassen")
    assert "Wanneer vond het gesprek plaats?" in reply.text
    await chat.say("eergisteren")
    await chat.press("Peeters An")
    await chat.press("E-coaching")
    await chat.say("45 min")
    reply = await chat.press("Geen feedback")
    assert "Datum: zaterdag 14/03/2026" in reply.text
    assert "Gegevens aanpassen" not in chat.labels
    await chat.press("Bevestigen en opslaan")
    assert (await gesprekken(app))[-1][:5] == (
        "verdieping",
        date(2026, 3, 14),
        "Peeters An",
        "e_coaching",
        45,
    )


async def test_a_name_is_unique_among_the_open_cheques_a_closed_one_does_not_count(
    app: App, world: World, clock: FixedClock
) -> None:
    await import_extra(app, clock, "Vermeulen Jos")
    chat = await registered(app, world.an)
    await chat.register_until_summary("300001", "3001")
    await chat.press("Bevestigen")
    await chat.say("/gesprek 300001 synthese vandaag 1u")
    await chat.press("Ja, cheque afsluiten en opslaan")
    assert "De cheque is nu afgesloten." in chat.text
    clock.set_day(MONDAY)
    reply = await chat.say("/gesprek Vermeulen gisteren 1u verdieping")
    assert reply.text.startswith("👤 Vermeulen Els (klant 999) · cheque 123456")
    assert "Controleer en bevestig:" in reply.text


async def test_a_line_at_the_menu_of_a_paused_flow_does_not_throw_its_answers_away(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = await _ready(app, world, clock)
    await chat.command("cheque")
    await chat.say("200001")
    await chat.command("menu")
    reply = await chat.say("verdieping 123456 gisteren 1u")
    assert reply.text.startswith(f"{texts.CHOOSE_OPTION}\n\n{texts.RESUME_QUESTION}")
    reply = await chat.press("Verdergaan")
    assert "Chequenummer: 200001" in reply.text
