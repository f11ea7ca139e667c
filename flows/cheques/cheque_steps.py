"""Steps 1 and 2 of /cheque: which cheque for which client, the themes, the beginvraag (A5)."""

from __future__ import annotations

from flows.cheques.answers import ChequeAnswers
from flows.domain import handbook
from flows.domain.errors import Refusal
from flows.domain.rules.cheques import (
    check_available,
    check_beginvraag,
    normalise_chequenummer,
    normalise_klantnummer,
)
from flows.domain.rules.dates import fmt
from flows.domain.rules.duration import fmt_minutes
from flows.engine.definition import (
    Advance,
    Answer,
    Condition,
    Outcome,
    Question,
    Stay,
    Step,
    StepContext,
)
from flows.engine.values import Option

DONE = "klaar"


def client_line(answers: ChequeAnswers) -> str:
    """Whose cheque this is, on every screen after step 1."""
    a = answers
    return f"👤 {a.klantnaam} (klant {a.klantnummer}) · cheque {a.chequenummer}"


# -- Stap 1 -------------------------------------------------------------------------------------
def _ask_chequenummer(ctx: StepContext[ChequeAnswers]) -> Question:
    return Question(
        f"{handbook.STEP1_TITLE}\n\nGeef het chequenummer (zonder slashes of streepjes). "
        "Je vindt het op de loopbaancheque."
    )


async def _accept_chequenummer(ctx: StepContext[ChequeAnswers], answer: Answer) -> Outcome:
    ctx.answers.chequenummer = normalise_chequenummer(answer.text)
    return Advance()


def _ask_klantnummer(ctx: StepContext[ChequeAnswers]) -> Question:
    return Question(
        f"{handbook.STEP1_TITLE}\n\nChequenummer: {ctx.answers.chequenummer}\n"
        "Geef nu het klantnummer (ook op de loopbaancheque)."
    )


async def _accept_klantnummer(ctx: StepContext[ChequeAnswers], answer: Answer) -> Outcome:
    a = ctx.answers
    klantnummer = normalise_klantnummer(answer.text)
    issued = await ctx.uow.cheques.issued(a.chequenummer)
    holder = await ctx.uow.cheques.holder(issued.id) if issued else None
    cheque = check_available(
        issued,
        holder,
        klantnummer=klantnummer,
        chequenummer=a.chequenummer,
        organisation_id=ctx.staff.organisation.id,
        today=ctx.today,
        practice=ctx.staff.organisation.practice,
    )
    a.klantnummer, a.issued_cheque_id, a.klantnaam = klantnummer, cheque.id, cheque.klantnaam
    a.ordered_on, a.start_by, a.cheque_minutes = cheque.ordered_on, cheque.start_by, cheque.minutes
    return Advance(
        f"✅ Cheque gevonden voor {cheque.klantnaam}: {fmt_minutes(cheque.minutes)} begeleiding, "
        f"starten kan tot {fmt(cheque.start_by)}."
    )


CHEQUENUMMER = Step[ChequeAnswers](
    "chequenummer",
    "stap 1, het chequenummer",
    _ask_chequenummer,
    _accept_chequenummer,
    help="Het chequenummer staat op de loopbaancheque; slashes, streepjes en spaties "
    "mag je weglaten.",
)
KLANTNUMMER = Step[ChequeAnswers](
    "klantnummer",
    "stap 1, het klantnummer",
    _ask_klantnummer,
    _accept_klantnummer,
    help="Het klantnummer staat ook op de loopbaancheque. Klopt het chequenummer niet? "
    "Kies ‘Vorige’.",
)


# -- Stap 2 -------------------------------------------------------------------------------------
def _ask_themes(ctx: StepContext[ChequeAnswers]) -> Question:
    chosen = set(ctx.answers.themes)
    options = tuple(
        Option(("✓ " if theme in chosen else "") + theme, f"t{index}")
        for index, theme in enumerate(ctx.settings.themes)
    )
    return Question(
        f"{handbook.STEP2_TITLE}\n{client_line(ctx.answers)}\n\nReden loopbaanbegeleiding: duid "
        "één of meer thema's aan en kies dan ‘Klaar’.",
        (*options, Option("Klaar", DONE)),
        typed=False,
    )


async def _accept_themes(ctx: StepContext[ChequeAnswers], answer: Answer) -> Outcome:
    chosen = list(ctx.answers.themes)
    if answer.value == DONE:
        if not chosen:
            raise Refusal("Duid minstens één thema aan.")
        return Advance()
    theme = ctx.settings.themes[int((answer.value or "t0")[1:])]
    if theme in chosen:
        chosen.remove(theme)
    else:
        chosen.append(theme)
    ctx.answers.themes = [t for t in ctx.settings.themes if t in chosen]
    return Stay()


def _ask_beginvraag(ctx: StepContext[ChequeAnswers]) -> Question:
    a = ctx.answers
    return Question(
        f"{handbook.STEP2_TITLE}\n{client_line(a)}\nThema's: {', '.join(a.themes)}\n\n"
        "Noteer de beginvraag van de klant: kort en bondig, zonder achtergrond of context. "
        "De klant moet akkoord zijn met de formulering."
    )


async def _accept_beginvraag(ctx: StepContext[ChequeAnswers], answer: Answer) -> Outcome:
    ctx.answers.beginvraag = check_beginvraag(answer.text)
    ctx.answers.akkoord = None
    return Advance()


def _ask_akkoord(ctx: StepContext[ChequeAnswers]) -> Question:
    return Question(
        f"Beginvraag:\n“{ctx.answers.beginvraag}”\n\nIs de klant akkoord met deze formulering? "
        "Eens opgeslagen kan je de beginvraag niet meer wijzigen; ze blijft in het dossier.",
        (Option("Ja, de klant is akkoord", "ja"), Option("Nee, formulering aanpassen", "nee")),
        typed=False,
    )


async def _accept_akkoord(ctx: StepContext[ChequeAnswers], answer: Answer) -> Outcome:
    ctx.answers.akkoord = answer.value == "ja"
    return Advance()


CLIENT_AGREES = Condition[ChequeAnswers]("client_agrees", lambda a: a.akkoord is True)

THEMES = Step[ChequeAnswers](
    "themes",
    "stap 2, de thema's",
    _ask_themes,
    _accept_themes,
    help="Duid elk thema aan waaronder de beginvraag valt (minstens één), en kies dan ‘Klaar’.",
)
BEGINVRAAG = Step[ChequeAnswers](
    "beginvraag",
    "stap 2, de beginvraag",
    _ask_beginvraag,
    _accept_beginvraag,
    help="De beginvraag: kort en bondig, in de woorden waarmee de klant akkoord is.",
)
AKKOORD = Step[ChequeAnswers](
    "akkoord", "stap 2, het akkoord van de klant", _ask_akkoord, _accept_akkoord
)
