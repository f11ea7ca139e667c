"""⇅ Sorteren for list screens: a button that opens a choice of column and way, one press each.

A screen describes its columns (`Sorts`, the first being the default); its answers (a
`ListState`) keep the choice. While the choice is open the screen asks `sort_question` instead
of its list; `apply_sort` handles the presses. A new order starts at the first page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flows.engine.definition import Answer, Outcome, Question, Stay
from flows.engine.values import Option
from flows.widgets.list_screen import F, ListState, ScreenControls, control_or_search

SORT, SORT_PREFIX, SORT_CANCEL = "sort", "s_", "sort_cancel"
SORT_BUTTON = "⇅ Sorteren"
DATES = ("oudste eerst", "nieuwste eerst")
NAMES = ("A → Z", "Z → A")
NUMBERS = ("laag → hoog", "hoog → laag")


@dataclass(frozen=True)
class SortColumn:
    """A column a list can be sorted by; `ways` names ascending, then descending."""

    value: str
    label: str
    ways: tuple[str, str] = NAMES


@dataclass(frozen=True)
class Sorts:
    """A screen's sort columns; the first, in its `descending` way, is the default order."""

    columns: tuple[SortColumn, ...]
    descending: bool = True

    def chosen(self, state: ListState[Any]) -> tuple[SortColumn, bool]:
        """The column and way in force (the default when none, or an unknown one, is kept)."""
        for column in self.columns:
            if column.value == state.sort:
                way = state.descending
                return column, bool(way) if way is not None else False
        return self.columns[0], self.descending


def heading(state: ListState[Any], sorts: Sorts, default: str) -> str:
    """`default` (e.g. `laatst gewijzigd eerst`) in the default order, else the order chosen."""
    column, descending = sorts.chosen(state)
    if (column, descending) == (sorts.columns[0], sorts.descending):
        return default
    return f"gesorteerd op {order_text(state, sorts)}"


def sort_option() -> Option:
    """The ⇅ button a list screen offers among its controls."""
    return Option(SORT_BUTTON, SORT)


def order_text(state: ListState[Any], sorts: Sorts) -> str:
    """`klantnaam (A → Z)`: the order in force, for the screen's heading."""
    column, descending = sorts.chosen(state)
    return f"{column.label} ({column.ways[descending]})"


def sort_question(state: ListState[Any], sorts: Sorts, title: str) -> Question:
    """The choice: every column both ways, one button each, and Annuleren."""
    options = [
        Option(f"{column.label[0].upper()}{column.label[1:]} {way}", _value(column, descending))
        for column in sorts.columns
        for descending, way in ((False, column.ways[0]), (True, column.ways[1]))
    ]
    options.append(Option("Annuleren", SORT_CANCEL))
    text = f"{title}\n⇅ Sorteren · nu op {order_text(state, sorts)}.\nKies de volgorde."
    return Question(text, tuple(options), typed=False)


def apply_sort(state: ListState[Any], value: str | None, sorts: Sorts) -> Outcome | None:
    """Open, choose or cancel the ⇅ choice; None when `value` is none of its presses."""
    if value == SORT:
        state.sorting = True
        return Stay()
    if value == SORT_CANCEL:
        state.sorting = False
        return Stay()
    if value is None or not value.startswith(SORT_PREFIX):
        return None
    for column in sorts.columns:
        for descending in (False, True):
            if value == _value(column, descending):
                state.sort, state.descending, state.sorting = column.value, descending, False
                state.first_page()
                return Stay()
    return None


def sort_control_or_search(
    state: ListState[F], answer: Answer, sorts: Sorts, controls: ScreenControls[F]
) -> Outcome:
    """A ⇅ press, else a shared control (flows/widgets/list_screen.py), else a trefwoord."""
    sorted_ = apply_sort(state, answer.value, sorts)
    return sorted_ if sorted_ is not None else control_or_search(state, answer, controls)


def _value(column: SortColumn, descending: bool) -> str:
    return f"{SORT_PREFIX}{column.value}_{'d' if descending else 'a'}"
