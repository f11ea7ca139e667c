"""Naam begeleider in the handbook's `Familienaam Voornaam` form."""

from __future__ import annotations

import re

from flows.domain.errors import Refusal

_WORD = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*$")
_PARTICLES = {
    "van",
    "de",
    "der",
    "den",
    "del",
    "da",
    "le",
    "la",
    "du",
    "di",
    "ter",
    "ten",
    "vande",
    "vanden",
    "vander",
    "d'",
}


def _capitalise(word: str) -> str:
    """Capitalise each part after a hyphen or apostrophe; keep capitals the user typed inside."""
    parts = re.split(r"([-'’])", word)
    return "".join(
        part[:1].upper() + (part[1:].lower() if part.isupper() else part[1:]) for part in parts
    )


def proposed_form(text: str) -> str:
    """Propose the name with each part capitalised, keeping inner particles (van, de) lowercase."""
    words = text.split()
    out = []
    for i, word in enumerate(words):
        inner_particle = 0 < i < len(words) - 1 and word.lower() in _PARTICLES
        out.append(word.lower() if inner_particle else _capitalise(word))
    return " ".join(out)


def check_begeleider_name(text: str) -> str:
    """Return the name if it is `Familienaam Voornaam` with capitals; refuse with a proposal."""
    return check_person_name(text, "de begeleider")


def check_person_name(text: str, who: str) -> str:
    """Check `Familienaam Voornaam` for anyone (`who`: "de begeleider", "de jongere")."""
    name = " ".join(text.split())
    words = name.split(" ")
    if len(words) < 2 or not all(_WORD.match(word) for word in words):
        raise Refusal(
            f"Geef de naam van {who} als ‘Familienaam Voornaam’ (eerst de familienaam, "
            "dan de voornaam), enkel letters, bijvoorbeeld ‘Peeters An’."
        )
    if len(name) > 80:
        raise Refusal("Die naam is te lang (maximaal 80 tekens).")
    first, last = words[0], words[-1]
    shouting = any(len(word) > 1 and word.isupper() for word in words)
    if not (first[0].isupper() and last[0].isupper()) or shouting:
        raise Refusal(
            "Schrijf de naam als ‘Familienaam Voornaam’, telkens met een hoofdletter. "
            f"Bedoel je ‘{proposed_form(name)}’?"
        )
    return name


def reversed_name(name: str) -> str:
    """Swap the first word to the end: `An Peeters` read as `Peeters An`."""
    words = name.split()
    return " ".join([*words[1:], words[0]])
