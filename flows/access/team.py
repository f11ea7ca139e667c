"""Flow `/team`: a coordinator sees each colleague's first steps; resends expired invitations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flows.access.invite_colleague import ONLY_COORDINATORS, send_invitation
from flows.domain.errors import Refusal
from flows.domain.onboarding import Colleague, progress
from flows.domain.rules.dates import fmt
from flows.domain.staff import Role, is_coordinator
from flows.engine.definition import Answer, Finish, Flow, Outcome, Question, Step, StepContext
from flows.engine.values import Option

EMPTY = "Er zijn (nog) geen collega's in jouw organisatie."


@dataclass
class TeamAnswers:
    """Nothing to keep: the one question's answer is acted on at once."""


def _status(colleague: Colleague, now: datetime) -> str:
    """Joined, invited (until when), invitation expired, or not invited yet."""
    if colleague.staff.telegram_user_id is not None:
        return "gekoppeld"
    invitation = colleague.invitation
    if invitation is None:
        return "nog niet uitgenodigd"
    if invitation.expires_at <= now:
        return f"uitnodiging verlopen op {fmt(invitation.expires_at.date())}"
    return f"uitgenodigd, geldig tot {fmt(invitation.expires_at.date())}"


def _line(colleague: Colleague, now: datetime) -> str:
    done, total = progress(colleague.staff, colleague.done)
    active = colleague.last_active
    last = f"laatst actief {fmt(active.date())}" if active else "nog niet actief"
    status = _status(colleague, now)
    return f"• {colleague.staff.name}: {status} · {done}/{total} eerste stappen · {last}"


def _expired(colleague: Colleague, now: datetime) -> bool:
    invitation = colleague.invitation
    return (
        colleague.staff.telegram_user_id is None
        and invitation is not None
        and invitation.used_at is None
        and invitation.expires_at <= now
    )


async def _colleagues(ctx: StepContext[TeamAnswers]) -> list[Colleague]:
    team = await ctx.uow.onboarding.team(ctx.staff.organisation.id)
    return [each for each in team if each.staff.id != ctx.staff.id]


async def _ask(ctx: StepContext[TeamAnswers]) -> Question:
    team = await _colleagues(ctx)
    if not team:
        return Question(EMPTY, typed=False)
    lines = [_line(each, ctx.now) for each in team]
    options = tuple(
        Option(f"Opnieuw uitnodigen: {each.staff.name}", f"s{each.staff.id}")
        for each in team
        if _expired(each, ctx.now)
    )
    more = "\nEen verlopen uitnodiging stuur je opnieuw met de knop." if options else ""
    return Question(f"Je team:\n{chr(10).join(lines)}{more}", options, typed=False)


async def _accept(ctx: StepContext[TeamAnswers], answer: Answer) -> Outcome:
    if ctx.staff.role is not Role.COORDINATOR:
        raise Refusal(ONLY_COORDINATORS)
    wanted = int((answer.value or "s0")[1:])
    colleague = next((each for each in await _colleagues(ctx) if each.staff.id == wanted), None)
    if colleague is None:
        raise Refusal("Die collega vind ik niet in jouw organisatie.")
    if not _expired(colleague, ctx.now):
        raise Refusal(f"De uitnodiging van {colleague.staff.name} is niet verlopen.")
    return Finish(await send_invitation(ctx, colleague.staff))


COLLEAGUES = Step[TeamAnswers]("colleagues", "het bekijken van je team", _ask, _accept)

TEAM = Flow[TeamAnswers](
    name="team",
    title="Mijn team",
    command="team",
    answers=TeamAnswers,
    steps=(COLLEAGUES,),
    transitions=(),
    available_to=is_coordinator,
)
