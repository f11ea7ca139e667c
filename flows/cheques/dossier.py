"""Flow `/dossier`: a registered cheque's detail (A4), its beginvraag (A7), corrections (A8)."""

from __future__ import annotations

from flows.cheques.answers import DetailAction, DossierAnswers, FileRef, GesprekToDelete
from flows.cheques.choose_cheque import choose_cheque_step, file_header, remember_file
from flows.cheques.file_changes import (
    change_beginvraag,
    convert_newest_gesprek,
    delete_newest_gesprek,
    own_file,
)
from flows.cheques.file_detail import gesprek_line, render_file
from flows.cheques.gesprek_saving import closing_warning, hours_lost_warning
from flows.domain import handbook
from flows.domain.cheques import GesprekType
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
    if rules.may_convert(file):  # the hours are used up: only a conversion closes it
        options = [
            Option("Laatste gesprek omzetten naar synthese", DetailAction.TO_SYNTHESE),
            Option("Laatste gesprek omzetten naar stopzetting", DetailAction.TO_STOPZETTING),
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
    if chosen in (DetailAction.TO_SYNTHESE, DetailAction.TO_STOPZETTING):
        newest = rules.convertible(file)
        number = file.gesprekken.index(newest) + 1
        ctx.answers.convert = GesprekToDelete(newest.id, gesprek_line(number, newest))
        ctx.answers.convert_agreed = ctx.answers.convert_confirmed = None
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


# -- A8 with A6.3: the newest gesprek registered again as synthese or stopzetting ---------------
def _to_convert(answers: DossierAnswers) -> GesprekToDelete:
    if answers.convert is None:
        raise AnswersUnreadable("no gesprek was chosen to convert")
    return answers.convert


def _converted_kind(answers: DossierAnswers) -> GesprekType:
    if answers.action is DetailAction.TO_STOPZETTING:
        return GesprekType.STOPZETTING
    return GesprekType.SYNTHESE


def _ask_convert_akkoord(ctx: Ctx) -> Question:
    return Question(
        f"{file_header(ctx.answers)}\n\nEen stopzetting door de klant vóór de minimale uren "
        "begeleiding zijn afgerond, kan alleen op voorwaarde dat de klant akkoord is. Is de "
        "klant akkoord?",
        (Option("Ja, de klant is akkoord", "ja"), Option("Nee", "nee")),
        typed=False,
    )


async def _accept_convert_akkoord(ctx: Ctx, answer: Answer) -> Outcome:
    ctx.answers.convert_agreed = answer.value == "ja"
    if ctx.answers.convert_agreed:
        return Advance()
    return Advance("Zonder akkoord van de klant kan je de begeleiding niet stopzetten.")


def _ask_convert(ctx: Ctx) -> Question:
    a = ctx.answers
    kind = _converted_kind(a)
    warnings = [closing_warning(kind)]
    if kind is GesprekType.SYNTHESE and a.card().left > 0:
        warnings.append(hours_lost_warning(a.card().left))
    return Question(
        f"{file_header(a)}\n\n{_to_convert(a).line}\n\nDit gesprek wordt verwijderd (het blijft "
        f"zichtbaar met het label Verwijderd) en opnieuw geregistreerd als {kind.label.lower()} "
        "met dezelfde datum, vorm en duur.\n\n" + "\n".join(warnings),
        (Option("✅ Omzetten en cheque afsluiten", "ja"), Option("Nee", "nee")),
        typed=False,
    )


async def _accept_convert(ctx: Ctx, answer: Answer) -> Outcome:
    ctx.answers.convert_confirmed = answer.value == "ja"
    return Advance()


async def _convert_gesprek(ctx: Ctx) -> Outcome:
    a = ctx.answers
    kind = _converted_kind(a)
    file = await convert_newest_gesprek(
        ctx.uow, ctx.staff, a.file_id(), _to_convert(a).id, kind, ctx.now
    )
    remember_file(a, file)
    status = file.status.label.lower().removeprefix("cheque ")
    return Advance(
        f"✅ Het laatste gesprek is nu een {kind.label.lower()}; het oorspronkelijke blijft "
        f"zichtbaar met het label Verwijderd. De cheque is nu {status}.",
        stored=True,
    )


CONVERT_AGREED = Condition[DossierAnswers](
    "client_agrees_to_stop", lambda a: a.convert_agreed is True
)
CONVERT_CONFIRMED = Condition[DossierAnswers](
    "conversion_confirmed", lambda a: a.convert_confirmed is True
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
CONVERT_AKKOORD = Step[DossierAnswers](
    "convert_akkoord",
    "het akkoord van de klant met de stopzetting",
    _ask_convert_akkoord,
    _accept_convert_akkoord,
)
CONVERT = Step[DossierAnswers](
    "convert", "het omzetten van het laatste gesprek", _ask_convert, _accept_convert
)
CONVERT_GESPREK: Step[DossierAnswers] = action("convert_gesprek", _convert_gesprek)

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
    Transition(DETAIL, CONVERT, conditions=(_chose(DetailAction.TO_SYNTHESE),)),
    Transition(DETAIL, CONVERT_AKKOORD, conditions=(_chose(DetailAction.TO_STOPZETTING),)),
    Transition(CONVERT_AKKOORD, CONVERT, conditions=(CONVERT_AGREED,)),
    Transition(CONVERT_AKKOORD, DETAIL, unless=(CONVERT_AGREED,)),
    Transition(CONVERT, CONVERT_GESPREK, conditions=(CONVERT_CONFIRMED,)),
    Transition(CONVERT, DETAIL, unless=(CONVERT_CONFIRMED,)),
    Transition(CONVERT_GESPREK, DETAIL),
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
        CONVERT_AKKOORD,
        CONVERT,
        CONVERT_GESPREK,
    ),
    transitions=TRANSITIONS,
    available_to=at_loopbaancentrum,
    entries=(
        Entry(
            OpenCheque, DETAIL, lambda intent: DossierAnswers(file=FileRef(intent.registration_id))
        ),
    ),
)
