"""The ESF begeleiding (issue 4, B1–B6 and the overview) through the engine, on both databases."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from bot.app import App
from flows.domain import handbook
from flows.domain.errors import ConcurrencyConflict, Refusal
from flows.domain.esf import Diploma, NewBegeleiding, NewJongere, Resultaat
from flows.engine import texts
from flows.engine.clock import FixedClock
from flows.engine.values import Choice
from flows.esf.begeleiding_changes import NOT_YOURS, add_samenvatting, register_begeleiding
from storage.models import ActieRow, AuditRow, BegeleidingRow, JongereRow, SamenvattingRow
from tests.esf_support import (
    CHEQUE_FLOWS,
    CHEQUE_MENU,
    ESF_FLOWS,
    ESF_MENU,
    FIRST,
    KOBE,
    LORE,
    REMINDERS,
    TOM,
    YASMINE,
    Esf,
    aanvullen,
    add_actie,
    audit_actions,
    close,
    detail,
    line_id,
    lines,
    register,
    seed_esf,
)
from tests.support import Chat, World, count, database

START = date(2026, 3, 2)


@pytest.fixture
async def esf(app: App, world: World, clock: FixedClock) -> Esf:
    return await seed_esf(app, world, clock.now())


async def to_summary(chat: Chat, klant: str = TOM) -> str:
    await chat.command("esf")
    await chat.say(klant)
    await chat.say("02/03/2026")
    await chat.say(FIRST)
    return chat.text


# -- 1: who gets which flows -----------------------------------------------------------------------
async def test_staff_of_an_esf_organisation_get_the_esf_flows_and_not_the_cheque_flows(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    await chat.command("start")
    assert chat.labels == ESF_MENU
    help_text = (await chat.command("help")).text
    assert "/esf (esf-begeleiding registreren), /esfoverzicht (esf-begeleidingen bekijken)" in (
        help_text
    )
    assert "niet beschikbaar voor jouw organisatie" in (await chat.command("cheque")).text


async def test_staff_of_a_loopbaancentrum_get_the_cheque_flows_and_not_the_esf_flows(
    app: App, world: World, esf: Esf
) -> None:
    chat = Chat(app, world.an)
    await chat.command("start")
    assert chat.labels == CHEQUE_MENU
    for command in ("esf", "esfoverzicht", "verwijderingen"):
        assert "niet beschikbaar voor jouw organisatie" in (await chat.command(command)).text


async def test_staff_of_an_organisation_of_both_kinds_get_both(app: App, esf: Esf) -> None:
    chat = Chat(app, esf.mia)
    await chat.command("start")
    assert chat.labels == CHEQUE_FLOWS + ESF_MENU


async def test_a_coach_also_gets_the_removal_requests(app: App, esf: Esf) -> None:
    chat = Chat(app, esf.coach)
    await chat.command("start")
    assert chat.labels == [*ESF_FLOWS, "Verwijderingsaanvragen", REMINDERS]


# -- 3: eligibility first ------------------------------------------------------------------------
async def test_a_jongere_with_a_diploma_is_refused_with_the_reason_and_asked_again(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    question = (await chat.command("esf")).text
    reply = await chat.say(KOBE)
    assert reply.text == (
        "Pauwels Kobe (klant 1103) heeft volgens de gegevens een diploma van het secundair "
        "onderwijs. Enkel een jongere die bij de start van de begeleiding geen diploma secundair "
        f"onderwijs had, behoort tot de doelgroep. {handbook.NOT_TARGET_GROUP}\n\n{question}"
    )
    assert await lines(app) == []


async def test_an_unknown_diploma_must_be_confirmed_as_none_and_is_kept_on_the_line(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    await chat.command("esf")
    await chat.say(YASMINE)
    assert "Bevestig je dat El Amrani Yasmine bij de start geen diploma had?" in chat.text
    await chat.press("Nee, er was een diploma")
    assert chat.text.startswith(
        "El Amrani Yasmine (klant 1102) had bij de start van de begeleiding een diploma"
    )
    assert chat.text.endswith("Geef het klantnummer van de jongere.")
    await chat.say(YASMINE)
    await chat.press("Ja, ik bevestig: geen diploma")
    await chat.say("02/03/2026")
    await chat.say(FIRST)
    assert "Diploma secundair onderwijs bij de start: niet gekend; jij bevestigt: geen" in (
        chat.text
    )
    await chat.press("✅ Bevestigen")
    async with database(app) as db:
        assert await db.scalar(select(BegeleidingRow.diploma_bij_start)) == "onbekend"


async def test_a_jongere_entered_in_the_flow_is_stored_with_the_line_only_on_bevestigen(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    await chat.command("esf")
    await chat.say("12.00")
    assert "Klantnummer 1200 is nog niet gekend" in chat.text
    reply = await chat.say("jansen piet")
    assert reply.text.startswith("Schrijf de naam als ‘Familienaam Voornaam’")
    await chat.say("Jansen Piet")
    assert (await chat.say("01/01/2030")).text.startswith("De geboortedatum 01/01/2030 ligt in")
    await chat.say("01/01/2009")
    await chat.press("Nee, geen diploma")
    await chat.press("Vandaag")
    await chat.say(FIRST)
    assert "Jongere: Jansen Piet (klant 1200), geboren 01/01/2009" in chat.text
    assert await count(app, JongereRow) == 4
    await chat.press("✅ Bevestigen")
    assert await count(app, JongereRow) == 5
    assert [row[:3] for row in await lines(app)] == [("1200", esf.duaal_plus, "bezig")]


async def test_a_new_jongere_with_a_diploma_is_refused_at_the_diploma_question(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    await chat.command("esf")
    await chat.say("1200")
    await chat.say("Jansen Piet")
    question = (await chat.say("01/01/2009")).text
    reply = await chat.press("Ja, een diploma")
    assert reply.text == (
        "Jansen Piet (klant 1200) had bij de start van de begeleiding een diploma van het "
        f"secundair onderwijs. {handbook.NOT_TARGET_GROUP}\n\n{question}"
    )
    assert await count(app, JongereRow) == 4


# -- 3: the line itself ----------------------------------------------------------------------------
async def test_the_summary_shows_bezig_startdatum_eewg019_and_the_user_before_anything_is_stored(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    summary = await to_summary(chat)
    assert summary == (
        "Controleer en bevestig. Pas na ‘Bevestigen’ wordt de lijn toegevoegd aan de stappen naar "
        "werk van Duaal Plus.\n\n"
        "Stap: Onderwijs ondersteuning alternerend leren\n"
        "Jongere: Janssens Tom (klant 1101), geboren 12/05/2008\n"
        "Diploma secundair onderwijs bij de start: geen\n"
        "Toestand: Bezig\n"
        "Startdatum: 02/03/2026\n"
        "Financieringsnummer: EEWG019\n"
        "Aanvrager: Jacobs Noor\n"
        "Uitvoerder: Jacobs Noor\n"
        f"Samenvatting: “{FIRST}”"
    )
    assert await lines(app) == []
    reply = await chat.press("✅ Bevestigen")
    assert reply.text.startswith(
        "✅ Bevestigd. De lijn ‘Onderwijs ondersteuning alternerend leren’ van Janssens Tom "
        "(klant 1101) staat bij de stappen naar werk van Duaal Plus: toestand Bezig sinds "
        "02/03/2026, financieringsnummer EEWG019."
    )
    assert chat.labels == ESF_MENU
    assert await lines(app) == [(TOM, esf.duaal_plus, "bezig", START, None, None, False)]
    async with database(app) as db:
        row = (await db.scalars(select(BegeleidingRow))).one()
        assert (row.financieringsnummer, row.aanvrager_id, row.uitvoerder_id) == (
            "EEWG019",
            esf.noor,
            esf.noor,
        )


async def test_the_startdatum_is_typed_or_a_button_and_refused_with_the_reason_when_wrong(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    await chat.command("esf")
    question = (await chat.say(TOM)).text.split("\n\n", 1)[1]
    assert (
        "Startdatum van de begeleiding (= startdatum van de begeleidingsovereenkomst)" in question
    )
    assert chat.labels[:2] == ["Vandaag (10/03/2026)", "Gisteren (09/03/2026)"]
    assert chat.last.widget == "date"
    reply = await chat.say("02/03/26")
    assert reply.text.startswith("Schrijf het jaar met vier cijfers")
    assert reply.text.endswith(question)
    reply = await chat.say("11/03/2026")
    assert reply.text == (
        "De startdatum 11/03/2026 ligt in de toekomst. Plaats de lijn op Bezig vanaf de "
        f"startdatum van de begeleidingsovereenkomst.\n\n{question}"
    )
    await chat.press("Gisteren")
    await chat.say(FIRST)
    assert "Startdatum: 09/03/2026" in chat.text


async def test_aanvrager_and_uitvoerder_can_each_be_another_staff_member_of_the_organisation(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    await to_summary(chat)
    await chat.press("Aanvrager wijzigen")
    assert chat.labels == [
        "Coppens Hilde",
        "Jacobs Noor (jij)",
        "Smets Jonas",
        texts.BACK,
        texts.CANCEL,
    ]
    await chat.press("Smets Jonas")
    assert "Aanvrager: Smets Jonas\nUitvoerder: Jacobs Noor\n" in chat.text
    await chat.press("Uitvoerder wijzigen")
    await chat.press("Coppens Hilde")
    assert "Aanvrager: Smets Jonas\nUitvoerder: Coppens Hilde\n" in chat.text
    await chat.press("✅ Bevestigen")
    async with database(app) as db:
        row = (await db.scalars(select(BegeleidingRow))).one()
        assert (row.aanvrager_id, row.uitvoerder_id, row.registered_by) == (
            esf.jonas,
            esf.coach,
            esf.noor,
        )


async def test_a_staff_member_of_another_organisation_is_never_accepted_as_aanvrager(
    app: App, esf: Esf, clock: FixedClock
) -> None:
    chat = Chat(app, esf.noor)
    await to_summary(chat)
    await chat.press("Aanvrager wijzigen")
    assert chat.last.seq is not None
    await chat.do(Choice(chat.last.seq, len(chat.last.options)))  # forged callback data
    assert chat.text.startswith(texts.INVALID_CHOICE)
    async with app.unit_of_work() as uow:
        noor = await uow.staff.get(esf.noor)
        jongere = await uow.jongeren.by_klantnummer(TOM, esf.duaal_plus)
        assert noor is not None
        assert jongere is not None
        new = NewBegeleiding(
            esf.duaal_plus, jongere, False, START, esf.lien, esf.noor, FIRST, noor.id, clock.now()
        )
        with pytest.raises(Refusal, match="medewerkers van jouw organisatie"):
            await register_begeleiding(uow, noor, new)


async def test_a_second_running_line_for_a_jongere_is_refused_pointing_to_the_running_one(
    app: App, esf: Esf
) -> None:
    await register(Chat(app, esf.noor))
    colleague = Chat(app, esf.jonas, chat="2")
    question = (await colleague.command("esf")).text
    reply = await colleague.say(TOM)
    assert reply.text == (
        "Voor Janssens Tom (klant 1101) loopt bij Duaal Plus al een begeleiding ‘Onderwijs "
        "ondersteuning alternerend leren’: toestand Bezig sinds 02/03/2026 (uitvoerder Jacobs "
        "Noor). Per jongere loopt er maar één begeleiding tegelijk: werk verder op die lijn via "
        f"/esfoverzicht.\n\n{question}"
    )
    elsewhere = Chat(app, esf.lien, chat="3")  # one running line per jongere *per organisation*
    assert (await register(elsewhere)).text.startswith("✅ Bevestigd.")
    assert [(row[0], row[2]) for row in await lines(app)] == [(TOM, "bezig"), (TOM, "bezig")]


async def test_two_confirmations_for_the_same_jongere_store_one_line_and_refuse_the_other(
    app: App, esf: Esf
) -> None:
    first, second = Chat(app, esf.noor, chat="1"), Chat(app, esf.jonas, chat="2")
    await to_summary(first)
    await to_summary(second)
    await first.press("✅ Bevestigen")
    reply = await second.press("✅ Bevestigen")
    assert reply.text.startswith("Voor Janssens Tom (klant 1101) loopt bij Duaal Plus al een")
    assert "Controleer en bevestig" in reply.text
    assert len(await lines(app)) == 1


async def test_the_database_itself_allows_one_running_line_per_jongere_per_organisation(
    app: App, esf: Esf, clock: FixedClock
) -> None:
    async with app.unit_of_work() as uow:
        jongere = await uow.jongeren.by_klantnummer(TOM, esf.duaal_plus)
        assert jongere is not None
        new = NewBegeleiding(
            esf.duaal_plus, jongere, False, START, esf.noor, esf.noor, FIRST, esf.noor, clock.now()
        )
        await uow.begeleidingen.add(new, jongere.id, Diploma.NEE)
        with pytest.raises(ConcurrencyConflict):
            await uow.begeleidingen.add(new, jongere.id, Diploma.NEE)


# -- 4: follow-up on the same line -----------------------------------------------------------------
async def test_an_entry_written_just_after_midnight_carries_that_local_day_not_the_utc_one(
    app: App, esf: Esf, clock: FixedClock
) -> None:
    chat = Chat(app, esf.noor)
    await register(chat)
    clock.advance(timedelta(hours=14, minutes=30))  # 11/03/2026 00:30 in Brussels, 23:30 UTC
    await detail(chat)
    reply = await aanvullen(chat, "Telefoon van de werkgever, laat op de avond.")
    assert "  11/03/2026 · Jacobs Noor: Telefoon van de werkgever" in reply.text


async def test_follow_up_adds_dated_entries_to_the_samenvatting_of_the_same_line(
    app: App, esf: Esf, clock: FixedClock
) -> None:
    chat = Chat(app, esf.noor)
    await register(chat)
    clock.advance(timedelta(days=2))
    await detail(chat)
    await chat.press("Samenvatting aanvullen")
    await chat.say("Gesprek met de mentor: de stage verloopt goed.")
    assert "Aanvulling bij de samenvatting, 12/03/2026:" in chat.text
    reply = await chat.press("Opslaan")
    assert reply.text.startswith("✅ Samenvatting aangevuld.\n\n📁 ")
    assert (
        "Samenvatting:\n"
        f"  10/03/2026 · Jacobs Noor: {FIRST}\n"
        "  12/03/2026 · Jacobs Noor: Gesprek met de mentor: de stage verloopt goed.\n"
    ) in reply.text
    assert (len(await lines(app)), await count(app, SamenvattingRow)) == (1, 2)


async def test_actions_are_dated_between_start_and_today_and_refused_outside_with_the_reason(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    await register(chat)
    await detail(chat)
    await chat.press("Actie registreren")
    question = (await chat.press("Bezoek op school of werkplek")).text
    reply = await chat.say("01/03/2026")
    assert reply.text == (
        "De datum 01/03/2026 ligt vóór de startdatum van de begeleiding (02/03/2026): acties "
        f"registreer je vanaf de startdatum.\n\n{question}"
    )
    reply = await chat.say("11/03/2026")
    assert reply.text.startswith("De datum 11/03/2026 ligt in de toekomst.")
    await chat.say("02/03/2026")
    await chat.say("Stageplaats bezocht met de mentor.")
    assert "Actie: Bezoek op school of werkplek\nDatum: 02/03/2026\nNotitie: Stageplaats" in (
        chat.text
    )
    assert await count(app, ActieRow) == 0
    reply = await chat.press("Bevestigen en opslaan")
    assert reply.text.startswith("✅ Bezoek op school of werkplek van 02/03/2026 geregistreerd.")
    assert (
        "Acties:\n  02/03/2026 · Bezoek op school of werkplek — Stageplaats bezocht met de mentor."
    ) in reply.text
    assert await count(app, ActieRow) == 1


# -- 5: geannuleerd ------------------------------------------------------------------------------
async def test_a_line_registered_by_mistake_is_cancelled_after_confirmation_and_leaves_the_overview(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    await register(chat)
    await register(chat, LORE)
    await detail(chat)
    assert handbook.ESF_CANCEL in (await chat.press("Lijn annuleren")).text
    await chat.press("Nee, niet annuleren")
    assert chat.text.endswith("Wat wil je doen?")
    await chat.press("Lijn annuleren")
    reply = await chat.press("Ja, lijn annuleren")
    assert reply.text.startswith(
        "🗑 De lijn van Janssens Tom staat op Geannuleerd en verdwijnt uit het overzicht.\n\n"
        "ESF-begeleidingen van Duaal Plus"
    )
    assert [label for label in chat.labels if "·" in label] == [
        "Verbeke Lore · Bezig sinds 02/03/2026"
    ]
    assert (await chat.say(TOM)).text.startswith("Geen begeleiding gevonden voor ‘1101’")
    assert [row[2] for row in await lines(app)] == ["geannuleerd", "bezig"]  # still stored
    assert ("esf.cancelled", str(await line_id(app)), esf.noor) in await audit_actions(app)
    assert (await register(chat)).text.startswith("✅ Bevestigd.")  # no longer running


# -- 6: closing ----------------------------------------------------------------------------------
async def test_closing_takes_an_einddatum_within_its_limits_then_one_of_the_five_resultaten(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    await register(chat)
    await detail(chat)
    await add_actie(chat, "05/03/2026")
    await chat.press("Beëindigen")
    question = chat.text
    for typed, reason in (
        ("01/03/2026", "De einddatum 01/03/2026 ligt vóór de startdatum van de begeleiding"),
        ("04/03/2026", "De einddatum 04/03/2026 ligt vóór de laatst geregistreerde actie"),
        ("11/03/2026", "De einddatum 11/03/2026 ligt in de toekomst."),
    ):
        reply = await chat.say(typed)
        assert reply.text.startswith(reason)
        assert reply.text.endswith(question)
    reply = await chat.say("06/03/2026")
    positive = [f"{n}. ➕ {r.label}" for n, r in enumerate(Resultaat, 1) if r.positief]
    negative = [f"{n}. ➖ {r.label}" for n, r in enumerate(Resultaat, 1) if not r.positief]
    assert chat.labels == [  # short on a phone: the full wording is numbered in the text
        "1. ➕ Opleiding verder",
        "2. ➕ Gestopt, heeft werk",
        "3. ➕ Kwalificatie behaald",
        "4. ➖ Geen kwalificatie, geen werk",
        "5. ➖ Stopgezet, blijft in onderwijs",
        texts.BACK,
        texts.CANCEL,
    ]
    assert all(len(label) <= 35 for label in chat.labels)
    assert (
        "Kies het resultaat (verplicht).\nPositief resultaat:\n"
        + "\n".join(positive)
        + "\nNegatief resultaat:\n"
        + "\n".join(negative)
    ) in reply.text
    reply = await chat.press("Gestopt, heeft werk")
    assert "Resultaat (positief): De jongere is gestopt met de opleiding maar heeft werk." in (
        reply.text
    )
    assert (
        f"⚠️ Opgelet: {handbook.ESF_FINAL}\nDe samenvatting aanvullen kan nog tot en met 24/03/2026."
    ) in reply.text
    assert [row[2] for row in await lines(app)] == ["bezig"]
    reply = await chat.press("Bevestigen: begeleiding beëindigen")
    assert reply.text.startswith(
        "✅ Beëindigd op 06/03/2026. De samenvatting aanvullen kan nog tot en met 24/03/2026."
    )
    assert "Toestand: Beëindigd · 02/03/2026 – 06/03/2026\nResultaat (positief):" in reply.text
    assert chat.labels[:4] == [
        "Samenvatting aanvullen",
        "Verwijdering aanvragen",
        "Andere begeleiding",
        "Klaar",
    ]
    assert await lines(app) == [
        (TOM, esf.duaal_plus, "beeindigd", START, date(2026, 3, 6), "gestopt_met_werk", False)
    ]


async def test_after_closing_a_change_begun_before_it_is_refused_with_the_reason(
    app: App, esf: Esf
) -> None:
    chat, colleague = Chat(app, esf.noor, chat="1"), Chat(app, esf.jonas, chat="2")
    await register(chat)
    await detail(chat)
    await chat.press("Actie registreren")
    await chat.press("Gesprek met de jongere")
    await chat.press("Vandaag")
    question = (await chat.press("Geen notitie")).text
    await detail(colleague)
    await close(colleague, "09/03/2026")
    reply = await chat.press("Bevestigen en opslaan")
    assert reply.text.startswith(
        "Deze begeleiding is beëindigd op 09/03/2026. Beëindigd is een eindtoestand: je kan de "
        "gegevens niet meer wijzigen. Alleen de samenvatting kan je nog aanvullen, tot en met "
        "24/03/2026.\n\n📁 Onderwijs ondersteuning alternerend leren\n"
    )
    assert question not in reply.text  # the flow left the question no answer can mend
    assert "Toestand: Beëindigd · 02/03/2026 – 09/03/2026" in reply.text
    assert chat.labels[:2] == ["Samenvatting aanvullen", "Verwijdering aanvragen"]
    assert await count(app, ActieRow) == 0


async def test_the_samenvatting_is_accepted_14_days_after_registering_the_closing_not_15(
    app: App, esf: Esf, clock: FixedClock
) -> None:
    chat = Chat(app, esf.noor)
    await register(chat)
    await detail(chat)
    await close(chat, "06/03/2026")  # registered on 10/03: B6 counts from that day
    clock.advance(timedelta(days=14))
    text = await detail(chat)
    assert "De samenvatting aanvullen kan nog tot en met 24/03/2026." in text
    reply = await aanvullen(chat, "Nazorg: de jongere heeft een contract getekend.")
    assert reply.text.startswith("✅ Samenvatting aangevuld.")
    await chat.press("Samenvatting aanvullen")
    await chat.say("Nog een aanvulling, bevestigd na middernacht.")
    clock.advance(timedelta(days=1))  # day 15 before the user confirms
    refused = (
        "De samenvatting aanvullen kan tot 14 dagen nadat de beëindiging geregistreerd werd "
        "(10/03/2026), dus tot en met 24/03/2026: sinds 25/03/2026 kan dat niet meer."
    )
    assert (await chat.press("Opslaan")).text.startswith(f"{refused}\n\n")
    text = await detail(chat)
    assert "De samenvatting aanvullen kan niet meer sinds 25/03/2026." in text
    assert "Samenvatting aanvullen" not in chat.labels  # no button that will be refused
    assert chat.labels[:3] == ["Verwijdering aanvragen", "Andere begeleiding", "Klaar"]
    assert await count(app, SamenvattingRow) == 2


# -- 8: the overview -----------------------------------------------------------------------------
async def test_the_overview_lists_running_lines_first_filters_searches_and_opens_each_line(
    app: App, esf: Esf, clock: FixedClock
) -> None:
    chat = Chat(app, esf.noor)
    await register(chat, LORE)
    clock.advance(timedelta(hours=1))
    await register(chat, TOM)
    await detail(chat, TOM)
    clock.advance(timedelta(hours=1))
    await close(chat, "10/03/2026")  # newest change, but no longer running
    clock.advance(timedelta(hours=1))
    await register(chat, YASMINE)
    await chat.command("esfoverzicht")
    assert chat.text.startswith(
        "ESF-begeleidingen van Duaal Plus (Onderwijs ondersteuning alternerend leren)\n"
        "Filter: alle\n1–3 van 3, lopende eerst."
    )
    assert chat.labels == [
        "El Amrani Yasmine · Bezig sinds 02/03/2026",
        "Verbeke Lore · Bezig sinds 02/03/2026",
        "Janssens Tom · Beëindigd · 02/03/2026 – 10/03/2026",
        "Filter: bezig",
        "Filter: beëindigd",
        "⬇ CSV",
        "⬇ Excel",
        "📊 Grafiek",
        texts.CANCEL,
    ]
    await chat.press("Filter: beëindigd")
    assert [label for label in chat.labels if "·" in label] == [
        "Janssens Tom · Beëindigd · 02/03/2026 – 10/03/2026"
    ]
    await chat.press("Filter: bezig")
    assert (await chat.say("Janssens")).text.startswith("Geen begeleiding gevonden voor ‘Janssens’")
    reply = await chat.say("e")
    assert reply.text.startswith("2 begeleidingen gevonden voor ‘e’.")
    assert "Zoekterm wissen" in chat.labels
    await chat.press("Filter: alle")
    assert (await chat.say("verbeke")).text.startswith(
        "📁 Onderwijs ondersteuning alternerend leren\n👤 Verbeke Lore"
    )
    await chat.press("Andere begeleiding")
    assert (await chat.say(TOM)).text.startswith(
        "📁 Onderwijs ondersteuning alternerend leren\n👤 Janssens Tom"
    )


async def test_the_overview_pages_by_five(app: App, esf: Esf, clock: FixedClock) -> None:
    async with app.unit_of_work() as uow:
        for number in range(7):
            jongere = await uow.jongeren.add(
                NewJongere(f"20{number}", f"Jongere Nummer{number}", date(2008, 1, 1), Diploma.NEE),
                esf.duaal_plus,
                clock.now(),
            )
            new = NewBegeleiding(
                esf.duaal_plus,
                jongere,
                False,
                START,
                esf.noor,
                esf.noor,
                FIRST,
                esf.noor,
                clock.now() + timedelta(minutes=number),
            )
            await uow.begeleidingen.add(new, jongere.id, Diploma.NEE)
        await uow.commit()
    chat = Chat(app, esf.noor)
    assert "1–5 van 7, lopende eerst." in (await chat.command("esfoverzicht")).text
    assert chat.labels[0].startswith("Jongere Nummer6 · ")  # newest change first
    assert "Volgende pagina ▶" in chat.labels
    assert "◀ Vorige pagina" not in chat.labels
    assert "6–7 van 7, lopende eerst." in (await chat.press("Volgende pagina")).text
    assert [label for label in chat.labels if "·" in label] == [
        "Jongere Nummer1 · Bezig sinds 02/03/2026",
        "Jongere Nummer0 · Bezig sinds 02/03/2026",
    ]
    assert "◀ Vorige pagina" in chat.labels


async def test_nobody_sees_or_changes_a_line_of_another_organisation(
    app: App, esf: Esf, clock: FixedClock
) -> None:
    await register(Chat(app, esf.lien))  # Leerwerk Gent's line
    elsewhere_line = await line_id(app)
    chat = Chat(app, esf.noor)
    await chat.command("esfoverzicht")
    assert "Geen begeleidingen gevonden." in chat.text
    assert (await chat.say(TOM)).text.startswith("Geen begeleiding gevonden voor ‘1101’ bij Duaal")
    assert chat.last.seq is not None
    await chat.do(Choice(chat.last.seq, len(chat.last.options)))  # forged callback data
    assert chat.text.startswith(texts.INVALID_CHOICE)
    async with app.unit_of_work() as uow:
        noor = await uow.staff.get(esf.noor)
        assert noor is not None
        with pytest.raises(Refusal, match=re.escape(NOT_YOURS)):
            await add_samenvatting(
                uow, noor, elsewhere_line, "Iets van een andere partner.", clock.now()
            )


# -- 9: every change audited -----------------------------------------------------------------------
async def test_every_change_writes_an_audit_entry_with_the_record_before_and_after(
    app: App, esf: Esf
) -> None:
    chat = Chat(app, esf.noor)
    await register(chat)
    await detail(chat)
    await aanvullen(chat, "Tweede gesprek: de jongere is gemotiveerd.")
    await add_actie(chat, "05/03/2026")
    await close(chat, "06/03/2026", "Geen kwalificatie")
    entity = str(await line_id(app))
    esf_actions = [entry for entry in await audit_actions(app) if entry[0].startswith("esf.")]
    assert esf_actions == [
        ("esf.registered", entity, esf.noor),
        ("esf.samenvatting_added", entity, esf.noor),
        ("esf.actie_registered", entity, esf.noor),
        ("esf.closed", entity, esf.noor),
    ]
    async with database(app) as db:
        before, after = (
            await db.execute(
                select(AuditRow.before, AuditRow.after).where(AuditRow.action == "esf.closed")
            )
        ).one()
        registered = await db.scalar(
            select(AuditRow.after).where(AuditRow.action == "esf.registered")
        )
    assert (before["toestand"], before["einddatum"]) == ("bezig", None)
    assert (after["toestand"], after["einddatum"], after["resultaat"]) == (
        "beeindigd",
        "2026-03-06",
        "geen_kwalificatie",
    )
    assert registered is not None
    assert (registered["financieringsnummer"], registered["jongere"]) == ("EEWG019", TOM)


async def test_a_jongere_entered_while_an_import_stored_the_same_klantnummer_is_not_duplicated(
    app: App, esf: Esf, clock: FixedClock
) -> None:
    entered = NewJongere(TOM, "Janssens Tom", date(2008, 5, 12), Diploma.NEE)
    async with app.unit_of_work() as uow:
        noor = await uow.staff.get(esf.noor)
        assert noor is not None
        new = NewBegeleiding(
            esf.duaal_plus, entered, False, START, noor.id, noor.id, FIRST, noor.id, clock.now()
        )
        line = await register_begeleiding(uow, noor, new)
        await uow.commit()
    assert line.jongere.id is not None
    assert await count(app, JongereRow) == 4
    assert "jongere.added" not in [action for action, _, _ in await audit_actions(app)]
