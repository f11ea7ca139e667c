"""The controls the list screens share (A1, A2, ESF), so they page, filter and download alike.

Each list screen is one step that asks its own question (lines, totals) and hands every press
of a shared control to `shared_control`; only what is particular to it stays in its flow.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection, Mapping
from dataclasses import dataclass

from flows.conversation import Option
from flows.flow import Answer, Answers, Outcome, Stay
from flows.rules.keywords import Keyword, classify, describe

NEXT, PREVIOUS, CLEAR, CSV, XLSX = "next", "prev", "clear", "csv", "xlsx"
FILTER_PREFIX = "f_"


def paging_options(has_previous: bool, has_next: bool) -> list[Option]:
    """◀ and ▶, each only where there is a page that way."""
    options = []
    if has_previous:
        options.append(Option("◀ Vorige pagina", PREVIOUS))
    if has_next:
        options.append(Option("Volgende pagina ▶", NEXT))
    return options


def filter_options(labels: Mapping[str, str], current: str) -> list[Option]:
    """A button for every filter but the one in force."""
    return [
        Option(label, FILTER_PREFIX + value) for value, label in labels.items() if value != current
    ]


def search_options(searched: bool, total: int, clear: str = "Trefwoord wissen") -> list[Option]:
    """Clearing the trefwoord (when there is one) and downloading (when there is a line)."""
    options = [Option(clear, CLEAR)] if searched else []
    if total:
        options += [Option("⬇ CSV", CSV), Option("⬇ Excel", XLSX)]
    return options


def file_kind(fmt_: str, excel: str = "Excel-bestand") -> str:
    """How the reply names the file it sends."""
    return "CSV-bestand" if fmt_ == CSV else excel


def lines_text(count: int) -> str:
    """`1 lijn`, `57 lijnen`."""
    return "1 lijn" if count == 1 else f"{count} lijnen"


def download_note(fmt_: str) -> str:
    """Said at once; the file follows when written (flows/downloads.py)."""
    return f"⬇ Het {file_kind(fmt_)} wordt gemaakt en volgt hieronder."


@dataclass(frozen=True)
class ListControls:
    """What one list screen does when a shared control is pressed."""

    filters: Collection[str]  # the filter values this screen knows
    turn_page: Callable[[str], Awaitable[None]]  # NEXT or PREVIOUS: remember that page
    first_page: Callable[[Answers], None]  # a new filter or trefwoord starts at the top
    download: Callable[[str], Outcome]  # CSV or XLSX, under the current filter


async def shared_control(
    answers: Answers, value: str | None, controls: ListControls
) -> Outcome | None:
    """The outcome of a shared control; None when `value` is none of them."""
    if value in (NEXT, PREVIOUS):
        await controls.turn_page(value)
        return Stay()
    if value is not None and value.startswith(FILTER_PREFIX):
        chosen = value.removeprefix(FILTER_PREFIX)
        if chosen not in controls.filters:
            return None
        answers["filter"] = chosen
        controls.first_page(answers)
        return Stay()
    if value == CLEAR:
        answers.pop("term", None)
        controls.first_page(answers)
        return Stay()
    if value in (CSV, XLSX):
        return controls.download(value)
    return None


def keyword_of(answers: Answers) -> Keyword | None:
    """The trefwoord this screen searches for, read the way it was typed."""
    term = answers.get("term")
    return classify(term) if term else None


def keyword_text(answers: Answers) -> str:
    """` · trefwoord ‘…’ (what it was read as)`, or nothing without one."""
    keyword = keyword_of(answers)
    if keyword is None:
        return ""
    return f" · trefwoord ‘{answers['term']}’ ({describe(keyword)})"


def search_for(answers: Answers, text: str, first_page: Callable[[Answers], None]) -> Outcome:
    """Search for a typed trefwoord; a date that does not exist is refused, with the reason."""
    term = " ".join(text.split())
    classify(term)
    answers["term"] = term
    first_page(answers)
    return Stay()


async def control_or_search(answers: Answers, answer: Answer, controls: ListControls) -> Outcome:
    """A shared control's outcome, or else the typed text searched for as a trefwoord."""
    shared = await shared_control(answers, answer.value, controls)
    if shared is not None:
        return shared
    return search_for(answers, answer.text, controls.first_page)
