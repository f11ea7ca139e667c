"""Chats in the middle of a flow when the new release starts: each one resumes.

`tests/data/sessions_0005.json` holds sessions exactly as the previous release (schema 0005,
untyped answers, no stored question) wrote them, captured by driving that release's flows on
the same test data. Each test recreates that data, puts the old session in place as the
migration leaves it (no asked question, no history), and goes on from there as a person would:
an old button first (answered as stale, with the question of now), then the next answers.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import insert, text, update
from sqlalchemy.engine import Connection

from bot.app import App
from flows.domain.staff import Role
from flows.engine import texts
from flows.engine.clock import FixedClock
from flows.engine.values import Choice
from storage.database import alembic_config, create_engine, upgrade
from storage.models import (
    ActieRow,
    BegeleidingRow,
    GesprekRow,
    RegistrationRow,
    SessionRow,
    StaffRow,
)
from tests.esf_support import register, seed_esf
from tests.gesprek_support import registered
from tests.support import Chat, World, count
from tests.test_esf_removal import closed, request

SESSIONS: dict[str, dict[str, Any]] = json.loads(
    (Path(__file__).parent / "data" / "sessions_0005.json").read_text(encoding="utf-8")
)


async def _put_back(app: App, chat: Chat, name: str, now: datetime) -> None:
    """Store the captured session for this chat, as migration 0006 leaves a stored one."""
    old = SESSIONS[name]
    values = {
        "flow": old["flow"],
        "state": old["state"],
        "answers": old["answers"],
        "seq": old["seq"],
        "paused": old["paused"],
        "updated_at": now,
        "asked": None,
        "history": [],
    }
    async with app.database.begin() as connection:
        changed = await connection.execute(
            update(SessionRow).where(SessionRow.chat_key == f"{chat.channel}:{chat.chat}"),
            values,
        )
        if changed.rowcount == 0:
            await connection.execute(
                insert(SessionRow),
                {
                    "chat_key": f"{chat.channel}:{chat.chat}",
                    "staff_id": chat.actor.id,
                    "version": 1,
                    **values,
                },
            )


async def _old_button_then_now(chat: Chat, name: str) -> None:
    """A press of a button the old release sent: stale, and the question of now is asked."""
    reply = await chat.do(Choice(int(SESSIONS[name]["seq"]), 0))
    assert reply[-1].text.startswith(texts.STALE_CHOICE), reply[-1].text
    assert texts.CANNOT_RESUME.split("{")[0] not in reply[-1].text


async def test_a_cheque_registration_at_the_duur_step_resumes_and_stores(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = Chat(app, world.an, chat="legacy")
    await _put_back(app, chat, "cheque_registration@duur", clock.now())
    assert "Hoe lang" in (await chat.say("1u")).text or "feedback" in chat.text.lower()
    await chat.press("Geen feedback")
    assert "Stap 1 · 👤 Vermeulen Els (klant 999) · cheque 123456" in chat.text
    assert "Thema's: Competenties en talenten" in chat.text
    await chat.press("Bevestigen")
    assert chat.text.startswith("✅ Geregistreerd. Cheque 123456 van Vermeulen Els")
    assert await count(app, RegistrationRow) == 1


async def test_a_gesprek_at_the_quick_proposal_resumes_and_stores(
    app: App, world: World, clock: FixedClock
) -> None:
    await registered(app, world.an, "200001", "1001", chat="setup")
    chat = Chat(app, world.an, chat="legacy")
    await _put_back(app, chat, "gesprek_registration@quick", clock.now())
    await _old_button_then_now(chat, "gesprek_registration@quick")
    assert "Zo registreren?" in chat.text
    await chat.press("Bevestigen en opslaan")
    assert chat.text.startswith("✅ Verdiepingsgesprek van 10/03/2026 (1u) geregistreerd")
    assert await count(app, GesprekRow) == 2


async def test_a_gesprek_at_its_summary_resumes_and_stores_what_was_entered(
    app: App, world: World, clock: FixedClock
) -> None:
    await registered(app, world.an, "200001", "1001", chat="setup")
    chat = Chat(app, world.an, chat="legacy")
    await _put_back(app, chat, "gesprek_registration@summary", clock.now())
    await _old_button_then_now(chat, "gesprek_registration@summary")
    assert "Controleer en bevestig" in chat.text
    assert "E-coaching" in chat.text
    await chat.press("Bevestigen")
    assert "Verdiepingsgesprek van 10/03/2026 (1u) geregistreerd" in chat.text
    async with app.database.connect() as connection:
        vormen = (await connection.execute(text("SELECT vorm FROM gesprekken"))).scalars().all()
    assert sorted(vormen) == ["e_coaching", "individueel"]


async def test_the_dossier_at_a_cheques_detail_resumes(
    app: App, world: World, clock: FixedClock
) -> None:
    await registered(app, world.an, "200001", "1001", chat="setup")
    chat = Chat(app, world.an, chat="legacy")
    await _put_back(app, chat, "dossier@detail", clock.now())
    await _old_button_then_now(chat, "dossier@detail")
    assert "\n\n📁 Cheque 200001 · Dubois Karim" in chat.text
    await chat.press("Gesprek registreren")
    assert "Welk type gesprek?" in chat.text


async def test_the_overview_with_a_trefwoord_resumes_and_opens_a_cheque(
    app: App, world: World, clock: FixedClock
) -> None:
    await registered(app, world.an, "200001", "1001", chat="setup")
    chat = Chat(app, world.an, chat="legacy")
    await _put_back(app, chat, "overzicht@lijst", clock.now())
    await _old_button_then_now(chat, "overzicht@lijst")
    assert "trefwoord ‘Dubois’" in chat.text
    await chat.press("1. Dubois Karim")
    assert chat.text.startswith("📁 Cheque 200001 · Dubois Karim")


async def test_the_financial_overview_with_a_filter_resumes(
    app: App, world: World, clock: FixedClock
) -> None:
    await registered(app, world.an, "200001", "1001", chat="setup")
    chat = Chat(app, world.an, chat="legacy")
    await _put_back(app, chat, "financieel@lijst", clock.now())
    await _old_button_then_now(chat, "financieel@lijst")
    assert "Nog niet betaald" in chat.text or "nog niet betaald" in chat.text
    await chat.press("Klaar")
    assert chat.text.startswith("Klaar.")


async def test_an_invitation_being_made_resumes(app: App, world: World, clock: FixedClock) -> None:
    async with app.database.begin() as connection:
        await connection.execute(
            update(StaffRow).where(StaffRow.id == world.an).values(role=Role.COORDINATOR.value)
        )
    chat = Chat(app, world.an, chat="legacy")
    await _put_back(app, chat, "invite_colleague@collega", clock.now())
    await _old_button_then_now(chat, "invite_colleague@collega")
    await chat.press("Maes Lotte")
    assert "/start " in chat.text


async def test_an_esf_registration_at_its_summary_resumes_and_stores(
    app: App, world: World, clock: FixedClock
) -> None:
    esf = await seed_esf(app, world, clock.now())
    chat = Chat(app, esf.noor, chat="legacy")
    await _put_back(app, chat, "esf_registration@summary", clock.now())
    await _old_button_then_now(chat, "esf_registration@summary")
    assert "Controleer en bevestig" in chat.text
    await chat.press("✅ Bevestigen")
    assert await count(app, BegeleidingRow) == 1


@pytest.mark.parametrize(
    ("name", "go_on"),
    [
        ("esf_dossier@detail", ["Actie registreren", "Gesprek met de jongere"]),
        ("esf_dossier@actie_notitie", ["Geen notitie", "Bevestigen en opslaan"]),
    ],
)
async def test_an_esf_line_being_followed_up_resumes(
    app: App, world: World, clock: FixedClock, name: str, go_on: list[str]
) -> None:
    esf = await seed_esf(app, world, clock.now())
    await register(Chat(app, esf.noor, chat="setup"))
    chat = Chat(app, esf.noor, chat="legacy")
    await _put_back(app, chat, name, clock.now())
    await _old_button_then_now(chat, name)
    for label in go_on:
        await chat.press(label)
    if name.endswith("actie_notitie"):
        assert await count(app, ActieRow) == 1
    else:
        assert "datum" in chat.text.lower()


async def test_a_coach_looking_at_removal_requests_resumes(
    app: App, world: World, clock: FixedClock
) -> None:
    esf = await seed_esf(app, world, clock.now())
    await request(await closed(app, esf.lien, "1102", chat="setup"))
    chat = Chat(app, esf.coach, chat="legacy")
    await _put_back(app, chat, "esf_removals@aanvragen", clock.now())
    await _old_button_then_now(chat, "esf_removals@aanvragen")
    await chat.press("El Amrani Yasmine")
    assert "Verwijdering aangevraagd" in chat.text


def test_every_flow_has_a_session_of_the_previous_release_that_is_resumed() -> None:
    from bot.app import FLOWS

    new_in_this_release = {"team", "reminders"}  # no session of the previous release
    released = {flow.name for flow in FLOWS} - new_in_this_release
    assert released == {entry["flow"] for entry in SESSIONS.values()}


async def test_migrating_keeps_a_chat_in_the_middle_of_a_flow(
    database_url: str, app: App, world: World
) -> None:
    """Down to 0005, the old session stored there, up again: the row is whole and resumes."""
    chat = Chat(app, world.an, chat="legacy")
    engine = create_engine(database_url)

    def down(connection: Connection) -> None:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, "0005")

    old = SESSIONS["cheque_registration@duur"]
    try:
        async with engine.begin() as connection:
            await connection.run_sync(down)
            await connection.execute(
                text(
                    "INSERT INTO conversation_sessions (chat_key, staff_id, flow, state, answers, "
                    "seq, paused, version, updated_at) VALUES (:key, :staff, :flow, :state, "
                    ":answers, :seq, false, 3, :at)"
                ),
                {
                    "key": f"{chat.channel}:{chat.chat}",
                    "staff": world.an,
                    "flow": old["flow"],
                    "state": old["state"],
                    "answers": json.dumps(old["answers"]),
                    "seq": old["seq"],
                    "at": app.engine.clock.now(),
                },
            )
        await upgrade(engine)
    finally:
        await engine.dispose()
    async with app.database.connect() as connection:
        row = (
            await connection.execute(
                text("SELECT state, asked, history, version FROM conversation_sessions")
            )
        ).one()
    assert (row.state, row.asked, row.version) == ("duur", None, 3)
    assert row.history in ([], "[]")
    await chat.say("1u")
    await chat.press("Geen feedback")
    await chat.press("Bevestigen")
    assert chat.text.startswith("✅ Geregistreerd. Cheque 123456 van Vermeulen Els")
