"""Flow `/cheque`: register a loopbaancheque in three steps, stored at once (A5, A6.1)."""

from __future__ import annotations

from datetime import date

from flows import messages
from flows.conversation import Option
from flows.domain import GesprekType, NewRegistration, Refusal, at_loopbaancentrum
from flows.flow import (
    Advance,
    Answer,
    Condition,
    Finish,
    Flow,
    Outcome,
    Question,
    Stay,
    Step,
    StepContext,
    Transition,
    linear,
)
from flows.gesprek_fields import (
    FEEDBACK_LOOKS_PERSONAL,
    KEEP_FEEDBACK,
    begeleider_step,
    datum_step,
    duur_step,
    feedback_check_step,
    feedback_step,
    gesprek_lines,
    new_gesprek,
    vorm_step,
)
from flows.rules.cheques import (
    check_available,
    check_beginvraag,
    normalise_chequenummer,
    normalise_klantnummer,
)
from flows.rules.dates import check_gesprek_date, fmt
from flows.rules.duration import fmt_minutes
from flows.services import register_cheque

DONE = "klaar"


def _client(ctx: StepContext) -> str:
    a = ctx.answers
    return f"👤 {a['klantnaam']} (klant {a['klantnummer']}) · cheque {a['chequenummer']}"


# -- Stap 1 -------------------------------------------------------------------------------------
def _ask_chequenummer(ctx: StepContext) -> Question:
    return Question(
        f"{messages.STEP1_TITLE}\n\nGeef het chequenummer (zonder slashes of streepjes). "
        "Je vindt het op de loopbaancheque."
    )


async def _accept_chequenummer(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["chequenummer"] = normalise_chequenummer(answer.text)
    return Advance()


def _ask_klantnummer(ctx: StepContext) -> Question:
    return Question(
        f"{messages.STEP1_TITLE}\n\nChequenummer: {ctx.answers['chequenummer']}\n"
        "Geef nu het klantnummer (ook op de loopbaancheque)."
    )


async def _accept_klantnummer(ctx: StepContext, answer: Answer) -> Outcome:
    klantnummer = normalise_klantnummer(answer.text)
    chequenummer = ctx.answers["chequenummer"]
    issued = await ctx.uow.cheques.issued(chequenummer)
    holder = await ctx.uow.cheques.holder(issued.id) if issued else None
    cheque = check_available(
        issued,
        holder,
        klantnummer=klantnummer,
        chequenummer=chequenummer,
        organisation_id=ctx.staff.organisation.id,
        today=ctx.today,
    )
    ctx.answers.update(
        klantnummer=klantnummer,
        issued_cheque_id=cheque.id,
        klantnaam=cheque.klantnaam,
        ordered_on=cheque.ordered_on.isoformat(),
        start_by=cheque.start_by.isoformat(),
        cheque_minutes=cheque.minutes,
        themes=ctx.answers.get("themes", []),
    )
    return Advance(
        f"✅ Cheque gevonden voor {cheque.klantnaam}: {fmt_minutes(cheque.minutes)} begeleiding, "
        f"starten kan tot {fmt(cheque.start_by)}."
    )


# -- Stap 2 -------------------------------------------------------------------------------------
def _ask_themes(ctx: StepContext) -> Question:
    chosen = set(ctx.answers.get("themes", []))
    options = tuple(
        Option(("✓ " if theme in chosen else "") + theme, f"t{index}")
        for index, theme in enumerate(ctx.settings.themes)
    )
    return Question(
        f"{messages.STEP2_TITLE}\n{_client(ctx)}\n\nReden loopbaanbegeleiding: duid één of meer "
        "thema's aan en kies dan ‘Klaar’.",
        (*options, Option("Klaar", DONE)),
        typed=False,
    )


async def _accept_themes(ctx: StepContext, answer: Answer) -> Outcome:
    chosen: list[str] = list(ctx.answers.get("themes", []))
    if answer.value == DONE:
        if not chosen:
            raise Refusal("Duid minstens één thema aan.")
        return Advance()
    theme = ctx.settings.themes[int((answer.value or "t0")[1:])]
    if theme in chosen:
        chosen.remove(theme)
    else:
        chosen.append(theme)
    ctx.answers["themes"] = [t for t in ctx.settings.themes if t in chosen]
    return Stay()


def _ask_beginvraag(ctx: StepContext) -> Question:
    return Question(
        f"{messages.STEP2_TITLE}\n{_client(ctx)}\nThema's: {', '.join(ctx.answers['themes'])}\n\n"
        "Noteer de beginvraag van de klant: kort en bondig, zonder achtergrond of context. "
        "De klant moet akkoord zijn met de formulering."
    )


async def _accept_beginvraag(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["beginvraag"] = check_beginvraag(answer.text)
    ctx.answers.pop("akkoord", None)
    return Advance()


def _ask_akkoord(ctx: StepContext) -> Question:
    return Question(
        f"Beginvraag:\n“{ctx.answers['beginvraag']}”\n\nIs de klant akkoord met deze formulering? "
        "Eens opgeslagen kan je de beginvraag niet meer wijzigen; ze blijft in het dossier.",
        (Option("Ja, de klant is akkoord", "ja"), Option("Nee, formulering aanpassen", "nee")),
        typed=False,
    )


async def _accept_akkoord(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["akkoord"] = answer.value == "ja"
    return Advance()


CLIENT_AGREES = Condition("client_agrees", lambda answers: answers.get("akkoord") is True)


# -- Stap 3 -------------------------------------------------------------------------------------
def _intake_header(ctx: StepContext) -> str:
    return f"{messages.STEP3_TITLE} (Intake gesprek)\n{_client(ctx)}"


def _check_intake_date(ctx: StepContext, day: date) -> None:
    check_gesprek_date(
        day,
        ctx.today,
        not_before=date.fromisoformat(ctx.answers["ordered_on"]),
        not_after=date.fromisoformat(ctx.answers["start_by"]),
    )


def _minutes_left(ctx: StepContext) -> int:
    return int(ctx.answers["cheque_minutes"])


# -- Overzicht ----------------------------------------------------------------------------------
def _ask_summary(ctx: StepContext) -> Question:
    a = ctx.answers
    lines = [
        "Controleer en bevestig. Pas na bevestigen wordt alles opgeslagen en wordt de cheque "
        f"gekoppeld aan {ctx.staff.organisation.name}.",
        "",
        f"Stap 1 · {_client(ctx)}",
        f"Stap 2 · Thema's: {', '.join(a['themes'])}",
        f"         Beginvraag: “{a['beginvraag']}”",
        "Stap 3 · " + "\n         ".join(gesprek_lines(a, GesprekType.INTAKE)),
    ]
    return Question("\n".join(lines), (Option("✅ Bevestigen en opslaan", "confirm"),), typed=False)


async def _accept_summary(ctx: StepContext, answer: Answer) -> Outcome:
    a = ctx.answers
    intake = new_gesprek(a, GesprekType.INTAKE)
    await register_cheque(
        ctx.uow,
        ctx.staff,
        NewRegistration(
            issued_cheque_id=int(a["issued_cheque_id"]),
            organisation_id=ctx.staff.organisation.id,
            registered_by=ctx.staff.id,
            registered_at=ctx.now,
            themes=tuple(a["themes"]),
            beginvraag=a["beginvraag"],
            intake=intake,
        ),
    )
    left = int(a["cheque_minutes"]) - intake.minutes
    return Finish(
        f"✅ Geregistreerd. Cheque {a['chequenummer']} van {a['klantnaam']} is nu gekoppeld aan "
        f"{ctx.staff.organisation.name}, met het intakegesprek van {fmt(intake.datum)} "
        f"({fmt_minutes(intake.minutes)}). Er blijft {fmt_minutes(left)} op de cheque."
    )


STEPS = (
    Step(
        "chequenummer",
        "stap 1, het chequenummer",
        _ask_chequenummer,
        _accept_chequenummer,
        help="Het chequenummer staat op de loopbaancheque; slashes, streepjes en spaties "
        "mag je weglaten.",
    ),
    Step(
        "klantnummer",
        "stap 1, het klantnummer",
        _ask_klantnummer,
        _accept_klantnummer,
        help="Het klantnummer staat ook op de loopbaancheque. Klopt het chequenummer niet? "
        "Kies ‘Vorige’.",
    ),
    Step(
        "themes",
        "stap 2, de thema's",
        _ask_themes,
        _accept_themes,
        help="Duid elk thema aan waaronder de beginvraag valt (minstens één), en kies dan ‘Klaar’.",
    ),
    Step(
        "beginvraag",
        "stap 2, de beginvraag",
        _ask_beginvraag,
        _accept_beginvraag,
        help="De beginvraag: kort en bondig, in de woorden waarmee de klant akkoord is.",
    ),
    Step("akkoord", "stap 2, het akkoord van de klant", _ask_akkoord, _accept_akkoord),
    datum_step(_intake_header, _check_intake_date, "het intakegesprek"),
    begeleider_step(_intake_header),
    vorm_step(_intake_header),
    duur_step(_intake_header, _minutes_left),
    feedback_step(_intake_header),
    feedback_check_step(_intake_header),
    Step("summary", "het overzicht voor bevestiging", _ask_summary, _accept_summary),
)

TRANSITIONS = (
    *linear(["chequenummer", "klantnummer", "themes", "beginvraag", "akkoord"]),
    Transition("next", "akkoord", "datum", conditions=(CLIENT_AGREES,)),
    Transition("next", "akkoord", "beginvraag", unless=(CLIENT_AGREES,)),
    Transition("back", "datum", "akkoord"),
    *linear(["datum", "begeleider", "vorm", "duur", "feedback"]),
    Transition("next", "feedback", "feedback_check", conditions=(FEEDBACK_LOOKS_PERSONAL,)),
    Transition("next", "feedback", "summary", unless=(FEEDBACK_LOOKS_PERSONAL,)),
    Transition("next", "feedback_check", "summary", conditions=(KEEP_FEEDBACK,)),
    Transition("next", "feedback_check", "feedback", unless=(KEEP_FEEDBACK,)),
    Transition("back", "feedback_check", "feedback"),
    Transition("back", "summary", "feedback"),
)


CHEQUE_REGISTRATION = Flow(
    name="cheque_registration",
    title="Cheque registreren",
    command="cheque",
    steps=STEPS,
    transitions=TRANSITIONS,
    available_to=at_loopbaancentrum,
)
