"""The begeleider's name, as `Familienaam Voornaam`; a name almost right is offered corrected."""

from __future__ import annotations

from flows.cheques.gesprek_questions import G, Header, with_header
from flows.domain.errors import Refusal
from flows.domain.rules.names import check_begeleider_name, proposed_form, reversed_name
from flows.engine.definition import Advance, Answer, Outcome, Question, Stay, Step, StepContext
from flows.engine.values import Option

SELF = "self"
PROPOSAL = "voorstel:"


def begeleider_step(header: Header[G]) -> Step[G]:
    """Ask the begeleider's name as `Familienaam Voornaam`, offering the user's own."""

    def ask(ctx: StepContext[G]) -> Question:
        options = [Option(ctx.staff.name, SELF)]
        proposal = ctx.answers.begeleider_voorstel
        if proposal and proposal != ctx.staff.name:
            options.append(Option(proposal, f"{PROPOSAL}{proposal}"))
        return Question(
            with_header(header, ctx, "Naam van de begeleider (Familienaam Voornaam)?"),
            tuple(options),
        )

    async def accept(ctx: StepContext[G], answer: Answer) -> Outcome:
        if answer.value == SELF:
            name = ctx.staff.name
        elif answer.value and answer.value.startswith(PROPOSAL):
            name = check_begeleider_name(answer.value.removeprefix(PROPOSAL))
        else:
            typed = " ".join(answer.text.split())
            known = await ctx.uow.staff.names_in_organisation(ctx.staff.organisation.id)
            if len(typed.split()) >= 2 and typed not in known and reversed_name(typed) in known:
                return _propose(ctx, reversed_name(typed), "Eerst de familienaam, dan de voornaam.")
            try:
                name = check_begeleider_name(typed)
            except Refusal as refusal:
                proposal = proposed_form(typed)
                if not _is_valid_name(proposal):
                    raise
                return _propose(ctx, proposal, refusal.message)
        ctx.answers.begeleider_voorstel = None
        ctx.answers.begeleider = name
        return Advance()

    return Step(
        "begeleider",
        "de naam van de begeleider",
        ask,
        accept,
        help="Naam begeleider: ‘Familienaam Voornaam’, in die volgorde, telkens met een "
        "hoofdletter.",
    )


def _is_valid_name(name: str) -> bool:
    try:
        check_begeleider_name(name)
    except Refusal:
        return False
    return True


def _propose(ctx: StepContext[G], name: str, reason: str) -> Outcome:
    """Keep the corrected name as a one-tap option and ask again."""
    ctx.answers.begeleider_voorstel = name
    suffix = "" if "Bedoel je" in reason else f" Bedoel je ‘{name}’?"
    return Stay(reason + suffix)
