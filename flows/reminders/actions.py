"""Flow `/herinneringen`: a person's open reminders, and what each reminder button does.

A button pressed days later is checked against the file as it is now: it leads into the flow
when the file still needs it, and otherwise says why not. *Later* and *Niet meer* act once.
"""

from __future__ import annotations

from dataclasses import dataclass

from flows.domain.audit import AuditEntry
from flows.domain.cheques import ChequeStatus
from flows.domain.errors import Refusal
from flows.domain.intents import (
    ActOnReminder,
    AddSamenvattingTo,
    EndBegeleiding,
    Intent,
    RegisterActieOn,
    RegisterGesprekOn,
    ShowRemovalRequests,
)
from flows.domain.reminders import DueReminder, Reminder, ReminderAction, ReminderKind
from flows.domain.rules import reminders as rules
from flows.domain.rules.dates import fmt
from flows.engine.definition import (
    Advance,
    Answer,
    Entry,
    Finish,
    Flow,
    Outcome,
    Question,
    Step,
    StepContext,
    Switch,
    Transition,
    action,
)
from flows.engine.values import Option
from flows.reminders.compose import compose

DONE = "__done"
NOT_YOURS = "Deze herinnering is niet (meer) voor jou."
ALREADY = "Dat had je al gekozen voor deze herinnering: er verandert niets."


@dataclass
class ReminderAnswers:
    """`/herinneringen`: the chosen button's stored value (`<reminder id>:<action>`)."""

    choice: str = ""


Context = StepContext[ReminderAnswers]


async def _ask_list(ctx: Context) -> Question:
    open_ = await ctx.uow.reminders.open_for(ctx.staff.id)
    if not open_:
        return Question("Je hebt geen openstaande herinneringen.", (Option("Klaar", DONE),), False)
    text, options = compose(open_)
    return Question(
        text, (*(Option(label, value) for label, value in options), Option("Klaar", DONE)), False
    )


async def _accept_list(ctx: Context, answer: Answer) -> Outcome:
    if answer.value == DONE:
        return Finish("Klaar.")
    ctx.answers.choice = answer.value or ""
    return Advance()


async def _act(ctx: Context) -> Outcome:
    """Do what the button asks, if the person may and the file still needs it."""
    number, _, name = ctx.answers.choice.partition(":")
    reminder = await ctx.uow.reminders.get(int(number)) if number.isdigit() else None
    if (
        reminder is None
        or reminder.staff_id != ctx.staff.id
        or reminder.organisation_id != ctx.staff.organisation.id
        or name not in ReminderAction.__members__.values()
    ):
        raise Refusal(NOT_YOURS)
    chosen = ReminderAction(name)
    if chosen is ReminderAction.LATER:
        return await _later(ctx, reminder)
    if chosen is ReminderAction.STOP:
        return await _stop(ctx, reminder)
    if chosen is ReminderAction.BEKIJKEN:  # the removals flow checks the person is a coach
        await ctx.uow.reminders.act(reminder.id, ctx.now)
        return Switch(ShowRemovalRequests())
    intent = await _work(ctx, reminder, chosen)
    await ctx.uow.reminders.act(reminder.id, ctx.now)
    return Switch(intent)


async def _work(ctx: Context, reminder: Reminder, chosen: ReminderAction) -> Intent:
    """The flow that does the work, once the file is checked to still need it."""
    if reminder.kind.about_cheque:
        file = await ctx.uow.registrations.file(reminder.file_id)
        if file is None or file.organisation_id != ctx.staff.organisation.id:
            raise Refusal(NOT_YOURS)
        if file.status is not ChequeStatus.IN_GEBRUIK:
            raise Refusal(
                f"{reminder.header}: deze cheque is intussen {file.status.label.lower()}"
                " (door jou of een collega). Er hoeft niets meer te gebeuren."
            )
        if reminder.kind is ReminderKind.IDLE_CHEQUE:
            since = rules.base_period(reminder.period).removeprefix("idle:")
            later = [g.datum for g in file.active_gesprekken if g.datum.isoformat() > since]
            if later:
                raise Refusal(
                    f"{reminder.header}: er is intussen al een gesprek geregistreerd "
                    f"({fmt(max(later))}). Deze herinnering is niet meer nodig."
                )
        return RegisterGesprekOn(file.registration_id)
    # ESF: the flow reads the line again and checks it (owned, still open) before asking.
    if chosen is ReminderAction.ACTIE:
        return RegisterActieOn(reminder.file_id)
    if chosen is ReminderAction.BEEINDIGEN:
        return EndBegeleiding(reminder.file_id)
    return AddSamenvattingTo(reminder.file_id)


async def _later(ctx: Context, reminder: Reminder) -> Outcome:
    """Once more in a week (one reminder, whatever the number of presses)."""
    if not await ctx.uow.reminders.act(reminder.id, ctx.now):
        return Finish(ALREADY)
    until = ctx.now + rules.LATER
    again = DueReminder(
        reminder.kind,
        reminder.file_id,
        rules.later_period(rules.base_period(reminder.period), until.date()),
        reminder.staff_id,
        reminder.organisation_id,
        reminder.header,
        reminder.detail,
    )
    await ctx.uow.reminders.schedule(again, until, ctx.now)
    await _audit(ctx, reminder, "herinnering.later", {"until": until.isoformat()})
    return Finish(
        f"Goed. Je krijgt op {fmt(until.date())} opnieuw een herinnering.\n{reminder.header}"
    )


async def _stop(ctx: Context, reminder: Reminder) -> Outcome:
    if not await ctx.uow.reminders.act(reminder.id, ctx.now):
        return Finish(ALREADY)
    await ctx.uow.reminders.stop(reminder.kind, reminder.file_id, ctx.staff.id, ctx.now)
    await _audit(ctx, reminder, "herinnering.gestopt", None)
    return Finish(f"Je krijgt geen herinneringen meer over deze cheque.\n{reminder.header}")


async def _audit(ctx: Context, reminder: Reminder, name: str, after: dict[str, str] | None) -> None:
    entity = "cheque_registration" if reminder.kind.about_cheque else "esf_begeleiding"
    await ctx.uow.audit.record(
        AuditEntry(
            ctx.now,
            ctx.staff.id,
            ctx.staff.organisation.id,
            name,
            entity,
            str(reminder.file_id),
            None,
            {"reminder": reminder.id, **(after or {})},
        )
    )


LIST = Step[ReminderAnswers]("lijst", "je herinneringen", _ask_list, _accept_list)
ACT = action("act", _act)

REMINDERS = Flow(
    name="reminders",
    title="Herinneringen",
    command="herinneringen",
    answers=ReminderAnswers,
    steps=(LIST, ACT),
    transitions=(Transition(LIST, ACT),),
    entries=(Entry(ActOnReminder, ACT, lambda intent: ReminderAnswers(choice=intent.value)),),
    in_menu=False,  # reached by /herinneringen and by the reminders' own buttons
)
