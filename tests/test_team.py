"""Flow /team through the engine: each colleague's first steps; an expired invitation resent."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from bot.app import App
from flows.engine import gate
from flows.engine.clock import FixedClock
from flows.engine.values import parse_typed
from storage.models import StaffRow
from tests.support import Chat, World, database


async def _make_coordinator(app: App, staff_id: int) -> None:
    async with database(app) as db:
        await db.execute(update(StaffRow).where(StaffRow.id == staff_id).values(role="coordinator"))
        await db.commit()


async def test_team_shows_who_joined_their_progress_and_last_activity(
    app: App, world: World, clock: FixedClock
) -> None:
    await _make_coordinator(app, world.an)
    async with app.unit_of_work() as uow:
        code, _ = await gate.invite(uow, world.lotte, clock.now(), invited_by=world.an)
        await uow.commit()
    an = Chat(app, world.an)
    await an.command("team")
    assert "• Maes Lotte: uitgenodigd, geldig tot" in an.text
    assert "0/5 eerste stappen · nog niet actief" in an.text
    lotte = Chat(app, telegram_id=777)
    await lotte.say(f"/start {code}")
    await lotte.command("herinneringen")
    await an.command("team")
    today = world.today.strftime("%d/%m/%Y")
    assert f"• Maes Lotte: gekoppeld · 1/5 eerste stappen · laatst actief {today}" in an.text
    assert "Claes Pieter" not in an.text  # another organisation's staff is never shown


async def test_an_expired_invitation_is_sent_again_from_team(
    app: App, world: World, clock: FixedClock
) -> None:
    await _make_coordinator(app, world.an)
    async with app.unit_of_work() as uow:
        await gate.invite(uow, world.lotte, clock.now(), invited_by=world.an)
        await uow.commit()
    clock.advance(timedelta(days=8))
    an = Chat(app, world.an)
    await an.command("team")
    assert "uitnodiging verlopen op" in an.text
    reply = await an.press("Opnieuw uitnodigen: Maes Lotte")
    code = reply.text.split("/start ", 1)[1].split()[0]
    welcome = await Chat(app, telegram_id=777).do(parse_typed(f"/start {code}"))
    assert "Welkom Lotte bij De Brug!" in welcome[0].text


async def test_team_is_for_coordinators_only(app: App, world: World) -> None:
    an = Chat(app, world.an)
    assert "niet beschikbaar" in (await an.command("team")).text
