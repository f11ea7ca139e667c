"""A6.1 Feedback: only general trajectory steps, so spot what looks like personal data."""

from __future__ import annotations

import pytest

from flows.domain.rules.feedback import MAX_FEEDBACK, personal_data_kinds

EMAIL = "een e-mailadres"
PHONE = "een telefoonnummer"
RRN = "een rijksregisternummer"


@pytest.mark.parametrize(
    "text",
    [
        "Klant mailt vanaf an.peeters@example.be",
        "Contact: Jan.Peeters+cv@VDAB.be.",
        "mail naar an_peeters@mail-box.co.uk",
    ],
)
def test_an_email_address_is_flagged_as_e_mailadres(text: str) -> None:
    assert personal_data_kinds(text) == [EMAIL]


@pytest.mark.parametrize(
    "text",
    [
        "Bel klant op 0470 12 34 56",
        "gsm +32 470 12 34 56",
        "gsm 0032 470 12 34 56",
        "tel 03 123 45 67",
        "tel: 0470/12.34.56",
        "0470123456",
        "vaste lijn 050/12.34.56",
        "Gent: 09 234 56 78",
        "+32 3 123 45 67",
    ],
)
def test_a_belgian_phone_number_is_flagged_as_telefoonnummer(text: str) -> None:
    assert personal_data_kinds(text) == [PHONE]


@pytest.mark.parametrize(
    "text",
    [
        "RRN 85.07.30-033.28",
        "rijksregisternummer 85073003328",
        "nr 85 07 30 033 28",
    ],
)
def test_a_rijksregisternummer_is_flagged_as_rijksregisternummer(text: str) -> None:
    assert personal_data_kinds(text) == [RRN]


def test_email_and_rijksregisternummer_are_both_named_email_first() -> None:
    assert personal_data_kinds("an@example.be, 85.07.30-033.28") == [EMAIL, RRN]


def test_email_and_phone_are_both_named_email_first() -> None:
    assert personal_data_kinds("0470 12 34 56 of an@example.be") == [EMAIL, PHONE]


def test_a_phone_number_next_to_a_rijksregisternummer_is_also_named() -> None:
    assert personal_data_kinds("RRN 85.07.30-033.28, gsm 0470 12 34 56") == [RRN, PHONE]


def test_an_international_phone_number_without_spaces_is_named_as_telefoonnummer() -> None:
    assert personal_data_kinds("gsm +32470123456") == [PHONE]


def test_an_international_phone_number_with_bracketed_zero_is_flagged() -> None:
    assert personal_data_kinds("gsm +32 (0)470 12 34 56") == [PHONE]


@pytest.mark.parametrize(
    "text",
    [
        "Intake gehad op 12/03/2026, gesprek van 2 uur.",
        "Verdiepingsgesprek van 1u30 over competenties en talenten.",
        "3 gesprekken tussen 01/10/2025 en 01/12/2025, telkens 90 minuten.",
        "Gesprek 12/03/2026 om 14:30, e-coaching.",
        "datum 12.03.2026, 2 uur",
        "Opleiding 2025-2026 besproken; klant volgde 2 opleidingen van 4 uur en 3 uur.",
        "Chequenummer 12/3456-78, klantnummer 1234567.",
        "Vacature 54321678 besproken, sollicitatiebrief opgesteld.",
        "Synthese: klant kiest voor opleiding tot zorgkundige (start 01/09/2026).",
        "",
    ],
)
def test_ordinary_trajectory_text_is_not_flagged(text: str) -> None:
    assert personal_data_kinds(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Volgende afspraak op 01/12/2025 10:30.",
        "Intake 02/02/2026 10:00-11:30",
        "nieuwe afspraak 05/01/2026 9:30",
    ],
)
def test_a_date_with_leading_zero_followed_by_a_time_is_not_flagged(text: str) -> None:
    assert personal_data_kinds(text) == []


def test_feedback_is_limited_to_a_thousand_characters() -> None:
    assert MAX_FEEDBACK == 1000


# -- the client's own name and klantnummer --------------------------------------------------------
NAME, NUMBER = "de naam van de klant", "het klantnummer"


@pytest.mark.parametrize(
    "text",
    [
        "De Smet Karel heeft een cv opgesteld",
        "Karel De Smet volgt een opleiding",
        "gesprek met de smet over vacatures",
        "Karel kiest voor de zorg",
        "Gesprek met Émile over zijn cv",
    ],
)
def test_the_clients_own_name_is_flagged(text: str) -> None:
    naam = "Dubois Émile" if "mile" in text else "De Smet Karel"
    assert personal_data_kinds(text, naam, "8000001") == [NAME]


def test_the_klantnummer_is_flagged_but_not_inside_another_number() -> None:
    assert personal_data_kinds("Dossier 8000001 besproken", "De Smet Karel", "8000001") == [NUMBER]
    assert personal_data_kinds("Referentie 180000012", "De Smet Karel", "8000001") == []


@pytest.mark.parametrize(
    "text",
    ["Cv aangepast en drie vacatures besproken", "Karelse stijl besproken", "smetteloos cv"],
)
def test_other_words_are_not_taken_for_the_clients_name(text: str) -> None:
    assert personal_data_kinds(text, "De Smet Karel", "8000001") == []


def test_the_issues_own_examples_are_flagged() -> None:
    assert personal_data_kinds("De Smet Karel heeft schulden", "De Smet Karel", "1") == [
        NAME,
        "info over schulden",
    ]
    assert personal_data_kinds("Klant is depressief na scheiding") == [
        "info over de mentale gezondheid",
        "info over de gezinssituatie",
    ]
