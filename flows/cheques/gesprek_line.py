"""/gesprek from one line (`/gesprek 100200300 gisteren 1u30 verdieping`): fill what it says.

The line is read once, by the flow's first step: the cheque is looked up (a number, or a part
of the client's name among the centre's open cheques), the date and duur are kept for the
questions that would ask them. What the line could not say is asked with the normal steps;
what it said that cannot be is told, with the reason, and asked again.
"""

from __future__ import annotations

from datetime import date

from flows.cheques.answers import GesprekAnswers, Match
from flows.cheques.choose_cheque import PAGE, list_label, remember_file
from flows.cheques.file_changes import own_file
from flows.domain.cheques import FileSummary
from flows.domain.errors import Refusal
from flows.domain.rules.gesprek_line import GesprekLine, not_understood, read_line, shown
from flows.engine.definition import Advance, LineEntry, Outcome, StepContext

MAX_NAME_WORDS = 4  # the longest run of words looked up as a name (few look-ups per line)


def _start_answers(text: str) -> GesprekAnswers:
    return GesprekAnswers(line=" ".join(text.split()))


def _recognises(text: str, today: date) -> bool:
    """A line at the menu is a gesprek when it names a type of gesprek (the one word needed)."""
    return read_line(text, today).type is not None


EXAMPLE = "/gesprek 100200300 gisteren 1u30 verdieping"
LINE_ENTRY = LineEntry[GesprekAnswers](
    _start_answers,
    _recognises,
    help=f"Een gesprek in één bericht: {EXAMPLE} — cheque (chequenummer, klantnummer of naam), "
    "datum, duur, type en vorm in willekeurige volgorde; wat ontbreekt, vraag ik nog. "
    "Vanuit het menu mag /gesprek weg als je het type noemt.",
    example=EXAMPLE,
)


def _quote(words: tuple[str, ...] | list[str]) -> str:
    return " ".join(words)


async def _search(
    ctx: StepContext[GesprekAnswers], term: str, open_only: bool
) -> list[FileSummary]:
    return await ctx.uow.registrations.search(
        ctx.staff.organisation.id, term, PAGE + 1, open_only=open_only
    )


async def _by_name(
    ctx: StepContext[GesprekAnswers], groups: tuple[tuple[str, ...], ...]
) -> tuple[list[FileSummary], list[str], str]:
    """The open cheques the longest run of words within one group names; words left unknown."""
    for group_at, group in enumerate(groups):
        for size in range(min(len(group), MAX_NAME_WORDS), 0, -1):
            for start in range(len(group) - size + 1):
                term = _quote(group[start : start + size])
                found = await _search(ctx, term, open_only=True)
                if found:
                    rest = [*group[:start], *group[start + size :]]
                    others = [w for g in groups[group_at + 1 :] for w in g]
                    earlier = [w for g in groups[:group_at] for w in g]
                    return found, [*earlier, *rest, *others], term
    return [], [w for g in groups for w in g], ""


async def _find_cheque(ctx: StepContext[GesprekAnswers], line: GesprekLine) -> list[str]:
    """Choose the cheque the line names, or keep the matches to ask; return what to tell."""
    a, notes = ctx.answers, []
    if line.number is not None:
        found, unknown, term = await _search(ctx, line.number, open_only=False), [], line.number
        for word in (w for g in line.names for w in g):
            named = len(found) == 1 and word.casefold() in found[0].klantnaam.casefold()
            if not named:
                unknown.append(word)
    elif line.names:
        found, unknown, term = await _by_name(ctx, line.names)
        if not term:
            term = _quote([w for g in line.names for w in g])
            unknown = []
    else:
        return []
    if unknown:
        notes.append(not_understood(unknown))
    if not found:
        notes.append(
            f"Geen geregistreerde cheque gevonden bij jouw loopbaancentrum voor ‘{shown(term)}’."
        )
    elif len(found) == 1:
        remember_file(a, await own_file(ctx.uow, ctx.staff, found[0].registration_id))
    else:
        a.matches = [Match(f.registration_id, list_label(f)) for f in found[:PAGE]]
        notes.append(f"Meerdere cheques gevonden voor ‘{shown(term)}’.")
    return notes


async def read_gesprek_line(ctx: StepContext[GesprekAnswers]) -> Outcome:
    """The first step of /gesprek: read the line it was started with, if any."""
    a = ctx.answers
    if not a.line:
        return Advance()
    line = read_line(a.line, ctx.today)
    a.line = ""
    notes = [*line.refusals]
    if line.unknown:
        notes.append(not_understood(line.unknown))
    try:
        notes += await _find_cheque(ctx, line)
    except Refusal as refusal:  # the cheque is not this centre's
        notes.append(refusal.message)
    a.datum, a.minutes, a.vorm = line.datum, line.minutes, line.vorm
    a.line_type, a.line_details = line.type, line.details
    return Advance("\n".join(notes) or None)
