"""Practice mode (/oefenen): each person's fictional data, the exercises, and who may use it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flows.domain.errors import Refusal
from flows.domain.esf import Jongere
from flows.domain.staff import Staff

BANNER = "🧪 OEFENMODUS"


@dataclass(frozen=True)
class Sandbox:
    """A person's practice state: their sandbox organisation (once made), and whether in it."""

    organisation_id: int | None
    practising: bool


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
            str(cheque + n), str(client + n), name, ordered, start_by, 4 * 60, elsewhere
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
