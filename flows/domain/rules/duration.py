"""Duur van een gesprek: the one reading of a typed duration (1u30, 90 min, 1,5 uur); A6.1 limits.

A number is never changed silently: a minus sign, a fraction of a minute or a bare number that
could be minutes as well as hours is refused with examples, never rounded or dropped.
"""

from __future__ import annotations

import re
from fractions import Fraction

from flows.domain.errors import Refusal

MIN_MINUTES = 30
MAX_MINUTES = 120
MAX_TYPED = 40  # longer is no duration: refused before any number is read
BARE_HOURS = (1, 2)  # a bare 1 or 2 means hours; from 30 up a bare number means minutes

EXAMPLES = "Typ bijvoorbeeld 1u30, 90 min, 1,5 uur of 2u."
PARSE_REFUSAL = (
    "Geef de duur in minuten (bijvoorbeeld 90) of in uren (bijvoorbeeld 1u30 of 1,5 uur)."
)
NEGATIVE_REFUSAL = f"Een duur kan niet negatief zijn. {EXAMPLES}"

_HOUR_WORD = r"(?:u|uur|uren|h)"
_MINUTE_WORD = r"(?:min|minuten|minuut|m|')"
_HOURS_MINUTES = re.compile(rf"^(\d{{1,3}})\s*(?:{_HOUR_WORD}|:)\s*(\d{{1,2}})\s*{_MINUTE_WORD}?$")
_HOURS = re.compile(rf"^(\d{{1,3}})(?:[.,](\d{{1,2}}))?\s*{_HOUR_WORD}$")
_MINUTES = re.compile(rf"^(\d{{1,4}})\s*{_MINUTE_WORD}$")
_BARE = re.compile(r"^(\d{1,4})(?:[.,](\d{1,2}))?$")
_MINUS = re.compile(r"^[-−–]")


def is_negative(text: str) -> bool:
    """A number typed with a minus sign (also the typographic ones)."""
    return bool(_MINUS.match(text.strip()))


def _hours(whole: str, fraction: str | None) -> int:
    """Hours with an optional decimal part as whole minutes; a part of a minute is refused."""
    hours = Fraction(int(whole)) + (Fraction(int(fraction), 10 ** len(fraction)) if fraction else 0)
    minutes = hours * 60
    if minutes.denominator != 1:
        raise Refusal(f"Dat is geen heel aantal minuten. {EXAMPLES}")
    return int(minutes)


def read_minutes(text: str) -> int | None:
    """The minutes `text` clearly means, or None when it is no duration at all (a word)."""
    word = text.strip().lower()
    if len(word) > MAX_TYPED:
        return None
    if is_negative(word):
        if read_minutes(word[1:]) is None:
            return None
        raise Refusal(NEGATIVE_REFUSAL)
    if match := _HOURS_MINUTES.match(word):
        if int(match.group(2)) >= 60:
            raise Refusal(f"In {text.strip()} staan meer dan 59 minuten na het uur.")
        return int(match.group(1)) * 60 + int(match.group(2))
    if match := _HOURS.match(word):
        return _hours(match.group(1), match.group(2))
    if match := _MINUTES.match(word):
        return int(match.group(1))
    if match := _BARE.match(word):
        whole, fraction = match.groups()
        if fraction is not None:
            return _hours(whole, fraction)
        number = int(whole)
        if number in BARE_HOURS:
            return number * 60
        if number >= MIN_MINUTES:
            return number
        raise Refusal(f"Bij {number} weet ik niet of je minuten of uren bedoelt. {EXAMPLES}")
    return None


def parse_minutes(text: str) -> int:
    """Return the duration in minutes, or refuse with examples; see the module's rules."""
    minutes = read_minutes(text)
    if minutes is None:
        raise Refusal(PARSE_REFUSAL)
    return minutes


def check_minutes(minutes: int) -> int:
    """Apply A6.1: from 30 minutes to 2 hours per gesprek."""
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise Refusal(
            f"Een gesprek duurt van 30 minuten tot 2 uur; {fmt_minutes(minutes)} kan niet."
        )
    return minutes


def fmt_minutes(minutes: int) -> str:
    """Show minutes the way counsellors say them: 30 min, 1u, 1u30."""
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest} min"
    return f"{hours}u{rest:02d}" if rest else f"{hours}u"
