"""The engine's conversation mechanics, through the engine on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from datetime import timedelta
from itertools import pairwise

from bot.app import App
from flows.engine import texts
from flows.engine.clock import FixedClock
from flows.engine.values import Choice, Command, Input, TelegramUser, Text
from storage.models import ProcessedUpdateRow, SessionRow
from tests.support import Chat, World, count, stored_counts

MENU = [
    "Cheque registreren",
    "Gesprek registreren",
    "Cheque bekijken",
    "Overzicht begeleidingen",
    "Financieel overzicht",
    "Herinneringen",
]


async def test_start_greets_by_first_name_and_offers_the_menu(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    reply = await chat.command("start")
    assert "Dag An!" in reply.text
    assert "De Brug" in reply.text
    assert chat.labels == MENU


async def test_an_unknown_telegram_user_gets_a_refusal_and_nothing_else(
    app: App, world: World
) -> None:
    stranger = Chat(app, telegram_id=777)
    for what in (Command("start"), Command("cheque"), Text("123456")):
        replies = await stranger.do(what)
        assert [r.text for r in replies] == [texts.NO_ACCESS]
        assert replies[0].options == ()
    assert await count(app, SessionRow) == 0


async def test_a_linked_telegram_user_is_recognised_as_their_staff_member(
    app: App, world: World
) -> None:
    reply = await Chat(app, telegram_id=5001).command("start")
    assert "Dag An!" in reply.text


async def test_cheque_flow_is_not_offered_to_an_esf_only_organisation(
    app: App, world: World
) -> None:
    chat = Chat(app, world.esf_only)
    await chat.command("start")
    assert "Cheque registreren" not in chat.labels
    reply = await chat.command("cheque")
    assert "niet beschikbaar voor jouw organisatie" in reply.text


async def test_every_flow_question_offers_a_way_out_and_after_the_first_a_way_back(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    assert chat.labels == [texts.CANCEL]
    await chat.say("123456")
    assert chat.labels == [texts.BACK, texts.CANCEL]


async def test_back_returns_to_the_previous_question(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    await chat.say("123456")
    await chat.press("Vorige")
    assert "Geef het chequenummer" in chat.text
    await chat.say("vorige")
    assert texts.FIRST_STEP in chat.text
    assert "Geef het chequenummer" in chat.text


async def test_annuleer_leaves_the_flow_and_stores_nothing(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.register_until_summary()
    reply = await chat.command("annuleer")
    assert texts.CANCELLED in reply.text
    assert chat.labels == MENU
    assert await stored_counts(app) == (0, 0, 0)


async def test_help_mid_flow_answers_then_repeats_the_pending_question(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    await chat.say("123456")
    reply = await chat.command("help")
    assert "/annuleer" in reply.text
    assert "Het klantnummer staat ook op de loopbaancheque" in reply.text
    assert reply.text.endswith("Geef nu het klantnummer (ook op de loopbaancheque).")


async def test_an_unknown_command_is_named_and_the_question_repeated(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    reply = await chat.command("foo")
    assert "/foo ken ik niet" in reply.text
    assert "Geef het chequenummer" in reply.text


async def test_a_stale_button_is_answered_not_applied(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.register_until_summary()
    old = chat.last
    assert old.seq is not None
    await chat.press("Bevestigen")
    assert await stored_counts(app) == (1, 1, 1)
    confirm = [o.value for o in old.options].index("confirm")
    replies = await chat.do(Choice(old.seq, confirm))  # the double tap
    assert texts.STALE_CHOICE in replies[-1].text
    assert await stored_counts(app) == (1, 1, 1)


async def test_a_forged_choice_that_the_question_did_not_offer_is_refused(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    await chat.say("123456")
    await chat.say("999")
    assert chat.last.seq is not None
    await chat.do(Choice(chat.last.seq, len(chat.last.options)))  # one past the last
    assert texts.INVALID_CHOICE in chat.text
    assert "Reden loopbaanbegeleiding" in chat.text


async def test_a_redelivered_update_is_applied_once(app: App, world: World) -> None:
    chat = Chat(app, telegram_id=5001)
    await chat.do(Command("cheque"), update_id=10)
    first = await chat.do(Text("123456"), update_id=11)
    again = await chat.do(Text("123456"), update_id=11)
    assert "Geef nu het klantnummer" in first[-1].text
    assert again == []
    assert await count(app, ProcessedUpdateRow) == 2


async def test_a_chat_that_returns_after_a_pause_is_offered_to_continue(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    await chat.say("123456")
    clock.advance(timedelta(hours=5))
    reply = await chat.say("999")
    assert (
        "Welkom terug! Je was bezig met: Cheque registreren — stap 1, het klantnummer."
        in reply.text
    )
    assert chat.labels[:2] == [texts.RESUME, texts.DISCARD]
    await chat.press("Verdergaan")
    assert "Chequenummer: 123456" in chat.text
    await chat.say("999")
    assert "Reden loopbaanbegeleiding" in chat.text


async def test_a_restart_loses_nothing_because_the_session_lives_in_the_database(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    await chat.say("123456")
    await app.close()  # the server goes away ...
    from bot.app import build_app

    restarted = await build_app(app.settings, clock, migrate=False)
    try:
        again = Chat(restarted, world.an)
        reply = await again.command("start")
        assert "Welkom terug" in reply.text
        await again.press("Verdergaan")
        await again.say("999")
        assert "Reden loopbaanbegeleiding" in again.text
    finally:
        await restarted.close()


async def test_menu_mid_flow_offers_to_continue_or_stop(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    await chat.say("123456")
    await chat.command("menu")
    assert chat.labels == [texts.RESUME, texts.DISCARD, *MENU]
    await chat.press("Stoppen zonder opslaan")
    assert texts.CANCELLED in chat.text
    assert chat.labels == MENU


async def test_a_command_mid_flow_with_answers_asks_before_throwing_them_away(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.register_until_summary()
    summary = chat.text
    reply = await chat.command("overzicht")
    assert reply.text == (
        "Je bent bezig met: Cheque registreren — het overzicht voor bevestiging. Wat je al "
        "invulde, is nog niet opgeslagen.\nWil je stoppen zonder opslaan en naar ‘Overzicht "
        "begeleidingen’ gaan, of terug naar de vraag?"
    )
    assert chat.labels == [texts.DISCARD, texts.BACK_TO_QUESTION]
    assert "werd niet opgeslagen" not in reply.text
    reply = await chat.press("Terug naar de vraag")
    assert reply.text == summary
    await chat.command("overzicht")
    reply = await chat.press("Stoppen zonder opslaan")
    said = "\n\n".join(each.text for each in chat.replies[-2:])  # a first-use tip between
    assert said.startswith(f"{texts.CANCELLED}\n\n")
    assert "Overzicht" in reply.text
    assert await stored_counts(app) == (0, 0, 0)


async def test_typed_text_at_the_leave_question_asks_it_again(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    await chat.say("123456")
    question = (await chat.command("cheque")).text
    reply = await chat.say("misschien")
    assert reply.text == f"{texts.CHOOSE_OPTION}\n\n{question}"
    reply = await chat.say("stoppen zonder opslaan")
    assert reply.text.startswith(texts.CANCELLED)
    assert "Geef het chequenummer" in reply.text


async def test_a_command_at_the_first_question_leaves_without_a_word(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    reply = await chat.command("overzicht")
    assert "opgeslagen" not in reply.text
    assert "bezig met" not in reply.text


async def test_leaving_an_overview_or_a_detail_asks_nothing_and_says_nothing_of_saving(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.register_until_summary()
    await chat.press("Bevestigen")
    await chat.command("dossier")
    await chat.say("123456")
    assert "Wat wil je doen" in chat.text or chat.labels
    for command in ("financieel", "overzicht", "cheque"):
        reply = await chat.command(command)
        assert "opgeslagen" not in reply.text
        assert "bezig met" not in reply.text
    assert "Geef het chequenummer" in chat.text


async def test_typed_text_on_a_buttons_only_question_asks_to_choose(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.register_until_summary()
    reply = await chat.say("ja hoor")
    assert texts.CHOOSE_OPTION in reply.text
    assert "Controleer en bevestig" in reply.text


async def test_typing_an_option_label_chooses_it(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    await chat.say("123456")
    await chat.say("999")
    await chat.say("ondernemerschap")
    assert "✓ Ondernemerschap" in chat.labels


async def test_concurrent_updates_of_one_chat_are_applied_one_after_the_other(
    app: App, world: World
) -> None:
    """Four themes typed at once: each update sees the ones before it, none is lost."""
    chat = Chat(app, telegram_id=5001)
    await chat.do(Command("cheque"), update_id=1)
    await chat.do(Text("123456"), update_id=2)
    await chat.do(Text("999"), update_id=3)  # the themes question: each typed theme toggles
    themes = [
        "Ondernemerschap",
        "Competenties en talenten",
        "Werkbaar werk en welzijn",
        "Opleiding en ontwikkeling",
    ]
    inputs = [
        Input("telegram", "1", TelegramUser(5001), Text(theme), update_id=100 + i)
        for i, theme in enumerate(themes)
    ]
    # Four connections opened and handed back to the pool: no update waits to connect, so on
    # PostgreSQL the four really overlap (a lost update would show below).
    async with AsyncExitStack() as pooled:
        for _ in inputs:
            await pooled.enter_async_context(app.database.connect())
    results = await asyncio.gather(*(app.engine.handle(each) for each in inputs))
    checked = sorted(
        (
            {o.label.removeprefix("✓ ") for o in replies[-1].options if o.label.startswith("✓ ")}
            for replies in results
        ),
        key=len,
    )
    # In some order, one after the other: each reply holds the themes before it plus its own.
    assert [len(chosen) for chosen in checked] == [1, 2, 3, 4]
    assert all(before < after for before, after in pairwise(checked))
    assert checked[-1] == set(themes)
    async with app.unit_of_work() as uow:
        session = await uow.sessions.load("telegram:1")
    assert session is not None
    assert set(session.answers["themes"]) == set(themes)
    # /cheque, two answers and four themes: every update moved the session exactly once.
    assert session.version == 7
