"""Access by invitation through the engine, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot.app import App
from flows.engine import gate, texts
from flows.engine.clock import FixedClock
from storage.models import InvitationRow, StaffRow
from tests.support import Chat, World, database


async def _invite(app: App, clock: FixedClock, staff_id: int) -> str:
    async with app.unit_of_work() as uow:
        code, _ = await gate.invite(uow, staff_id, clock.now())
        await uow.commit()
    return code


async def test_start_with_an_invitation_links_the_telegram_account(
    app: App, world: World, clock: FixedClock
) -> None:
    code = await _invite(app, clock, world.lotte)
    lotte = Chat(app, telegram_id=777)
    reply = await lotte.say(f"/start {code}")
    assert "Dag Lotte!" in reply.text
    assert "Cheque registreren" in lotte.labels
    assert "Dag Lotte!" in (await Chat(app, telegram_id=777).command("start")).text


async def test_an_invitation_works_once(app: App, world: World, clock: FixedClock) -> None:
    code = await _invite(app, clock, world.lotte)
    await Chat(app, telegram_id=777).say(f"/start {code}")
    reply = await Chat(app, telegram_id=778).say(f"/start {code}")
    assert reply.text == gate.INVALID
    assert reply.options == ()


async def test_an_invitation_expires_after_seven_days(
    app: App, world: World, clock: FixedClock
) -> None:
    code = await _invite(app, clock, world.lotte)
    clock.advance(timedelta(days=7))
    assert (await Chat(app, telegram_id=777).say(f"/start {code}")).text == gate.INVALID


async def test_a_wrong_code_and_a_plain_start_give_no_access(app: App, world: World) -> None:
    stranger = Chat(app, telegram_id=777)
    assert (await stranger.say("/start nietgeldig")).text == gate.INVALID
    assert (await stranger.command("start")).text == texts.NO_ACCESS


async def test_codes_are_stored_only_as_hashes(app: App, world: World, clock: FixedClock) -> None:
    code = await _invite(app, clock, world.lotte)
    async with database(app) as db:
        stored = (await db.scalars(select(InvitationRow.code_hash))).all()
    assert stored == [gate.code_hash(code)]
    assert code not in stored[0]


async def test_an_account_linked_to_someone_else_cannot_take_an_invitation(
    app: App, world: World, clock: FixedClock
) -> None:
    code = await _invite(app, clock, world.lotte)
    reply = await Chat(app, telegram_id=5001).say(f"/start {code}")  # An's account
    assert "Dag An!" in reply.text  # An stays An: a known user's /start ignores the code
    async with database(app) as db:
        linked = await db.scalar(
            select(StaffRow.telegram_user_id).where(StaffRow.id == world.lotte)
        )
    assert linked is None


async def _make_coordinator(app: App, staff_id: int) -> None:
    async with database(app) as db:
        await db.execute(update(StaffRow).where(StaffRow.id == staff_id).values(role="coordinator"))
        await db.commit()


async def test_a_coordinator_invites_a_colleague_from_the_chat(
    app: App, world: World, clock: FixedClock
) -> None:
    await _make_coordinator(app, world.an)
    an = Chat(app, world.an)
    await an.command("start")
    await an.press("Collega uitnodigen")
    assert "Maes Lotte" in an.labels
    assert "Claes Pieter" not in an.labels  # another organisation's staff is never offered
    reply = await an.press("Maes Lotte")
    code = reply.text.split("/start ", 1)[1].split()[0]
    assert "Dag Lotte!" in (await Chat(app, telegram_id=777).say(f"/start {code}")).text


async def test_only_coordinators_are_offered_the_invitation(app: App, world: World) -> None:
    an = Chat(app, world.an)
    await an.command("start")
    assert "Collega uitnodigen" not in an.labels
    assert "niet beschikbaar" in (await an.command("uitnodigen")).text
