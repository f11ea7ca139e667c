"""Flow `/uitnodigen`: a coordinator invites a colleague of their own organisation to the bot."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.domain.errors import Refusal
from flows.domain.rules.dates import fmt
from flows.domain.staff import Role, Staff, is_coordinator
from flows.engine import gate
from flows.engine.definition import Answer, Finish, Flow, Outcome, Question, Step, StepContext
from flows.engine.values import Option

ONLY_COORDINATORS = "Enkel een coördinator kan collega's uitnodigen."


@dataclass
class InviteAnswers:
    """Nothing to keep: the one question's answer is stored at once (sessions store `{}`)."""


async def _ask(ctx: StepContext[InviteAnswers]) -> Question:
    members = await ctx.uow.staff.members(ctx.staff.organisation.id)
    options = tuple(
        Option(f"{m.name}{' (al gekoppeld)' if m.telegram_user_id else ''}", f"s{m.id}")
        for m in members
        if m.id != ctx.staff.id
    )
    return Question(
        "Wie wil je uitnodigen? Die collega krijgt een link die 7 dagen geldig is en één keer "
        "werkt. Een al gekoppelde collega die de link gebruikt, wordt opnieuw gekoppeld.",
        options,
        typed=False,
    )


async def _accept(ctx: StepContext[InviteAnswers], answer: Answer) -> Outcome:
    colleague = await ctx.uow.staff.get(int((answer.value or "s0")[1:]))
    if ctx.staff.role is not Role.COORDINATOR:
        raise Refusal(ONLY_COORDINATORS)
    if colleague is None or colleague.organisation.id != ctx.staff.organisation.id:
        raise Refusal("Die collega vind ik niet in jouw organisatie.")
    return Finish(await send_invitation(ctx, colleague))


async def send_invitation(ctx: StepContext[Any], colleague: Staff) -> str:
    """A new invitation for the colleague, and how to hand it over (link and /start code)."""
    code, expires = await gate.invite(ctx.uow, colleague.id, ctx.now, invited_by=ctx.staff.id)
    username = ctx.settings.bot_username
    link = f"https://t.me/{username}?start={code}\n" if username else ""
    return (
        f"Uitnodiging voor {colleague.name}, geldig tot {fmt(expires.date())}:\n{link}"
        f"of laat {colleague.name.split()[-1]} de bot dit sturen: /start {code}\n"
        "Deel dit enkel met die collega zelf."
    )


COLLEAGUE = Step[InviteAnswers]("colleague", "het kiezen van de collega", _ask, _accept)

INVITE_COLLEAGUE = Flow[InviteAnswers](
    name="invite_colleague",
    title="Collega uitnodigen",
    command="uitnodigen",
    answers=InviteAnswers,
    steps=(COLLEAGUE,),
    transitions=(),
    available_to=is_coordinator,
)
