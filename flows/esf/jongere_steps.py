"""Step one of `/esf` (B1): which jongere, and eligible? Known by klantnummer or entered here.

A jongere with a diploma of secondary education at the start is refused with the reason; when
the data do not know, the organisator confirms there was none. Nothing is stored here.
"""

from __future__ import annotations

from dataclasses import replace

from flows.domain import handbook
from flows.domain.esf import Diploma
from flows.domain.practice import check_practice_jongere
from flows.domain.rules import esf as rules
from flows.domain.rules.cheques import normalise_klantnummer
from flows.domain.rules.dates import fmt, parse_ddmmyyyy
from flows.engine.definition import (
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
from flows.engine.values import Option
from flows.esf.answers import JongereCard, RegistrationAnswers

TITLE = f"📝 {handbook.ESF_STEP}"
Context = StepContext[RegistrationAnswers]


def who(ctx: Context) -> str:
    """Whose line is being registered, on every screen after the klantnummer."""
    j = ctx.answers.candidate
    return f"{TITLE}\n👤 {j.naam} (klant {j.klantnummer})"


# -- B1: which jongere, and eligible? ----------------------------------------------------------
def _ask_jongere(ctx: Context) -> Question:
    return Question(f"{TITLE}: een nieuwe begeleiding.\n\nGeef het klantnummer van de jongere.")


async def _accept_jongere(ctx: Context, answer: Answer) -> Outcome:
    klantnummer = normalise_klantnummer(answer.text)
    ctx.answers.jongere, ctx.answers.no_diploma_confirmed = None, False
    known = await ctx.uow.jongeren.by_klantnummer(klantnummer, ctx.staff.organisation.id)
    check_practice_jongere(known, klantnummer, ctx.staff, ctx.today)
    if known is None:
        ctx.answers.jongere = JongereCard(klantnummer=klantnummer)
        return Advance(
            f"Klantnummer {klantnummer} is nog niet gekend. Geef de gegevens van de jongere."
        )
    if known.diploma_secundair is Diploma.JA:
        raise rules.not_eligible(known)
    running = await ctx.uow.begeleidingen.running(ctx.staff.organisation.id, known.id)
    if running is not None:
        raise rules.running_refusal(running)
    ctx.answers.jongere = JongereCard(
        known.id, known.klantnummer, known.naam, known.geboortedatum, known.diploma_secundair
    )
    return Advance(f"✅ Gevonden: {known.naam}, geboren {fmt(known.geboortedatum)}.")


def _ask_naam(ctx: Context) -> Question:
    klantnummer = ctx.answers.candidate.klantnummer
    return Question(f"{TITLE}\nKlant {klantnummer}\n\nNaam van de jongere (Familienaam Voornaam)?")


async def _accept_naam(ctx: Context, answer: Answer) -> Outcome:
    ctx.answers.jongere = replace(ctx.answers.candidate, naam=rules.check_jongere_naam(answer.text))
    return Advance()


def _ask_geboortedatum(ctx: Context) -> Question:
    return Question(f"{who(ctx)}\n\nGeboortedatum van de jongere (dd/mm/jjjj)?")


async def _accept_geboortedatum(ctx: Context, answer: Answer) -> Outcome:
    day = parse_ddmmyyyy(answer.text)
    rules.check_geboortedatum(day, ctx.today)
    ctx.answers.jongere = replace(ctx.answers.candidate, geboortedatum=day)
    return Advance()


def _ask_diploma(ctx: Context) -> Question:
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


async def _accept_diploma(ctx: Context, answer: Answer) -> Outcome:
    jongere = replace(ctx.answers.candidate, diploma=Diploma(answer.value or ""))
    if jongere.diploma is Diploma.JA:
        raise rules.had_diploma(jongere.as_new())
    ctx.answers.jongere = jongere
    return Advance()


def _ask_bevestig_geen_diploma(ctx: Context) -> Question:
    naam = ctx.answers.candidate.naam
    return Question(
        f"{who(ctx)}\n\nHet is niet gekend of {naam} een diploma van het secundair onderwijs "
        "heeft. Enkel een jongere die bij de start van de begeleiding geen diploma secundair "
        f"onderwijs had, kan deelnemen.\nBevestig je dat {naam} bij de start geen diploma had?",
        (Option("Ja, ik bevestig: geen diploma", "ja"), Option("Nee, er was een diploma", "nee")),
        typed=False,
    )


async def _accept_bevestig_geen_diploma(ctx: Context, answer: Answer) -> Outcome:
    if answer.value == "ja":
        ctx.answers.no_diploma_confirmed = True
        return Advance()
    refusal = rules.had_diploma(replace(ctx.answers.candidate, diploma=Diploma.JA).as_new())
    ctx.answers.jongere = None
    return Advance(refusal.message)


KNOWN = Condition[RegistrationAnswers](
    "jongere_known", lambda a: a.jongere is not None and a.jongere.id is not None
)
UNKNOWN_DIPLOMA = Condition[RegistrationAnswers](
    "diploma_unknown", lambda a: a.jongere is not None and a.jongere.diploma is Diploma.ONBEKEND
)
CONFIRMED = Condition[RegistrationAnswers]("no_diploma_confirmed", lambda a: a.no_diploma_confirmed)

JONGERE = Step[RegistrationAnswers](
    "jongere",
    "het klantnummer van de jongere",
    _ask_jongere,
    _accept_jongere,
    help="Het klantnummer van de jongere staat in het klantendossier. Een jongere die nog "
    "niet gekend is, voeg je hier toe.",
)
NAAM = Step[RegistrationAnswers]("naam", "de naam van de jongere", _ask_naam, _accept_naam)
GEBOORTEDATUM = Step[RegistrationAnswers](
    "geboortedatum", "de geboortedatum", _ask_geboortedatum, _accept_geboortedatum
)
DIPLOMA = Step[RegistrationAnswers](
    "diploma", "het diploma secundair onderwijs", _ask_diploma, _accept_diploma
)
GEEN_DIPLOMA = Step[RegistrationAnswers](
    "geen_diploma",
    "de bevestiging dat er geen diploma was",
    _ask_bevestig_geen_diploma,
    _accept_bevestig_geen_diploma,
)

STEPS = (JONGERE, NAAM, GEBOORTEDATUM, DIPLOMA, GEEN_DIPLOMA)


def transitions(eligible: Step[RegistrationAnswers]) -> tuple[Transition[RegistrationAnswers], ...]:
    """B1's routes; an eligible jongere goes on to `eligible`, the flow's next question."""
    return (
        Transition(JONGERE, GEEN_DIPLOMA, conditions=(KNOWN, UNKNOWN_DIPLOMA)),
        Transition(JONGERE, eligible, conditions=(KNOWN,), unless=(UNKNOWN_DIPLOMA,)),
        Transition(JONGERE, NAAM, unless=(KNOWN,)),
        *linear([NAAM, GEBOORTEDATUM, DIPLOMA]),
        Transition(DIPLOMA, GEEN_DIPLOMA, conditions=(UNKNOWN_DIPLOMA,)),
        Transition(DIPLOMA, eligible, unless=(UNKNOWN_DIPLOMA,)),
        Transition(GEEN_DIPLOMA, eligible, conditions=(CONFIRMED,)),
        Transition(GEEN_DIPLOMA, JONGERE, unless=(CONFIRMED,)),
    )
