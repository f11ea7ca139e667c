"""The controls the list screens share (A1, A2, ESF), so they page, filter and download alike.

A list screen is one step that asks its own question (lines, totals) and hands every press of
a shared control to `apply_control`. Its answers inherit a `ListState` (the filter in force,
the trefwoord, and where it pages: flows/widgets/paging.py), which the controls change.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from flows.domain.rules.keywords import Keyword, classify, describe
from flows.engine.definition import Answer, Outcome, Stay
from flows.engine.values import Option

F = TypeVar("F", bound=str)  # a screen's filter values: a StrEnum, or plain strings
NEXT, PREVIOUS, CLEAR, CSV, XLSX = "next", "prev", "clear", "csv", "xlsx"
FILTER_PREFIX = "f_"
PAGE_LABELS = {PREVIOUS: "◀ Vorige pagina", NEXT: "Volgende pagina ▶"}


@dataclass
class ListState(ABC, Generic[F]):
    """What a list screen keeps between presses; a subclass adds where it pages.

    A screen's answers redeclare `filter` with its default (`filter: StatusFilter =
    StatusFilter.ACTIEF`); the field names are the keys sessions already store.
    """

    filter: F
    term: str | None = None  # the trefwoord as typed (spaces normalised)
    sort: str | None = None  # the column sorted by (flows/widgets/sorting.py); None: default
    descending: bool | None = None  # the way; None: the column's default
    sorting: bool = False  # the ⇅ choice is open

    @abstractmethod
    def first_page(self) -> None:
        """Go back to the top (a new filter or trefwoord)."""

    @abstractmethod
    def turn_page(self, value: str) -> None:
        """Go to the page a ◀/▶ option (`page_option`) leads to; `value` is that option's."""


def page_option(way: str, target: str) -> Option:
    """◀ (PREVIOUS) or ▶ (NEXT), its value carrying the page it leads to: a press reads nothing."""
    return Option(PAGE_LABELS[way], f"{way} {target}")


def filter_options(labels: Mapping[F, str], current: F) -> list[Option]:
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
    """Said at once; the file follows when written (flows/engine/downloads.py)."""
    return f"⬇ Het {file_kind(fmt_)} wordt gemaakt en volgt hieronder."


@dataclass(frozen=True)
class ScreenControls(Generic[F]):
    """What a list screen adds to the shared controls: the filters it knows, its download."""

    filters: Collection[F]
    download: Callable[[str], Outcome]  # CSV or XLSX, under the current filter and trefwoord


def apply_control(
    state: ListState[F], value: str | None, controls: ScreenControls[F]
) -> Outcome | None:
    """Change `state` as the pressed shared control says; None when `value` is none of them."""
    if value is None:
        return None
    way, _, target = value.partition(" ")
    if way in PAGE_LABELS and target:
        state.turn_page(value)
        return Stay()
    if value.startswith(FILTER_PREFIX):
        chosen = [each for each in controls.filters if FILTER_PREFIX + each == value]
        if not chosen:
            return None
        state.filter = chosen[0]
        state.first_page()
        return Stay()
    if value == CLEAR:
        state.term = None
        state.first_page()
        return Stay()
    if value in (CSV, XLSX):
        return controls.download(value)
    return None


def keyword_of(state: ListState[F]) -> Keyword | None:
    """The trefwoord this screen searches for, read the way it was typed."""
    return classify(state.term) if state.term else None


def keyword_text(state: ListState[F]) -> str:
    """` · trefwoord ‘…’ (what it was read as)`, or nothing without one."""
    keyword = keyword_of(state)
    if keyword is None:
        return ""
    return f" · trefwoord ‘{state.term}’ ({describe(keyword)})"


def search(state: ListState[F], text: str) -> Outcome:
    """Search for a typed trefwoord; a date that does not exist is refused, with the reason."""
    term = " ".join(text.split())
    classify(term)
    state.term = term
    state.first_page()
    return Stay()


def control_or_search(state: ListState[F], answer: Answer, controls: ScreenControls[F]) -> Outcome:
    """A shared control's outcome, or else the typed text searched for as a trefwoord."""
    shared = apply_control(state, answer.value, controls)
    return shared if shared is not None else search(state, answer.text)
