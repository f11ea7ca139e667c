"""A registered cheque's detail (A4) as text: cheque, client, hours, beginvraag, gesprekken."""

from __future__ import annotations

from datetime import datetime

from flows.domain.cheques import ChequeFile, Gesprek
from flows.domain.rules import gesprekken as rules
from flows.domain.rules.dates import fmt, local_day
from flows.domain.rules.duration import fmt_minutes


def gesprek_line(number: int, gesprek: Gesprek) -> str:
    """One gesprek as the detail numbers it; a deleted one says so."""
    line = (
        f"{number}. {fmt(gesprek.datum)} · {gesprek.type.label} · {fmt_minutes(gesprek.minutes)} · "
        f"{gesprek.vorm.label} · {gesprek.begeleider}"
    )
    return f"{line} — Verwijderd" if gesprek.deleted else line


def render_file(file: ChequeFile, now: datetime) -> str:
    """The detail of A4: cheque, client, status, hours, beginvraag with history, every gesprek.

    Stored moments come back in UTC: their days are shown in the clock's zone (`now`).
    """
    cheque = file.cheque
    lines = [
        f"📁 Cheque {cheque.chequenummer} · {cheque.klantnaam} (klant {cheque.klantnummer})",
        f"Status: {file.status.label}",
        f"Uren: {fmt_minutes(rules.minutes_used(file))} gebruikt, "
        f"{fmt_minutes(rules.minutes_left(file))} {'niet gebruikt' if file.is_closed else 'over'} "
        f"(van {fmt_minutes(cheque.minutes)})",
        f"Besteld op {fmt(cheque.ordered_on)} · "
        f"geregistreerd op {fmt(local_day(file.registered_at, now))}",
        f"Thema's: {', '.join(file.themes)}",
    ]
    if file.beginvragen:
        current = file.beginvragen[-1]
        when = fmt(local_day(current.recorded_at, now))
        lines.append(f"Beginvraag: “{current.text}” ({when}, {current.recorded_by})")
        lines += [
            f"  eerder: “{old.text}” ({fmt(local_day(old.recorded_at, now))}, {old.recorded_by})"
            for old in reversed(file.beginvragen[:-1])
        ]
    lines.append("Gesprekken:")
    lines += [gesprek_line(i, g) for i, g in enumerate(file.gesprekken, 1)] or ["  (geen)"]
    return "\n".join(lines)
