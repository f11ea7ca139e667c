"""Ending a line (B5–B6), cancelling one registered by mistake (B3), asking its removal (B7)."""

from __future__ import annotations

from datetime import date

from flows import messages
from flows.conversation import Option
from flows.esf_domain import Resultaat
from flows.esf_fields import day_step
from flows.esf_render import aanvullen_text, line_header, remember_line
from flows.esf_services import cancel_begeleiding, close_begeleiding, request_removal
from flows.flow import (
    Advance,
    Answer,
    Condition,
    Outcome,
    Question,
    Step,
    StepContext,
    Transition,
    linear,
)
from flows.rules import esf as rules
from flows.rules.dates import fmt

CONFIRM = "confirm"


def _id(ctx: StepContext) -> int:
    return int(ctx.answers["line"]["id"])


def _day(ctx: StepContext, key: str) -> date | None:
    value = ctx.answers["line"].get(key)
    return date.fromisoformat(value) if value else None


# -- B5: beëindigen ---------------------------------------------------------------------------
def _einde_text(ctx: StepContext) -> str:
    return (
        f"{line_header(ctx)}\n\nToestand: Beëindigd. Wat is de einddatum van de begeleiding? Na "
        "deze datum kan je voor deze begeleiding geen acties meer registreren."
    )


def _check_einde(ctx: StepContext, day: date) -> None:
    start = _day(ctx, "startdatum")
    assert start is not None
    rules.check_einddatum_day(day, start, _day(ctx, "last_actie"), ctx.today)


def _mark(resultaat: Resultaat) -> str:
    return "➕" if resultaat.positief else "➖"


def _ask_resultaat(ctx: StepContext) -> Question:
    groups = [
        f"{title}\n" + "\n".join(f"{_mark(r)} {r.label}" for r in Resultaat if r.positief is good)
        for title, good in ((messages.ESF_POSITIEF, True), (messages.ESF_NEGATIEF, False))
    ]
    return Question(
        f"{line_header(ctx)}\nEinddatum: {fmt(date.fromisoformat(ctx.answers['einddatum']))}\n\n"
        "Kies het resultaat (verplicht).\n" + "\n".join(groups),
        tuple(
            Option(f"{_mark(each)} {each.label}", each.value)
            for each in sorted(Resultaat, key=lambda r: not r.positief)
        ),
        typed=False,
    )


async def _accept_resultaat(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["resultaat"] = Resultaat(answer.value or "").value
    return Advance()


def _ask_einde_ok(ctx: StepContext) -> Question:
    einddatum = date.fromisoformat(ctx.answers["einddatum"])
    resultaat = Resultaat(ctx.answers["resultaat"])
    kind = "positief" if resultaat.positief else "negatief"
    return Question(
        f"{line_header(ctx)}\n\nControleer en bevestig:\nToestand: Beëindigd\n"
        f"Einddatum: {fmt(einddatum)}\nResultaat ({kind}): {resultaat.label}\n\n"
        f"⚠️ Opgelet: {messages.ESF_FINAL}\n{aanvullen_text(einddatum, ctx.today)}",
        (Option("✅ Bevestigen: begeleiding beëindigen", CONFIRM),),
        typed=False,
    )


async def _accept_einde_ok(ctx: StepContext, answer: Answer) -> Outcome:
    einddatum = date.fromisoformat(ctx.answers["einddatum"])
    resultaat = Resultaat(ctx.answers["resultaat"])
    line = await close_begeleiding(ctx.uow, ctx.staff, _id(ctx), einddatum, resultaat, ctx.now)
    remember_line(ctx.answers, line)
    return Advance(f"✅ Beëindigd op {fmt(einddatum)}. {aanvullen_text(einddatum, ctx.today)}")


# -- B3: annuleren ----------------------------------------------------------------------------
def _ask_annuleren(ctx: StepContext) -> Question:
    return Question(
        f"{line_header(ctx)}\n\nToestand {messages.ESF_CANCEL} Na bevestigen verdwijnt de lijn uit "
        "het overzicht (het auditlog bewaart ze). Lijn annuleren?",
        (Option("Ja, lijn annuleren", "ja"), Option("Nee, niet annuleren", "nee")),
        typed=False,
    )


async def _accept_annuleren(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["cancelled"] = answer.value == "ja"
    if answer.value != "ja":
        return Advance()
    line = await cancel_begeleiding(ctx.uow, ctx.staff, _id(ctx), ctx.now)
    ctx.answers.pop("line", None)
    return Advance(
        f"🗑 De lijn van {line.jongere.naam} staat op Geannuleerd en verdwijnt uit het overzicht."
    )


CANCELLED = Condition("cancelled", lambda a: a.get("cancelled") is True)


# -- B7: verwijdering aanvragen ----------------------------------------------------------------
def _ask_reden(ctx: StepContext) -> Question:
    return Question(
        f"{line_header(ctx)}\n\nWaarom moet deze beëindigde lijn verwijderd worden? De "
        "provinciale coach klantendossier – partners beslist over je aanvraag."
    )


async def _accept_reden(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["reden"] = rules.check_reden(answer.text)
    return Advance()


def _ask_reden_ok(ctx: StepContext) -> Question:
    return Question(
        f"{line_header(ctx)}\n\nVerwijdering aanvragen, met als reden:\n“{ctx.answers['reden']}”",
        (Option("✅ Aanvraag versturen", CONFIRM),),
        typed=False,
    )


async def _accept_reden_ok(ctx: StepContext, answer: Answer) -> Outcome:
    await request_removal(ctx.uow, ctx.staff, _id(ctx), ctx.answers["reden"], ctx.now)
    return Advance(
        "📨 Je aanvraag tot verwijdering ging naar de provinciale coach. Je krijgt bericht zodra "
        "die beslist heeft."
    )


STEPS = (
    day_step(
        "einddatum",
        "de einddatum",
        "einddatum",
        _einde_text,
        _check_einde,
        help="De einddatum: niet vóór de startdatum of de laatste actie, niet in de toekomst.",
    ),
    Step("resultaat", "het resultaat", _ask_resultaat, _accept_resultaat),
    Step("einde_ok", "het bevestigen van het beëindigen", _ask_einde_ok, _accept_einde_ok),
    Step("annuleren", "het annuleren van de lijn", _ask_annuleren, _accept_annuleren),
    Step("reden", "de reden voor de verwijdering", _ask_reden, _accept_reden),
    Step("reden_ok", "het versturen van de aanvraag", _ask_reden_ok, _accept_reden_ok),
)

TRANSITIONS = (
    Transition("back", "einddatum", "detail"),
    *linear(["einddatum", "resultaat", "einde_ok"]),
    Transition("next", "einde_ok", "detail"),
    Transition("back", "annuleren", "detail"),
    Transition("next", "annuleren", "overzicht", conditions=(CANCELLED,)),
    Transition("next", "annuleren", "detail", unless=(CANCELLED,)),
    Transition("back", "reden", "detail"),
    *linear(["reden", "reden_ok"]),
    Transition("next", "reden_ok", "detail"),
)
