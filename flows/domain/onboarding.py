"""First steps of a new colleague: the welcome, the checklist per role, tips, practice data.

Checklist tasks are ticked by events the engine records: `open:<flow>` when a flow is opened,
`oefen:<flow>` when a flow is finished in practice mode, `help` for /help.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flows.domain.errors import Refusal
from flows.domain.esf import Jongere
from flows.domain.staff import Invitation, Role, Staff

BANNER = "🧪 OEFENMODUS"
TODO, DONE = "⬜", "✅"


@dataclass(frozen=True)
class Task:
    """One line of the checklist, done when `event` happened."""

    label: str
    event: str


_BEGELEIDER = (
    Task("Oefen een chequeregistratie (/oefenen, dan /cheque)", "oefen:cheque_registration"),
    Task("Oefen een gesprek (/oefenen, dan /gesprek)", "oefen:gesprek_registration"),
    Task("Oefen in een dossier, bv. een gesprek verwijderen (/dossier)", "open-oefen:dossier"),
    Task("Bekijk je overzicht (/overzicht)", "open:overzicht"),
    Task("Lees hoe de bot werkt (/help)", "help"),
)
_ESF = (
    Task("Oefen een ESF-begeleiding (/oefenen, dan /esf)", "oefen:esf_registration"),
    Task("Bekijk je ESF-overzicht (/esfoverzicht)", "open:esf_dossier"),
    Task("Lees hoe de bot werkt (/help)", "help"),
)
_COORDINATOR = (
    Task("Oefen een chequeregistratie (/oefenen, dan /cheque)", "oefen:cheque_registration"),
    Task("Bekijk het overzicht van je centrum (/overzicht)", "open:overzicht"),
    Task("Bekijk het financieel overzicht (/financieel)", "open:financieel"),
    Task("Nodig een collega uit (/uitnodigen)", "open:invite_colleague"),
    Task("Bekijk je team (/team)", "open:team"),
)
_COACH = (
    Task("Oefen een ESF-begeleiding (/oefenen, dan /esf)", "oefen:esf_registration"),
    Task("Bekijk de aanvragen tot verwijderen (/verwijderingen)", "open:esf_removals"),
    Task("Bekijk het ESF-overzicht (/esfoverzicht)", "open:esf_dossier"),
    Task("Lees hoe de bot werkt (/help)", "help"),
)


def checklist(staff: Staff) -> tuple[Task, ...]:
    """The 3–5 first tasks that fit this person's role and organisation."""
    if staff.role is Role.COORDINATOR:
        if staff.organisation.is_loopbaancentrum:
            return _COORDINATOR
        return (*_ESF[:2], *_COORDINATOR[3:])
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


# One short tip the first time a real flow is opened (shown once), and after each exercise.
FIRST_USE_TIPS: dict[str, str] = {
    "cheque_registration": (
        "Tip: werk altijd in het juiste dossier: controleer klantnummer en chequenummer op de "
        "loopbaancheque zelf."
    ),
    "gesprek_registration": (
        "Tip: registreer gesprekken in de volgorde waarin ze plaatsvonden; een gesprek vóór het "
        "laatst geregistreerde wordt geweigerd."
    ),
    "dossier": (
        "Tip: enkel het laatste gesprek van een cheque die nog niet afgesloten is, kan je "
        "wijzigen of verwijderen."
    ),
    "overzicht": "Tip: typ een trefwoord (naam, klantnummer, datum) om het overzicht te filteren.",
    "financieel": "Tip: nazorg wordt nooit betaald en telt niet mee in de uren van de cheque.",
    "esf_registration": (
        "Tip: een jongere heeft per organisatie hoogstens één lopende begeleiding."
    ),
    "esf_dossier": "Tip: kies een lijn om ze te bekijken, af te sluiten of te annuleren.",
    "esf_removals": "Tip: een aanvraag weigeren of goedkeuren meldt het de aanvrager meteen.",
    "invite_colleague": "Tip: een uitnodiging is 7 dagen geldig en werkt één keer.",
    "team": "Tip: een verlopen uitnodiging stuur je opnieuw vanuit /team.",
}
EXERCISE_TIPS: dict[str, str] = {
    "cheque_registration": (
        "Tip uit de handleiding: het kennismakingsgesprek is niet de intake; de intake is het "
        "eerste gesprek op de cheque."
    ),
    "gesprek_registration": (
        "Tip uit de handleiding: een synthesegesprek sluit de cheque af; daarna kan enkel nog "
        "nazorg."
    ),
    "dossier": "Tip uit de handleiding: verwijderen kan enkel voor het laatste gesprek.",
    "esf_registration": "Tip uit de handleiding: de startdatum ligt nooit in de toekomst.",
}


@dataclass(frozen=True)
class PracticeCheque:
    """A fictional cheque of a person's sandbox, with its fictional client."""

    chequenummer: str
    klantnummer: str
    klantnaam: str
    ordered_on: date
    start_by: date
    minutes: int
    elsewhere: bool = False  # held by a fictional other centre: the refusal on purpose


@dataclass(frozen=True)
class PracticeData:
    """What /oefenen makes for one person; numbers in the 9… range, names plainly fictional."""

    valid: PracticeCheque
    expired: PracticeCheque
    elsewhere: PracticeCheque
    jongere_klantnummer: str
    jongere_naam: str
    jongere_geboortedatum: date

    @property
    def cheques(self) -> tuple[PracticeCheque, ...]:
        return (self.valid, self.expired, self.elsewhere)


def practice_data(staff_id: int, today: date) -> PracticeData:
    """This person's fictional cheques, clients and jongere (their own numbers: no clashes)."""
    cheque = 900000000 + staff_id * 10
    client = 9900000 + staff_id * 10

    def one(n: int, name: str, start_by: date, elsewhere: bool = False) -> PracticeCheque:
        ordered = start_by - timedelta(days=180)
        return PracticeCheque(
            str(cheque + n), str(client + n), name, ordered, start_by, 8 * 60, elsewhere
        )

    later = today + timedelta(days=150)
    return PracticeData(
        valid=one(1, "Oefenklant Anna", later),
        expired=one(2, "Oefenklant Bram", today - timedelta(days=30)),
        elsewhere=one(3, "Oefenklant Cas", later, elsewhere=True),
        jongere_klantnummer=str(client + 4),
        jongere_naam="Oefenjongere Dina",
        jongere_geboortedatum=date(today.year - 17, 1, 15),
    )


def exercises(staff: Staff, data: PracticeData, today: date) -> str:
    """The exercises, each naming the data to use; three are refusals on purpose."""
    year_ago = (today - timedelta(days=400)).strftime("%d/%m/%Y")
    lines = ["Oefeningen (fictieve gegevens, enkel voor jou):"]
    if staff.organisation.is_loopbaancentrum:
        v, x, e = data.valid, data.expired, data.elsewhere
        lines += [
            f"1. Registreer cheque {v.chequenummer} voor klant {v.klantnummer} (/cheque). "
            f"Probeer eerst als datum van de intake {year_ago}: dat wordt geweigerd "
            "(meer dan een jaar terug).",
            f"2. Probeer cheque {x.chequenummer} voor klant {x.klantnummer}: die is verlopen "
            "en wordt geweigerd.",
            f"3. Probeer cheque {e.chequenummer} voor klant {e.klantnummer}: die is in gebruik "
            "bij een ander loopbaancentrum.",
            f"4. Registreer een gesprek op cheque {v.chequenummer} (/gesprek) en verwijder het "
            "daarna in het dossier (/dossier).",
        ]
    if staff.organisation.is_esf:
        lines.append(
            f"{len(lines)}. Registreer een ESF-begeleiding voor jongere {data.jongere_klantnummer}"
            " (/esf). Probeer eerst een startdatum in de toekomst: die wordt geweigerd."
        )
    lines.append("/oefenen opnieuw zet alles terug; /stoppen verlaat de oefenmodus.")
    return "\n".join(lines)


@dataclass(frozen=True)
class Progress:
    """What a person did of their first steps, and where their checklist message is."""

    done: frozenset[str] = frozenset()
    seen: frozenset[str] = frozenset()  # flows opened (their first-use tip was shown)
    checklist_chat: str | None = None
    checklist_message: int | None = None


@dataclass(frozen=True)
class Sandbox:
    """A person's practice state: their sandbox organisation (once made), and whether in it."""

    organisation_id: int | None
    practising: bool


@dataclass(frozen=True)
class Colleague:
    """A member of a team as /team shows them: linked or invited, progress, last activity."""

    staff: Staff
    done: frozenset[str]
    last_active: datetime | None
    invitation: Invitation | None  # the newest one sent, if any


def check_practice_jongere(
    known: Jongere | None, klantnummer: str, staff: Staff, today: date
) -> None:
    """A sandbox works with its fictional jongere only; a real organisation never with it."""
    if staff.organisation.practice and (known is None or not known.practice):
        fictional = practice_data(staff.id, today).jongere_klantnummer
        raise Refusal(
            f"In oefenmodus werk je enkel met de fictieve jongere: gebruik klantnummer {fictional}."
        )
    if not staff.organisation.practice and known is not None and known.practice:
        raise Refusal(
            f"Klantnummer {klantnummer} is een fictief oefennummer (/oefenen), geen echte jongere."
        )
