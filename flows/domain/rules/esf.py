"""Rules of the ESF begeleiding ‘ondersteuning alternerend leren’ (B1–B7), as pure functions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flows.domain import handbook
from flows.domain.errors import Refusal
from flows.domain.esf import (
    Begeleiding,
    Diploma,
    Jongere,
    NewJongere,
    RemovalRequest,
    RemovalStatus,
    Toestand,
)
from flows.domain.rules.dates import fmt, local_day, one_year_before
from flows.domain.rules.names import check_person_name

AANVULLEN_DAGEN = 14  # B6: the samenvatting can be supplemented this long after closing
MIN_TEXT = 10
MAX_SAMENVATTING = 1000
MAX_NOTITIE = 300
MAX_REDEN = 500
MIN_AGE, MAX_AGE = 12, 30  # plausibility of a geboortedatum, not a handbook rule

_DIPLOMA_WORDS = {"ja": Diploma.JA, "nee": Diploma.NEE, "onbekend": Diploma.ONBEKEND}


def parse_diploma(text: str) -> Diploma:
    """Read `ja`, `nee` or `onbekend` (any case)."""
    found = _DIPLOMA_WORDS.get(text.strip().lower())
    if found is None:
        raise Refusal("Diploma secundair onderwijs: antwoord met ja, nee of onbekend.")
    return found


def _who(jongere: Jongere | NewJongere) -> str:
    return f"{jongere.naam} (klant {jongere.klantnummer})"


def not_eligible(jongere: Jongere | NewJongere) -> Refusal:
    """B1: the refusal for a jongere with a diploma of secondary education."""
    return Refusal(
        f"{_who(jongere)} heeft volgens de gegevens een diploma van het secundair onderwijs. "
        "Enkel een jongere die bij de start van de begeleiding geen diploma secundair onderwijs "
        f"had, behoort tot de doelgroep. {handbook.NOT_TARGET_GROUP}"
    )


def had_diploma(jongere: Jongere | NewJongere) -> Refusal:
    """B1: the refusal when the organisator says the jongere had a diploma at the start."""
    return Refusal(
        f"{_who(jongere)} had bij de start van de begeleiding een diploma van het secundair "
        f"onderwijs. {handbook.NOT_TARGET_GROUP}"
    )


def check_eligible(jongere: Jongere | NewJongere, *, no_diploma_confirmed: bool) -> Diploma:
    """B1: no diploma at the start; when unknown, the organisator must confirm there was none.

    Returns what is recorded on the line: NEE, or ONBEKEND (confirmed as none).
    """
    if jongere.diploma_secundair is Diploma.JA:
        raise not_eligible(jongere)
    if jongere.diploma_secundair is Diploma.ONBEKEND and not no_diploma_confirmed:
        raise Refusal(
            f"Van {_who(jongere)} is niet gekend of de jongere een diploma secundair onderwijs "
            "heeft. Controleer het klantendossier en bevestig dat er bij de start geen diploma was."
        )
    return jongere.diploma_secundair


def running_refusal(running: Begeleiding) -> Refusal:
    """One running begeleiding per jongere per organisation: point to the running one."""
    return Refusal(
        f"Voor {_who(running.jongere)} loopt bij {running.organisation_name} al een begeleiding "
        f"‘{handbook.ESF_STEP}’: toestand Bezig sinds {fmt(running.startdatum)} (uitvoerder "
        f"{running.uitvoerder.name}). Per jongere loopt er maar één begeleiding tegelijk: werk "
        "verder op die lijn via /esfoverzicht."
    )


def check_startdatum(day: date, today: date) -> None:
    """The start of the begeleidingsovereenkomst: not in the future, at most a year back."""
    if day > today:
        raise Refusal(
            f"De startdatum {fmt(day)} ligt in de toekomst. Plaats de lijn op Bezig vanaf de "
            "startdatum van de begeleidingsovereenkomst."
        )
    if day < one_year_before(today):
        raise Refusal(
            f"De startdatum {fmt(day)} ligt meer dan een jaar in het verleden. De vroegst "
            f"mogelijke datum is {fmt(one_year_before(today))}."
        )


def check_geboortedatum(day: date, today: date) -> None:
    """Catch typing errors: a jongere in the project is between 12 and 30 years old."""
    if day > today:
        raise Refusal(f"De geboortedatum {fmt(day)} ligt in de toekomst.")
    age = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
    if not MIN_AGE <= age <= MAX_AGE:
        raise Refusal(
            f"Met geboortedatum {fmt(day)} is de jongere {age} jaar; een jongere in dit project "
            f"is tussen {MIN_AGE} en {MAX_AGE} jaar. Kijk de datum na (dd/mm/jjjj)."
        )


def check_jongere_naam(text: str) -> str:
    return check_person_name(text, "de jongere")


def _text(text: str, what: str, maximum: int) -> str:
    cleaned = " ".join(text.split())
    if len(cleaned) < MIN_TEXT:
        raise Refusal(f"{what} is te kort: schrijf minstens {MIN_TEXT} tekens.")
    if len(cleaned) > maximum:
        raise Refusal(f"Hou {what.lower()} kort: maximaal {maximum} tekens (nu {len(cleaned)}).")
    return cleaned


def check_samenvatting(text: str) -> str:
    return _text(text, "De samenvatting", MAX_SAMENVATTING)


def check_notitie(text: str) -> str:
    return _text(text, "De notitie", MAX_NOTITIE)


def check_reden(text: str) -> str:
    return _text(text, "De reden", MAX_REDEN)


def in_overview(line: Begeleiding) -> bool:
    """B3, B7: a geannuleerd or removed line has left the overviews (the audit log keeps it)."""
    return line.toestand is not Toestand.GEANNULEERD and line.removed_at is None


def closed_on(line: Begeleiding, now: datetime) -> date:
    """The day the closing was registered (B6); lines closed before it was kept: the einddatum."""
    if line.closed_at is not None:
        return local_day(line.closed_at, now)
    assert line.einddatum is not None, "a closed line has an einddatum"
    return line.einddatum


def aanvullen_tot(closed: date) -> date:
    """The last day the samenvatting of a line closed (registered) on `closed` can be added to."""
    return closed + timedelta(days=AANVULLEN_DAGEN)


def check_open(line: Begeleiding, now: datetime) -> None:
    """B6: beëindigd is final; nothing changes any more but the samenvatting, for 14 days."""
    if line.toestand is Toestand.BEZIG:
        return
    if line.toestand is Toestand.GEANNULEERD:
        raise Refusal(
            "Deze lijn is geannuleerd: er kan niets meer op geregistreerd worden.", final=True
        )
    assert line.einddatum is not None
    last = aanvullen_tot(closed_on(line, now))
    still = (
        f"Alleen de samenvatting kan je nog aanvullen, tot en met {fmt(last)}."
        if now.date() <= last
        else f"Ook de samenvatting aanvullen kan niet meer sinds {fmt(last + timedelta(days=1))}."
    )
    raise Refusal(
        f"Deze begeleiding is beëindigd op {fmt(line.einddatum)}. Beëindigd is een eindtoestand: "
        f"je kan de gegevens niet meer wijzigen. {still}",
        final=True,
    )


def may_add_samenvatting(line: Begeleiding, now: datetime) -> bool:
    """B4, B6: while bezig; once beëindigd up to and including 14 days after registering it."""
    if line.toestand is Toestand.BEEINDIGD:
        return now.date() <= aanvullen_tot(closed_on(line, now))
    return line.toestand is Toestand.BEZIG


def check_may_add_samenvatting(line: Begeleiding, now: datetime) -> None:
    """B4, B6: while bezig; once beëindigd up to and including 14 days after registering it."""
    if line.toestand is Toestand.BEEINDIGD:
        closed = closed_on(line, now)
        last = aanvullen_tot(closed)
        if now.date() > last:
            raise Refusal(
                f"De samenvatting aanvullen kan tot 14 dagen nadat de beëindiging geregistreerd "
                f"werd ({fmt(closed)}), dus tot en met {fmt(last)}: sinds "
                f"{fmt(last + timedelta(days=1))} kan dat niet meer.",
                final=True,
            )
        return
    check_open(line, now)


def last_actie(line: Begeleiding) -> date | None:
    return max((actie.datum for actie in line.acties), default=None)


def check_actie_date(line: Begeleiding, day: date, now: datetime) -> None:
    """Actions are registered from the startdatum on, never in the future, only while bezig."""
    check_open(line, now)
    check_actie_day(day, line.startdatum, now.date())


def check_actie_day(day: date, startdatum: date, today: date) -> None:
    if day < startdatum:
        raise Refusal(
            f"De datum {fmt(day)} ligt vóór de startdatum van de begeleiding "
            f"({fmt(startdatum)}): acties registreer je vanaf de startdatum."
        )
    if day > today:
        raise Refusal(
            f"De datum {fmt(day)} ligt in de toekomst. Registreer enkel acties die plaatsvonden."
        )


def check_einddatum_day(day: date, startdatum: date, last: date | None, today: date) -> None:
    """B5: not before the start, not before the last action, not in the future."""
    if day < startdatum:
        raise Refusal(
            f"De einddatum {fmt(day)} ligt vóór de startdatum van de begeleiding "
            f"({fmt(startdatum)})."
        )
    if last is not None and day < last:
        raise Refusal(
            f"De einddatum {fmt(day)} ligt vóór de laatst geregistreerde actie ({fmt(last)}). "
            "Na de einddatum kan je geen acties meer registreren."
        )
    if day > today:
        raise Refusal(f"De einddatum {fmt(day)} ligt in de toekomst.")


def check_einddatum(line: Begeleiding, day: date, now: datetime) -> None:
    check_open(line, now)
    check_einddatum_day(day, line.startdatum, last_actie(line), now.date())


def check_may_cancel(line: Begeleiding, now: datetime) -> None:
    """B3: geannuleerd is for a running line registered by mistake; a closed one needs B7."""
    if line.toestand is Toestand.BEEINDIGD:
        raise Refusal(
            "Een beëindigde lijn kan je niet meer annuleren. Vraag de provinciale coach om ze "
            "te verwijderen (‘Verwijdering aanvragen’)."
        )
    check_open(line, now)


def check_may_request_removal(line: Begeleiding, now: datetime) -> None:
    """B7: only a closed line, and one open request at a time."""
    if line.toestand is not Toestand.BEEINDIGD:
        raise Refusal(
            "Enkel een beëindigde lijn laat je verwijderen. Een lopende lijn die je foutief "
            "registreerde, annuleer je zelf (‘Lijn annuleren’)."
        )
    request = line.removal
    if request is not None and request.status is RemovalStatus.OPEN:
        raise Refusal(
            f"Voor deze lijn loopt al een aanvraag tot verwijdering, sinds "
            f"{fmt(local_day(request.requested_at, now))}. De provinciale coach beslist erover."
        )


def check_request_open(request: RemovalRequest) -> None:
    if request.status is not RemovalStatus.OPEN:
        raise Refusal(f"Deze aanvraag werd intussen al behandeld ({request.status.value}).")
