"""Flow `/esf`: register a line ‘Onderwijs ondersteuning alternerend leren’ (B1–B2).

Eligibility first (B1), then toestand Bezig with its startdatum, aanvrager and uitvoerder (the
user by default), the samenvatting, and a summary; nothing is stored before `bevestigen`.
"""

from __future__ import annotations

from datetime import date

from flows import esf_jongere, messages
from flows.conversation import Option
from flows.domain import Refusal, Staff
from flows.esf_domain import Diploma, Jongere, NewBegeleiding, NewJongere
from flows.esf_fields import day_step
from flows.esf_jongere import jongere_answers, new_jongere, who
from flows.esf_services import register_begeleiding
from flows.flow import (
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
    linear,
)
from flows.rules import esf as rules
from flows.rules.dates import fmt

CONFIRM, AANVRAGER, UITVOERDER = "confirm", "aanvrager", "uitvoerder"


# -- B2: startdatum, samenvatting, people, summary ---------------------------------------------
CHANGES_PERSON = Condition("changes_a_person", lambda a: a.get("change") is not None)


def _check_start(ctx: StepContext, day: date) -> None:
    rules.check_startdatum(day, ctx.today)


def _start_text(ctx: StepContext) -> str:
    return (
        f"{who(ctx)}\n\nToestand: Bezig. Startdatum van de begeleiding (= startdatum van de "
        "begeleidingsovereenkomst)? Vanaf deze datum kan je acties registreren."
    )


def _ask_samenvatting(ctx: StepContext) -> Question:
    return Question(f"{who(ctx)}\n\nSamenvatting: {messages.ESF_SAMENVATTING}")


async def _accept_samenvatting(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["samenvatting"] = rules.check_samenvatting(answer.text)
    return Advance()


def _person(ctx: StepContext, role: str) -> dict[str, object]:
    chosen: dict[str, object] | None = ctx.answers.get(role)
    return chosen or {"id": ctx.staff.id, "name": ctx.staff.name}


def _ask_summary(ctx: StepContext) -> Question:
    a, j = ctx.answers, jongere_answers(ctx.answers)
    diploma = "geen" if j["diploma"] == Diploma.NEE else "niet gekend; jij bevestigt: geen"
    lines = [
        f"Controleer en bevestig. Pas na ‘Bevestigen’ wordt de lijn toegevoegd aan de stappen "
        f"naar werk van {ctx.staff.organisation.name}.",
        "",
        f"Stap: {messages.ESF_STEP}",
        f"Jongere: {j['naam']} (klant {j['klantnummer']}), geboren "
        f"{fmt(date.fromisoformat(str(j['geboortedatum'])))}",
        f"Diploma secundair onderwijs bij de start: {diploma}",
        "Toestand: Bezig",
        f"Startdatum: {fmt(date.fromisoformat(a['startdatum']))}",
        f"Financieringsnummer: {messages.FINANCIERINGSNUMMER}",
        f"Aanvrager: {_person(ctx, AANVRAGER)['name']}",
        f"Uitvoerder: {_person(ctx, UITVOERDER)['name']}",
        f"Samenvatting: “{a['samenvatting']}”",
    ]
    options = (
        Option("✅ Bevestigen", CONFIRM),
        Option("Aanvrager wijzigen", AANVRAGER),
        Option("Uitvoerder wijzigen", UITVOERDER),
    )
    return Question("\n".join(lines), options, typed=False)


async def _accept_summary(ctx: StepContext, answer: Answer) -> Outcome:
    if answer.value != CONFIRM:
        ctx.answers["change"] = answer.value
        return Advance()
    a, j = ctx.answers, jongere_answers(ctx.answers)
    new = new_jongere(j)
    jongere: Jongere | NewJongere = new
    if j["id"] is not None:
        jongere = Jongere(
            int(str(j["id"])), new.klantnummer, new.naam, new.geboortedatum, new.diploma_secundair
        )
    line = await register_begeleiding(
        ctx.uow,
        ctx.staff,
        NewBegeleiding(
            organisation_id=ctx.staff.organisation.id,
            jongere=jongere,
            no_diploma_confirmed=a.get("no_diploma_confirmed") is True,
            startdatum=date.fromisoformat(a["startdatum"]),
            aanvrager_id=int(str(_person(ctx, AANVRAGER)["id"])),
            uitvoerder_id=int(str(_person(ctx, UITVOERDER)["id"])),
            samenvatting=a["samenvatting"],
            registered_by=ctx.staff.id,
            registered_at=ctx.now,
        ),
    )
    return Finish(
        f"✅ Bevestigd. De lijn ‘{messages.ESF_STEP}’ van {line.jongere.naam} (klant "
        f"{line.jongere.klantnummer}) staat bij de stappen naar werk van {line.organisation_name}: "
        f"toestand Bezig sinds {fmt(line.startdatum)}, financieringsnummer "
        f"{line.financieringsnummer}. Bij elk volgend bezoek of gesprek werk je verder op deze "
        "lijn, via /begeleidingen."
    )


async def _ask_person(ctx: StepContext) -> Question:
    role = str(ctx.answers["change"])
    colleagues = await ctx.uow.begeleidingen.colleagues(ctx.staff.organisation.id)
    options = tuple(
        Option(f"{ref.name}{' (jij)' if ref.id == ctx.staff.id else ''}", f"s{ref.id}")
        for ref in colleagues
    )
    return Question(
        f"{who(ctx)}\n\nWie is de {role}? Standaard ben jij het; kies een collega van "
        f"{ctx.staff.organisation.name}.",
        options,
        typed=False,
    )


async def _accept_person(ctx: StepContext, answer: Answer) -> Outcome:
    role = str(ctx.answers.pop("change"))
    colleagues = await ctx.uow.begeleidingen.colleagues(ctx.staff.organisation.id)
    chosen = [ref for ref in colleagues if f"s{ref.id}" == answer.value]
    if not chosen:
        raise Refusal("Kies een medewerker van jouw organisatie.")
    ctx.answers[role] = {"id": chosen[0].id, "name": chosen[0].name}
    return Advance()


STEPS = (
    *esf_jongere.STEPS,
    day_step(
        "startdatum",
        "de startdatum",
        "startdatum",
        _start_text,
        _check_start,
        help="De startdatum is de startdatum van de begeleidingsovereenkomst: dd/mm/jjjj, niet "
        "in de toekomst en niet meer dan een jaar terug.",
    ),
    Step("samenvatting", "de samenvatting", _ask_samenvatting, _accept_samenvatting),
    Step("summary", "het overzicht voor bevestiging", _ask_summary, _accept_summary),
    Step("persoon", "de aanvrager of uitvoerder", _ask_person, _accept_person),
)

TRANSITIONS = (
    *esf_jongere.TRANSITIONS,
    *linear(["startdatum", "samenvatting", "summary"]),
    Transition("next", "summary", "persoon", conditions=(CHANGES_PERSON,)),
    Transition("next", "persoon", "summary"),
    Transition("back", "persoon", "summary"),
)


def is_esf(staff: Staff) -> bool:
    return staff.organisation.is_esf


ESF_REGISTRATION = Flow(
    name="esf_registration",
    title="ESF-begeleiding registreren",
    command="esf",
    steps=STEPS,
    transitions=TRANSITIONS,
    available_to=is_esf,
)
