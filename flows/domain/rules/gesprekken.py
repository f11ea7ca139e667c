"""Rules for gesprekken on a registered cheque: types, hours, chronology, corrections (A6–A8)."""

from __future__ import annotations

from datetime import date

from flows.domain.cheques import ChequeFile, ChequeStatus, Gesprek, GesprekType
from flows.domain.errors import Refusal
from flows.domain.rules.dates import fmt
from flows.domain.rules.duration import MIN_MINUTES, fmt_minutes

OPEN_TYPES = (GesprekType.VERDIEPING, GesprekType.SYNTHESE, GesprekType.STOPZETTING)
CLOSED_TYPES = (GesprekType.NAZORG,)
CLOSING = {
    GesprekType.SYNTHESE: ChequeStatus.AFGESLOTEN,
    GesprekType.STOPZETTING: ChequeStatus.STOPGEZET,
}


def minutes_used(file: ChequeFile) -> int:
    """Hours registered on the cheque: every gesprek not deleted, nazorg excepted (never paid)."""
    return sum(g.minutes for g in file.active_gesprekken if g.type is not GesprekType.NAZORG)


def minutes_left(file: ChequeFile) -> int:
    return max(file.cheque.minutes - minutes_used(file), 0)


def allowed_types(file: ChequeFile) -> tuple[GesprekType, ...]:
    """A6.2: verdieping, synthese or stopzetting while open; only nazorg once closed."""
    return CLOSED_TYPES if file.is_closed else OPEN_TYPES


def check_type(file: ChequeFile, kind: GesprekType) -> None:
    """Refuse a type the cheque's status does not allow, or a paid one with no hours left."""
    if kind not in allowed_types(file):
        if file.is_closed:
            raise Refusal(
                f"Deze cheque is {file.status.label.lower().removeprefix('cheque ')}: "
                "je kan enkel nog een nazorggesprek registreren."
            )
        raise Refusal("Een nazorggesprek kan pas nadat de cheque afgesloten is.")
    if kind is not GesprekType.NAZORG and minutes_left(file) < MIN_MINUTES:
        raise Refusal(
            f"Er blijft nog {fmt_minutes(minutes_left(file))} over op de cheque: "
            "te weinig voor een gesprek (minstens 30 minuten)."
        )


def last_gesprek(file: ChequeFile) -> Gesprek | None:
    """The most recently registered gesprek that is not deleted."""
    active = file.active_gesprekken
    return max(active, key=lambda g: g.id) if active else None


def chronology_refusal(last_date: date) -> Refusal:
    """The A6.4 refusal, naming the date of the most recent registered gesprek."""
    return Refusal(
        f"Het laatst geregistreerde gesprek was op {fmt(last_date)}. Registreer gesprekken in de "
        "volgorde waarin ze plaatsvonden: een gesprek vóór die datum kan niet (anders zou de "
        "cheque onterecht afgesloten worden)."
    )


def check_chronology(file: ChequeFile, day: date) -> None:
    """A6.4: a gesprek dated before the most recent registered one is refused, naming that date."""
    last = last_gesprek(file)
    if last is not None and day < last.datum:
        raise chronology_refusal(last.datum)


def check_hours(file: ChequeFile, kind: GesprekType, minutes: int) -> None:
    """A6.3: registered hours never exceed the cheque's hours (nazorg does not count)."""
    left = minutes_left(file)
    if kind is not GesprekType.NAZORG and minutes > left:
        raise Refusal(
            f"Dit gesprek ({fmt_minutes(minutes)}) gaat over de uren van de cheque: "
            f"er blijft nog {fmt_minutes(left)}."
        )


def status_after(file: ChequeFile, kind: GesprekType) -> ChequeStatus:
    """Synthese closes the cheque (afgesloten); stopzetting closes it as stopgezet."""
    return CLOSING.get(kind, file.status)


def deletable(file: ChequeFile) -> Gesprek:
    """A8: only while not closed, and only the newest gesprek that is not deleted."""
    if file.is_closed:
        raise Refusal(
            "Deze cheque is afgesloten: gesprekken verwijderen kan enkel zolang de cheque niet "
            "afgesloten is."
        )
    last = last_gesprek(file)
    if last is None:
        raise Refusal("Er is geen gesprek meer om te verwijderen.")
    return last


def leaves_no_synthese(file: ChequeFile, kind: GesprekType, minutes: int) -> bool:
    """A verdiepingsgesprek after which less than a synthesegesprek (30 minutes) remains."""
    return kind is GesprekType.VERDIEPING and minutes_left(file) - minutes < MIN_MINUTES


def convertible(file: ChequeFile) -> Gesprek:
    """The newest gesprek, when the cheque can only close by making it the synthese (A6.3, A8).

    Registered hours never exceed the cheque: once less than 30 minutes remain, the newest
    verdiepingsgesprek is deleted and registered again as synthese or stopzetting.
    """
    if file.is_closed:
        raise Refusal("Deze cheque is al afgesloten.", final=True)
    left = minutes_left(file)
    if left >= MIN_MINUTES:
        raise Refusal(
            f"Er blijft nog {fmt_minutes(left)} over op de cheque: registreer de synthese of "
            "de stopzetting als een nieuw gesprek.",
            final=True,
        )
    last = last_gesprek(file)
    if last is None or last.type is not GesprekType.VERDIEPING:
        raise Refusal(
            "Enkel een verdiepingsgesprek kan je omzetten naar een synthese of stopzetting.",
            final=True,
        )
    return last


def may_convert(file: ChequeFile) -> bool:
    try:
        convertible(file)
    except Refusal:
        return False
    return True


def check_may_change_beginvraag(file: ChequeFile) -> None:
    """A7: the loopbaanvraag is adjusted during the begeleiding, not after closing."""
    if file.is_closed:
        raise Refusal("Deze cheque is afgesloten: de beginvraag kan niet meer gewijzigd worden.")
