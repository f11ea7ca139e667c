"""A typed trefwoord (A1.3) read as a number, a date, an amount, a type gesprek, or text."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from flows.domain.cheques import GesprekType
from flows.domain.errors import Refusal
from flows.domain.rules.keywords import (
    AmountKeyword,
    DateKeyword,
    NumberKeyword,
    TextKeyword,
    TypeKeyword,
    classify,
    describe,
    normalise,
)


@pytest.mark.parametrize(
    ("term", "digits"),
    [
        ("123456", "123456"),
        ("100/200-300", "100200300"),
        (" 1234567 ", "1234567"),
        ("1.234", "1234"),
    ],
)
def test_digits_are_a_chequenummer_or_klantnummer(term: str, digits: str) -> None:
    assert classify(term) == NumberKeyword(digits)


@pytest.mark.parametrize("term", ["10/03/2026", "1/3/2026", "10-03-2026", "10.03.2026"])
def test_a_date_is_a_gesprek_on_that_day(term: str) -> None:
    assert classify(term) == DateKeyword(date(2026, 3, 10) if "10" in term else date(2026, 3, 1))


def test_a_date_that_does_not_exist_or_has_two_digits_for_the_year_is_refused() -> None:
    with pytest.raises(Refusal, match="geen bestaande datum"):
        classify("31/02/2026")
    with pytest.raises(Refusal, match="vier cijfers"):
        classify("10/03/26")


@pytest.mark.parametrize(
    ("term", "value"),
    [
        ("140,26", "140.26"),
        ("€ 140,26", "140.26"),
        ("€140", "140.00"),
        ("140 euro", "140.00"),
        ("140.26", "140.26"),
        ("1.234,56", "1234.56"),
        ("210,4", "210.40"),
    ],
)
def test_an_amount_is_a_paid_gesprek_worth_exactly_that(term: str, value: str) -> None:
    assert classify(term) == AmountKeyword(Decimal(value))


@pytest.mark.parametrize(
    ("term", "kind"),
    [
        ("intake", GesprekType.INTAKE),
        ("Intake gesprek", GesprekType.INTAKE),
        ("verdieping", GesprekType.VERDIEPING),
        ("Verdiepingsgesprek", GesprekType.VERDIEPING),
        ("synthese", GesprekType.SYNTHESE),
        ("NAZORG", GesprekType.NAZORG),
        ("stopzetting van de begeleiding", GesprekType.STOPZETTING),
    ],
)
def test_a_type_name_or_label_is_a_type_gesprek(term: str, kind: GesprekType) -> None:
    assert classify(term) == TypeKeyword(kind)


def test_anything_else_is_text_folded_for_case_accents_and_spaces() -> None:
    assert classify("  Peeters   AN ") == TextKeyword("peeters an")
    assert classify("Öztürk") == TextKeyword("ozturk")
    assert classify("verd") == TextKeyword("verd")  # a name part, not a type
    assert normalise("Chloë Dieën") == "chloe dieen"


def test_an_empty_trefwoord_is_refused() -> None:
    with pytest.raises(Refusal):
        classify("   ")


def test_each_kind_is_described_for_the_overview_header() -> None:
    assert describe(NumberKeyword("999")) == "chequenummer of klantnummer 999"
    assert describe(DateKeyword(date(2026, 3, 10))) == "een gesprek op 10/03/2026"
    assert describe(AmountKeyword(Decimal("140.26"))) == "een gesprek van € 140,26"
    assert describe(TypeKeyword(GesprekType.SYNTHESE)) == "synthesegesprek"
    assert describe(TextKeyword("els")) == "naam of begeleider met ‘els’"
