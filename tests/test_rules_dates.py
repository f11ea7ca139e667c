"""A6.1 Datum: parsing what the user typed and the limits on a gesprek's date."""

from __future__ import annotations

from datetime import date

import pytest

from flows.domain.errors import Refusal
from flows.domain.rules.dates import (
    DATE_EXAMPLES,
    check_gesprek_date,
    fmt,
    fmt_long,
    one_year_before,
    parse_date,
)

TODAY = date(2026, 3, 15)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("02/11/2015", date(2015, 11, 2)),
        ("2/3/2026", date(2026, 3, 2)),
        ("  15/03/2026  ", date(2026, 3, 15)),
        ("31/12/2025", date(2025, 12, 31)),
    ],
)
def test_dd_mm_jjjj_is_read_as_that_calendar_day(typed: str, expected: date) -> None:
    assert parse_date(typed, TODAY) == expected


@pytest.mark.parametrize("typed", ["vandaag", "Vandaag", "VANDAAG", "  vandaag "])
def test_vandaag_in_any_case_is_today(typed: str) -> None:
    assert parse_date(typed, TODAY) == date(2026, 3, 15)


@pytest.mark.parametrize("typed", ["gisteren", "Gisteren", "GISTEREN", " gisteren  "])
def test_gisteren_in_any_case_is_the_day_before_today(typed: str) -> None:
    assert parse_date(typed, TODAY) == date(2026, 3, 14)


def test_gisteren_on_the_first_of_the_month_is_the_last_day_of_the_previous_month() -> None:
    assert parse_date("gisteren", date(2026, 3, 1)) == date(2026, 2, 28)


def test_two_digit_year_is_refused_with_the_four_digit_form() -> None:
    with pytest.raises(Refusal) as refused:
        parse_date("02/11/15", TODAY)
    assert refused.value.message == (
        "Schrijf het jaar met vier cijfers: dd/mm/jjjj, bijvoorbeeld 02/11/2015 en niet 02/11/15."
    )


def test_two_digit_year_refusal_pads_day_and_month_in_the_proposed_form() -> None:
    with pytest.raises(Refusal) as refused:
        parse_date("2/3/26", TODAY)
    assert "vier cijfers" in refused.value.message
    assert "bijvoorbeeld 02/03/2026" in refused.value.message
    assert "en niet 02/03/26." in refused.value.message


@pytest.mark.parametrize(
    "typed", ["blabla", "", "   ", "2026-03-15", "morgenvroeg", "1.5", "9" * 5000]
)
def test_nonsense_is_refused_with_the_forms_a_date_may_take(typed: str) -> None:
    with pytest.raises(Refusal) as refused:
        parse_date(typed, TODAY)
    assert refused.value.message == f"Dat begrijp ik niet als datum. {DATE_EXAMPLES}"


@pytest.mark.parametrize(
    "typed", ["31/02/2025", "29/02/2025", "32/01/2026", "15/13/2026", "00/01/2026"]
)
def test_a_day_that_does_not_exist_is_refused_as_non_existing(typed: str) -> None:
    with pytest.raises(Refusal) as refused:
        parse_date(typed, TODAY)
    assert refused.value.message == f"{typed} is geen bestaande datum."


def test_29_february_of_a_leap_year_is_an_existing_date() -> None:
    assert parse_date("29/02/2028", TODAY) == date(2028, 2, 29)


def test_fmt_writes_dates_as_dd_mm_jjjj_with_leading_zeros() -> None:
    assert fmt(date(2026, 3, 5)) == "05/03/2026"


def test_one_year_before_is_the_same_calendar_day_a_year_earlier() -> None:
    assert one_year_before(date(2026, 3, 15)) == date(2025, 3, 15)


def test_one_year_before_29_february_is_28_february() -> None:
    assert one_year_before(date(2028, 2, 29)) == date(2027, 2, 28)


def test_today_is_accepted_as_gesprek_date() -> None:
    check_gesprek_date(TODAY, TODAY)


def test_a_gesprek_date_in_the_future_is_refused() -> None:
    with pytest.raises(Refusal) as refused:
        check_gesprek_date(date(2026, 3, 16), TODAY)
    assert refused.value.message == (
        "De datum 16/03/2026 ligt in de toekomst. Registreer enkel gesprekken die plaatsvonden."
    )


def test_a_gesprek_exactly_one_year_back_is_accepted() -> None:
    check_gesprek_date(date(2025, 3, 15), TODAY)


def test_a_gesprek_one_year_and_one_day_back_is_refused_with_the_earliest_date() -> None:
    with pytest.raises(Refusal) as refused:
        check_gesprek_date(date(2025, 3, 14), TODAY)
    assert refused.value.message == (
        "De datum 14/03/2025 ligt meer dan een jaar in het verleden. "
        "De vroegst mogelijke datum is 15/03/2025."
    )


def test_on_29_february_a_gesprek_on_28_february_of_last_year_is_accepted() -> None:
    check_gesprek_date(date(2027, 2, 28), date(2028, 2, 29))


def test_on_29_february_a_gesprek_on_27_february_of_last_year_is_refused() -> None:
    with pytest.raises(Refusal) as refused:
        check_gesprek_date(date(2027, 2, 27), date(2028, 2, 29))
    assert "De vroegst mogelijke datum is 28/02/2027." in refused.value.message


def test_a_gesprek_before_the_cheque_was_ordered_is_refused_with_both_dates() -> None:
    with pytest.raises(Refusal) as refused:
        check_gesprek_date(date(2026, 1, 9), TODAY, not_before=date(2026, 1, 10))
    assert refused.value.message == (
        "De datum 09/01/2026 ligt vóór de bestelling van de cheque (10/01/2026)."
    )


def test_a_gesprek_on_the_order_day_is_accepted() -> None:
    check_gesprek_date(date(2026, 1, 10), TODAY, not_before=date(2026, 1, 10))


def test_a_gesprek_after_the_last_start_date_is_refused_with_both_dates() -> None:
    with pytest.raises(Refusal) as refused:
        check_gesprek_date(date(2026, 3, 11), TODAY, not_after=date(2026, 3, 10))
    assert refused.value.message == (
        "De datum 11/03/2026 ligt na de laatste startdatum van de cheque (10/03/2026): "
        "de begeleiding moest ten laatste dan starten."
    )


def test_a_gesprek_on_the_last_start_date_is_accepted() -> None:
    check_gesprek_date(date(2026, 3, 10), TODAY, not_after=date(2026, 3, 10))


def test_a_gesprek_between_both_limits_is_accepted() -> None:
    check_gesprek_date(
        date(2026, 2, 1), TODAY, not_before=date(2026, 1, 10), not_after=date(2026, 4, 10)
    )


# -- Dutch dates, on a fixed clock: a Monday, a Sunday and 1 January ---------------------------
MONDAY = date(2026, 11, 30)
SUNDAY = date(2026, 12, 6)
NEW_YEAR = date(2027, 1, 1)  # a Friday


@pytest.mark.parametrize(
    ("today", "typed", "expected"),
    [
        (MONDAY, "vandaag", MONDAY),
        (MONDAY, "gisteren", date(2026, 11, 29)),
        (MONDAY, "eergisteren", date(2026, 11, 28)),
        (NEW_YEAR, "gisteren", date(2026, 12, 31)),
        (NEW_YEAR, "eergisteren", date(2026, 12, 30)),
        (MONDAY, "maandag", MONDAY),
        (MONDAY, "Zondag", date(2026, 11, 29)),
        (MONDAY, "dinsdag", date(2026, 11, 24)),
        (SUNDAY, "zondag", SUNDAY),
        (SUNDAY, "maandag", date(2026, 11, 30)),
        (SUNDAY, "zaterdag", date(2026, 12, 5)),
        (NEW_YEAR, "donderdag", date(2026, 12, 31)),
        (NEW_YEAR, "vrijdag", NEW_YEAR),
        (MONDAY, "vorige dinsdag", date(2026, 11, 24)),
        (MONDAY, "vorige maandag", date(2026, 11, 23)),
        (SUNDAY, "vorige dinsdag", date(2026, 11, 24)),
        (SUNDAY, "vorige zondag", date(2026, 11, 29)),
        (NEW_YEAR, "vorige maandag", date(2026, 12, 21)),
        (MONDAY, "3 dagen geleden", date(2026, 11, 27)),
        (NEW_YEAR, "1 dag geleden", date(2026, 12, 31)),
        (MONDAY, "12/3", date(2026, 3, 12)),
        (MONDAY, "12-3", date(2026, 3, 12)),
        (MONDAY, "30/11", MONDAY),
        (MONDAY, "1/12", date(2025, 12, 1)),
        (NEW_YEAR, "12/3", date(2026, 3, 12)),
        (NEW_YEAR, "1/1", NEW_YEAR),
        (NEW_YEAR, "31-12", date(2026, 12, 31)),
        (MONDAY, "12 maart", date(2026, 3, 12)),
        (MONDAY, "12 mrt", date(2026, 3, 12)),
        (NEW_YEAR, "24 december", date(2026, 12, 24)),
        (MONDAY, "12 maart 2026", date(2026, 3, 12)),
        (MONDAY, "02/11/2026", date(2026, 11, 2)),
    ],
)
def test_a_dutch_date_is_read_as_the_day_it_names(today: date, typed: str, expected: date) -> None:
    assert parse_date(typed, today) == expected


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("12/3/26", "Schrijf het jaar met vier cijfers: dd/mm/jjjj, bijvoorbeeld 12/03/2026"),
        ("12 maart 26", "Schrijf het jaar met vier cijfers"),
        ("1/1/" + "2" * 5000, "Schrijf het jaar met vier cijfers: dd/mm/jjjj."),
        ("31/11", "31/11 is geen bestaande datum."),
        ("30 februari", "30 februari is geen bestaande datum."),
    ],
)
def test_a_date_typed_as_one_that_cannot_be_is_refused_with_why(typed: str, reason: str) -> None:
    with pytest.raises(Refusal) as refused:
        parse_date(typed, MONDAY)
    assert refused.value.message.startswith(reason)


def test_fmt_long_writes_the_weekday_before_the_date() -> None:
    assert fmt_long(MONDAY) == "maandag 30/11/2026"
