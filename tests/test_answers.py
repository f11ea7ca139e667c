"""Typed answers to and from the session's JSON (flows/engine/answers.py)."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import pytest

from flows.engine.answers import AnswersUnreadable, dump, load


class Kleur(enum.StrEnum):
    ROOD = "rood"
    GROEN = "groen"


@dataclass
class Kaart:
    id: int = 0
    naam: str = ""


@dataclass
class Antwoorden:
    datum: date | None = None
    moment: datetime | None = None
    kleur: Kleur | None = None
    kaart: Kaart | None = None
    themas: list[str] = field(default_factory=list)
    paar: tuple[int, ...] = ()
    extra: dict[str, int] = field(default_factory=dict)
    klaar: bool = False


FULL = Antwoorden(
    date(2026, 3, 10),
    datetime(2026, 3, 10, 9, 30, tzinfo=UTC),
    Kleur.GROEN,
    Kaart(7, "Dubois Hélène"),
    ["Competenties", "Werk"],
    (1, 2),
    {"pos": 10},
    True,
)


def test_answers_come_back_as_they_went_through_json() -> None:
    stored = json.loads(json.dumps(dump(FULL)))
    assert load(Antwoorden, stored) == FULL


def test_fresh_answers_and_stored_ones_missing_a_field_take_the_defaults() -> None:
    assert load(Antwoorden, {}) == Antwoorden()
    assert load(Antwoorden, {"klaar": True, "onbekend": 3}) == Antwoorden(klaar=True)


def test_dates_stored_as_iso_text_by_the_untyped_release_are_read() -> None:
    old = {"datum": "2026-03-10", "kaart": {"id": 7, "naam": "x", "weg": 1}}
    assert load(Antwoorden, old) == Antwoorden(datum=date(2026, 3, 10), kaart=Kaart(7, "x"))


@pytest.mark.parametrize(
    "stored",
    [
        {"datum": "10/03/2026"},
        {"kleur": "blauw"},
        {"themas": "Competenties"},
        {"paar": [1, "twee"]},
        {"klaar": "ja"},
        {"kaart": [7]},
        {"extra": {"pos": True}},
    ],
)
def test_answers_that_do_not_fit_any_more_are_unreadable(stored: dict[str, object]) -> None:
    with pytest.raises(AnswersUnreadable):
        load(Antwoorden, stored)


def test_a_value_json_cannot_hold_is_refused_when_stored() -> None:
    @dataclass
    class Vreemd:
        ding: object = field(default_factory=object)

    with pytest.raises(TypeError, match="cannot store object"):
        dump(Vreemd())
