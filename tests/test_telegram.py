"""The Telegram channel through `process_update` against the fake Bot API (both databases)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.app import App
from bot.telegram.channel import SORRY
from flows.engine import gate, texts
from flows.engine.clock import FixedClock
from flows.engine.downloads import Download
from flows.engine.values import Input, Message
from storage.models import GesprekRow, RegistrationRow
from tests.fake_bot_api import MAX_TEXT, FakeBotApi
from tests.support import World, database, stored_counts
from tests.telegram_support import TelegramUserDriver, telegram_app

AN, PIETER, STRANGER = 5001, 5003, 9999


def user(bot: object, fake: FakeBotApi, user_id: int) -> TelegramUserDriver:
    return TelegramUserDriver(bot, fake, user_id)  # type: ignore[arg-type]


async def test_a_cheque_is_registered_by_buttons_and_typed_input(
    app: App, bot: object, fake: FakeBotApi
) -> None:
    an = user(bot, fake, AN)
    await an.register_cheque()
    assert "✅ Geregistreerd. Cheque 123456 van Vermeulen Els" in an.text
    assert await stored_counts(app) == (1, 1, 1)
    presses = [c for c in fake.calls if c.method == "answerCallbackQuery"]
    assert len(presses) == 9  # every press acknowledged
    assert any(c.method == "editMessageText" for c in fake.calls)  # buttons edit in place


async def test_themes_are_toggle_buttons_with_a_check_mark(bot: object, fake: FakeBotApi) -> None:
    an = user(bot, fake, AN)
    await an.send("/cheque")
    await an.send("123456")
    await an.send("999")
    await an.press("Ondernemerschap")
    assert "✓ Ondernemerschap" in an.labels
    await an.press("✓ Ondernemerschap")
    assert "Ondernemerschap" in an.labels
    assert "✓ Ondernemerschap" not in an.labels


async def test_an_unknown_user_gets_a_short_refusal_and_nothing_else(
    app: App, bot: object, fake: FakeBotApi
) -> None:
    stranger = user(bot, fake, STRANGER)
    for text in ("/start", "/cheque", "123456"):
        message = await stranger.send(text)
        assert message["text"] == texts.NO_ACCESS
        assert "reply_markup" not in message


async def test_an_invitation_link_lets_a_colleague_in(
    app: App, world: World, bot: object, fake: FakeBotApi, clock: FixedClock
) -> None:
    async with app.unit_of_work() as uow:
        code, _ = await gate.invite(uow, world.lotte, clock.now())
        await uow.commit()
    lotte = user(bot, fake, 4242)
    await lotte.send(f"/start {code}")
    assert "Dag Lotte!" in lotte.text
    assert "Cheque registreren" in lotte.labels


async def test_a_forged_callback_for_another_centres_cheque_gets_no_data(
    app: App, world: World, bot: object, fake: FakeBotApi
) -> None:
    await user(bot, fake, PIETER).register_cheque()  # Horizon's cheque, client Vermeulen Els
    async with database(app) as db:
        horizon = await db.scalar(select(RegistrationRow.id))
    assert horizon is not None
    an = user(bot, fake, AN)
    await an.send("/gesprek")
    message = fake.last_message(AN)
    seq = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"].split("|")[0]
    # The value of an option never travels: data naming Horizon's registration is junk ...
    await an.process(fake.user_press(AN, message["message_id"], f"{seq}|r{horizon}"))
    answers = [c for c in fake.calls if c.method == "answerCallbackQuery"]
    assert answers[-1].params.get("text") == "Die knop werkt niet meer."
    # ... and a position the question did not offer is refused.
    await an.process(fake.user_press(AN, message["message_id"], f"{seq}|{horizon + 40}"))
    assert an.text.startswith(texts.INVALID_CHOICE)
    sent_to_an = [
        c.params.get("text", "") for c in fake.calls if c.params.get("chat_id") == str(AN)
    ]
    assert not any("Vermeulen" in text for text in sent_to_an)


async def test_malformed_callback_data_is_answered_as_expired(
    bot: object, fake: FakeBotApi
) -> None:
    an = user(bot, fake, AN)
    message = await an.send("/start")
    await an.process(fake.user_press(AN, message["message_id"], "'; DROP TABLE staff; --"))
    answers = [c for c in fake.calls if c.method == "answerCallbackQuery"]
    assert answers[-1].params.get("text") == "Die knop werkt niet meer."


async def test_a_double_tap_on_confirm_stores_one_registration(
    app: App, bot: object, fake: FakeBotApi
) -> None:
    an = user(bot, fake, AN)
    await an.register_cheque()  # ends by pressing Bevestigen
    assert await stored_counts(app) == (1, 1, 1)  # the first press stored
    summary_press = [u for u in fake.calls if u.method == "editMessageText"][-1]
    message_id = int(summary_press.params["message_id"])
    # The same button pressed again (its data is still in the client's old keyboard copy).
    old = [
        b["callback_data"]
        for c in fake.calls
        if c.method == "editMessageText"
        and int(c.params["message_id"]) == message_id
        and "Controleer en bevestig" in c.params.get("text", "")
        for row in json.loads(c.params["reply_markup"])["inline_keyboard"]
        for b in row
        if "Bevestigen" in b["text"]
    ][-1]
    await an.process(fake.user_press(AN, message_id, old))
    assert texts.STALE_CHOICE in an.text
    assert await stored_counts(app) == (1, 1, 1)


async def test_a_redelivered_update_is_applied_once(
    app: App, bot: object, fake: FakeBotApi
) -> None:
    an = user(bot, fake, AN)
    await an.send("/cheque")
    update = fake.user_message(AN, "123456")
    await an.process(update)
    sent = len([c for c in fake.calls if c.method == "sendMessage"])
    await an.process(update)  # Telegram delivers it again
    assert len([c for c in fake.calls if c.method == "sendMessage"]) == sent
    assert "Geef nu het klantnummer" in an.text


async def test_a_restart_mid_flow_resumes_at_the_same_step(
    app: App, world: World, fake: FakeBotApi
) -> None:
    first = telegram_app(app, fake)
    async with first:
        an = user(first, fake, AN)
        await an.send("/cheque")
        await an.send("123456")
    second = telegram_app(app, fake)  # a new process: nothing kept in memory
    async with second:
        an = user(second, fake, AN)
        await an.send("999")
        assert "Reden loopbaanbegeleiding" in an.text
        await an.press("Competenties")  # a button sent before the restart still works
        assert "✓ Competenties en talenten" in an.labels


async def test_a_failing_update_gets_a_short_apology_not_a_traceback(
    app: App, bot: object, fake: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(*args: object) -> None:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(app.engine, "handle_staged", broken)
    message = await user(bot, fake, AN).send("/start")
    assert message["text"] == SORRY


async def test_a_date_can_be_picked_from_a_month_calendar(
    app: App, bot: object, fake: FakeBotApi
) -> None:
    an = user(bot, fake, AN)
    for step in ("/cheque", "123456", "999"):
        await an.send(step)
    await an.press("Competenties")
    await an.press("Klaar")
    await an.send("Welke job past bij mij na mijn ontslag?")
    await an.press("Ja, de klant is akkoord")
    await an.press("Andere datum kiezen")
    assert {"ma", "zo", "◀", "▶"} <= set(an.labels)
    await an.press("◀")  # page back a month: the keyboard changes, the question stays
    assert "Wanneer vond het intakegesprek plaats?" in an.text
    await an.press("▶")
    await an.press("9")  # 9 March 2026, the day before the test's today
    assert "Naam van de begeleider" in an.text
    await an.press("Peeters An")
    await an.press("Individueel")
    await an.press("1u")
    await an.press("Geen feedback")
    assert "Datum: 09/03/2026" in an.text


async def test_a_long_reply_is_split_into_several_messages_within_telegrams_limit(
    app: App, bot: object, fake: FakeBotApi, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    an = user(bot, fake, AN)
    await an.register_cheque()
    async with database(app) as db:  # a file with very many gesprekken
        registration = await db.scalar(select(RegistrationRow.id))
        intake = await db.scalar(select(GesprekRow))
        assert intake is not None
        for _ in range(60):
            db.add(
                GesprekRow(
                    registration_id=registration,
                    organisation_id=intake.organisation_id,
                    datum=intake.datum,
                    begeleider="Peeters An " * 3,
                    type="nazorg",
                    vorm="individueel",
                    minutes=30,
                    feedback=None,
                    registered_by=world.an,
                    registered_at=intake.registered_at,
                )
            )
        await db.commit()
    await an.send("/dossier")
    replies: list[Message] = []  # what the engine answered, before the channel renders it
    handle = app.engine.handle_staged

    async def recording(inp: Input) -> tuple[list[Message], list[Download]]:
        answered, downloads = await handle(inp)
        replies.extend(answered)
        return answered, downloads

    monkeypatch.setattr(app.engine, "handle_staged", recording)
    seen = len(fake.calls)
    await an.send("123456")
    parts = [
        c.params["text"]
        for c in fake.calls[seen:]
        if c.method in ("sendMessage", "editMessageText")
    ]
    assert any(len(reply.text) > MAX_TEXT for reply in replies)  # the file is really long
    assert len(parts) > len(replies)  # so a reply went out as more than one message
    assert all(len(part) <= MAX_TEXT for part in parts)
    # Cut at line breaks: the parts, in order, are the whole text, nothing lost (but the
    # whitespace around each message, which Telegram trims).
    sent = [line.strip() for line in "\n".join(parts).split("\n")]
    assert sent == [line.strip() for line in "\n".join(r.text for r in replies).split("\n")]
    assert "Wat wil je doen?" in an.text


@pytest.mark.parametrize(
    ("typed", "proposed"),
    [
        ("janssens els", "Janssens Els"),
        ("van den broeck jan", "Van den Broeck Jan"),
        ("dubois hélène", "Dubois Hélène"),
    ],
)
async def test_a_begeleider_typed_in_lower_case_is_offered_corrected_and_stored_as_pressed(
    app: App, bot: object, fake: FakeBotApi, typed: str, proposed: str
) -> None:
    an = user(bot, fake, AN)
    await an.register_until_begeleider()
    await an.send(typed)
    assert f"Bedoel je ‘{proposed}’?" in an.text
    assert proposed in an.labels
    await an.press(proposed)
    assert "Vorm van het gesprek?" in an.text
    await an.finish_registration()
    assert "✅ Geregistreerd. Cheque 123456 van Vermeulen Els" in an.text
    async with app.database.connect() as connection:
        begeleiders = (await connection.execute(select(GesprekRow.begeleider))).scalars().all()
    assert begeleiders == [proposed]
