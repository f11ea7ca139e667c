"""Feedback holds general trajectory steps only: spot what looks like personal data."""

from __future__ import annotations

import re

from flows.domain.rules.sensitive_words import plain, special_categories

MAX_FEEDBACK = 1000

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_RRN = re.compile(r"(?<![\d+])\d{2}[.\s]?\d{2}[.\s]?\d{2}[-\s]?\d{3}[.\s]?\d{2}(?!\d)")
# Dates (12/03/2026) and times (10:30, 9u30) look like digit runs but are ordinary feedback.
_DATE_OR_TIME = re.compile(
    r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:\d{4}|\d{2})(?!\d)"
    r"|(?<!\d)(?:[01]?\d|2[0-3])[:u][0-5]\d(?!\d)"
)
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+32|0032)\s?(?:\(0\)\s?)?|0)[1-9](?:[\s./-]?\d){7,8}(?!\d)")


def personal_data_kinds(text: str, klantnaam: str = "", klantnummer: str = "") -> list[str]:
    """Name the kinds of personal data the text seems to contain (Dutch labels).

    Besides contact details: the client's own name or klantnummer (known to the flow), and
    words of the special categories (health, family, religion, origin, debts, justice).
    """
    kinds = []
    if klantnaam and _names_client(_EMAIL.sub(" ", text), klantnaam):  # an address is its own
        kinds.append("de naam van de klant")
    if klantnummer and re.search(rf"(?<!\d){re.escape(klantnummer)}(?!\d)", text):
        kinds.append("het klantnummer")
    if _EMAIL.search(text):
        kinds.append("een e-mailadres")
    if _RRN.search(text):
        kinds.append("een rijksregisternummer")
    rest = _DATE_OR_TIME.sub(" ", _RRN.sub(" ", _EMAIL.sub(" ", text)))
    if _PHONE.search(rest):
        kinds.append("een telefoonnummer")
    return kinds + special_categories(text)


def _names_client(text: str, klantnaam: str) -> bool:
    """The whole name, the familienaam or the voornaam (three letters or more) as words."""
    parts = plain(klantnaam).split()
    if not parts:
        return False
    familienaam, voornaam = " ".join(parts[:-1]), parts[-1]
    words = plain(text)
    wanted = [" ".join(parts), f"{voornaam} {familienaam}".strip()]
    wanted += [name for name in (familienaam, voornaam) if len(name.replace(" ", "")) >= 3]
    return any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", words) for name in wanted if name)
