"""A6.1 Naam begeleider: `Familienaam Voornaam`, each starting with a capital."""

from __future__ import annotations

import pytest

from flows.domain.errors import Refusal
from flows.domain.rules.names import check_begeleider_name, proposed_form, reversed_name

FORMAT_REFUSAL = (
    "Geef de naam van de begeleider als ‘Familienaam Voornaam’ (eerst de familienaam, "
    "dan de voornaam), enkel letters, bijvoorbeeld ‘Peeters An’."
)


def _capitals_refusal(proposal: str) -> str:
    return (
        "Schrijf de naam als ‘Familienaam Voornaam’, telkens met een hoofdletter. "
        f"Bedoel je ‘{proposal}’?"
    )


@pytest.mark.parametrize(
    "name",
    [
        "Peeters An",
        "Van den Broeck Jan",
        "De Smet Ann-Sofie",
        "Dupont-Maes Eva",
        "D'Hondt Els",
        "Çelik Ayşe",
        "Janssens Jan Pieter",
    ],
)
def test_a_well_formed_name_is_accepted_as_typed(name: str) -> None:
    assert check_begeleider_name(name) == name


def test_extra_spaces_are_collapsed_in_an_accepted_name() -> None:
    assert check_begeleider_name("  Peeters   An ") == "Peeters An"


def test_lowercase_name_is_refused_with_the_capitalised_proposal() -> None:
    with pytest.raises(Refusal) as refused:
        check_begeleider_name("peeters an")
    assert refused.value.message == _capitals_refusal("Peeters An")


def test_shouted_name_is_refused_with_the_capitalised_proposal() -> None:
    with pytest.raises(Refusal) as refused:
        check_begeleider_name("PEETERS AN")
    assert refused.value.message == _capitals_refusal("Peeters An")


def test_lowercase_first_name_is_refused() -> None:
    with pytest.raises(Refusal) as refused:
        check_begeleider_name("Peeters an")
    assert refused.value.message == _capitals_refusal("Peeters An")


def test_lowercase_family_name_with_particles_gets_a_proposal_with_inner_particles_lowercase() -> (
    None
):
    with pytest.raises(Refusal) as refused:
        check_begeleider_name("van den broeck jan")
    assert refused.value.message == _capitals_refusal("Van den Broeck Jan")


@pytest.mark.parametrize("typed", ["Peeters", "peeters", "", "   "])
def test_a_single_word_or_nothing_is_refused_as_not_familienaam_voornaam(typed: str) -> None:
    with pytest.raises(Refusal) as refused:
        check_begeleider_name(typed)
    assert refused.value.message == FORMAT_REFUSAL


@pytest.mark.parametrize("typed", ["Peeters An2", "Peeters 2", "007 Bond", "Peeters_An Jan"])
def test_a_name_with_digits_or_symbols_is_refused(typed: str) -> None:
    with pytest.raises(Refusal) as refused:
        check_begeleider_name(typed)
    assert refused.value.message == FORMAT_REFUSAL


def test_a_name_longer_than_80_characters_is_refused() -> None:
    with pytest.raises(Refusal) as refused:
        check_begeleider_name("Peeters " + "A" + "n" * 80)
    assert refused.value.message == "Die naam is te lang (maximaal 80 tekens)."


@pytest.mark.parametrize(
    ("typed", "proposal"),
    [
        ("peeters an", "Peeters An"),
        ("PEETERS AN", "Peeters An"),
        ("van den broeck jan", "Van den Broeck Jan"),
        ("VAN DER MEULEN PIET", "Van der Meulen Piet"),
        ("de smet an", "De Smet An"),
        ("dupont-maes eva", "Dupont-Maes Eva"),
        ("peeters ann-sofie", "Peeters Ann-Sofie"),
    ],
)
def test_proposed_form_capitalises_each_part_and_keeps_inner_particles_lowercase(
    typed: str, proposal: str
) -> None:
    assert proposed_form(typed) == proposal


def test_proposed_form_capitalises_a_particle_at_the_start() -> None:
    assert proposed_form("van broeck jan") == "Van Broeck Jan"


def test_proposed_form_capitalises_a_last_word_even_if_it_looks_like_a_particle() -> None:
    assert proposed_form("peeters la") == "Peeters La"


def test_proposed_form_keeps_the_capital_after_an_apostrophe() -> None:
    assert proposed_form("d'hondt els") == "D'Hondt Els"


@pytest.mark.parametrize(
    ("name", "swapped"),
    [
        ("An Peeters", "Peeters An"),
        ("Jan Van den Broeck", "Van den Broeck Jan"),
        ("  An   Peeters ", "Peeters An"),
        ("Peeters", "Peeters"),
    ],
)
def test_reversed_name_moves_the_first_word_to_the_end(name: str, swapped: str) -> None:
    assert reversed_name(name) == swapped
