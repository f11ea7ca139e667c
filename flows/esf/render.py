"""How an ESF line looks in the chat: its header on every screen, its detail, its list label."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flows.domain import handbook
from flows.domain.esf import (
    Begeleiding,
    BegeleidingSummary,
    Diploma,
    RemovalRequest,
    RemovalStatus,
    Toestand,
)
from flows.domain.rules import esf as rules
from flows.domain.rules.dates import fmt, local_day
from flows.esf.answers import LineCard


def period(toestand: Toestand, startdatum: date, einddatum: date | None) -> str:
    """`Bezig sinds 02/03/2026` or `Beëindigd · 02/03/2026 – 20/03/2026`."""
    if toestand is Toestand.BEZIG or einddatum is None:
        return f"{toestand.label} sinds {fmt(startdatum)}"
    return f"{toestand.label} · {fmt(startdatum)} – {fmt(einddatum)}"


def aanvullen_text(closed: date, today: date) -> str:
    """Until when the samenvatting of a line whose closing was registered on `closed` can be
    added to (B6: 14 days from registering beëindigd, not from the einddatum)."""
    last = rules.aanvullen_tot(closed)
    if today <= last:
        return f"De samenvatting aanvullen kan nog tot en met {fmt(last)}."
    return f"De samenvatting aanvullen kan niet meer sinds {fmt(last + timedelta(days=1))}."


def line_header(line: LineCard) -> str:
    """Whose line this is, on every screen: jongere, the step's name, toestand and dates."""
    dates = period(line.toestand, line.startdatum, line.einddatum)
    return f"👤 {line.naam} (klant {line.klantnummer}) · {handbook.ESF_STEP}\n📅 {dates}"


def summary_label(summary: BegeleidingSummary) -> str:
    return f"{summary.naam} · {period(summary.toestand, summary.startdatum, summary.einddatum)}"


def _removal_line(request: RemovalRequest, now: datetime) -> str:
    asked = (
        f"Verwijdering aangevraagd op {fmt(local_day(request.requested_at, now))} door "
        f"{request.requested_by.name}: “{request.reden}”"
    )
    if request.status is RemovalStatus.OPEN:
        return f"{asked} — wacht op de provinciale coach."
    decided = local_day(request.decided_at, now) if request.decided_at else None
    by = request.decided_by.name if request.decided_by else "?"
    if request.status is RemovalStatus.GEWEIGERD:
        return (
            f"{asked} — geweigerd door {by}"
            f"{f' op {fmt(decided)}' if decided else ''}: “{request.decision_reason}”"
        )
    return f"{asked} — goedgekeurd door {by}."


def render_line(line: Begeleiding, now: datetime) -> str:
    """The detail of a line: every field of B2, its samenvatting, actions and resultaat."""
    today = now.date()
    jongere = line.jongere
    diploma = (
        "geen" if line.diploma_bij_start is Diploma.NEE else "geen (bevestigd bij registratie)"
    )
    lines = [
        f"📁 {handbook.ESF_STEP}",
        f"👤 {jongere.naam} (klant {jongere.klantnummer}), geboren {fmt(jongere.geboortedatum)}",
        f"Toestand: {period(line.toestand, line.startdatum, line.einddatum)}",
    ]
    if line.resultaat is not None:
        kind = "positief" if line.resultaat.positief else "negatief"
        lines.append(f"Resultaat ({kind}): {line.resultaat.label}")
    lines += [
        f"Financieringsnummer: {line.financieringsnummer}",
        f"Aanvrager: {line.aanvrager.name} · Uitvoerder: {line.uitvoerder.name}",
        f"Diploma secundair onderwijs bij de start: {diploma}",
        "Samenvatting:",
    ]
    lines += [
        f"  {fmt(local_day(entry.recorded_at, now))} · {entry.recorded_by}: {entry.text}"
        for entry in line.samenvatting
    ]
    lines.append("Acties:")
    lines += [
        f"  {fmt(actie.datum)} · {actie.soort.label}"
        + (f" — {actie.notitie}" if actie.notitie else "")
        for actie in line.acties
    ] or ["  (nog geen)"]
    if line.toestand is Toestand.BEEINDIGD and line.einddatum is not None:
        lines.append(aanvullen_text(rules.closed_on(line, now), today))
    if line.removal is not None:
        lines.append(_removal_line(line.removal, now))
    return "\n".join(lines)
