"""A6.1: the Dutch word list of the special categories, with inflections and compounds."""

from __future__ import annotations

import pytest

from flows.domain.rules.sensitive_words import CATEGORIES, plain, special_categories

HEALTH, MENTAL = "info over de gezondheid", "info over de mentale gezondheid"
FAMILY, RELIGION = "info over de gezinssituatie", "info over geloof of levensbeschouwing"
ORIGIN, DEBTS, JUSTICE = "info over afkomst", "info over schulden", "info over justitie"


def test_there_are_seven_categories_in_a_fixed_order() -> None:
    assert [label for label, _ in CATEGORIES] == [
        HEALTH,
        MENTAL,
        FAMILY,
        RELIGION,
        ORIGIN,
        DEBTS,
        JUSTICE,
    ]


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Klant was lang ziek", HEALTH),
        ("na een zware ziekte", HEALTH),
        ("langdurige ziektes", HEALTH),
        ("een spierziekte", HEALTH),
        ("werd geopereerd aan de rug", HEALTH),
        ("is zwanger", HEALTH),
        ("zwangerschapsverlof tot mei", HEALTH),
        ("neemt medicatie", HEALTH),
        ("arbeidsongeschiktheid sinds 2024", HEALTH),
        ("klant is depressief", MENTAL),
        ("een depressieve periode", MENTAL),
        ("na een depressie", MENTAL),
        ("burn-out gehad", MENTAL),
        ("Burnout vorig jaar", MENTAL),
        ("alcoholverslaving", MENTAL),
        ("was verslaafd", MENTAL),
        ("volgt therapie bij een psycholoog", MENTAL),
        ("Suïcidale gedachten", MENTAL),
        ("na de scheiding", FAMILY),
        ("echtscheiding lopende", FAMILY),
        ("is gescheiden", FAMILY),
        ("alleenstaande moeder", FAMILY),
        ("haar man is overleden", FAMILY),
        ("weduwe sinds vorig jaar", FAMILY),
        ("is moslim", RELIGION),
        ("draagt een hoofddoek", RELIGION),
        ("islamitische feestdag", RELIGION),
        ("katholieke school", RELIGION),
        ("Marokkaanse afkomst", ORIGIN),
        ("erkend vluchteling", ORIGIN),
        ("wacht op verblijfsvergunning", ORIGIN),
        ("volgt inburgeringstraject", ORIGIN),
        ("heeft schulden", DEBTS),
        ("in schuldbemiddeling", DEBTS),
        ("collectieve schuldenregeling", DEBTS),
        ("loonbeslag", DEBTS),
        ("krijgt leefloon van het OCMW", DEBTS),
        ("zat in de gevangenis", JUSTICE),
        ("werd veroordeeld", JUSTICE),
        ("heeft een strafblad", JUSTICE),
        ("draagt een enkelband", JUSTICE),
        ("probatieassistent contacteerde", JUSTICE),
    ],
)
def test_a_word_of_a_special_category_is_flagged_in_any_inflection(
    text: str, category: str
) -> None:
    assert special_categories(text) == [category]


@pytest.mark.parametrize(
    "text",
    [
        "Cv aangepast, drie vacatures besproken",
        "Klant wil werken in de zorg, als verpleegkundige in een ziekenhuis",
        "Wil bij de politie of als advocaat werken",
        "Droomt van een job als scheidsrechter",
        "Meer geloof in eigen kunnen",
        "Vervolgafspraak over het persoonlijk ontwikkelingsplan",
        "Interesse in een opleiding tot dokter of arts",
        "Ziet de toekomst rooskleurig",
        "Doelen voor volgend gesprek: netwerken",
    ],
)
def test_ordinary_trajectory_steps_are_not_flagged(text: str) -> None:
    assert special_categories(text) == []


def test_case_and_accents_do_not_matter() -> None:
    assert plain("SUÏCIDE Één") == "suicide een"
    assert special_categories("DEPRESSIEF") == [MENTAL]
