"""Flow `/verwijderingen`: a coach approves or refuses requests to remove closed lines (B7).

Coaches see the open requests of every ESF organisation (see `flows.esf_removal_services`).
"""

from __future__ import annotations

from flows.conversation import Option
from flows.domain import Refusal, Role, Staff
from flows.esf_removal_services import (
    approve_removal,
    open_requests,
    refuse_removal,
    request_with_line,
)
from flows.esf_render import render_line
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
from flows.rules.dates import fmt, local_day

APPROVE, REFUSE, OTHER, DONE, CONFIRM = "approve", "refuse", "other", "done", "confirm"


def _request_id(ctx: StepContext) -> int:
    return int(ctx.answers["request"]["id"])


def _about(ctx: StepContext) -> str:
    r = ctx.answers["request"]
    return f"🗂 Aanvraag van {r['requested_by']} ({r['organisation']}) · {r['naam']}"


async def _ask_list(ctx: StepContext) -> Question:
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


async def _accept_list(ctx: StepContext, answer: Answer) -> Outcome:
    if answer.value == DONE:
        return Finish("Klaar.")
    request, line = await request_with_line(ctx.uow, ctx.staff, int((answer.value or "r0")[1:]))
    rules.check_request_open(request)
    ctx.answers["request"] = {
        "id": request.id,
        "requested_by": request.requested_by.name,
        "organisation": line.organisation_name,
        "naam": line.jongere.naam,
    }
    return Advance()


async def _ask_request(ctx: StepContext) -> Question:
    try:
        request, line = await request_with_line(ctx.uow, ctx.staff, _request_id(ctx))
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


async def _accept_request(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["decision"] = answer.value
    if answer.value != OTHER:
        request, _ = await request_with_line(ctx.uow, ctx.staff, _request_id(ctx))
        rules.check_request_open(request)
    return Advance()


def _ask_approve(ctx: StepContext) -> Question:
    return Question(
        f"{_about(ctx)}\n\nLijn verwijderen? Ze verdwijnt uit de overzichten van "
        f"{ctx.answers['request']['organisation']}; het auditlog bewaart ze. De aanvrager krijgt "
        "bericht.",
        (Option("Ja, lijn verwijderen", CONFIRM),),
        typed=False,
    )


async def _accept_approve(ctx: StepContext, answer: Answer) -> Outcome:
    line = await approve_removal(ctx.uow, ctx.staff, _request_id(ctx), ctx.now)
    return Advance(f"🗑 Verwijderd: de lijn van {line.jongere.naam}. De aanvrager krijgt bericht.")


def _ask_reason(ctx: StepContext) -> Question:
    return Question(f"{_about(ctx)}\n\nWaarom weiger je de verwijdering? De aanvrager leest dit.")


async def _accept_reason(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["reason"] = rules.check_reden(answer.text)
    return Advance()


def _ask_refuse(ctx: StepContext) -> Question:
    return Question(
        f"{_about(ctx)}\n\nWeigeren, met als reden:\n“{ctx.answers['reason']}”",
        (Option("✅ Weigering versturen", CONFIRM),),
        typed=False,
    )


async def _accept_refuse(ctx: StepContext, answer: Answer) -> Outcome:
    line = await refuse_removal(
        ctx.uow, ctx.staff, _request_id(ctx), ctx.answers["reason"], ctx.now
    )
    return Advance(
        f"Geweigerd: de lijn van {line.jongere.naam} blijft. De aanvrager krijgt bericht."
    )


def _chose(decision: str) -> Condition:
    return Condition(f"chose_{decision}", lambda a: a.get("decision") == decision)


STEPS = (
    Step("aanvragen", "de lijst van open aanvragen", _ask_list, _accept_list),
    Step("aanvraag", "de beslissing over de aanvraag", _ask_request, _accept_request),
    Step("goedkeuren", "het bevestigen van de verwijdering", _ask_approve, _accept_approve),
    Step("weigerreden", "de reden van de weigering", _ask_reason, _accept_reason),
    Step("weigeren", "het bevestigen van de weigering", _ask_refuse, _accept_refuse),
)

TRANSITIONS = (
    *linear(["aanvragen", "aanvraag"]),
    Transition("next", "aanvraag", "goedkeuren", conditions=(_chose(APPROVE),)),
    Transition("next", "aanvraag", "weigerreden", conditions=(_chose(REFUSE),)),
    Transition("next", "aanvraag", "aanvragen", conditions=(_chose(OTHER),)),
    Transition("back", "goedkeuren", "aanvraag"),
    Transition("next", "goedkeuren", "aanvragen"),
    Transition("back", "weigerreden", "aanvraag"),
    *linear(["weigerreden", "weigeren"]),
    Transition("next", "weigeren", "aanvragen"),
)


def _is_coach(staff: Staff) -> bool:
    return staff.role is Role.COACH


ESF_REMOVALS = Flow(
    name="esf_removals",
    title="Verwijderingsaanvragen",
    command="verwijderingen",
    steps=STEPS,
    transitions=TRANSITIONS,
    available_to=_is_coach,
)
