"""Duur van een gesprek: typed as 90, 1u30, 1,5 uur, 45 min or 1:30; A6.1 limits."""

from __future__ import annotations

import re

from flows.domain.errors import Refusal

MIN_MINUTES = 30
MAX_MINUTES = 120

_HOURS_MINUTES = re.compile(r"^(\d+)\s*(?:u|uur|h|:)\s*(\d{1,2})\s*(?:min|minuten|m)?$")
_HOURS = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:u|uur|h|uren)$")
_MINUTES = re.compile(r"^(\d+)\s*(?:min|minuten|minuut|m|')?$")


def parse_minutes(text: str) -> int:
    """Return the duration in minutes; a bare number is minutes."""
    word = text.strip().lower()
    if match := _HOURS_MINUTES.match(word):
        if int(match.group(2)) >= 60:
            raise Refusal(f"In {text.strip()} staan meer dan 59 minuten na het uur.")
        minutes = int(match.group(1)) * 60 + int(match.group(2))
    elif match := _HOURS.match(word):
        minutes = round(float(match.group(1).replace(",", ".")) * 60)
    elif match := _MINUTES.match(word):
        minutes = int(match.group(1))
    else:
        raise Refusal(
            "Geef de duur in minuten (bijvoorbeeld 90) of in uren (bijvoorbeeld 1u30 of 1,5 uur)."
        )
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
