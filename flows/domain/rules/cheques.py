"""Cheque rules of A5: numbers as typed, availability, themes and the beginvraag."""

from __future__ import annotations

import re
from datetime import date

from flows.domain import handbook
from flows.domain.cheques import Holder, IssuedCheque
from flows.domain.errors import Refusal
from flows.domain.rules.dates import fmt
from flows.domain.rules.duration import is_negative

MAX_BEGINVRAAG = 300
MIN_BEGINVRAAG = 10
_SEPARATORS = re.compile(r"[\s/\-.]")

DEFAULT_THEMES: tuple[str, ...] = (
    "Loopbaanoriëntatie en keuzes",
    "Competenties en talenten",
    "Werkbaar werk en welzijn",
    "Combinatie werk en privé",
    "Opleiding en ontwikkeling",
    "Heroriëntering of jobverandering",
    "Ondernemerschap",
)


def normalise_chequenummer(text: str) -> str:
    """Strip slashes, dashes, dots and spaces (A5.1); refuse anything but digits."""
    if is_negative(text):
        raise Refusal("Een chequenummer kan niet negatief zijn: laat het minteken weg.")
    number = _SEPARATORS.sub("", text)
    if not number.isdigit() or len(number) > 20:
        raise Refusal("Een chequenummer bestaat uit cijfers (slashes en streepjes mogen weg).")
    return number


def normalise_klantnummer(text: str) -> str:
    """Accept a klantnummer typed with spaces or dots; refuse anything but digits."""
    if is_negative(text):
        raise Refusal("Een klantnummer kan niet negatief zijn: laat het minteken weg.")
    number = _SEPARATORS.sub("", text)
    if not number.isdigit() or len(number) > 20:
        raise Refusal("Een klantnummer bestaat enkel uit cijfers.")
    return number


def check_available(
    issued: IssuedCheque | None,
    holder: Holder | None,
    *,
    klantnummer: str,
    chequenummer: str,
    organisation_id: int,
    today: date,
    practice: bool = False,
) -> IssuedCheque:
    """Return the cheque when this organisation may register it, else refuse as A5.1 words it.

    A fictional cheque exists only for a practice organisation, a real one only for a real one.
    """
    not_found = handbook.CHEQUE_NOT_FOUND.format(klantnummer=klantnummer, chequenummer=chequenummer)
    if issued is None or issued.klantnummer != klantnummer or issued.practice != practice:
        raise Refusal(not_found)
    if holder is not None:
        if holder.organisation_id == organisation_id:
            raise Refusal(handbook.CHEQUE_IN_USE_HERE)
        raise Refusal(handbook.CHEQUE_IN_USE_ELSEWHERE)
    if today > issued.start_by:
        raise Refusal(
            f"{not_found}\nDe geldigheidstermijn is verstreken "
            f"(starten kon tot {fmt(issued.start_by)}): "
            "vraag je klant om een nieuwe loopbaancheque aan te vragen."
        )
    return issued


def check_beginvraag(text: str) -> str:
    """A5.2: mandatory, short and to the point."""
    question = " ".join(text.split())
    if not question:
        raise Refusal("De beginvraag is verplicht.")
    if len(question) < MIN_BEGINVRAAG:
        raise Refusal(
            "Die beginvraag is wel erg kort. Formuleer de vraag van de klant in een zin "
            f"(minstens {MIN_BEGINVRAAG} tekens)."
        )
    if len(question) > MAX_BEGINVRAAG:
        raise Refusal(
            f"Hou de beginvraag kort en bondig: maximaal {MAX_BEGINVRAAG} tekens "
            f"(nu {len(question)}). "
            "Achtergrond en context laat je best weg."
        )
    return question
