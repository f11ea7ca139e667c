"""Flow `/dossier`: a registered cheque's detail (A4), its beginvraag (A7), corrections (A8)."""

from __future__ import annotations

from flows.cheques.answers import DetailAction, DossierAnswers, FileRef, GesprekToDelete
from flows.cheques.choose_cheque import choose_cheque_step, file_header, remember_file
from flows.cheques.file_changes import change_beginvraag, delete_newest_gesprek, own_file
from flows.cheques.file_detail import gesprek_line, render_file
from flows.domain import handbook
from flows.domain.errors import Refusal
from flows.domain.intents import OpenCheque, RegisterGesprekOn
from flows.domain.rules import gesprekken as rules
from flows.domain.rules.cheques import check_beginvraag
from flows.domain.staff import at_loopbaancentrum
from flows.engine.answers import AnswersUnreadable
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
    Switch,
    Transition,
    action,
)
from flows.engine.values import Option

Ctx = StepContext[DossierAnswers]


async def _ask_detail(ctx: Ctx) -> Question:
    other = Option("Andere cheque", DetailAction.OTHER)
    done = Option("Klaar", DetailAction.DONE)
    try:
        file = await own_file(ctx.uow, ctx.staff, ctx.answers.file_id())
    except Refusal as gone:
        return Question(gone.message, (other, done), typed=False)
    options = [
        Option(
            "Nazorggesprek registreren" if file.is_closed else "Gesprek registreren",
            DetailAction.GESPREK,
        )
    ]
    if not file.is_closed:
        options.append(Option("Beginvraag wijzigen", DetailAction.BEGINVRAAG))
        if file.active_gesprekken:
            options.append(Option("Laatste gesprek verwijderen", DetailAction.DELETE))
    options += [other, done]
    return Question(
        f"{render_file(file, ctx.now)}\n\nWat wil je doen?", tuple(options), typed=False
    )


async def _accept_detail(ctx: Ctx, answer: Answer) -> Outcome:
    chosen = ctx.answers.action = DetailAction(answer.value or "")
    if chosen is DetailAction.DONE:
        return Finish("Klaar.")
    if chosen is DetailAction.OTHER:  # the file stays: *Vorige* there shows this one again
        return Advance()
    file = await own_file(ctx.uow, ctx.staff, ctx.answers.file_id())
    remember_file(ctx.answers, file)
    if chosen is DetailAction.GESPREK:
        return Switch(RegisterGesprekOn(file.registration_id))
    if chosen is DetailAction.BEGINVRAAG:
        rules.check_may_change_beginvraag(file)
        ctx.answers.current_beginvraag = file.beginvragen[-1].text if file.beginvragen else ""
        return Advance()
    newest = rules.deletable(file)
    number = file.gesprekken.index(newest) + 1  # the number the detail shows it under
    ctx.answers.delete = GesprekToDelete(newest.id, gesprek_line(number, newest))
    return Advance()


def _chose(chosen: DetailAction) -> Condition[DossierAnswers]:
    return Condition[DossierAnswers](f"chose_{chosen}", lambda a: a.action is chosen)


# -- A7: beginvraag wijzigen ---------------------------------------------------------------------
def _ask_beginvraag(ctx: Ctx) -> Question:
    return Question(
        f"{file_header(ctx.answers)}\n\nHuidige beginvraag: “{ctx.answers.current_beginvraag}”\n"
        "Noteer de aangepaste loopbaanvraag: kort en bondig, in de woorden waarmee de klant "
        "akkoord is. De vorige blijft in het dossier."
    )


async def _accept_beginvraag(ctx: Ctx, answer: Answer) -> Outcome:
    ctx.answers.new_beginvraag = check_beginvraag(answer.text)
    return Advance()


def _ask_beginvraag_akkoord(ctx: Ctx) -> Question:
    return Question(
        f"{file_header(ctx.answers)}\n\nAangepaste beginvraag:\n“{ctx.answers.new_beginvraag}”"
        "\n\nIs de klant akkoord met deze formulering?",
        (Option("Ja, opslaan", "ja"), Option("Nee, formulering aanpassen", "nee")),
        typed=False,
    )


async def _accept_beginvraag_akkoord(ctx: Ctx, answer: Answer) -> Outcome:
    ctx.answers.beginvraag_agreed = answer.value == "ja"
    return Advance()


async def _store_beginvraag(ctx: Ctx) -> Outcome:
    a = ctx.answers
    await change_beginvraag(ctx.uow, ctx.staff, a.file_id(), a.new_beginvraag, ctx.now)
    return Advance(
        "✅ Beginvraag gewijzigd. De vorige formulering blijft in het dossier.", stored=True
    )


BEGINVRAAG_AGREED = Condition[DossierAnswers](
    "client_agrees", lambda a: a.beginvraag_agreed is True
)


# -- A8: laatste gesprek verwijderen ---------------------------------------------------------------
def _to_delete(answers: DossierAnswers) -> GesprekToDelete:
    if answers.delete is None:
        raise AnswersUnreadable("no gesprek was chosen to delete")
    return answers.delete


def _ask_delete(ctx: Ctx) -> Question:
    line = _to_delete(ctx.answers).line
    return Question(
        f"{file_header(ctx.answers)}\n\n{line}\n\n{handbook.CONFIRM_DELETE_GESPREK}",
        (Option("Ja, verwijderen", "ja"), Option("Nee", "nee")),
        typed=False,
    )


async def _accept_delete(ctx: Ctx, answer: Answer) -> Outcome:
    ctx.answers.delete_confirmed = answer.value == "ja"
    return Advance()


async def _delete_gesprek(ctx: Ctx) -> Outcome:
    a = ctx.answers
    gesprek_id = _to_delete(a).id
    released = await delete_newest_gesprek(ctx.uow, ctx.staff, a.file_id(), gesprek_id, ctx.now)
    if released:
        return Finish(
            "🗑 Gesprek verwijderd. Er staan geen gesprekken meer op deze cheque: de cheque is weer "
            "beschikbaar. Je kan hem opnieuw registreren, of de klant kan hem aan een ander "
            "centrum bezorgen."
        )
    return Advance(
        "🗑 Gesprek verwijderd: het blijft zichtbaar met het label Verwijderd.", stored=True
    )


DELETE_CONFIRMED = Condition[DossierAnswers](
    "deletion_confirmed", lambda a: a.delete_confirmed is True
)

CHEQUE: Step[DossierAnswers] = choose_cheque_step(screen=True)
DETAIL = Step[DossierAnswers](
    "detail", "het detail van de cheque", _ask_detail, _accept_detail, screen=True
)
BEGINVRAAG = Step[DossierAnswers](
    "beginvraag", "de aangepaste beginvraag", _ask_beginvraag, _accept_beginvraag
)
BEGINVRAAG_AKKOORD = Step[DossierAnswers](
    "beginvraag_akkoord",
    "het akkoord met de beginvraag",
    _ask_beginvraag_akkoord,
    _accept_beginvraag_akkoord,
)
STORE_BEGINVRAAG: Step[DossierAnswers] = action("store_beginvraag", _store_beginvraag)
DELETE = Step[DossierAnswers](
    "delete", "het verwijderen van het laatste gesprek", _ask_delete, _accept_delete
)
DELETE_GESPREK: Step[DossierAnswers] = action("delete_gesprek", _delete_gesprek)

TRANSITIONS = (
    Transition(CHEQUE, DETAIL),
    Transition(DETAIL, CHEQUE, conditions=(_chose(DetailAction.OTHER),)),
    Transition(DETAIL, BEGINVRAAG, conditions=(_chose(DetailAction.BEGINVRAAG),)),
    Transition(DETAIL, DELETE, conditions=(_chose(DetailAction.DELETE),)),
    Transition(BEGINVRAAG, BEGINVRAAG_AKKOORD),
    Transition(BEGINVRAAG_AKKOORD, STORE_BEGINVRAAG, conditions=(BEGINVRAAG_AGREED,)),
    Transition(BEGINVRAAG_AKKOORD, BEGINVRAAG, unless=(BEGINVRAAG_AGREED,)),
    Transition(STORE_BEGINVRAAG, DETAIL),
    Transition(DELETE, DELETE_GESPREK, conditions=(DELETE_CONFIRMED,)),
    Transition(DELETE, DETAIL, unless=(DELETE_CONFIRMED,)),
    Transition(DELETE_GESPREK, DETAIL),
)


DOSSIER = Flow(
    name="dossier",
    title="Cheque bekijken",
    command="dossier",
    answers=DossierAnswers,
    steps=(
        CHEQUE,
        DETAIL,
        BEGINVRAAG,
        BEGINVRAAG_AKKOORD,
        STORE_BEGINVRAAG,
        DELETE,
        DELETE_GESPREK,
    ),
    transitions=TRANSITIONS,
    available_to=at_loopbaancentrum,
    entries=(
        Entry(
            OpenCheque, DETAIL, lambda intent: DossierAnswers(file=FileRef(intent.registration_id))
        ),
    ),
)
