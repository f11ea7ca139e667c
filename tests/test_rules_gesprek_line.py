"""One line for a gesprek (issue 14): which words are what, pure; nothing silently dropped."""

from __future__ import annotations

from datetime import date

import pytest

from flows.domain.cheques import GesprekType, GesprekVorm
from flows.domain.rules.gesprek_line import GesprekLine, not_understood, read_line

MONDAY = date(2026, 11, 30)


def test_the_first_example_reads_number_date_duur_and_type() -> None:
    assert read_line("100200300 gisteren 1u30 verdieping", MONDAY) == GesprekLine(
        number="100200300",
        datum=date(2026, 11, 29),
        minutes=90,
        type=GesprekType.VERDIEPING,
    )


def test_a_name_in_any_order_with_a_weekday_and_a_vorm() -> None:
    line = read_line("verdieping Vermeulen maandag 90 min e-coaching", MONDAY)
    assert line == GesprekLine(
        names=(("Vermeulen",),),
        datum=MONDAY,
        minutes=90,
        type=GesprekType.VERDIEPING,
        vorm=GesprekVorm.E_COACHING,
    )
    assert line.details


def test_a_klantnummer_a_day_and_month_and_one_hour_in_a_group() -> None:
    assert read_line("synthese 1234567 12/3 1 uur groep", MONDAY) == GesprekLine(
        number="1234567",
        datum=date(2026, 3, 12),
        minutes=60,
        type=GesprekType.SYNTHESE,
        vorm=GesprekVorm.GROEP,
    )


def test_only_a_name_has_no_details() -> None:
    line = read_line("Vermeulen", MONDAY)
    assert line == GesprekLine(names=(("Vermeulen",),))
    assert not line.details


@pytest.mark.parametrize(
    ("typed", "number"),
    [("100/200/300", "100200300"), ("100-200-300", "100200300"), ("999", "999")],
)
def test_a_chequenummer_loses_its_slashes_and_dashes(typed: str, number: str) -> None:
    assert read_line(f"nazorg {typed}", MONDAY).number == number


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [("1u30", 90), ("90 min", 90), ("1,5 uur", 90), ("1,5", 90), ("1.5", 90), ("2u", 120)],
)
def test_a_duur_is_read_as_the_duur_step_reads_it(typed: str, minutes: int) -> None:
    assert read_line(f"verdieping {typed}", MONDAY).minutes == minutes


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("verdiepingsgesprek", GesprekType.VERDIEPING),
        ("Synthesegesprek", GesprekType.SYNTHESE),
        ("nazorg", GesprekType.NAZORG),
        ("stopzetting", GesprekType.STOPZETTING),
    ],
)
def test_types_by_their_names_and_short_forms(typed: str, kind: GesprekType) -> None:
    assert read_line(typed, MONDAY).type is kind


@pytest.mark.parametrize(
    ("typed", "vorm"),
    [
        ("individueel", GesprekVorm.INDIVIDUEEL),
        ("E-coaching", GesprekVorm.E_COACHING),
        ("groep", GesprekVorm.GROEP),
    ],
)
def test_vormen_by_their_names(typed: str, vorm: GesprekVorm) -> None:
    assert read_line(typed, MONDAY).vorm is vorm


def test_a_date_of_several_words_is_not_broken_by_the_duur_before_it() -> None:
    line = read_line("verdieping 1u 3 dagen geleden", MONDAY)
    assert (line.minutes, line.datum, line.names) == (60, date(2026, 11, 27), ())


def test_a_date_followed_by_a_bare_duur_keeps_both() -> None:
    line = read_line("verdieping 12 maart 90", MONDAY)
    assert (line.datum, line.minutes, line.refusals) == (date(2026, 3, 12), 90, ())


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("-444444444", "‘-444444444’: Een chequenummer kan niet negatief zijn"),
        ("-30", "‘-30’: Een duur kan niet negatief zijn."),
        ("-30 min", "‘-30 min’: Een duur kan niet negatief zijn."),
        ("15", "‘15’: Bij 15 weet ik niet of je minuten of uren bedoelt."),
        ("12/3/26", "‘12/3/26’: Schrijf het jaar met vier cijfers"),
        ("30 februari", "‘30 februari’: 30 februari is geen bestaande datum."),
        ("1u 2u", "‘2u’: je gaf al een andere duur."),
    ],
)
def test_a_part_that_cannot_be_comes_back_with_the_reason(typed: str, reason: str) -> None:
    line = read_line(f"verdieping {typed}", MONDAY)
    assert any(refusal.startswith(reason) for refusal in line.refusals), line.refusals


def test_words_of_no_part_stay_as_names_to_look_up_grouped_as_typed() -> None:
    line = read_line("Van Damme verdieping morgenvroeg", MONDAY)
    assert line.names == (("Van", "Damme"), ("morgenvroeg",))


def test_a_word_with_signs_is_named_back_as_not_understood() -> None:
    assert read_line("verdieping @#!", MONDAY).unknown == ("@#!",)


def test_a_line_of_any_length_is_read_without_error() -> None:
    line = read_line(" ".join(["9" * 5000, "x" * 5000, *["verdieping"] * 50]), MONDAY)
    assert line.type is GesprekType.VERDIEPING
    assert line.refusals == ("‘99999999999999999999999999999…’: " + line.refusals[0][34:],)
    assert len(not_understood(line.unknown)) < 200


def test_not_understood_names_each_word() -> None:
    assert not_understood(["morgenvroeg"]) == "‘morgenvroeg’ begreep ik niet."
    assert not_understood(["a", "b", "c"]) == "‘a’, ‘b’ en ‘c’ begreep ik niet."
