"""Flow `/dossier`: a registered cheque's detail (A4), its beginvraag (A7), corrections (A8)."""

from __future__ import annotations

from datetime import datetime

from flows import messages
from flows.cheque_choice import choose_cheque_step, file_header, remember_file
from flows.conversation import Option
from flows.domain import ChequeFile, Gesprek, Refusal, at_loopbaancentrum
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
    Switch,
    Transition,
)
from flows.gesprek_services import change_beginvraag, delete_newest_gesprek, own_file
from flows.rules import gesprekken as rules
from flows.rules.cheques import check_beginvraag
from flows.rules.dates import fmt, local_day
from flows.rules.duration import fmt_minutes

GESPREK, BEGINVRAAG, DELETE, OTHER, DONE = "gesprek", "beginvraag", "delete", "other", "done"


def gesprek_line(number: int, gesprek: Gesprek) -> str:
    line = (
        f"{number}. {fmt(gesprek.datum)} · {gesprek.type.label} · {fmt_minutes(gesprek.minutes)} · "
        f"{gesprek.vorm.label} · {gesprek.begeleider}"
    )
    return f"{line} — Verwijderd" if gesprek.deleted else line


def render_file(file: ChequeFile, now: datetime) -> str:
    """The detail of A4: cheque, client, status, hours, beginvraag with history, every gesprek.

    Stored moments come back in UTC: their days are shown in the clock's zone (`now`).
    """
    cheque = file.cheque
    lines = [
        f"📁 Cheque {cheque.chequenummer} · {cheque.klantnaam} (klant {cheque.klantnummer})",
        f"Status: {file.status.label}",
        f"Uren: {fmt_minutes(rules.minutes_used(file))} gebruikt, "
        f"{fmt_minutes(rules.minutes_left(file))} {'niet gebruikt' if file.is_closed else 'over'} "
        f"(van {fmt_minutes(cheque.minutes)})",
        f"Besteld op {fmt(cheque.ordered_on)} · "
        f"geregistreerd op {fmt(local_day(file.registered_at, now))}",
        f"Thema's: {', '.join(file.themes)}",
    ]
    if file.beginvragen:
        current = file.beginvragen[-1]
        when = fmt(local_day(current.recorded_at, now))
        lines.append(f"Beginvraag: “{current.text}” ({when}, {current.recorded_by})")
        lines += [
            f"  eerder: “{old.text}” ({fmt(local_day(old.recorded_at, now))}, {old.recorded_by})"
            for old in reversed(file.beginvragen[:-1])
        ]
    lines.append("Gesprekken:")
    lines += [gesprek_line(i, g) for i, g in enumerate(file.gesprekken, 1)] or ["  (geen)"]
    return "\n".join(lines)


async def _ask_detail(ctx: StepContext) -> Question:
    try:
        file = await own_file(ctx.uow, ctx.staff, int(ctx.answers["file"]["id"]))
    except Refusal as gone:
        return Question(
            gone.message, (Option("Andere cheque", OTHER), Option("Klaar", DONE)), typed=False
        )
    options = [
        Option("Nazorggesprek registreren" if file.is_closed else "Gesprek registreren", GESPREK)
    ]
    if not file.is_closed:
        options.append(Option("Beginvraag wijzigen", BEGINVRAAG))
        if file.active_gesprekken:
            options.append(Option("Laatste gesprek verwijderen", DELETE))
    options += [Option("Andere cheque", OTHER), Option("Klaar", DONE)]
    return Question(
        f"{render_file(file, ctx.now)}\n\nWat wil je doen?", tuple(options), typed=False
    )


async def _accept_detail(ctx: StepContext, answer: Answer) -> Outcome:
    action = answer.value
    ctx.answers["action"] = action
    if action == DONE:
        return Finish("Klaar.")
    if action == OTHER:
        ctx.answers.pop("file", None)
        return Advance()
    file = await own_file(ctx.uow, ctx.staff, int(ctx.answers["file"]["id"]))
    remember_file(ctx.answers, file)
    if action == GESPREK:
        return Switch("gesprek_registration", "type", {"file": ctx.answers["file"]})
    if action == BEGINVRAAG:
        rules.check_may_change_beginvraag(file)
        ctx.answers["current_beginvraag"] = file.beginvragen[-1].text if file.beginvragen else ""
        return Advance()
    newest = rules.deletable(file)
    number = file.gesprekken.index(newest) + 1  # the number the detail shows it under
    ctx.answers["delete"] = {"id": newest.id, "line": gesprek_line(number, newest)}
    return Advance()


def _is(action: str) -> Condition:
    return Condition(f"chose_{action}", lambda a: a.get("action") == action)


# -- A7: beginvraag wijzigen ---------------------------------------------------------------------
def _ask_beginvraag(ctx: StepContext) -> Question:
    return Question(
        f"{file_header(ctx)}\n\nHuidige beginvraag: “{ctx.answers['current_beginvraag']}”\n"
        "Noteer de aangepaste loopbaanvraag: kort en bondig, in de woorden waarmee de klant "
        "akkoord is. De vorige blijft in het dossier."
    )


async def _accept_beginvraag(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["new_beginvraag"] = check_beginvraag(answer.text)
    return Advance()


def _ask_beginvraag_akkoord(ctx: StepContext) -> Question:
    return Question(
        f"{file_header(ctx)}\n\nAangepaste beginvraag:\n“{ctx.answers['new_beginvraag']}”\n\n"
        "Is de klant akkoord met deze formulering?",
        (Option("Ja, opslaan", "ja"), Option("Nee, formulering aanpassen", "nee")),
        typed=False,
    )


async def _accept_beginvraag_akkoord(ctx: StepContext, answer: Answer) -> Outcome:
    ctx.answers["beginvraag_agreed"] = answer.value == "ja"
    if answer.value != "ja":
        return Advance()
    registration_id = int(ctx.answers["file"]["id"])
    await change_beginvraag(
        ctx.uow, ctx.staff, registration_id, ctx.answers["new_beginvraag"], ctx.now
    )
    return Advance("✅ Beginvraag gewijzigd. De vorige formulering blijft in het dossier.")


BEGINVRAAG_AGREED = Condition("client_agrees", lambda a: a.get("beginvraag_agreed") is True)


# -- A8: laatste gesprek verwijderen ---------------------------------------------------------------
def _ask_delete(ctx: StepContext) -> Question:
    return Question(
        f"{file_header(ctx)}\n\n{ctx.answers['delete']['line']}\n\n{messages.CONFIRM_DELETE_GESPREK}",
        (Option("Ja, verwijderen", "ja"), Option("Nee", "nee")),
        typed=False,
    )


async def _accept_delete(ctx: StepContext, answer: Answer) -> Outcome:
    if answer.value != "ja":
        return Advance()
    registration_id = int(ctx.answers["file"]["id"])
    released = await delete_newest_gesprek(
        ctx.uow, ctx.staff, registration_id, int(ctx.answers["delete"]["id"]), ctx.now
    )
    if released:
        return Finish(
            "🗑 Gesprek verwijderd. Er staan geen gesprekken meer op deze cheque: de cheque is weer "
            "beschikbaar. Je kan hem opnieuw registreren, of de klant kan hem aan een ander "
            "centrum bezorgen."
        )
    return Advance("🗑 Gesprek verwijderd: het blijft zichtbaar met het label Verwijderd.")


STEPS = (
    choose_cheque_step(),
    Step("detail", "het detail van de cheque", _ask_detail, _accept_detail),
    Step("beginvraag", "de aangepaste beginvraag", _ask_beginvraag, _accept_beginvraag),
    Step(
        "beginvraag_akkoord",
        "het akkoord met de beginvraag",
        _ask_beginvraag_akkoord,
        _accept_beginvraag_akkoord,
    ),
    Step("delete", "het verwijderen van het laatste gesprek", _ask_delete, _accept_delete),
)

TRANSITIONS = (
    Transition("next", "cheque", "detail"),
    Transition("back", "detail", "cheque"),
    Transition("next", "detail", "cheque", conditions=(_is(OTHER),)),
    Transition("next", "detail", "beginvraag", conditions=(_is(BEGINVRAAG),)),
    Transition("next", "detail", "delete", conditions=(_is(DELETE),)),
    Transition("next", "beginvraag", "beginvraag_akkoord"),
    Transition("back", "beginvraag", "detail"),
    Transition("next", "beginvraag_akkoord", "detail", conditions=(BEGINVRAAG_AGREED,)),
    Transition("next", "beginvraag_akkoord", "beginvraag", unless=(BEGINVRAAG_AGREED,)),
    Transition("back", "beginvraag_akkoord", "beginvraag"),
    Transition("next", "delete", "detail"),
    Transition("back", "delete", "detail"),
)


DOSSIER = Flow(
    name="dossier",
    title="Cheque bekijken",
    command="dossier",
    steps=STEPS,
    transitions=TRANSITIONS,
    available_to=at_loopbaancentrum,
)
