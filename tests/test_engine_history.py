"""The asked question kept with the session, and *Vorige* as the history of steps asked."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import event, update

from bot.app import App
from flows.engine import texts
from flows.engine.definition import (
    Advance,
    Answer,
    Finish,
    Flow,
    Outcome,
    Question,
    Step,
    StepContext,
    action,
    linear,
)
from flows.engine.engine import Engine
from flows.engine.values import Choice, Option
from flows.ports.sessions import SessionState
from storage.models import SessionRow
from tests.gesprek_support import registered
from tests.support import Chat, World


async def _stored_session(app: App, chat: Chat) -> SessionState:
    async with app.unit_of_work() as uow:
        session = await uow.sessions.load(f"{chat.channel}:{chat.chat}")
    assert session is not None
    return session


async def test_vorige_returns_step_by_step_showing_each_earlier_answer(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    assert texts.BACK not in chat.labels  # nothing asked before the first step
    await chat.say("123456")
    await chat.say("999")
    assert "Reden loopbaanbegeleiding" in chat.text
    await chat.press("Vorige")
    assert chat.text.startswith(texts.EARLIER_ANSWER.format(answered="999"))
    assert "Geef nu het klantnummer" in chat.text
    await chat.press("Vorige")
    assert chat.text.startswith(texts.EARLIER_ANSWER.format(answered="123456"))
    assert "Geef het chequenummer" in chat.text
    assert texts.BACK not in chat.labels
    await chat.say("vorige")
    assert chat.text.startswith(texts.FIRST_STEP)


async def test_going_on_after_vorige_uses_the_new_answer(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    await chat.say("200002")
    await chat.press("Vorige")
    await chat.say("123456")
    await chat.say("999")
    assert "👤 Vermeulen Els (klant 999) · cheque 123456" in chat.text


async def test_vorige_after_opening_a_cheque_from_the_overview_returns_to_the_overview(
    app: App, world: World
) -> None:
    await registered(app, world.an, chat="setup")
    chat = Chat(app, world.an)
    await chat.command("overzicht")
    await chat.say("Vermeulen")
    await chat.press("1. Vermeulen Els")
    assert chat.text.startswith("📁 Cheque 123456")
    await chat.press("Vorige")
    assert "📋 Overzicht begeleidingen" in chat.text
    assert "trefwoord ‘Vermeulen’" in chat.text  # the overview as it was left


async def test_vorige_never_leads_back_into_a_stored_change(app: App, world: World) -> None:
    chat = await registered(app, world.an)
    await chat.command("gesprek")
    await chat.say("123456")
    await chat.press("Verdiepingsgesprek")
    await chat.press("Bevestigen en opslaan")
    await chat.command("dossier")
    await chat.say("123456")
    await chat.press("Laatste gesprek verwijderen")
    await chat.press("Ja, verwijderen")
    assert "Gesprek verwijderd" in chat.text
    assert texts.BACK not in chat.labels  # the confirmation of the deletion is not behind us


async def test_the_question_is_kept_with_its_values_and_a_button_carries_its_position(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    await chat.say("123456")
    await chat.say("999")
    session = await _stored_session(app, chat)
    asked = session.asked
    assert asked is not None
    assert asked.seq == chat.last.seq
    assert [label for label, _ in asked.options] == chat.labels
    assert [value for _, value in asked.options] == [o.value for o in chat.last.options]


async def test_a_press_is_checked_against_the_kept_question_without_asking_storage_for_it(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    await chat.say("123456")
    await chat.say("999")
    statements: list[str] = []

    def seen(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        statements.append(statement.split()[0].upper())

    event.listen(app.database.sync_engine, "before_cursor_execute", seen)
    try:
        await chat.do(Choice(chat.last.seq or 0, len(chat.last.options) + 5))
    finally:
        event.remove(app.database.sync_engine, "before_cursor_execute", seen)
    assert chat.text.startswith(texts.INVALID_CHOICE)
    # the staff member with their onboarding state and the session (one read), the update of
    # the session: nothing rebuilt the question
    assert statements.count("SELECT") == 1
    assert statements.count("UPDATE") == 1


@dataclass
class Proef:
    """A typed set of answers for a flow made up for these tests."""

    naam: str | None = None
    rondes: list[int] = field(default_factory=list)


async def _ask_naam(ctx: StepContext[Proef]) -> Question:
    return Question("Naam?")


async def _accept_naam(ctx: StepContext[Proef], answer: Answer) -> Outcome:
    ctx.answers.naam = answer.text
    ctx.answers.rondes.append(len(ctx.answers.rondes) + 1)
    return Advance()


def _ask_klaar(ctx: StepContext[Proef]) -> Question:
    return Question(f"Klaar, {ctx.answers.naam}?", (Option("Ja", "ja"),), typed=False)


async def _accept_klaar(ctx: StepContext[Proef], answer: Answer) -> Outcome:
    return Advance()


async def _store(ctx: StepContext[Proef]) -> Outcome:
    return Finish(f"Opgeslagen: {ctx.answers.naam} na {ctx.answers.rondes} ronde(s).")


NAAM = Step[Proef]("naam", "de naam", _ask_naam, _accept_naam)
KLAAR = Step[Proef]("klaar", "de bevestiging", _ask_klaar, _accept_klaar)
STORE = action("store", _store)
PROEF = Flow(
    "proef", "Proef", "proef", Proef, (NAAM, KLAAR, STORE), tuple(linear([NAAM, KLAAR, STORE]))
)


def _with_proef(app: App) -> App:
    flows = (*app.engine.flows.values(), PROEF)
    app.engine = Engine(app.unit_of_work, app.engine.clock, flows, app.engine.settings)
    return app


async def test_typed_answers_survive_the_session_and_an_action_runs_when_reached(
    app: App, world: World
) -> None:
    chat = Chat(_with_proef(app), world.an)
    await chat.command("proef")
    await chat.say("Els")
    await chat.press("Vorige")
    await chat.say("Lien")
    assert chat.text.startswith("Klaar, Lien?")
    await chat.press("Ja")
    assert chat.text.startswith("Opgeslagen: Lien na [1, 2] ronde(s).")


async def test_answers_a_new_release_cannot_read_ask_to_restart_that_flow(
    app: App, world: World
) -> None:
    chat = Chat(_with_proef(app), world.an)
    await chat.command("proef")
    await chat.say("Els")
    async with app.database.begin() as connection:
        await connection.execute(
            update(SessionRow).values(answers={"naam": "Els", "rondes": "drie"})
        )
    await chat.press("Ja")
    assert chat.text.startswith(
        texts.CANNOT_RESUME.format(title="Proef", command="proef") + "\n\n" + texts.WHAT_NOW
    )
    assert (await _stored_session(app, chat)).flow is None
