"""Choosing the cheque for a gesprek: open ones newest change first, paged, or searched."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import delete

from bot.app import App
from flows.cheques.file_changes import NOT_YOURS, own_file
from flows.domain.errors import Refusal
from flows.engine import texts
from flows.engine.clock import FixedClock
from flows.engine.values import Choice
from flows.widgets import paging
from storage.models import KlantWoordRow
from storage.repositories import registrations
from tests.gesprek_support import ELS, at_type, import_extra, quick, registered, registration_of
from tests.support import World, database


async def test_the_list_pages_the_open_cheques_newest_change_first(
    app: App, world: World, clock: FixedClock
) -> None:
    names = ("Aerts Ann", "Bosmans Bert", "Claeys Cis", "Dewit Dirk")
    await import_extra(app, clock, *names)
    chat = await registered(app, world.an)
    for i in range(1, 5):
        clock.advance(timedelta(minutes=1))
        await registered(app, world.an, f"30000{i}", f"300{i}")
    clock.advance(timedelta(minutes=1))
    await registered(app, world.an, "200002", "1002")
    clock.advance(timedelta(minutes=1))
    await quick(chat)  # a change moves Vermeulen Els back to the top
    await chat.command("gesprek")
    assert chat.text.startswith("Welke cheque? (1–5 van 6)\n")
    first = ["Vermeulen Els", "Goossens Lien", "Dewit Dirk", "Claeys Cis", "Bosmans Bert"]
    assert [label.split(" · ")[0] for label in chat.labels[:5]] == first
    assert chat.labels[5:] == ["Volgende pagina ▶", texts.CANCEL]
    await chat.press("Volgende pagina ▶")
    assert chat.text.startswith("Welke cheque? (6–6 van 6)\n")
    assert chat.labels == ["Aerts Ann · 300001 · 3u over", "◀ Vorige pagina", texts.CANCEL]
    await chat.press("Vorige pagina")
    assert "(1–5 van 6)" in chat.text


@pytest.mark.parametrize("term", ["123456", "12/34-56", "999", "meul", "VERMEULEN els"])
async def test_a_typed_chequenummer_klantnummer_or_part_of_the_name_selects_the_cheque(
    app: App, world: World, term: str
) -> None:
    chat = await registered(app, world.an)
    await at_type(chat, term)
    assert chat.text.startswith(ELS)


async def test_several_matches_are_offered_to_choose_from(
    app: App, world: World, clock: FixedClock
) -> None:
    await import_extra(app, clock, "Janssens Eva", "Janssens Tom")
    chat = await registered(app, world.an, "300001", "3001")
    await registered(app, world.an, "300002", "3002")
    await chat.command("gesprek")
    reply = await chat.say("janssens")
    assert reply.text.startswith("Meerdere cheques gevonden voor ‘janssens’.\n\n")
    assert chat.labels[:3] == [
        "Janssens Tom · 300002 · 3u over",
        "Janssens Eva · 300001 · 3u over",
        "Alle open cheques",
    ]
    await chat.press("Janssens Eva")
    assert chat.text.startswith("👤 Janssens Eva (klant 3001) · cheque 300001")


async def test_no_match_is_refused_with_the_reason_and_asked_again(app: App, world: World) -> None:
    chat = await registered(app, world.an)
    await chat.command("gesprek")
    reply = await chat.say("Xavier")
    assert reply.text.startswith(
        "Geen geregistreerde cheque gevonden bij jouw loopbaancentrum voor ‘Xavier’.\n\n"
        "Welke cheque?"
    )


@pytest.mark.parametrize("term", ["200001", "1001", "Dubois"])
async def test_another_centres_cheque_is_never_listed_nor_found(
    app: App, world: World, term: str
) -> None:
    await registered(app, world.pieter, "200001", "1001", chat="p")
    chat = await registered(app, world.an)
    await chat.command("gesprek")
    assert [label for label in chat.labels if "Dubois" in label] == []
    assert "Geen geregistreerde cheque gevonden" in (await chat.say(term)).text


async def test_a_forged_choice_of_another_centres_cheque_is_refused(app: App, world: World) -> None:
    await registered(app, world.pieter, "200001", "1001", chat="p")
    theirs = await registration_of(app, "200001")
    chat = await registered(app, world.an)
    await chat.command("gesprek")
    assert chat.last.seq is not None
    await chat.do(Choice(chat.last.seq, len(chat.last.options)))  # forged: not offered
    assert chat.text.startswith(texts.INVALID_CHOICE + "\n\nWelke cheque?")
    async with app.unit_of_work() as uow:
        staff = await uow.staff.get(world.an)
        assert staff is not None
        with pytest.raises(Refusal, match=NOT_YOURS):
            await own_file(uow, staff, theirs)


@pytest.mark.parametrize("term", ["Öztürk", "ozturk", "zTür", "oztürk dil"])
async def test_a_name_is_found_by_any_part_with_or_without_accents(
    app: App, world: World, clock: FixedClock, term: str
) -> None:
    await import_extra(app, clock, "Öztürk Dilek")
    await registered(app, world.an, "300001", "3001", chat="o")
    chat = await registered(app, world.an)
    await chat.command("gesprek")
    await chat.say(term)
    assert chat.text.startswith("👤 Öztürk Dilek (klant 3001) · cheque 300001")


async def test_a_client_renamed_by_a_new_import_is_found_by_the_new_name_only(
    app: App, world: World, clock: FixedClock
) -> None:
    await import_extra(app, clock, "Janssens Eva")
    await registered(app, world.an, "300001", "3001", chat="e")
    await import_extra(app, clock, "Peeters Eva")  # the same klantnummer 3001, renamed
    chat = await registered(app, world.an)
    await chat.command("gesprek")
    assert "Geen geregistreerde cheque gevonden" in (await chat.say("janssens")).text
    await chat.say("peeters eva")
    assert chat.text.startswith("👤 Peeters Eva (klant 3001) · cheque 300001")


async def test_a_name_search_reads_the_name_part_index_not_the_centre(
    app: App, world: World, clock: FixedClock
) -> None:
    """The registrations a name search considers come from KlantWoordRow's prefix range."""
    await import_extra(app, clock, "Janssens Eva", "Janssens Tom")
    await registered(app, world.an, "300001", "3001", chat="e")
    await registered(app, world.an, "300002", "3002", chat="t")
    async with database(app) as session:
        await session.execute(delete(KlantWoordRow).where(KlantWoordRow.woord == "tom"))
        await session.commit()
    async with app.unit_of_work() as uow:
        staff = await uow.staff.get(world.an)
        assert staff is not None
        found = await uow.registrations.search(staff.organisation.id, "Tom", 6)
        assert [f.klantnaam for f in found] == []  # the name is there, its part is not
        found = await uow.registrations.search(staff.organisation.id, "janss", 6)
        assert sorted(f.klantnaam for f in found) == ["Janssens Eva", "Janssens Tom"]


async def test_a_centre_with_more_open_cheques_than_the_cap_is_not_counted_to_the_end(
    app: App, world: World, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(registrations, "COUNT_CAP", 2)
    monkeypatch.setattr(paging, "COUNT_CAP", 2)
    await import_extra(app, clock, "Aerts Ann", "Bosmans Bert", "Claeys Cis")
    for i in range(1, 4):
        await registered(app, world.an, f"30000{i}", f"300{i}", chat=f"c{i}")
    chat = await registered(app, world.an)
    async with app.unit_of_work() as uow:
        staff = await uow.staff.get(world.an)
        assert staff is not None
        _, counted = await uow.registrations.list_open(staff.organisation.id, 0, 1)
    assert counted == 3  # stopped at the cap + 1, not the 4 open cheques
    await chat.command("gesprek")
    assert chat.text.startswith("Welke cheque? (1–4 van meer dan 2)\n")
    assert "Volgende pagina ▶" not in chat.labels
