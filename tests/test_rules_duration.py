"""A6.1 Duur: what counsellors type, and 30 minutes to 2 hours per gesprek."""

from __future__ import annotations

import pytest

from flows.domain.errors import Refusal
from flows.domain.rules.duration import (
    MAX_MINUTES,
    MIN_MINUTES,
    check_minutes,
    fmt_minutes,
    parse_minutes,
)

PARSE_REFUSAL = (
    "Geef de duur in minuten (bijvoorbeeld 90) of in uren (bijvoorbeeld 1u30 of 1,5 uur)."
)


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("90", 90),
        ("1u30", 90),
        ("1 u 30", 90),
        ("1uur30", 90),
        ("1h30", 90),
        ("1:30", 90),
        ("1u30min", 90),
        ("1,5 uur", 90),
        ("1.5u", 90),
        ("1,5 UUR", 90),
        ("45 min", 45),
        ("45 minuten", 45),
        ("45m", 45),
        ("2 uur", 120),
        ("2u", 120),
        ("2 uren", 120),
        ("1h", 60),
        ("0,75 uur", 45),
        ("  60  ", 60),
        ("1,5", 90),
        ("1.5", 90),
        ("1", 60),
        ("2", 120),
        ("30", 30),
        ("120", 120),
        ("1u30 min", 90),
    ],
)
def test_typed_duration_is_read_as_minutes(typed: str, minutes: int) -> None:
    assert parse_minutes(typed) == minutes


@pytest.mark.parametrize(
    "typed", ["", "   ", "anderhalf uur", "een uur", "1u30u", "90 sec", "u30", "9" * 400 + " uur"]
)
def test_garbage_duration_is_refused_with_examples(typed: str) -> None:
    with pytest.raises(Refusal) as refused:
        parse_minutes(typed)
    assert refused.value.message == PARSE_REFUSAL


@pytest.mark.parametrize("typed", ["-30", "-1u30", "−90 min", "-1,5"])
def test_a_minus_sign_is_refused_never_dropped(typed: str) -> None:
    with pytest.raises(Refusal) as refused:
        parse_minutes(typed)
    assert refused.value.message.startswith("Een duur kan niet negatief zijn.")


@pytest.mark.parametrize("typed", ["3", "15", "29", "0"])
def test_a_bare_number_below_thirty_other_than_one_or_two_is_refused_as_unclear(
    typed: str,
) -> None:
    with pytest.raises(Refusal) as refused:
        parse_minutes(typed)
    assert refused.value.message == (
        f"Bij {typed} weet ik niet of je minuten of uren bedoelt. "
        "Typ bijvoorbeeld 1u30, 90 min, 1,5 uur of 2u."
    )


@pytest.mark.parametrize("typed", ["1,33 uur", "0,01"])
def test_hours_that_are_no_whole_number_of_minutes_are_refused_not_rounded(typed: str) -> None:
    with pytest.raises(Refusal) as refused:
        parse_minutes(typed)
    assert "geen heel aantal minuten" in refused.value.message


@pytest.mark.parametrize("typed", ["9" * 5000, "1" * 4400 + " min", "9" * 400 + " uur"])
def test_numbers_of_any_length_are_refused_cleanly(typed: str) -> None:
    with pytest.raises(Refusal):
        parse_minutes(typed)


@pytest.mark.parametrize("typed", ["1u75", "1:60", "0u90"])
def test_a_minutes_part_of_sixty_or_more_after_hours_is_refused(typed: str) -> None:
    with pytest.raises(Refusal):
        parse_minutes(typed)


def test_limits_are_thirty_minutes_and_two_hours() -> None:
    assert (MIN_MINUTES, MAX_MINUTES) == (30, 120)


@pytest.mark.parametrize("minutes", [30, 31, 90, 119, 120])
def test_durations_from_thirty_minutes_to_two_hours_are_accepted(minutes: int) -> None:
    assert check_minutes(minutes) == minutes


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(29, "29 min"), (0, "0 min"), (121, "2u01"), (180, "3u")],
)
def test_durations_outside_thirty_minutes_to_two_hours_are_refused(
    minutes: int, shown: str
) -> None:
    with pytest.raises(Refusal) as refused:
        check_minutes(minutes)
    assert refused.value.message == f"Een gesprek duurt van 30 minuten tot 2 uur; {shown} kan niet."


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (0, "0 min"),
        (30, "30 min"),
        (45, "45 min"),
        (60, "1u"),
        (65, "1u05"),
        (90, "1u30"),
        (120, "2u"),
        (240, "4u"),
    ],
)
def test_fmt_minutes_shows_minutes_as_counsellors_say_them(minutes: int, shown: str) -> None:
    assert fmt_minutes(minutes) == shown
