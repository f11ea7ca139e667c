"""Step one of `/esf` (B1): which jongere, and eligible? Known by klantnummer or entered here.

A jongere with a diploma of secondary education at the start is refused with the reason; when
the data do not know, the organisator confirms there was none. Nothing is stored here.
"""

from __future__ import annotations

from datetime import date

from flows import messages
from flows.conversation import Option
from flows.esf_domain import Diploma, NewJongere
from flows.flow import (
    Advance,
    Answer,
    Answers,
    Condition,
    Outcome,
    Question,
    Step,
    StepContext,
    Transition,
    linear,
)
from flows.rules import esf as rules
from flows.rules.cheques import normalise_klantnummer
from flows.rules.dates import fmt, parse_ddmmyyyy

TITLE = f"📝 {messages.ESF_STEP}"


def jongere_answers(answers: Answers) -> dict[str, object]:
    """The jongere collected so far (empty before the klantnummer is given)."""
    found: dict[str, object] = answers.get("jongere") or {}
    return found


def who(ctx: StepContext) -> str:
    """Whose line is being registered, on every screen after the klantnummer."""
    j = jongere_answers(ctx.answers)
    return f"{TITLE}\n👤 {j['naam']} (klant {j['klantnummer']})"


# -- B1: which jongere, and eligible? ----------------------------------------------------------
def _ask_jongere(ctx: StepContext) -> Question:
    return Question(f"{TITLE}: een nieuwe begeleiding.\n\nGeef het klantnummer van de jongere.")


async def _accept_jongere(ctx: StepContext, answer: Answer) -> Outcome:
    klantnummer = normalise_klantnummer(answer.text)
    for key in ("jongere", "no_diploma_confirmed"):
        ctx.answers.pop(key, None)
    known = await ctx.uow.jongeren.by_klantnummer(klantnummer)
    if known is None:
        ctx.answers["jongere"] = {"id": None, "klantnummer": klantnummer}
        return Advance(
            f"Klantnummer {klantnummer} is nog niet gekend. Geef de gegevens van de jongere."
        )
    if known.diploma_secundair is Diploma.JA:
        raise rules.not_eligible(known)
    running = await ctx.uow.begeleidingen.running(ctx.staff.organisation.id, known.id)
    if running is not None:
        raise rules.running_refusal(running)
    ctx.answers["jongere"] = {
        "id": known.id,
        "klantnummer": known.klantnummer,
        "naam": known.naam,
        "geboortedatum": known.geboortedatum.isoformat(),
        "diploma": known.diploma_secundair.value,
    }
    return Advance(f"✅ Gevonden: {known.naam}, geboren {fmt(known.geboortedatum)}.")


def _ask_naam(ctx: StepContext) -> Question:
    klantnummer = jongere_answers(ctx.answers)["klantnummer"]
    return Question(f"{TITLE}\nKlant {klantnummer}\n\nNaam van de jongere (Familienaam Voornaam)?")


async def _accept_naam(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["jongere"] = {
        **jongere_answers(ctx.answers),
        "naam": rules.check_jongere_naam(answer.text),
    }
    return Advance()


def _ask_geboortedatum(ctx: StepContext) -> Question:
    return Question(f"{who(ctx)}\n\nGeboortedatum van de jongere (dd/mm/jjjj)?")


async def _accept_geboortedatum(ctx: StepContext, answer: Answer) -> Outcome:
    day = parse_ddmmyyyy(answer.text)
    rules.check_geboortedatum(day, ctx.today)
    ctx.answers["jongere"] = {**jongere_answers(ctx.answers), "geboortedatum": day.isoformat()}
    return Advance()


def _ask_diploma(ctx: StepContext) -> Question:
    return Question(
        f"{who(ctx)}\n\nHeeft de jongere een diploma van het secundair onderwijs? Controleer "
        "het in het klantendossier via het menu ‘Profiel’.",
        (
            Option("Nee, geen diploma", Diploma.NEE.value),
            Option("Onbekend", Diploma.ONBEKEND.value),
            Option("Ja, een diploma", Diploma.JA.value),
        ),
        typed=False,
    )


async def _accept_diploma(ctx: StepContext, answer: Answer) -> Outcome:
    diploma = Diploma(answer.value or "")
    jongere = {**jongere_answers(ctx.answers), "diploma": diploma.value}
    if diploma is Diploma.JA:
        raise rules.had_diploma(new_jongere(jongere))
    ctx.answers["jongere"] = jongere
    return Advance()


def _ask_bevestig_geen_diploma(ctx: StepContext) -> Question:
    naam = jongere_answers(ctx.answers)["naam"]
    return Question(
        f"{who(ctx)}\n\nHet is niet gekend of {naam} een diploma van het secundair onderwijs "
        "heeft. Enkel een jongere die bij de start van de begeleiding geen diploma secundair "
        f"onderwijs had, kan deelnemen.\nBevestig je dat {naam} bij de start geen diploma had?",
        (Option("Ja, ik bevestig: geen diploma", "ja"), Option("Nee, er was een diploma", "nee")),
        typed=False,
    )


async def _accept_bevestig_geen_diploma(ctx: StepContext, answer: Answer) -> Outcome:
    if answer.value == "ja":
        ctx.answers["no_diploma_confirmed"] = True
        return Advance()
    refusal = rules.had_diploma(new_jongere({**jongere_answers(ctx.answers), "diploma": "ja"}))
    ctx.answers.pop("jongere", None)
    return Advance(refusal.message)


KNOWN = Condition("jongere_known", lambda a: (a.get("jongere") or {}).get("id") is not None)
UNKNOWN_DIPLOMA = Condition(
    "diploma_unknown", lambda a: (a.get("jongere") or {}).get("diploma") == Diploma.ONBEKEND
)
CONFIRMED = Condition("no_diploma_confirmed", lambda a: a.get("no_diploma_confirmed") is True)


def new_jongere(j: dict[str, object]) -> NewJongere:
    """The jongere as collected, as a domain value."""
    return NewJongere(
        str(j["klantnummer"]),
        str(j["naam"]),
        date.fromisoformat(str(j["geboortedatum"])),
        Diploma(str(j["diploma"])),
    )


STEPS = (
    Step(
        "jongere",
        "het klantnummer van de jongere",
        _ask_jongere,
        _accept_jongere,
        help="Het klantnummer van de jongere staat in het klantendossier. Een jongere die nog "
        "niet gekend is, voeg je hier toe.",
    ),
    Step("naam", "de naam van de jongere", _ask_naam, _accept_naam),
    Step("geboortedatum", "de geboortedatum", _ask_geboortedatum, _accept_geboortedatum),
    Step("diploma", "het diploma secundair onderwijs", _ask_diploma, _accept_diploma),
    Step(
        "geen_diploma",
        "de bevestiging dat er geen diploma was",
        _ask_bevestig_geen_diploma,
        _accept_bevestig_geen_diploma,
    ),
)

TRANSITIONS = (
    Transition("next", "jongere", "geen_diploma", conditions=(KNOWN, UNKNOWN_DIPLOMA)),
    Transition("next", "jongere", "startdatum", conditions=(KNOWN,), unless=(UNKNOWN_DIPLOMA,)),
    Transition("next", "jongere", "naam", unless=(KNOWN,)),
    Transition("back", "naam", "jongere"),
    *linear(["naam", "geboortedatum", "diploma"]),
    Transition("next", "diploma", "geen_diploma", conditions=(UNKNOWN_DIPLOMA,)),
    Transition("next", "diploma", "startdatum", unless=(UNKNOWN_DIPLOMA,)),
    Transition("next", "geen_diploma", "startdatum", conditions=(CONFIRMED,)),
    Transition("next", "geen_diploma", "jongere", unless=(CONFIRMED,)),
    Transition("back", "geen_diploma", "jongere", conditions=(KNOWN,)),
    Transition("back", "geen_diploma", "diploma", unless=(KNOWN,)),
    Transition("back", "startdatum", "geen_diploma", conditions=(UNKNOWN_DIPLOMA,)),
    Transition("back", "startdatum", "jongere", conditions=(KNOWN,), unless=(UNKNOWN_DIPLOMA,)),
    Transition("back", "startdatum", "diploma", unless=(KNOWN, UNKNOWN_DIPLOMA)),
)
