"""Flow `/verwijderingen`: a coach approves or refuses requests to remove closed lines (B7).

Coaches see the open requests of every ESF organisation (see flows/esf/removal_decisions.py).
"""

from __future__ import annotations

from flows.domain.errors import Refusal
from flows.domain.intents import ShowRemovalRequests
from flows.domain.rules import esf as rules
from flows.domain.rules.dates import fmt, local_day
from flows.domain.staff import Role, Staff
from flows.engine.definition import (
    Advance,
    Answer,
    Condition,
    Entry,
    Finish,
    Flow,
    Outcome,
    Question,
    Step,
    StepContext,
    Transition,
    linear,
)
from flows.engine.values import Option
from flows.esf.answers import Decision, RemovalAnswers, RequestCard
from flows.esf.removal_decisions import (
    approve_removal,
    open_requests,
    refuse_removal,
    request_with_line,
)
from flows.esf.render import render_line

APPROVE, REFUSE, OTHER = Decision.APPROVE, Decision.REFUSE, Decision.OTHER
DONE, CONFIRM = "done", "confirm"
Context = StepContext[RemovalAnswers]


def _about(ctx: Context) -> str:
    r = ctx.answers.chosen
    return f"🗂 Aanvraag van {r.requested_by} ({r.organisation}) · {r.naam}"


async def _ask_list(ctx: Context) -> Question:
    requests = await open_requests(ctx.uow, ctx.staff)
    options = [
        Option(
            f"{r.organisation_name} · {r.naam} · {fmt(local_day(r.requested_at, ctx.now))}",
            f"r{r.request_id}",
        )
        for r in requests
    ]
    text = (
        f"Open aanvragen tot verwijdering ({len(requests)}), oudste eerst. Kies een aanvraag."
        if requests
        else "Er zijn geen open aanvragen tot verwijdering."
    )
    return Question(text, (*options, Option("Klaar", DONE)), typed=False)


async def _accept_list(ctx: Context, answer: Answer) -> Outcome:
    if answer.value == DONE:
        return Finish("Klaar.")
    request, line = await request_with_line(ctx.uow, ctx.staff, int((answer.value or "r0")[1:]))
    rules.check_request_open(request)
    ctx.answers.request = RequestCard(
        request.id, request.requested_by.name, line.organisation_name, line.jongere.naam
    )
    return Advance()


async def _ask_request(ctx: Context) -> Question:
    try:
        request, line = await request_with_line(ctx.uow, ctx.staff, ctx.answers.chosen.id)
        rules.check_request_open(request)
    except Refusal as gone:
        return Question(gone.message, (Option("Andere aanvraag", OTHER),), typed=False)
    return Question(
        f"{render_line(line, ctx.now)}\n\nOrganisatie: {line.organisation_name}\n"
        f"Wat beslis je over deze aanvraag?",
        (
            Option("Goedkeuren: lijn verwijderen", APPROVE),
            Option("Weigeren", REFUSE),
            Option("Andere aanvraag", OTHER),
        ),
        typed=False,
    )


async def _accept_request(ctx: Context, answer: Answer) -> Outcome:
    decision = ctx.answers.decision = Decision(answer.value or "")
    if decision is not OTHER:
        request, _ = await request_with_line(ctx.uow, ctx.staff, ctx.answers.chosen.id)
        rules.check_request_open(request)
    return Advance()


def _ask_approve(ctx: Context) -> Question:
    return Question(
        f"{_about(ctx)}\n\nLijn verwijderen? Ze verdwijnt uit de overzichten van "
        f"{ctx.answers.chosen.organisation}; het auditlog bewaart ze. De aanvrager krijgt "
        "bericht.",
        (Option("Ja, lijn verwijderen", CONFIRM),),
        typed=False,
    )


async def _accept_approve(ctx: Context, answer: Answer) -> Outcome:
    line = await approve_removal(ctx.uow, ctx.staff, ctx.answers.chosen.id, ctx.now)
    return Advance(
        f"🗑 Verwijderd: de lijn van {line.jongere.naam}. De aanvrager krijgt bericht.",
        stored=True,
    )


def _ask_reason(ctx: Context) -> Question:
    return Question(f"{_about(ctx)}\n\nWaarom weiger je de verwijdering? De aanvrager leest dit.")


async def _accept_reason(ctx: Context, answer: Answer) -> Outcome:
    ctx.answers.reason = rules.check_reden(answer.text)
    return Advance()


def _ask_refuse(ctx: Context) -> Question:
    return Question(
        f"{_about(ctx)}\n\nWeigeren, met als reden:\n“{ctx.answers.reason}”",
        (Option("✅ Weigering versturen", CONFIRM),),
        typed=False,
    )


async def _accept_refuse(ctx: Context, answer: Answer) -> Outcome:
    line = await refuse_removal(
        ctx.uow, ctx.staff, ctx.answers.chosen.id, ctx.answers.reason, ctx.now
    )
    return Advance(
        f"Geweigerd: de lijn van {line.jongere.naam} blijft. De aanvrager krijgt bericht.",
        stored=True,
    )


def _chose(decision: Decision) -> Condition[RemovalAnswers]:
    return Condition[RemovalAnswers](f"chose_{decision}", lambda a: a.decision is decision)


AANVRAGEN = Step[RemovalAnswers](
    "aanvragen", "de lijst van open aanvragen", _ask_list, _accept_list, screen=True
)
AANVRAAG = Step[RemovalAnswers](
    "aanvraag", "de beslissing over de aanvraag", _ask_request, _accept_request, screen=True
)
GOEDKEUREN = Step[RemovalAnswers](
    "goedkeuren", "het bevestigen van de verwijdering", _ask_approve, _accept_approve
)
WEIGERREDEN = Step[RemovalAnswers](
    "weigerreden", "de reden van de weigering", _ask_reason, _accept_reason
)
WEIGEREN = Step[RemovalAnswers](
    "weigeren", "het bevestigen van de weigering", _ask_refuse, _accept_refuse
)

STEPS = (AANVRAGEN, AANVRAAG, GOEDKEUREN, WEIGERREDEN, WEIGEREN)

TRANSITIONS = (
    *linear([AANVRAGEN, AANVRAAG]),
    Transition(AANVRAAG, GOEDKEUREN, conditions=(_chose(APPROVE),)),
    Transition(AANVRAAG, WEIGERREDEN, conditions=(_chose(REFUSE),)),
    Transition(AANVRAAG, AANVRAGEN, conditions=(_chose(OTHER),)),
    Transition(GOEDKEUREN, AANVRAGEN),
    *linear([WEIGERREDEN, WEIGEREN]),
    Transition(WEIGEREN, AANVRAGEN),
)


def _is_coach(staff: Staff) -> bool:
    return staff.role is Role.COACH


ESF_REMOVALS = Flow(
    name="esf_removals",
    title="Verwijderingsaanvragen",
    command="verwijderingen",
    answers=RemovalAnswers,
    steps=STEPS,
    transitions=TRANSITIONS,
    available_to=_is_coach,
    entries=(Entry(ShowRemovalRequests, AANVRAGEN, lambda intent: RemovalAnswers()),),
)
