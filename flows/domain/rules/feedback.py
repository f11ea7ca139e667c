"""Feedback holds general trajectory steps only: spot what looks like personal data."""

from __future__ import annotations

import re

MAX_FEEDBACK = 1000

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_RRN = re.compile(r"(?<![\d+])\d{2}[.\s]?\d{2}[.\s]?\d{2}[-\s]?\d{3}[.\s]?\d{2}(?!\d)")
# Dates (12/03/2026) and times (10:30, 9u30) look like digit runs but are ordinary feedback.
_DATE_OR_TIME = re.compile(
    r"(?<!\d)(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:\d{4}|\d{2})(?!\d)"
    r"|(?<!\d)(?:[01]?\d|2[0-3])[:u][0-5]\d(?!\d)"
)
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+32|0032)\s?(?:\(0\)\s?)?|0)[1-9](?:[\s./-]?\d){7,8}(?!\d)")


def personal_data_kinds(text: str) -> list[str]:
    """Name the kinds of personal data the text seems to contain (Dutch labels)."""
    kinds = []
    if _EMAIL.search(text):
        kinds.append("een e-mailadres")
    if _RRN.search(text):
        kinds.append("een rijksregisternummer")
    rest = _DATE_OR_TIME.sub(" ", _RRN.sub(" ", _EMAIL.sub(" ", text)))
    if _PHONE.search(rest):
        kinds.append("een telefoonnummer")
    return kinds
