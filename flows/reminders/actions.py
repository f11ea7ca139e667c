"""Flow `/herinneringen`: a person's open reminders, and what each reminder button does.

A button pressed days later is checked against the file as it is now: it leads into the flow
when the file still needs it, and otherwise says why not. *Later* and *Niet meer* act once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.domain.audit import AuditEntry
from flows.domain.cheques import ChequeStatus
from flows.domain.errors import Refusal
from flows.domain.intents import (
    ActOnReminder,
    AddSamenvattingTo,
    EndBegeleiding,
    Intent,
    OpenCheque,
    RegisterActieOn,
    RegisterGesprekOn,
    ShowChequeOverview,
    ShowRemovalRequests,
)
from flows.domain.reminders import DueReminder, Reminder, ReminderAction, ReminderKind
from flows.domain.rules import reminders as rules
from flows.domain.rules.dates import fmt
from flows.domain.staff import Role, Staff
from flows.engine.definition import (
    Advance,
    Answer,
    Condition,
    Entry,
    Finish,
    Flow,
    Outcome,
    Question,
    Stay,
    Step,
    StepContext,
    Switch,
    Transition,
    action,
)
from flows.engine.values import Option
from flows.reminders.compose import compose

DONE, SETTINGS, IDLE, DIGEST = "__done", "__settings", "__idle", "__digest"
NOT_YOURS = "Deze herinnering is niet (meer) voor jou."
ALREADY = "Dat had je al gekozen voor deze herinnering: er verandert niets."


@dataclass
class ReminderAnswers:
    """`/herinneringen`: the chosen button's stored value (`<reminder id>:<action>`), or the
    preferences."""

    choice: str = ""
    settings: bool = False
    editing: str = ""  # the setting chosen to change: IDLE or DIGEST
    digest_day: int | None = None


Context = StepContext[ReminderAnswers]


async def _ask_list(ctx: Context) -> Question:
    open_ = await ctx.uow.reminders.open_for(ctx.staff.id)
    leave = (Option("⚙️ Instellingen", SETTINGS), Option("Klaar", DONE))
    if not open_:
        return Question("Je hebt geen openstaande herinneringen.", leave, False)
    text, options = compose(open_)
    return Question(text, (*(Option(label, value) for label, value in options), *leave), False)


async def _accept_list(ctx: Context, answer: Answer) -> Outcome:
    if answer.value == DONE:
        return Finish("Klaar.")
    ctx.answers.settings = answer.value == SETTINGS
    ctx.answers.choice = "" if ctx.answers.settings else answer.value or ""
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
    if chosen is ReminderAction.OVERZICHT:  # the overview flow checks who may see it
        await ctx.uow.reminders.act(reminder.id, ctx.now)
        return Switch(ShowChequeOverview())
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
                f"{reminder.header}: deze cheque is intussen {file.status.value}"
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
        if chosen is ReminderAction.DETAIL:  # the detail offers what closes it, if anything
            return OpenCheque(file.registration_id)
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
    changed = {"reminder": reminder.id, **(after or {})}
    await _record(ctx, name, entity, str(reminder.file_id), changed)


async def _record(
    ctx: Context, name: str, entity: str, entity_id: str, after: dict[str, Any]
) -> None:
    """Audit a change this person made (a reminder acted on, a preference set)."""
    await ctx.uow.audit.record(
        AuditEntry(
            ctx.now, ctx.staff.id, ctx.staff.organisation.id, name, entity, entity_id, None, after
        )
    )


def _kinds_for(staff: Staff) -> list[ReminderKind]:
    """The kinds this person can get, so the ones they can turn off."""
    kinds = []
    if staff.organisation.is_loopbaancentrum:
        kinds += [ReminderKind.IDLE_CHEQUE, ReminderKind.LOW_MINUTES]
    if staff.organisation.is_esf:
        kinds += [ReminderKind.IDLE_BEGELEIDING, ReminderKind.SAMENVATTING_WINDOW]
    if staff.role is Role.COACH:
        kinds.append(ReminderKind.REMOVALS_WAITING)
    if staff.role is Role.COORDINATOR:
        kinds.append(ReminderKind.DIGEST)
    return kinds


async def _ask_settings(ctx: Context) -> Question:
    off = (await ctx.uow.reminders.kinds_off()).get(ctx.staff.id, frozenset())
    options = [
        Option(f"{'🔕' if kind in off else '🔔'} {KIND_LABELS[kind]}", kind.value)
        for kind in _kinds_for(ctx.staff)
    ]
    text = "Welke herinneringen wil je krijgen? Tik er een aan om ze aan of uit te zetten."
    if ctx.staff.role is Role.COORDINATOR:
        days = (await ctx.uow.reminders.centre_idle_days()).get(
            ctx.staff.organisation.id, ctx.settings.reminder_idle_days
        )
        text += f"\nZonder activiteit herinnert de bot na {days} dagen (voor heel het centrum)."
        options.append(Option("Aantal dagen voor het centrum", IDLE))
        day, hour = await _digest_moment(ctx)
        text += f"\nJe weekoverzicht komt op {WEEKDAYS[day]} om {hour:02d}:00."
        options.append(Option("Dag en uur van het weekoverzicht", DIGEST))
    return Question(text, (*options, Option("Klaar", DONE)), typed=False)


async def _accept_settings(ctx: Context, answer: Answer) -> Outcome:
    if answer.value == DONE:
        return Finish("Je instellingen voor herinneringen zijn bewaard.")
    if answer.value in (IDLE, DIGEST):
        if ctx.staff.role is not Role.COORDINATOR:
            raise Refusal("Alleen een coördinator stelt dit in voor het centrum.")
        ctx.answers.editing = answer.value or ""
        return Advance()
    kind = ReminderKind(answer.value or "")
    if kind not in _kinds_for(ctx.staff):
        raise Refusal("Die herinnering krijg je niet.")
    off = set((await ctx.uow.reminders.kinds_off()).get(ctx.staff.id, frozenset()))
    off.symmetric_difference_update({kind})
    await ctx.uow.reminders.set_kinds_off(ctx.staff.id, frozenset(off), ctx.now)
    kinds_off = {"uit": sorted(k.value for k in off)}
    await _record(ctx, "herinnering.voorkeur", "staff", str(ctx.staff.id), kinds_off)
    state = "uit" if kind in off else "aan"
    return Stay(f"{KIND_LABELS[kind]}: {state}.")


def _ask_idle(ctx: Context) -> Question:
    low, high = rules.IDLE_DAYS_RANGE
    return Question(
        f"Na hoeveel dagen zonder gesprek of actie krijgt iemand van {ctx.staff.organisation.name}"
        f" een herinnering? Typ een aantal van {low} tot en met {high}."
    )


async def _accept_idle(ctx: Context, answer: Answer) -> Outcome:
    if ctx.staff.role is not Role.COORDINATOR:
        raise Refusal("Alleen een coördinator stelt dit in voor het centrum.")
    days = rules.check_idle_days(answer.text)
    organisation = ctx.staff.organisation.id
    await ctx.uow.reminders.set_centre_idle_days(organisation, days, ctx.staff.id, ctx.now)
    await _record(ctx, "herinnering.dagen", "organisation", str(organisation), {"dagen": days})
    return Advance(f"Bewaard: een herinnering na {days} dagen zonder activiteit.", stored=True)


async def _digest_moment(ctx: Context) -> tuple[int, int]:
    return (await ctx.uow.reminders.digest_moments()).get(ctx.staff.id, (0, 8))


def _ask_digest_day(ctx: Context) -> Question:
    return Question(
        "Op welke dag wil je het weekoverzicht van het centrum?",
        tuple(Option(name.capitalize(), str(index)) for index, name in enumerate(WEEKDAYS[:5])),
        typed=False,
    )


async def _accept_digest_day(ctx: Context, answer: Answer) -> Outcome:
    ctx.answers.digest_day = int(answer.value or "0")
    return Advance()


def _ask_digest_hour(ctx: Context) -> Question:
    return Question(
        "Om welk uur?",
        tuple(Option(f"{hour:02d}:00", str(hour)) for hour in range(7, 19)),
        typed=False,
    )


async def _accept_digest_hour(ctx: Context, answer: Answer) -> Outcome:
    if ctx.staff.role is not Role.COORDINATOR or ctx.answers.digest_day is None:
        raise Refusal("Alleen een coördinator krijgt een weekoverzicht.")
    hour, day = int(answer.value or "8"), ctx.answers.digest_day
    await ctx.uow.reminders.set_digest_moment(ctx.staff.id, day, hour, ctx.now)
    return Advance(
        f"Bewaard: je weekoverzicht komt op {WEEKDAYS[day]} om {hour:02d}:00.", stored=True
    )


WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
KIND_LABELS = {
    ReminderKind.IDLE_CHEQUE: "Cheque zonder gesprek",
    ReminderKind.LOW_MINUTES: "Cheque bijna op",
    ReminderKind.IDLE_BEGELEIDING: "ESF-begeleiding zonder actie",
    ReminderKind.SAMENVATTING_WINDOW: "Samenvatting: termijn loopt af",
    ReminderKind.REMOVALS_WAITING: "Aanvragen tot verwijdering",
    ReminderKind.DIGEST: "Weekoverzicht van het centrum",
}
CHOSE_SETTINGS = Condition[ReminderAnswers]("chose_settings", lambda a: a.settings)
EDITS_DIGEST = Condition[ReminderAnswers]("edits_digest", lambda a: a.editing == DIGEST)

LIST = Step[ReminderAnswers]("lijst", "je herinneringen", _ask_list, _accept_list)
ACT = action("act", _act)
PREFERENCES = Step[ReminderAnswers](
    "instellingen", "je instellingen", _ask_settings, _accept_settings
)
IDLE_DAYS = Step[ReminderAnswers]("dagen", "het aantal dagen", _ask_idle, _accept_idle)
DIGEST_DAY = Step[ReminderAnswers](
    "digest_dag", "de dag van het weekoverzicht", _ask_digest_day, _accept_digest_day
)
DIGEST_HOUR = Step[ReminderAnswers](
    "digest_uur", "het uur van het weekoverzicht", _ask_digest_hour, _accept_digest_hour
)

REMINDERS = Flow(
    name="reminders",
    title="Herinneringen",
    command="herinneringen",
    answers=ReminderAnswers,
    steps=(LIST, ACT, PREFERENCES, IDLE_DAYS, DIGEST_DAY, DIGEST_HOUR),
    transitions=(
        Transition(LIST, PREFERENCES, conditions=(CHOSE_SETTINGS,)),
        Transition(LIST, ACT, unless=(CHOSE_SETTINGS,)),
        Transition(PREFERENCES, DIGEST_DAY, conditions=(EDITS_DIGEST,)),
        Transition(PREFERENCES, IDLE_DAYS, unless=(EDITS_DIGEST,)),
        Transition(IDLE_DAYS, PREFERENCES),
        Transition(DIGEST_DAY, DIGEST_HOUR),
        Transition(DIGEST_HOUR, PREFERENCES),
    ),
    entries=(Entry(ActOnReminder, ACT, lambda intent: ReminderAnswers(choice=intent.value)),),
)
