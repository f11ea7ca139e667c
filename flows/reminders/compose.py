"""A person's due reminders as one message: a numbered line per file, a button row per file."""

from __future__ import annotations

from collections.abc import Sequence

from flows.domain.reminders import Reminder, ReminderAction, ReminderKind

MAX_PER_MESSAGE = 8  # more go out as further messages (a page each)

ACTIONS: dict[ReminderKind, tuple[ReminderAction, ...]] = {
    ReminderKind.IDLE_CHEQUE: (ReminderAction.GESPREK, ReminderAction.LATER, ReminderAction.STOP),
    ReminderKind.LOW_MINUTES: (ReminderAction.DETAIL, ReminderAction.STOP),
    ReminderKind.IDLE_BEGELEIDING: (
        ReminderAction.ACTIE,
        ReminderAction.BEEINDIGEN,
        ReminderAction.LATER,
    ),
    ReminderKind.SAMENVATTING_WINDOW: (ReminderAction.SAMENVATTING,),
    ReminderKind.REMOVALS_WAITING: (ReminderAction.BEKIJKEN,),
    ReminderKind.DECISION: (),
    ReminderKind.DIGEST: (ReminderAction.OVERZICHT,),  # a message only: the decision is taken
}
LABELS = {
    ReminderAction.GESPREK: "Gesprek registreren",
    ReminderAction.LATER: "Later",
    ReminderAction.STOP: "Niet meer voor deze cheque",
    ReminderAction.ACTIE: "Actie registreren",
    ReminderAction.BEEINDIGEN: "Beëindigen",
    ReminderAction.SAMENVATTING: "Samenvatting aanvullen",
    ReminderAction.BEKIJKEN: "Bekijken",
    ReminderAction.OVERZICHT: "Overzicht begeleidingen",
    ReminderAction.DETAIL: "Cheque bekijken",
}


def option_value(reminder_id: int, action: ReminderAction) -> str:
    """What a button stands for, kept with the sent message (`row` groups one file's buttons)."""
    return f"{reminder_id}:{action.value}"


def row_of(value: str) -> str:
    """The file (reminder) a button's value belongs to: one button row per file."""
    return value.partition(":")[0]


def pages(reminders: Sequence[Reminder]) -> list[list[Reminder]]:
    """One person's reminders split into messages of at most MAX_PER_MESSAGE files."""
    ordered = list(reminders)
    return [ordered[i : i + MAX_PER_MESSAGE] for i in range(0, len(ordered), MAX_PER_MESSAGE)]


def compose(reminders: Sequence[Reminder]) -> tuple[str, list[tuple[str, str]]]:
    """The message text and its (label, value) buttons, in rows by file."""
    numbered = len(reminders) > 1
    title = "⏰ Herinneringen" if numbered else "⏰ Herinnering"
    if all(reminder.kind is ReminderKind.DECISION for reminder in reminders):
        title = "📬 Bericht"
    elif all(reminder.kind is ReminderKind.DIGEST for reminder in reminders):
        title = "📋 Weekoverzicht"
    lines = [title]
    options: list[tuple[str, str]] = []
    for number, reminder in enumerate(reminders, 1):
        mark = f"{number}. " if numbered else ""
        lines.append(f"\n{mark}{reminder.header}\n{reminder.detail}")
        for action in ACTIONS[reminder.kind]:
            label = f"{number}. {LABELS[action]}" if numbered else LABELS[action]
            options.append((label, option_value(reminder.id, action)))
    return "\n".join(lines), options
