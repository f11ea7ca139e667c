"""Onboarding through the engine: welcome, checklist, practice mode and its isolation."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import select

from bot.app import App
from flows.administration.payments import import_payments
from flows.domain.administration import PaymentLine
from flows.domain.overviews import (
    Cursor,
    FinancialQuery,
    OverviewQuery,
    PaidFilter,
    StatusFilter,
)
from flows.domain.practice import BANNER, practice_data
from flows.engine import gate
from flows.engine.clock import FixedClock
from flows.engine.values import Command, Message, parse_typed
from storage.models import IssuedChequeRow, OrganisationRow, RegistrationRow
from storage.queries.conditions import real_organisation
from tests.esf_support import TOM, register, seed_esf
from tests.gesprek_support import at_type
from tests.reminder_support import FakePusher, idle_cheque, outbox, run
from tests.support import Chat, World, database


async def _invite(app: App, clock: FixedClock, staff_id: int) -> str:
    async with app.unit_of_work() as uow:
        code, _ = await gate.invite(uow, staff_id, clock.now())
        await uow.commit()
    return code


def _checklists(replies: list[Message]) -> list[Message]:
    return [reply for reply in replies if reply.checklist_of is not None]


async def _practise_cheque(chat: Chat, world: World, staff_id: int) -> None:
    """Register this person's valid practice cheque, in practice mode."""
    data = practice_data(staff_id, world.today)
    await chat.register_until_summary(data.valid.chequenummer, data.valid.klantnummer)
    await chat.press("Bevestigen en opslaan")


async def test_a_newly_invited_begeleider_gets_the_welcome_and_the_checklist(
    app: App, world: World, clock: FixedClock
) -> None:
    code = await _invite(app, clock, world.lotte)
    lotte = Chat(app, telegram_id=777)
    replies = await lotte.do(parse_typed(f"/start {code}"))
    assert "Welkom Lotte bij De Brug!" in replies[0].text
    assert "begeleider" in replies[0].text
    (checklist,) = _checklists(replies)
    assert checklist.checklist_of == world.lotte
    assert "⬜ Oefen een chequeregistratie" in checklist.text
    assert checklist.text.count("⬜") == 5
    again = await lotte.do(Command("start"))
    assert _checklists(again) == []  # welcomed once


async def test_rondleiding_shows_the_checklist_again(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.command("start")
    replies = await chat.do(Command("rondleiding"))
    assert len(_checklists(replies)) == 1


async def test_finishing_the_practice_cheque_ticks_its_line_by_editing_the_checklist(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    (checklist,) = _checklists(await chat.do(Command("start")))
    assert "⬜ Oefen een chequeregistratie" in checklist.text
    await app.engine.remember_checklist(world.an, "test:1", 4242)
    await chat.command("oefenen")
    assert chat.text.startswith(BANNER)
    assert "Registreer cheque 900000011 voor klant 9900011" in chat.text
    before = len(chat.replies)
    await _practise_cheque(chat, world, world.an)
    edits = [reply for reply in chat.replies[before:] if reply.edit is not None]
    assert [edit.edit for edit in edits] == [4242]
    assert "✅ Oefen een chequeregistratie" in edits[0].text
    assert "Uit de handleiding" in chat.text
    assert all(reply.text.startswith(BANNER) for reply in chat.replies[before:] if not reply.edit)


async def test_opening_herinneringen_from_the_menu_ticks_its_line_by_editing_the_checklist(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    (checklist,) = _checklists(await chat.do(Command("start")))
    assert "⬜ Stel je herinneringen in (/herinneringen)" in checklist.text
    await app.engine.remember_checklist(world.an, "test:1", 4242)
    before = len(chat.replies)
    await chat.press("Herinneringen")
    (edit,) = [reply for reply in chat.replies[before:] if reply.edit is not None]
    assert edit.edit == 4242
    assert "✅ Stel je herinneringen in (/herinneringen)" in edit.text
    assert "(1/5 gedaan)" in edit.text
    assert chat.text.startswith("Je hebt geen openstaande herinneringen.")
    before = len(chat.replies)
    await chat.command("herinneringen")  # again: nothing more to tick
    assert [reply for reply in chat.replies[before:] if reply.edit is not None] == []


async def test_the_practice_refusals_come_on_purpose(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.command("oefenen")
    data = practice_data(world.an, world.today)
    await chat.command("cheque")
    await chat.say(data.expired.chequenummer)
    await chat.say(data.expired.klantnummer)
    assert "De geldigheidstermijn is verstreken" in chat.text
    await chat.command("cheque")
    await chat.press("Stoppen zonder opslaan")  # the chequenummer typed is asked about first
    await chat.say(data.elsewhere.chequenummer)
    await chat.say(data.elsewhere.klantnummer)
    assert "in gebruik bij een ander loopbaancentrum" in chat.text
    await chat.command("cheque")
    await chat.press("Stoppen zonder opslaan")
    await chat.say(data.valid.chequenummer)
    await chat.say(data.valid.klantnummer)
    await chat.press("Competenties")
    await chat.press("Klaar")
    await chat.say("Welke job past bij mij na mijn ontslag?")
    await chat.press("Ja, de klant is akkoord")
    year_back = (world.today - timedelta(days=400)).strftime("%d/%m/%Y")
    await chat.say(year_back)
    assert "meer dan een jaar" in chat.text
    assert chat.text.startswith(BANNER)


async def test_stoppen_leaves_practice_mode_and_real_work_goes_on(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.command("oefenen")
    await chat.press("Oefenmodus verlaten")
    assert "Je hebt de oefenmodus verlaten" in chat.text
    assert not chat.text.startswith(BANNER)
    await chat.register_until_summary()
    await chat.press("Bevestigen en opslaan")
    async with database(app) as db:
        real = (
            select(OrganisationRow.name)
            .join(RegistrationRow, RegistrationRow.organisation_id == OrganisationRow.id)
            .where(OrganisationRow.practice.is_(False))
        )
        assert (await db.scalars(real)).all() == ["De Brug"]


async def test_a_real_centre_cannot_register_a_practice_cheque(app: App, world: World) -> None:
    practising = Chat(app, world.an)
    await practising.command("oefenen")  # the fictional cheques exist from now on
    data = practice_data(world.an, world.today)
    real = Chat(app, world.pieter)
    await real.command("cheque")
    await real.say(data.valid.chequenummer)
    await real.say(data.valid.klantnummer)
    assert "Geen cheque gevonden" in real.text


async def test_oefenen_opnieuw_starts_a_fresh_sandbox(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.command("oefenen")
    await _practise_cheque(chat, world, world.an)
    await chat.say("/oefenen opnieuw")
    assert "opnieuw gemaakt" in chat.text
    await _practise_cheque(chat, world, world.an)  # the same cheque is free again
    assert "Er blijft" in chat.text


async def test_practice_data_never_reaches_a_real_overview_export_or_payment(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("oefenen")
    await _practise_cheque(chat, world, world.an)
    data = practice_data(world.an, world.today)
    fictional = {cheque.chequenummer for cheque in data.cheques}
    async with app.unit_of_work() as uow:
        organisations = await uow.organisations.all()  # where the CLI's export starts
        assert [each.name for each in organisations] == ["De Brug", "Duaal Plus", "Horizon"]
        assert await uow.payments.paid_gesprekken(sorted(fictional)) == []
        rates = app.settings.rates
        for organisation in organisations:
            for status in StatusFilter:
                query = OverviewQuery(organisation.id, status, None, rates)
                lines = (await uow.overviews.cheques(query, Cursor(), 100)).lines
                streamed = [line async for line in uow.overviews.stream_cheques(query)]
                assert not {line.chequenummer for line in [*lines, *streamed]} & fictional
            for paid in PaidFilter:
                money = FinancialQuery(organisation.id, paid, None, rates)
                found = (await uow.overviews.gesprekken(money, Cursor(), 100)).lines
                download = [line async for line in uow.overviews.stream_gesprekken(money)]
                assert not {line.chequenummer for line in [*found, *download]} & fictional
        payments = [
            PaymentLine(1, data.valid.chequenummer, world.today, Decimal("70.00"), world.today)
        ]
        report = await import_payments(uow, payments, rates, clock_now(world))
        assert report.marked == []
        assert len(report.problems) == 1  # reported as unknown, never matched
    async with database(app) as db:  # the condition every cross-organisation read applies
        practice = select(RegistrationRow.id).where(
            real_organisation(RegistrationRow.organisation_id),
            RegistrationRow.issued_cheque_id.in_(
                select(IssuedChequeRow.id).where(IssuedChequeRow.practice.is_(True))
            ),
        )
        assert (await db.scalars(practice)).all() == []
        everything = select(RegistrationRow.id).where(
            RegistrationRow.issued_cheque_id.in_(
                select(IssuedChequeRow.id).where(IssuedChequeRow.practice.is_(True))
            )
        )
        assert len((await db.scalars(everything)).all()) == 2  # the test saw them: it can fail


def clock_now(world: World) -> datetime:
    return datetime.combine(world.today, time(12), tzinfo=UTC)


async def test_a_first_use_tip_is_shown_once_per_flow(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    first = await chat.do(Command("overzicht"))
    assert any(reply.text.startswith("Tip: typ een trefwoord") for reply in first)
    again = await chat.do(Command("overzicht"))
    assert not any(reply.text.startswith("Tip:") for reply in again)
    other = await chat.do(Command("financieel"))
    assert any(reply.text.startswith("Tip: een nazorggesprek") for reply in other)


async def test_entering_practice_mid_flow_asks_first_and_leaves_the_real_flow_unsaved(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("cheque")
    await chat.say("123456")
    await chat.command("oefenen")
    assert "Wat je al invulde, is nog niet opgeslagen." in chat.text
    assert "naar ‘Oefenen op fictieve gegevens’ gaan" in chat.text
    await chat.press("Stoppen zonder opslaan")
    assert chat.text.startswith(BANNER)
    assert "Geannuleerd: er werd niets opgeslagen." in chat.text


async def test_practice_esf_uses_the_fictional_jongere_only_and_stays_out_of_real_lists(
    app: App, world: World, clock: FixedClock
) -> None:
    esf = await seed_esf(app, world, clock.now())
    noor = Chat(app, world.esf_only)
    await noor.command("oefenen")
    data = practice_data(world.esf_only, world.today)
    assert f"ESF-begeleiding voor jongere {data.jongere_klantnummer}" in noor.text
    await noor.command("esf")
    await noor.say(TOM)  # a real jongere: never in practice
    assert f"gebruik klantnummer {data.jongere_klantnummer}" in noor.text
    await register(noor, data.jongere_klantnummer, start=world.today.strftime("%d/%m/%Y"))
    assert noor.text.startswith(BANNER)
    assert "Uit de handleiding" in noor.text
    jonas = Chat(app, esf.jonas)  # a real colleague cannot use the fictional number
    await jonas.command("esf")
    await jonas.say(data.jongere_klantnummer)
    assert "fictief oefennummer" in jonas.text
    async with app.unit_of_work() as uow:
        for organisation in await uow.organisations.all():
            lines, _ = await uow.begeleidingen.overview(organisation.id, None, "", 0, 100)
            assert data.jongere_klantnummer not in {line.klantnummer for line in lines}


async def test_practising_a_gesprek_and_a_dossier_ticks_their_lines(app: App, world: World) -> None:
    chat = Chat(app, world.an)
    await chat.command("start")
    await app.engine.remember_checklist(world.an, "test:1", 4242)
    await chat.command("oefenen")
    await _practise_cheque(chat, world, world.an)
    data = practice_data(world.an, world.today)
    await at_type(chat, data.valid.chequenummer)
    await chat.press("Verdiepingsgesprek")
    before = len(chat.replies)
    await chat.press("Bevestigen en opslaan")
    (edit,) = [reply for reply in chat.replies[before:] if reply.edit == 4242]
    assert "✅ Oefen een gesprek" in edit.text
    assert "Synthesegesprek: leidt automatisch tot een afsluiting" in chat.text
    await chat.command("dossier")
    (edit,) = [reply for reply in chat.replies if reply.edit == 4242][-1:]
    assert "✅ Oefen in een dossier" in edit.text
    assert "(3/5 gedaan)" in edit.text


async def test_a_download_in_practice_mode_holds_practice_rows_and_says_so(
    app: App, world: World
) -> None:
    chat = Chat(app, world.an)
    await chat.command("oefenen")
    await _practise_cheque(chat, world, world.an)
    await chat.command("overzicht")
    reply = await chat.press("⬇ CSV")
    assert reply.document is not None
    assert reply.text.startswith(BANNER)
    content = Path(reply.document.path).read_text(encoding="utf-8-sig")
    Path(reply.document.path).unlink()
    assert practice_data(world.an, world.today).valid.chequenummer in content


async def test_an_idle_practice_cheque_gets_no_reminder_while_a_real_one_does(
    app: App, world: World, clock: FixedClock
) -> None:
    chat = Chat(app, world.an)
    await chat.command("oefenen")
    await _practise_cheque(chat, world, world.an)
    await chat.command("stoppen")
    real = await idle_cheque(app, world.lotte, clock, days=31)  # both now idle for 31 days
    pusher = FakePusher()
    await run(app, pusher)
    assert {(kind, file) for kind, file, _, _ in await outbox(app)} == {("a", real)}
