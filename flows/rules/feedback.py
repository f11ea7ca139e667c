"""Feedback holds general trajectory steps only: spot what looks like personal data."""

from __future__ import annotations

import re

MAX_FEEDBACK = 1000

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"(?<!\d)(?:\+32|0032|0)\s?[1-9](?:[\s./-]?\d){7,8}(?!\d)")
_RRN = re.compile(r"(?<!\d)\d{2}[.\s]?\d{2}[.\s]?\d{2}[-\s]?\d{3}[.\s]?\d{2}(?!\d)")


def personal_data_kinds(text: str) -> list[str]:
    """Name the kinds of personal data the text seems to contain (Dutch labels)."""
    kinds = []
    if _EMAIL.search(text):
        kinds.append("een e-mailadres")
    if _RRN.search(text):
        kinds.append("een rijksregisternummer")
    elif _PHONE.search(text):
        kinds.append("een telefoonnummer")
    return kinds
