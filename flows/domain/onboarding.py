"""First steps of a new colleague: the welcome, the checklist per role, tips, progress.

Checklist tasks are ticked by events the engine records: `open:<flow>` when a flow is opened
(by its command or the menu; `open:reminders` for /herinneringen),
`oefen:<flow>` when a flow is finished in practice mode, `help` for /help.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.domain.staff import Invitation, Role, Staff

TODO, DONE = "⬜", "✅"


@dataclass(frozen=True)
class Task:
    """One line of the checklist, done when `event` happened."""

    label: str
    event: str


_PRACTISE_CHEQUE = Task(
    "Oefen een chequeregistratie (/oefenen, dan /cheque)", "oefen:cheque_registration"
)
_PRACTISE_ESF = Task("Oefen een ESF-begeleiding (/oefenen, dan /esf)", "oefen:esf_registration")
_REMINDERS = Task("Stel je herinneringen in (/herinneringen)", "open:reminders")
_HELP = Task("Lees hoe de bot werkt (/help)", "help")
_INVITE = Task("Nodig een collega uit (/uitnodigen)", "open:invite_colleague")
_TEAM = Task("Bekijk je team (/team)", "open:team")

_BEGELEIDER = (
    _PRACTISE_CHEQUE,
    Task("Oefen een gesprek (/oefenen, dan /gesprek)", "oefen:gesprek_registration"),
    Task("Oefen in een dossier, bv. een gesprek verwijderen (/dossier)", "open-oefen:dossier"),
    Task("Bekijk je overzicht (/overzicht)", "open:overzicht"),
    _REMINDERS,
)
_ESF = (
    _PRACTISE_ESF,
    Task("Bekijk je ESF-overzicht (/esfoverzicht)", "open:esf_dossier"),
    _REMINDERS,
    _HELP,
)
_COORDINATOR = (
    _PRACTISE_CHEQUE,
    Task("Bekijk het overzicht van je centrum (/overzicht)", "open:overzicht"),
    _REMINDERS,  # the weekly digest's day and hour, the centre's days without activity
    _INVITE,
    _TEAM,
)
_ESF_COORDINATOR = (*_ESF[:3], _INVITE, _TEAM)
_COACH = (
    _PRACTISE_ESF,
    Task("Bekijk de aanvragen tot verwijderen (/verwijderingen)", "open:esf_removals"),
    Task("Bekijk het ESF-overzicht (/esfoverzicht)", "open:esf_dossier"),
    _REMINDERS,
    _HELP,
)


def checklist(staff: Staff) -> tuple[Task, ...]:
    """The 3–5 first tasks that fit this person's role and organisation."""
    if staff.role is Role.COORDINATOR:
        return _COORDINATOR if staff.organisation.is_loopbaancentrum else _ESF_COORDINATOR
    if staff.role is Role.COACH:
        return _COACH
    if staff.organisation.is_loopbaancentrum:
        return _BEGELEIDER
    return _ESF


def role_welcome(staff: Staff) -> str:
    """The welcome that fits the role (begeleider, ESF staff, coordinator, coach)."""
    first = staff.name.split()[-1]
    where = staff.organisation.name
    if staff.role is Role.COORDINATOR:
        what = (
            "Als coördinator registreer je zelf, volg je het werk van je centrum op en nodig "
            "je collega's uit (/uitnodigen, /team)."
        )
    elif staff.role is Role.COACH:
        what = "Als coach beslis je over aanvragen om ESF-lijnen te verwijderen (/verwijderingen)."
    elif staff.organisation.is_loopbaancentrum:
        what = "Als begeleider registreer je loopbaancheques en de gesprekken die je ermee voert."
    else:
        what = "Je registreert hier de ESF-begeleidingen ‘ondersteuning alternerend leren’."
    return (
        f"Welkom {first} bij {where}! {what}\n"
        "Probeer alles eerst veilig uit met /oefenen: fictieve gegevens, niets komt in de echte "
        "overzichten."
    )


def render_checklist(staff: Staff, done: frozenset[str]) -> str:
    """The one checklist message, ⬜ for a task to do and ✅ for a task done."""
    tasks = checklist(staff)
    finished = sum(task.event in done for task in tasks)
    lines = [f"{DONE if task.event in done else TODO} {task.label}" for task in tasks]
    head = f"Je eerste stappen ({finished}/{len(tasks)} gedaan):"
    tail = "Alles gedaan, goed bezig!" if finished == len(tasks) else "/rondleiding toont dit weer."
    return "\n".join([head, *lines, tail])


def progress(staff: Staff, done: frozenset[str]) -> tuple[int, int]:
    """How many of this person's checklist tasks are done, of how many."""
    tasks = checklist(staff)
    return sum(task.event in done for task in tasks), len(tasks)


# One short tip the first time a real flow is opened (shown once).
FIRST_USE_TIPS: dict[str, str] = {
    "cheque_registration": (
        "Tip: controleer chequenummer én klantnummer op de loopbaancheque zelf, zodat je in het "
        "juiste dossier werkt."
    ),
    "gesprek_registration": (
        "Tip uit de handleiding: “Respecteer de chronologie van de gesprekken”."
    ),
    "dossier": (
        "Tip uit de handleiding: “Je kan een gesprek verwijderen of een loopbaancheque terug "
        "beschikbaar maken zolang de loopbaancheque niet afgesloten werd.”"
    ),
    "overzicht": "Tip: typ een trefwoord (naam, klantnummer, datum) om het overzicht te filteren.",
    "financieel": "Tip: een nazorggesprek leidt niet tot uitbetaling.",
    "esf_registration": "Tip: een jongere heeft per organisatie hoogstens één lopende begeleiding.",
    "esf_dossier": "Tip: kies een lijn om ze te bekijken, aan te vullen of te beëindigen.",
    "esf_removals": (
        "Tip: de aanvrager krijgt je beslissing meteen, of anders bij de volgende pauze in de chat."
    ),
    "invite_colleague": "Tip: een uitnodiging is 7 dagen geldig en werkt één keer.",
    "team": "Tip: een verlopen uitnodiging stuur je hier opnieuw met één knop.",
}
# After each finished exercise: one short passage of the handbook, word for word.
EXERCISE_TIPS: dict[str, str] = {
    "cheque_registration": (
        "Uit de handleiding: “Hier duid je Intake gesprek aan: Let op: dit is niet het "
        "kennismakingsgesprek.”"
    ),
    "gesprek_registration": (
        "Uit de handleiding: “Synthesegesprek: leidt automatisch tot een afsluiting van de "
        "loopbaancheque.”"
    ),
    "dossier": (
        "Uit de handleiding: “Om een voorgaand gesprek te verwijderen, moet je altijd eerst het "
        "meest recente gesprek verwijderen. Pas daarna kan je de voorgaande verwijderen.”"
    ),
    "esf_registration": (
        "Uit de handleiding: “Wanneer je de lijn op bezig plaatst, voer je de startdatum van de "
        "begeleiding (= startdatum van de begeleidingsovereenkomst) in.”"
    ),
}


@dataclass(frozen=True)
class Progress:
    """What a person did of their first steps, and where their checklist message is."""

    done: frozenset[str] = frozenset()
    seen: frozenset[str] = frozenset()  # flows opened (their first-use tip was shown)
    checklist_chat: str | None = None
    checklist_message: int | None = None


@dataclass(frozen=True)
class Colleague:
    """A member of a team as /team shows them: linked or invited, progress, last activity."""

    staff: Staff
    done: frozenset[str]
    last_active: datetime | None
    invitation: Invitation | None  # the newest one sent, if any
