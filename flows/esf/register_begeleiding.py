"""Flow `/esf`: register a line ‘Onderwijs ondersteuning alternerend leren’ (B1–B2).

Eligibility first (B1), then toestand Bezig with its startdatum, aanvrager and uitvoerder (the
user by default), the samenvatting, and a summary; nothing is stored before `bevestigen`.
"""

from __future__ import annotations

from datetime import date

from flows.domain import handbook
from flows.domain.errors import Refusal
from flows.domain.esf import Diploma, Jongere, NewBegeleiding, NewJongere, StaffRef
from flows.domain.rules import esf as rules
from flows.domain.rules.dates import fmt
from flows.domain.staff import Staff
from flows.engine.definition import (
    Advance,
    Answer,
    Condition,
    Finish,
    Flow,
    Outcome,
    Question,
    Step,
    StepContext,
    Transition,
    action,
    linear,
)
from flows.engine.values import Option
from flows.esf import jongere_steps
from flows.esf.answers import PersonRole, RegistrationAnswers
from flows.esf.begeleiding_changes import register_begeleiding
from flows.esf.jongere_steps import who
from flows.widgets.date_step import date_step

CONFIRM = "confirm"
Context = StepContext[RegistrationAnswers]


# -- B2: startdatum, samenvatting, people, summary ---------------------------------------------
CHANGES_PERSON = Condition[RegistrationAnswers]("changes_a_person", lambda a: a.change is not None)


def _check_start(ctx: Context, day: date) -> None:
    rules.check_startdatum(day, ctx.today)


def _keep_start(answers: RegistrationAnswers, day: date) -> None:
    answers.startdatum = day


def _start_text(ctx: Context) -> str:
    return (
        f"{who(ctx)}\n\nToestand: Bezig. Startdatum van de begeleiding (= startdatum van de "
        "begeleidingsovereenkomst)? Vanaf deze datum kan je acties registreren."
    )


def _ask_samenvatting(ctx: Context) -> Question:
    return Question(f"{who(ctx)}\n\nSamenvatting: {handbook.ESF_SAMENVATTING}")


async def _accept_samenvatting(ctx: Context, answer: Answer) -> Outcome:
    ctx.answers.samenvatting = rules.check_samenvatting(answer.text)
    return Advance()


def _person(ctx: Context, role: PersonRole) -> StaffRef:
    """The aanvrager or uitvoerder chosen, else the user."""
    a = ctx.answers
    chosen = a.aanvrager if role is PersonRole.AANVRAGER else a.uitvoerder
    return chosen or StaffRef(ctx.staff.id, ctx.staff.name)


def _startdatum(ctx: Context) -> date:
    assert ctx.answers.startdatum is not None, "asked before the startdatum"
    return ctx.answers.startdatum


def _ask_summary(ctx: Context) -> Question:
    a, j = ctx.answers, ctx.answers.candidate
    assert j.geboortedatum is not None
    diploma = "geen" if j.diploma is Diploma.NEE else "niet gekend; jij bevestigt: geen"
    lines = [
        f"Controleer en bevestig. Pas na ‘Bevestigen’ wordt de lijn toegevoegd aan de stappen "
        f"naar werk van {ctx.staff.organisation.name}.",
        "",
        f"Stap: {handbook.ESF_STEP}",
        f"Jongere: {j.naam} (klant {j.klantnummer}), geboren {fmt(j.geboortedatum)}",
        f"Diploma secundair onderwijs bij de start: {diploma}",
        "Toestand: Bezig",
        f"Startdatum: {fmt(_startdatum(ctx))}",
        f"Financieringsnummer: {handbook.FINANCIERINGSNUMMER}",
        f"Aanvrager: {_person(ctx, PersonRole.AANVRAGER).name}",
        f"Uitvoerder: {_person(ctx, PersonRole.UITVOERDER).name}",
        f"Samenvatting: “{a.samenvatting}”",
    ]
    options = (
        Option("✅ Bevestigen", CONFIRM),
        Option("Aanvrager wijzigen", PersonRole.AANVRAGER.value),
        Option("Uitvoerder wijzigen", PersonRole.UITVOERDER.value),
    )
    return Question("\n".join(lines), options, typed=False)


async def _accept_summary(ctx: Context, answer: Answer) -> Outcome:
    ctx.answers.change = None if answer.value == CONFIRM else PersonRole(answer.value or "")
    return Advance()


async def _store(ctx: Context) -> Outcome:
    """Register the line as confirmed on the summary (every rule checked again)."""
    a, j = ctx.answers, ctx.answers.candidate
    new = j.as_new()
    jongere: Jongere | NewJongere = new
    if j.id is not None:
        jongere = Jongere(j.id, new.klantnummer, new.naam, new.geboortedatum, new.diploma_secundair)
    line = await register_begeleiding(
        ctx.uow,
        ctx.staff,
        NewBegeleiding(
            organisation_id=ctx.staff.organisation.id,
            jongere=jongere,
            no_diploma_confirmed=a.no_diploma_confirmed,
            startdatum=_startdatum(ctx),
            aanvrager_id=_person(ctx, PersonRole.AANVRAGER).id,
            uitvoerder_id=_person(ctx, PersonRole.UITVOERDER).id,
            samenvatting=a.samenvatting,
            registered_by=ctx.staff.id,
            registered_at=ctx.now,
        ),
    )
    return Finish(
        f"✅ Bevestigd. De lijn ‘{handbook.ESF_STEP}’ van {line.jongere.naam} (klant "
        f"{line.jongere.klantnummer}) staat bij de stappen naar werk van {line.organisation_name}: "
        f"toestand Bezig sinds {fmt(line.startdatum)}, financieringsnummer "
        f"{line.financieringsnummer}. Bij elk volgend bezoek of gesprek werk je verder op deze "
        "lijn, via /esfoverzicht."
    )


def _role(ctx: Context) -> PersonRole:
    assert ctx.answers.change is not None, "asked only after a change was chosen"
    return ctx.answers.change


async def _ask_person(ctx: Context) -> Question:
    colleagues = await ctx.uow.begeleidingen.colleagues(ctx.staff.organisation.id)
    options = tuple(
        Option(f"{ref.name}{' (jij)' if ref.id == ctx.staff.id else ''}", f"s{ref.id}")
        for ref in colleagues
    )
    return Question(
        f"{who(ctx)}\n\nWie is de {_role(ctx).value}? Standaard ben jij het; kies een collega "
        f"van {ctx.staff.organisation.name}.",
        options,
        typed=False,
    )


async def _accept_person(ctx: Context, answer: Answer) -> Outcome:
    role = _role(ctx)
    colleagues = await ctx.uow.begeleidingen.colleagues(ctx.staff.organisation.id)
    chosen = [ref for ref in colleagues if f"s{ref.id}" == answer.value]
    if not chosen:
        raise Refusal("Kies een medewerker van jouw organisatie.")
    person = StaffRef(chosen[0].id, chosen[0].name)
    if role is PersonRole.AANVRAGER:
        ctx.answers.aanvrager = person
    else:
        ctx.answers.uitvoerder = person
    ctx.answers.change = None
    return Advance()


STARTDATUM = date_step(
    "startdatum",
    "de startdatum",
    _start_text,
    _check_start,
    _keep_start,
    help="De startdatum is de startdatum van de begeleidingsovereenkomst: dd/mm/jjjj, niet "
    "in de toekomst en niet meer dan een jaar terug.",
)
SAMENVATTING = Step[RegistrationAnswers](
    "samenvatting", "de samenvatting", _ask_samenvatting, _accept_samenvatting
)
SUMMARY = Step[RegistrationAnswers](
    "summary", "het overzicht voor bevestiging", _ask_summary, _accept_summary
)
PERSOON = Step[RegistrationAnswers](
    "persoon", "de aanvrager of uitvoerder", _ask_person, _accept_person
)
STORE = action("store", _store)

STEPS = (*jongere_steps.STEPS, STARTDATUM, SAMENVATTING, SUMMARY, PERSOON, STORE)

TRANSITIONS = (
    *jongere_steps.transitions(eligible=STARTDATUM),
    *linear([STARTDATUM, SAMENVATTING, SUMMARY]),
    Transition(SUMMARY, PERSOON, conditions=(CHANGES_PERSON,)),
    Transition(SUMMARY, STORE, unless=(CHANGES_PERSON,)),
    Transition(PERSOON, SUMMARY),
)


def is_esf(staff: Staff) -> bool:
    return staff.organisation.is_esf


ESF_REGISTRATION = Flow(
    name="esf_registration",
    title="ESF-begeleiding registreren",
    command="esf",
    answers=RegistrationAnswers,
    steps=STEPS,
    transitions=TRANSITIONS,
    available_to=is_esf,
)
