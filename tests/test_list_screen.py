"""The list-screen widget on its own: typed list state, the shared controls, stored shapes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

from flows.access.invite_colleague import InviteAnswers
from flows.domain.cheques import ChequeStatus
from flows.domain.errors import Refusal
from flows.domain.overviews import Cursor, Key, OverviewLine, Page, PaidFilter, StatusFilter
from flows.engine import answers as codec
from flows.engine.definition import Answer, Stay
from flows.overviews.cheque_overview import FILTER_LABELS, OverviewAnswers
from flows.overviews.financial_overview import FinancialAnswers
from flows.widgets.list_screen import (
    CLEAR,
    CSV,
    NEXT,
    PREVIOUS,
    ScreenControls,
    apply_control,
    control_or_search,
    filter_options,
)
from flows.widgets.paging import OffsetState, StoredCursor, keyset_options, offset_options

AT = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


def _controls() -> ScreenControls[StatusFilter]:
    def download(fmt_: str) -> Stay:
        return Stay(f"download {fmt_}")

    return ScreenControls(FILTER_LABELS, download)


def _line(registration_id: int, at: datetime) -> OverviewLine:
    status = ChequeStatus.IN_GEBRUIK
    return OverviewLine(registration_id, "1", "2", "Klant", status, 240, 60, "", None, at, at)


def test_answers_stored_by_the_previous_release_load_with_their_cursor() -> None:
    after: list[object] = ["2026-03-09T14:00:00+00:00", 12]
    stored = {
        "filter": "alle",
        "term": "Dubois",
        "cursor": {"after": after},
        "pos": 10,
    }
    answers = codec.load(OverviewAnswers, stored)
    assert answers.filter is StatusFilter.ALLE
    assert answers.term == "Dubois"
    assert answers.pos == 10
    assert answers.cursor is not None
    assert answers.cursor.cursor() == Cursor(after=Key((AT,), 12))
    assert codec.dump(answers) == {
        **stored,
        "cursor": {"after": after, "before": None},
        "sort": None,
        "descending": None,
        "sorting": False,
    }


def test_fresh_and_sparse_answers_take_each_screens_defaults() -> None:
    assert codec.load(OverviewAnswers, {"pos": 0, "term": "Dubois"}).filter is StatusFilter.ACTIEF
    assert codec.load(FinancialAnswers, {"filter": "niet_betaald", "pos": 0}).filter is (
        PaidFilter.NIET_BETAALD
    )
    assert FinancialAnswers().filter is PaidFilter.ALLE
    assert codec.dump(InviteAnswers()) == {}
    assert codec.load(InviteAnswers, {}) == InviteAnswers()


def test_a_page_option_carries_the_page_it_leads_to() -> None:
    lines = [_line(30 - n, AT.replace(hour=14 - n)) for n in range(10)]
    page = Page(lines, first=21, total=57, has_previous=True, has_next=True)
    previous, following = keyset_options(page, 10)
    assert (previous.label, following.label) == ("◀ Vorige pagina", "Volgende pagina ▶")
    answers = OverviewAnswers()
    assert apply_control(answers, following.value, _controls()) == Stay()
    assert answers.pos == 30
    assert answers.cursor == StoredCursor(after=[lines[-1].updated_at.isoformat(), 21])
    apply_control(answers, previous.value, _controls())
    assert answers.pos == 10
    assert answers.cursor == StoredCursor(before=[AT.isoformat(), 30])


def test_a_previous_page_at_the_start_is_the_first_page() -> None:
    lines = [_line(20 - n, AT.replace(hour=14 - n)) for n in range(10)]
    page = Page(lines, first=11, total=57, has_previous=True, has_next=True)
    answers = OverviewAnswers(cursor=StoredCursor(after=[AT, 21]), pos=10)
    apply_control(answers, keyset_options(page, 10)[0].value, _controls())
    assert (answers.cursor, answers.pos) == (None, 0)
    assert keyset_options(Page(lines, 1, 57, has_previous=False, has_next=False), 10) == []


def test_a_filter_or_clearing_the_trefwoord_starts_at_the_first_page() -> None:
    answers = OverviewAnswers(term="Dubois", cursor=StoredCursor(after=[AT, 3]), pos=10)
    values = [option.value for option in filter_options(FILTER_LABELS, answers.filter)]
    assert values == ["f_alle", "f_afgesloten", "f_stopgezet"]
    assert apply_control(answers, "f_alle", _controls()) == Stay()
    shown = (answers.filter, answers.term, answers.cursor, answers.pos)
    assert shown == (StatusFilter.ALLE, "Dubois", None, 0)
    assert apply_control(answers, "f_onbekend", _controls()) is None
    answers.pos = 10
    apply_control(answers, CLEAR, _controls())
    assert (answers.term, answers.pos) == (None, 0)


def test_a_download_goes_to_the_screen_and_anything_else_is_searched() -> None:
    answers = OverviewAnswers()
    assert apply_control(answers, CSV, _controls()) == Stay("download csv")
    assert control_or_search(answers, Answer(None, "  Dubois   Karim "), _controls()) == Stay()
    assert answers.term == "Dubois Karim"
    with pytest.raises(Refusal):
        control_or_search(answers, Answer(None, "31/02/2026"), _controls())
    assert answers.term == "Dubois Karim"


@dataclass
class _Numbered(OffsetState[str]):
    filter: str = "alle"


def test_a_short_list_pages_by_number_without_reading() -> None:
    state = _Numbered()
    assert [o.value for o in offset_options(state, 5, 12)] == [f"{NEXT} 1"]
    apply_control(state, f"{NEXT} 1", ScreenControls(("alle", "bezig"), lambda _: Stay()))
    assert [o.value for o in offset_options(state, 5, 12)] == [f"{PREVIOUS} 0", f"{NEXT} 2"]
    state.turn_page(f"{NEXT} 2")
    assert offset_options(state, 5, 12)[-1].value == f"{PREVIOUS} 1"
    assert codec.load(_Numbered, codec.dump(state)) == state


def test_a_page_button_asked_before_orders_could_change_still_leads_to_its_page() -> None:
    answers = OverviewAnswers()
    old = f"next 10 {AT.isoformat()} 21"  # the value a session stored by the previous release
    assert apply_control(answers, old, _controls()) == Stay()
    assert answers.pos == 10
    assert answers.cursor is not None
    assert answers.cursor.cursor() == Cursor(after=Key((AT,), 21))
