"""Choosing a registered cheque: the open ones, newest change first, paged; or searched."""

from __future__ import annotations

from typing import TypeVar

from flows.cheques.answers import FileCard, FileChoice, Match
from flows.cheques.file_changes import own_file
from flows.domain.cheques import ChequeFile, FileSummary
from flows.domain.errors import Refusal
from flows.domain.rules import gesprekken as rules
from flows.domain.rules.duration import fmt_minutes
from flows.domain.rules.gesprek_line import shown
from flows.engine.definition import Advance, Answer, Outcome, Question, Stay, Step, StepContext
from flows.engine.values import Option
from flows.widgets.paging import total_text

F = TypeVar("F", bound=FileChoice)  # the answers of a flow that chooses a cheque

PAGE = 5
NEXT, PREVIOUS, ALL = "next", "prev", "all"


def list_label(summary: FileSummary) -> str:
    left = max(summary.minutes - summary.minutes_used, 0)
    return f"{summary.klantnaam} · {summary.chequenummer} · {fmt_minutes(left)} over"


def remember_file(answers: FileChoice, file: ChequeFile) -> None:
    """Keep what every later screen shows about the chosen cheque (A6.5)."""
    answers.file = FileCard(
        id=file.registration_id,
        chequenummer=file.cheque.chequenummer,
        klantnummer=file.cheque.klantnummer,
        klantnaam=file.cheque.klantnaam,
        status=file.status.label,
        closed=file.is_closed,
        used=rules.minutes_used(file),
        left=rules.minutes_left(file),
    )


def file_header(answers: FileChoice) -> str:
    """Whose file this is, on every screen: client, cheque, hours used and left, status."""
    f = answers.card()
    return (
        f"👤 {f.klantnaam} (klant {f.klantnummer}) · cheque {f.chequenummer}\n"
        f"⏱ {fmt_minutes(f.used)} gebruikt, {fmt_minutes(f.left)} "
        f"{'niet gebruikt' if f.closed else 'over'} · {f.status}"
    )


async def _ask(ctx: StepContext[F]) -> Question:
    matches = ctx.answers.matches
    if matches:
        options = [Option(m.label, f"r{m.id}") for m in matches]
        return Question(
            "Welke van deze cheques bedoel je?", (*options, Option("Alle open cheques", ALL))
        )
    page = ctx.answers.page
    rows, total = await ctx.uow.registrations.list_open(
        ctx.staff.organisation.id, page * PAGE, PAGE
    )
    options = [Option(list_label(row), f"r{row.registration_id}") for row in rows]
    if page > 0:
        options.append(Option("◀ Vorige pagina", PREVIOUS))
    if (page + 1) * PAGE < total:
        options.append(Option("Volgende pagina ▶", NEXT))
    shown = (
        f" ({page * PAGE + 1}–{page * PAGE + len(rows)} van {total_text(total)})" if rows else ""
    )
    intro = "Kies een open cheque" if rows else "Er zijn geen open cheques. Typ"
    return Question(
        f"Welke cheque?{shown}\n{intro}{' of typ' if rows else ''} een chequenummer, "
        "klantnummer of naam van de klant.",
        tuple(options),
    )


async def _accept(ctx: StepContext[F], answer: Answer) -> Outcome:
    if answer.value in (NEXT, PREVIOUS):
        ctx.answers.page = max(0, ctx.answers.page + (1 if answer.value == NEXT else -1))
        return Stay()
    if answer.value == ALL:
        ctx.answers.matches = []
        return Stay()
    if answer.value is not None and answer.value.startswith("r"):
        return await _choose(ctx, int(answer.value[1:]))
    term = answer.text.strip()
    if not term:
        raise Refusal("Typ een chequenummer, klantnummer of naam.")
    found = await ctx.uow.registrations.search(ctx.staff.organisation.id, term, PAGE + 1)
    if not found:
        raise Refusal(
            f"Geen geregistreerde cheque gevonden bij jouw loopbaancentrum voor ‘{shown(term)}’."
        )
    if len(found) == 1:
        return await _choose(ctx, found[0].registration_id)
    ctx.answers.matches = [Match(f.registration_id, list_label(f)) for f in found[:PAGE]]
    more = " (de eerste 5; typ meer om te verfijnen)" if len(found) > PAGE else ""
    return Stay(f"Meerdere cheques gevonden voor ‘{shown(term)}’{more}.")


async def _choose(ctx: StepContext[F], registration_id: int) -> Outcome:
    file = await own_file(ctx.uow, ctx.staff, registration_id)
    ctx.answers.matches = []
    ctx.answers.page = 0
    remember_file(ctx.answers, file)
    return Advance()


def choose_cheque_step(*, screen: bool = False) -> Step[F]:
    """The step that puts a chosen file in the answers (`file`), after an ownership check.

    `screen`: choosing only opens the file (the dossier), it starts no registration.
    """
    return Step(
        "cheque",
        "het kiezen van de cheque",
        _ask,
        _accept,
        help="Kies een cheque uit de lijst (die toont de open cheques, laatst gewijzigd eerst), "
        "of typ een chequenummer, klantnummer of (een deel van) de naam van de klant.",
        screen=screen,
    )
