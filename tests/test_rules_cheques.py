"""A5.1 and A5.2: chequenummer as typed, availability of the cheque, the beginvraag."""

from __future__ import annotations

from datetime import date

import pytest

from flows.domain.cheques import Holder, IssuedCheque
from flows.domain.errors import Refusal
from flows.domain.rules.cheques import (
    MAX_BEGINVRAAG,
    MIN_BEGINVRAAG,
    check_available,
    check_beginvraag,
    normalise_chequenummer,
    normalise_klantnummer,
)

OUR_ORGANISATION = 7
OTHER_ORGANISATION = 8
START_BY = date(2026, 3, 15)
NOT_FOUND = "Geen cheque gevonden voor klantnummer 999 en chequenummer 123456"


def _issued(klantnummer: str = "999", start_by: date = START_BY) -> IssuedCheque:
    return IssuedCheque(
        id=1,
        chequenummer="123456",
        klantnummer=klantnummer,
        klantnaam="Janssens Piet",
        ordered_on=date(2025, 12, 15),
        start_by=start_by,
        minutes=240,
    )


def _check(
    issued: IssuedCheque | None, holder: Holder | None = None, today: date = date(2026, 1, 5)
) -> IssuedCheque:
    return check_available(
        issued,
        holder,
        klantnummer="999",
        chequenummer="123456",
        organisation_id=OUR_ORGANISATION,
        today=today,
    )


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("12/3456-78", "12345678"),
        ("12.345.678", "12345678"),
        (" 12 3456 78 ", "12345678"),
        ("12-34/56.7 8", "12345678"),
        ("123456", "123456"),
    ],
)
def test_chequenummer_loses_slashes_dashes_dots_and_spaces(typed: str, number: str) -> None:
    assert normalise_chequenummer(typed) == number


@pytest.mark.parametrize("typed", ["12/34AB-78", "abc", "", " / - ", "12_34", "1" * 21])
def test_chequenummer_with_letters_or_without_digits_is_refused(typed: str) -> None:
    with pytest.raises(Refusal) as refused:
        normalise_chequenummer(typed)
    assert refused.value.message == (
        "Een chequenummer bestaat uit cijfers (slashes en streepjes mogen weg)."
    )


@pytest.mark.parametrize("typed", ["-444444444", " -100/200/300", "−444444444"])
def test_a_chequenummer_with_a_minus_sign_is_refused_not_stripped(typed: str) -> None:
    with pytest.raises(Refusal) as refused:
        normalise_chequenummer(typed)
    assert refused.value.message == (
        "Een chequenummer kan niet negatief zijn: laat het minteken weg."
    )


@pytest.mark.parametrize("typed", ["-8000001", "– 8000001"])
def test_a_klantnummer_with_a_minus_sign_is_refused_not_stripped(typed: str) -> None:
    with pytest.raises(Refusal) as refused:
        normalise_klantnummer(typed)
    assert refused.value.message == "Een klantnummer kan niet negatief zijn: laat het minteken weg."


@pytest.mark.parametrize("typed", ["9" * 5000, "-" + "9" * 5000])
def test_numbers_of_any_length_are_refused_cleanly(typed: str) -> None:
    with pytest.raises(Refusal):
        normalise_chequenummer(typed)
    with pytest.raises(Refusal):
        normalise_klantnummer(typed)


def test_klantnummer_loses_spaces_and_dots() -> None:
    assert normalise_klantnummer("12.345 67") == "1234567"


def test_klantnummer_with_letters_is_refused() -> None:
    with pytest.raises(Refusal) as refused:
        normalise_klantnummer("K1234567")
    assert refused.value.message == "Een klantnummer bestaat enkel uit cijfers."


def test_a_free_cheque_of_this_klant_is_returned() -> None:
    issued = _issued()
    assert _check(issued) is issued


def test_an_unknown_cheque_is_refused_with_the_numbers_filled_in() -> None:
    with pytest.raises(Refusal) as refused:
        _check(None)
    assert refused.value.message == NOT_FOUND


def test_a_cheque_of_another_klantnummer_is_refused_as_not_found() -> None:
    with pytest.raises(Refusal) as refused:
        _check(_issued(klantnummer="555"))
    assert refused.value.message == NOT_FOUND


def test_a_cheque_held_by_our_loopbaancentrum_is_refused_as_in_use_here() -> None:
    holder = Holder(registration_id=3, organisation_id=OUR_ORGANISATION)
    with pytest.raises(Refusal) as refused:
        _check(_issued(), holder)
    assert refused.value.message == "Deze cheque is reeds in gebruik bij jouw loopbaancentrum."


def test_a_cheque_held_by_another_loopbaancentrum_is_refused_as_in_use_elsewhere() -> None:
    holder = Holder(registration_id=3, organisation_id=OTHER_ORGANISATION)
    with pytest.raises(Refusal) as refused:
        _check(_issued(), holder)
    assert refused.value.message == "Deze cheque is reeds in gebruik bij een ander loopbaancentrum"


def test_a_cheque_of_another_klantnummer_that_is_held_is_still_refused_as_not_found() -> None:
    holder = Holder(registration_id=3, organisation_id=OTHER_ORGANISATION)
    with pytest.raises(Refusal) as refused:
        _check(_issued(klantnummer="555"), holder)
    assert refused.value.message == NOT_FOUND


def test_an_expired_cheque_is_refused_as_not_found_with_a_hint_to_request_a_new_one() -> None:
    with pytest.raises(Refusal) as refused:
        _check(_issued(), today=date(2026, 3, 16))
    first_line, _, hint = refused.value.message.partition("\n")
    assert first_line == NOT_FOUND
    assert "15/03/2026" in hint
    assert "nieuwe loopbaancheque aan te vragen" in hint


def test_a_cheque_on_its_last_start_day_is_accepted() -> None:
    issued = _issued()
    assert _check(issued, today=START_BY) is issued


def test_beginvraag_limits_are_ten_and_three_hundred_characters() -> None:
    assert (MIN_BEGINVRAAG, MAX_BEGINVRAAG) == (10, 300)


@pytest.mark.parametrize("typed", ["", "   ", "\n\t"])
def test_an_empty_beginvraag_is_refused_as_mandatory(typed: str) -> None:
    with pytest.raises(Refusal) as refused:
        check_beginvraag(typed)
    assert refused.value.message == "De beginvraag is verplicht."


def test_a_beginvraag_under_ten_characters_is_refused_as_too_short() -> None:
    with pytest.raises(Refusal) as refused:
        check_beginvraag("Werk   nu")
    assert refused.value.message == (
        "Die beginvraag is wel erg kort. Formuleer de vraag van de klant in een zin "
        "(minstens 10 tekens)."
    )


def test_a_beginvraag_over_three_hundred_characters_is_refused_with_its_length() -> None:
    with pytest.raises(Refusal) as refused:
        check_beginvraag("a" * 301)
    assert refused.value.message == (
        "Hou de beginvraag kort en bondig: maximaal 300 tekens (nu 301). "
        "Achtergrond en context laat je best weg."
    )


@pytest.mark.parametrize("length", [10, 300])
def test_a_beginvraag_of_exactly_the_limit_length_is_accepted(length: int) -> None:
    assert check_beginvraag("b" * length) == "b" * length


def test_a_beginvraag_is_returned_with_its_whitespace_collapsed() -> None:
    assert check_beginvraag("  Welke   job\npast bij mij?  ") == "Welke job past bij mij?"
