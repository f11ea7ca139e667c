"""Reminders on both databases: created when due and once, sent at most once, at the right
moment, and their buttons leading into the right flow (or saying why not)."""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from bot.app import App, build_app
from bot.reminders import Blocked, ReminderService, RetryLater, Unknown
from flows.domain.reminders import DueReminder, ReminderKind
from flows.domain.rules.reminders import parse_hours
from flows.engine.clock import FixedClock
from flows.engine.values import PushPress
from storage.models import (
    AuditRow,
    GesprekRow,
    RegistrationRow,
    ReminderStopRow,
    StaffRow,
    UnreachableRow,
)
from tests.esf_support import TOM, close, detail, register, seed_esf
from tests.gesprek_support import close_with_synthese, registered
from tests.reminder_support import AN_CHAT, FakePusher, idle_cheque, outbox, run
from tests.support import Chat, World, count, database
from tests.test_esf_removal import at_request, closed, request
from tests.test_used_up_cheque import CONVERT, used_up


def _an(app: App) -> Chat:
    return Chat(app, telegram_id=AN_CHAT, chat=str(AN_CHAT))


# -- created when due, once -----------------------------------------------------------------------
async def test_an_idle_cheque_reminder_is_created_on_the_idle_day_and_not_before(
    app: App, world: World, clock: FixedClock
) -> None:
    registration = await idle_cheque(app, world.an, clock, days=29)
    await ReminderService(app).sweep(clock.now())
    assert await outbox(app) == []
    clock.advance(timedelta(days=1))
    await ReminderService(app).sweep(clock.now())
    assert await outbox(app) == [("a", registration, "idle:2026-03-10", "due")]


async def test_two_sweeps_create_a_reminder_once(app: App, world: World, clock: FixedClock) -> None:
    await idle_cheque(app, world.an, clock)
    service = ReminderService(app)
    assert await service.sweep(clock.now()) == 1
    assert await service.sweep(clock.now()) == 0
    assert len(await outbox(app)) == 1


async def test_a_cheque_almost_used_up_is_reminded_at_once(
    app: App, world: World, clock: FixedClock
) -> None:
    await registered(app, world.an, duur="2u")
    async with database(app) as db:  # 220 of 240 minutes used (what the gesprekken add up to)
        await db.execute(update(RegistrationRow).values(minuten_gebruikt=220))
        await db.commit()
    await ReminderService(app).sweep(clock.now())
    assert [(kind, period) for kind, _, period, _ in await outbox(app)] == [("b", "left:20")]


async def test_a_used_up_cheque_is_reminded_how_to_close_it_and_opens_its_detail(
    app: App, world: World
) -> None:
    await used_up(app, world)
    (push,) = await run(app, FakePusher())
    assert (
        "Nog 15 min over: te weinig voor een gesprek (minstens 30 minuten). Sluit de cheque af "
        "in het detail: zet het laatste gesprek om naar een synthesegesprek of stopzetting."
    ) in push.text
    assert push.labels == ["Cheque bekijken", "Niet meer voor deze cheque"]
    an = _an(app)
    await an.do(PushPress(push.push_id, 0))
    assert an.text.startswith("📁 Cheque 123456")
    assert an.labels[:2] == CONVERT
    await an.press("Laatste gesprek omzetten naar synthese")
    await an.press("Omzetten en cheque afsluiten")
    await an.do(PushPress(push.push_id, 0))  # days later: the cheque is closed now
    assert "deze cheque is intussen afgesloten (door jou of een collega)" in an.text
    assert "omzetten" not in " ".join(an.labels)


async def test_an_esf_line_without_action_and_a_closing_window_are_reminded(
    app: App, world: World, clock: FixedClock
) -> None:
    await seed_esf(app, world, clock.now())
    noor = Chat(app, world.esf_only)
    await register(noor, start="02/03/2026")
    service = ReminderService(app)
    clock.advance(timedelta(days=21))  # 31 March: 29 days after the start
    await service.sweep(clock.now())
    assert await outbox(app) == []
    clock.advance(timedelta(days=1))
    await service.sweep(clock.now())
    assert [(kind, status) for kind, _, _, status in await outbox(app)] == [("c", "due")]
    await detail(noor, TOM)
    await close(noor, "01/04/2026")
    clock.advance(timedelta(days=11))  # 12 April: the window ends on 15 April
    await service.sweep(clock.now())
    assert [(k, s) for k, _, _, s in await outbox(app)] == [("c", "cancelled")]
    clock.advance(timedelta(days=1))  # 13 April
    await service.sweep(clock.now())
    assert [(k, p, s) for k, _, p, s in await outbox(app)][1:] == [
        ("d", "window:2026-04-01", "due")
    ]


# -- sent at most once ----------------------------------------------------------------------------
async def test_due_reminders_of_one_person_go_out_as_one_message_once(
    app: App, world: World, clock: FixedClock
) -> None:
    await registered(app, world.an)
    await registered(app, world.an, "200001", "1001")
    clock.advance(timedelta(days=30))
    pusher = FakePusher()
    (push,) = await run(app, pusher)
    assert push.chat_id == AN_CHAT
    assert "Loopbaancheque 123456 · Vermeulen Els" in push.text
    assert "Loopbaancheque 200001 · Dubois Karim" in push.text
    assert push.labels == [
        "1. Gesprek registreren",
        "1. Later",
        "1. Niet meer voor deze cheque",
        "2. Gesprek registreren",
        "2. Later",
        "2. Niet meer voor deze cheque",
    ]
    assert [status for *_, status in await outbox(app)] == ["sent", "sent"]
    assert await run(app, pusher) == []


async def test_nothing_goes_out_outside_the_reminder_hours(
    app: App, world: World, clock: FixedClock
) -> None:
    await idle_cheque(app, world.an, clock)  # Thursday 9 April, 10:00
    pusher = FakePusher()
    clock.advance(timedelta(hours=8, minutes=1))  # 18:01
    assert await run(app, pusher) == []
    clock.advance(timedelta(days=1, hours=14))  # Saturday 08:01
    assert await run(app, pusher) == []
    clock.advance(timedelta(days=2))  # Monday 08:01
    assert len(await run(app, pusher)) == 1


async def test_configured_hours_are_kept(app: App, world: World, clock: FixedClock) -> None:
    await idle_cheque(app, world.an, clock)
    evening = replace(
        app, settings=replace(app.settings, reminder_hours=parse_hours("mon-fri 17:00-20:00"))
    )
    assert await run(evening, FakePusher()) == []
    clock.advance(timedelta(hours=8))
    assert len(await run(evening, FakePusher())) == 1


async def test_a_chat_mid_flow_is_not_interrupted_until_it_idles(
    app: App, world: World, clock: FixedClock
) -> None:
    await idle_cheque(app, world.an, clock)
    an = _an(app)
    await an.command("gesprek")
    pusher = FakePusher()
    assert await run(app, pusher) == []
    clock.advance(timedelta(minutes=29))
    assert await run(app, pusher) == []
    clock.advance(timedelta(minutes=2))
    assert len(await run(app, pusher)) == 1


async def test_retry_after_makes_it_due_again_after_the_wait(
    app: App, world: World, clock: FixedClock
) -> None:
    await idle_cheque(app, world.an, clock)
    pusher = FakePusher([RetryLater(20)])
    assert len(await run(app, pusher)) == 1
    assert [status for *_, status in await outbox(app)] == ["due"]
    clock.advance(timedelta(seconds=10))
    assert await run(app, pusher) == []
    clock.advance(timedelta(seconds=11))
    assert len(await run(app, pusher)) == 1
    assert [status for *_, status in await outbox(app)] == ["sent"]


async def test_a_timeout_leaves_it_unknown_and_never_resent(
    app: App, world: World, clock: FixedClock
) -> None:
    await idle_cheque(app, world.an, clock)
    pusher = FakePusher([Unknown()])
    await run(app, pusher)
    clock.advance(timedelta(hours=1))
    assert await run(app, pusher) == []
    assert [status for *_, status in await outbox(app)] == ["unknown"]


async def test_a_person_who_blocked_the_bot_is_not_tried_again_until_they_start_it_again(
    app: App, world: World, clock: FixedClock
) -> None:
    await registered(app, world.an)
    clock.advance(timedelta(days=30))
    pusher = FakePusher([Blocked()])
    await run(app, pusher)
    assert await count(app, UnreachableRow) == 1
    await registered(app, world.an, "200001", "1001")  # a new intake; idle in 30 days
    clock.advance(timedelta(days=32))  # Monday 11 May
    assert await run(app, pusher) == []
    assert [status for *_, status in await outbox(app)] == ["unreachable", "due"]
    await _an(app).command("start")  # back: reachable again
    assert await count(app, UnreachableRow) == 0
    assert len(await run(app, pusher)) == 1


async def test_a_restart_between_claim_and_send_never_sends_twice(
    app: App, world: World, clock: FixedClock
) -> None:
    await idle_cheque(app, world.an, clock)
    crashed = ReminderService(app)
    await crashed.sweep(clock.now())
    assert len(await crashed.claim(clock.now())) == 1  # then the process dies
    pusher = FakePusher()
    clock.advance(timedelta(minutes=1))
    assert await run(app, pusher) == []
    clock.advance(timedelta(minutes=5))
    assert await run(app, pusher) == []
    assert [status for *_, status in await outbox(app)] == ["unknown"]


async def test_two_processes_on_one_database_claim_each_reminder_once(
    app: App, world: World, clock: FixedClock
) -> None:
    now = clock.now() + timedelta(days=2)  # Thursday 12 March
    due = [
        DueReminder(
            ReminderKind.IDLE_CHEQUE, n + 1000 * staff, "idle:2026-01-01", staff, 1, "h", "d"
        )
        for n in range(1, 121)
        for staff in (world.an, world.pieter)
    ]
    async with app.unit_of_work() as uow:
        assert await uow.reminders.add_due(due, now) == 240
        await uow.commit()
    other = await build_app(app.settings, clock, migrate=False)
    try:
        first, second = await asyncio.gather(
            ReminderService(app).claim(now), ReminderService(other).claim(now)
        )
    finally:
        await other.close()
    pushes = [*first, *second]
    ids = [value for push in pushes for _, value in push.options]
    assert len(ids) == len(set(ids)) == 240 * 3
    assert len(pushes) == 2 * 15  # 120 files each, 8 a message


# -- the buttons ----------------------------------------------------------------------------------
async def test_gesprek_registreren_opens_the_gesprek_with_the_cheque_chosen(
    app: App, world: World, clock: FixedClock
) -> None:
    await idle_cheque(app, world.an, clock)
    (push,) = await run(app, FakePusher())
    an = _an(app)
    await an.do(PushPress(push.push_id, push.labels.index("Gesprek registreren")))
    assert "Welk type gesprek?" in an.text
    assert "123456" in an.text
    await an.press("Verdiepingsgesprek")
    await an.press("Bevestigen en opslaan")
    assert await count(app, GesprekRow) == 2
    await an.do(PushPress(push.push_id, 0))  # pressed again, after the gesprek
    assert "er is intussen al een gesprek geregistreerd (09/04/2026)" in an.replies[-1].text


async def test_a_reminder_button_pressed_mid_flow_asks_before_throwing_the_answers_away(
    app: App, world: World, clock: FixedClock
) -> None:
    await idle_cheque(app, world.an, clock)
    (push,) = await run(app, FakePusher())
    an = _an(app)
    await an.command("cheque")
    await an.say("200001")  # an answer the reminder's flow would throw away
    pressed = PushPress(push.push_id, push.labels.index("Gesprek registreren"))
    said = await an.do(pressed)
    assert "Wat je al invulde, is nog niet opgeslagen." in said[-1].text
    await an.press("Terug naar de vraag")
    assert "klantnummer" in an.text  # the cheque registration goes on where it was
    await an.do(pressed)
    await an.press("Stoppen zonder opslaan")
    assert "Geannuleerd: er werd niets opgeslagen." in an.text
    assert "Welk type gesprek?" in an.text
    assert "123456" in an.text


async def test_later_acts_once_and_reminds_again_a_week_later(
    app: App, world: World, clock: FixedClock
) -> None:
    await idle_cheque(app, world.an, clock)
    pusher = FakePusher()
    (push,) = await run(app, pusher)
    an = _an(app)
    await an.do(PushPress(push.push_id, push.labels.index("Later")))
    assert "Je krijgt op 16/04/2026 opnieuw een herinnering." in an.replies[0].text
    await an.do(PushPress(push.push_id, push.labels.index("Later")))
    assert "Dat had je al gekozen" in an.replies[-1].text
    assert len(await outbox(app)) == 2
    clock.advance(timedelta(days=6))
    assert await run(app, pusher) == []
    clock.advance(timedelta(days=1))
    (again,) = await run(app, pusher)
    assert "Loopbaancheque 123456" in again.text
    async with database(app) as db:
        actions = (await db.scalars(select(AuditRow.action))).all()
    assert actions.count("herinnering.later") == 1


async def test_niet_meer_stops_every_reminder_for_that_cheque(
    app: App, world: World, clock: FixedClock
) -> None:
    await idle_cheque(app, world.an, clock)
    pusher = FakePusher()
    (push,) = await run(app, pusher)
    an = _an(app)
    await an.do(PushPress(push.push_id, push.labels.index("Niet meer voor deze cheque")))
    assert "geen herinneringen meer" in an.replies[0].text
    assert await count(app, ReminderStopRow) == 1
    clock.advance(timedelta(days=60))
    assert await run(app, pusher) == []


async def test_a_button_of_someone_elses_reminder_does_nothing(
    app: App, world: World, clock: FixedClock
) -> None:
    await idle_cheque(app, world.an, clock)
    (push,) = await run(app, FakePusher())
    pieter = Chat(app, telegram_id=5003, chat="5003")
    said = await pieter.do(PushPress(push.push_id, 0))  # after his welcome: a first message
    assert "werkt niet meer" in said[-1].text
    await pieter.do(PushPress(push.push_id + 100, 0))
    assert "werkt niet meer" in pieter.replies[-1].text


async def test_a_stale_button_says_the_cheque_was_closed_meanwhile(
    app: App, world: World, clock: FixedClock
) -> None:
    await idle_cheque(app, world.an, clock)
    (push,) = await run(app, FakePusher())
    await close_with_synthese(Chat(app, world.an, chat="elsewhere"))
    an = _an(app)
    await an.do(PushPress(push.push_id, 0))
    assert "deze cheque is intussen afgesloten (door jou" in an.replies[0].text


async def test_esf_buttons_lead_into_the_action_for_that_line(
    app: App, world: World, clock: FixedClock
) -> None:
    esf = await seed_esf(app, world, clock.now())
    noor = Chat(app, world.esf_only)
    await register(noor, start="02/03/2026")
    async with app.unit_of_work() as uow:
        await uow.staff.link_telegram(esf.noor, 7001)
        await uow.commit()
    clock.advance(timedelta(days=23))  # Thursday 2 April
    (push,) = await run(app, FakePusher())
    assert push.labels == ["Actie registreren", "Beëindigen", "Later"]
    chat = Chat(app, telegram_id=7001, chat="7001")
    await chat.do(PushPress(push.push_id, 0))
    assert "Janssens Tom" in chat.text
    assert "Gesprek met de jongere" in chat.labels
    await chat.do(PushPress(push.push_id, 1))
    assert "einddatum" in chat.text.lower()


async def _decided(app: App, world: World, clock: FixedClock, telegram_id: int | None) -> int:
    """Lien's removal request approved by the coach; Lien linked to `telegram_id` if given."""
    esf = await seed_esf(app, world, clock.now())
    if telegram_id is not None:
        async with app.unit_of_work() as uow:
            await uow.staff.link_telegram(esf.lien, telegram_id)
            await uow.commit()
    await request(await closed(app, esf.lien, "1102", chat="setup"))
    coach = Chat(app, esf.coach, chat="coach")
    await at_request(coach, "El Amrani Yasmine")
    await coach.press("Goedkeuren: lijn verwijderen")
    await coach.press("Ja, lijn verwijderen")
    return esf.lien


async def test_a_coachs_decision_is_stored_with_its_push_and_sent_at_once(
    app: App, world: World, clock: FixedClock
) -> None:
    await _decided(app, world, clock, 7003)
    assert [(kind, status) for kind, _, _, status in await outbox(app)] == [("f", "due")]
    (push,) = await run(app, FakePusher())
    assert push.chat_id == 7003
    assert "goedgekeurd door Coppens Hilde" in push.text
    assert push.options == ()
    await ReminderService(app).sweep(clock.now())  # the sweep leaves it as it is
    assert [status for *_, status in await outbox(app)] == ["sent"]


async def test_a_decision_pushed_at_once_is_not_told_again_at_the_next_pause(
    app: App, world: World, clock: FixedClock
) -> None:
    await _decided(app, world, clock, 7003)
    (push,) = await run(app, FakePusher())
    assert "goedgekeurd door Coppens Hilde" in push.text
    lien = Chat(app, telegram_id=7003, chat="7003")
    assert "goedgekeurd" not in (await lien.command("start")).text
    assert "goedgekeurd" not in (await lien.command("menu")).text


async def test_a_decision_whose_push_may_not_have_arrived_is_told_at_the_next_pause(
    app: App, world: World, clock: FixedClock
) -> None:
    await _decided(app, world, clock, 7003)
    await run(app, FakePusher([Unknown()]))
    lien = Chat(app, telegram_id=7003, chat="7003")
    assert "goedgekeurd door Coppens Hilde" in (await lien.command("start")).text
    assert "goedgekeurd" not in (await lien.command("menu")).text


async def test_a_decision_told_at_a_pause_before_its_push_went_out_is_not_pushed(
    app: App, world: World, clock: FixedClock
) -> None:
    await _decided(app, world, clock, 7003)
    lien = Chat(app, telegram_id=7003, chat="7003")
    assert "goedgekeurd door Coppens Hilde" in (await lien.command("start")).text
    assert await run(app, FakePusher()) == []
    assert [(kind, status) for kind, _, _, status in await outbox(app)] == [("f", "cancelled")]


async def test_a_decision_for_a_console_user_is_told_at_their_next_pause_and_never_pushed(
    app: App, world: World, clock: FixedClock
) -> None:
    lien = await _decided(app, world, clock, None)
    assert await run(app, FakePusher()) == []
    chat = Chat(app, lien, chat="console")
    assert "goedgekeurd door Coppens Hilde" in (await chat.command("start")).text
    assert [status for *_, status in await outbox(app)] == ["cancelled"]


async def test_a_decision_whose_push_is_claimed_waits_for_its_outcome(
    app: App, world: World, clock: FixedClock
) -> None:
    await _decided(app, world, clock, 7003)
    service = ReminderService(app)
    (claimed,) = await service.claim(clock.now())
    lien = Chat(app, telegram_id=7003, chat="7003")
    assert "goedgekeurd" not in (await lien.command("start")).text  # on its way
    await service.deliver([claimed], FakePusher([Blocked()]))
    assert "goedgekeurd door Coppens Hilde" in (await lien.command("menu")).text


async def test_coaches_hear_of_waiting_removal_requests_once_a_day_and_bekijken_lists_them(
    app: App, world: World, clock: FixedClock
) -> None:
    esf = await seed_esf(app, world, clock.now())
    async with app.unit_of_work() as uow:
        await uow.staff.link_telegram(esf.coach, 7002)
        await uow.commit()
    pusher = FakePusher()
    assert await run(app, pusher) == []
    await request(await closed(app, esf.lien, "1102", chat="setup"))
    (push,) = await run(app, pusher)
    assert push.chat_id == 7002
    assert "1 aanvraag tot verwijdering wacht op een beslissing." in push.text
    assert push.labels == ["Bekijken"]
    assert await run(app, pusher) == []  # once that day
    coach = Chat(app, telegram_id=7002, chat="7002")
    await coach.do(PushPress(push.push_id, 0))
    assert any("El Amrani Yasmine" in label for label in coach.labels)
    clock.advance(timedelta(days=1))
    assert len(await run(app, pusher)) == 1  # still waiting the next day


# -- preferences ----------------------------------------------------------------------------------
async def test_a_kind_turned_off_is_not_created_and_turned_on_again_it_is(
    app: App, world: World, clock: FixedClock
) -> None:
    await idle_cheque(app, world.an, clock)
    an = Chat(app, world.an, chat="prefs")
    await an.command("herinneringen")
    await an.press("Instellingen")
    assert "🔔 Cheque zonder gesprek" in an.labels
    await an.press("Cheque zonder gesprek")
    assert "Cheque zonder gesprek: uit." in an.text
    assert "🔕 Cheque zonder gesprek" in an.labels
    assert await run(app, FakePusher()) == []
    await an.press("Cheque zonder gesprek")
    await an.press("Klaar")
    assert len(await run(app, FakePusher())) == 1


async def test_a_coordinator_sets_the_centres_idle_days_between_7_and_90(
    app: App, world: World, clock: FixedClock
) -> None:
    async with database(app) as db:
        await db.execute(
            update(StaffRow).where(StaffRow.id == world.lotte).values(role="coordinator")
        )
        await db.commit()
    await idle_cheque(app, world.an, clock, days=10)
    assert await run(app, FakePusher()) == []
    lotte = Chat(app, world.lotte, chat="coord")
    await lotte.command("herinneringen")
    await lotte.press("Instellingen")
    assert "na 30 dagen" in lotte.text
    await lotte.press("Aantal dagen voor het centrum")
    await lotte.say("5")
    assert "Geef een aantal dagen van 7 tot en met 90" in lotte.text
    await lotte.say("10")
    assert "Bewaard: een herinnering na 10 dagen zonder activiteit." in lotte.text
    assert len(await run(app, FakePusher())) == 1
    an = Chat(app, world.an, chat="not-coord")
    await an.command("herinneringen")
    await an.press("Instellingen")
    assert "Aantal dagen voor het centrum" not in an.labels


async def test_a_coordinator_gets_the_weekly_digest_on_monday_from_eight(
    app: App, world: World, clock: FixedClock
) -> None:
    async with database(app) as db:
        await db.execute(
            update(StaffRow)
            .where(StaffRow.id == world.lotte)
            .values(role="coordinator", telegram_user_id=5002)
        )
        await db.commit()
    await idle_cheque(app, world.an, clock)  # Thursday 9 April
    pusher = FakePusher([Blocked()])  # An blocked the bot
    assert [p.chat_id for p in await run(app, pusher)] == [AN_CHAT]
    clock.advance(timedelta(days=4, hours=-3))  # Monday 13 April, 07:00
    assert await run(app, pusher) == []
    clock.advance(timedelta(hours=1))
    (digest,) = await run(app, pusher)
    assert digest.chat_id == 5002
    assert digest.text.startswith("📋 Weekoverzicht\n\nWeekoverzicht week 16")
    assert "Cheques zonder gesprek: 1" in digest.text
    assert "Cheques in gebruik: 1, samen nog 3u niet gebruikt" in digest.text
    assert "De bot bereikt niet (geblokkeerd): Peeters An" in digest.text
    assert digest.labels == ["Overzicht begeleidingen"]
    lotte = Chat(app, telegram_id=5002, chat="5002")
    await lotte.do(PushPress(digest.push_id, 0))
    assert "Vermeulen Els" in lotte.text
    clock.advance(timedelta(days=1))
    assert await run(app, pusher) == []  # once a week


async def test_a_coordinator_picks_the_day_and_hour_of_the_weekly_digest(
    app: App, world: World, clock: FixedClock
) -> None:
    async with database(app) as db:
        await db.execute(
            update(StaffRow)
            .where(StaffRow.id == world.lotte)
            .values(role="coordinator", telegram_user_id=5002)
        )
        await db.commit()
    lotte = Chat(app, world.lotte, chat="coord")
    await lotte.command("herinneringen")
    await lotte.press("Instellingen")
    assert "Je weekoverzicht komt op maandag om 08:00." in lotte.text
    await lotte.press("Dag en uur van het weekoverzicht")
    await lotte.press("Woensdag")
    await lotte.press("14:00")
    assert "Bewaard: je weekoverzicht komt op woensdag om 14:00." in lotte.text
    clock.advance(timedelta(days=1, hours=3, minutes=59))  # Wednesday 13:59
    assert await run(app, FakePusher()) == []
    clock.advance(timedelta(minutes=1))
    (digest,) = await run(app, FakePusher())
    assert digest.chat_id == 5002


_CLAIMER = """
import asyncio, json, sys, time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo
from bot.app import build_app
from bot.reminders import ReminderService
from bot.settings import Settings
from flows.engine.clock import FixedClock

async def main() -> None:
    zone = ZoneInfo("Europe/Brussels")
    now = datetime.fromisoformat(sys.argv[2])
    settings = Settings(sys.argv[1], None, "https://api.telegram.org/bot", zone)
    app = await build_app(settings, FixedClock(now), migrate=False)
    try:
        go = Path(sys.argv[3])
        while not go.exists():
            time.sleep(0.01)
        claimed = await ReminderService(app).claim(now)
        print(json.dumps([value for push in claimed for _, value in push.options]))
    finally:
        await app.close()

asyncio.run(main())
"""


async def test_two_os_processes_on_one_database_claim_each_reminder_once(
    app: App, world: World, clock: FixedClock, tmp_path: Path
) -> None:
    now = clock.now() + timedelta(days=2)
    due = [
        DueReminder(ReminderKind.IDLE_CHEQUE, n, "idle:2026-01-01", world.an, 1, "h", "d")
        for n in range(1, 201)
    ]
    async with app.unit_of_work() as uow:
        await uow.reminders.add_due(due, now)
        await uow.commit()
    go = tmp_path / "go"
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-c",
            _CLAIMER,
            app.settings.database_url,
            now.isoformat(),
            str(go),
            stdout=asyncio.subprocess.PIPE,
            cwd=Path(__file__).resolve().parent.parent,
        )
        for _ in range(2)
    ]
    await asyncio.sleep(0.5)
    go.touch()
    outputs = [await process.communicate() for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    values = [value for out, _ in outputs for value in json.loads(out)]
    assert len(values) == len(set(values)) == 200 * 3
