"""The ESF rules (B1–B7) as plain functions, without a chat or a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from flows.domain import handbook
from flows.domain.errors import Refusal
from flows.domain.esf import (
    Actie,
    ActieSoort,
    Begeleiding,
    Diploma,
    Jongere,
    NewJongere,
    RemovalRequest,
    RemovalStatus,
    Resultaat,
    StaffRef,
    Toestand,
)
from flows.domain.rules import esf as rules

TODAY = date(2026, 3, 10)
BRUSSELS = ZoneInfo("Europe/Brussels")
AT = datetime(2026, 3, 2, 9, tzinfo=UTC)
TOM = Jongere(1, "1101", "Janssens Tom", date(2008, 5, 12), Diploma.NEE)
NOOR = StaffRef(4, "Jacobs Noor")
RUNNING = Begeleiding(
    id=7,
    organisation_id=3,
    organisation_name="Duaal Plus",
    jongere=TOM,
    toestand=Toestand.BEZIG,
    startdatum=date(2026, 3, 2),
    financieringsnummer="EEWG019",
    aanvrager=NOOR,
    uitvoerder=NOOR,
    diploma_bij_start=Diploma.NEE,
    samenvatting=(),
    acties=(),
    registered_at=AT,
    updated_at=AT,
)
CLOSED = replace(
    RUNNING,
    toestand=Toestand.BEEINDIGD,
    einddatum=date(2026, 3, 20),
    resultaat=Resultaat.KWALIFICATIE,
    closed_at=datetime(2026, 3, 22, 10, tzinfo=UTC),
)
BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime(2026, 3, 10, 12, tzinfo=BRUSSELS)


def refusal(call: object, *args: object, **kwargs: object) -> str:
    with pytest.raises(Refusal) as raised:
        call(*args, **kwargs)  # type: ignore[operator]
    return raised.value.message


def test_the_five_resultaten_are_worded_as_the_handbook_three_positive_two_negative() -> None:
    assert [(r.label, r.positief) for r in Resultaat] == [
        ("De jongere zet de opleiding verder of start een andere opleiding.", True),
        ("De jongere is gestopt met de opleiding maar heeft werk.", True),
        (
            "De jongere behaalde een beroeps- of onderwijskwalificatie en heeft (nog geen) werk.",
            True,
        ),
        (
            "De jongere behaalde geen enkele beroeps- of onderwijskwalificatie én heeft geen werk.",
            False,
        ),
        (
            "De begeleiding wordt stopgezet omwille van afwezigheid/onwil/gebrek aan motivatie, "
            "maar de jongere blijft in onderwijs",
            False,
        ),
    ]


def test_the_toestanden_carry_the_handbook_names() -> None:
    assert [t.label for t in Toestand] == ["Bezig", "Beëindigd", "Geannuleerd"]


@pytest.mark.parametrize(
    ("text", "diploma"),
    [("ja", Diploma.JA), (" NEE ", Diploma.NEE), ("Onbekend", Diploma.ONBEKEND)],
)
def test_a_diploma_is_read_as_ja_nee_or_onbekend(text: str, diploma: Diploma) -> None:
    assert rules.parse_diploma(text) is diploma


def test_any_other_diploma_answer_is_refused() -> None:
    assert refusal(rules.parse_diploma, "misschien") == (
        "Diploma secundair onderwijs: antwoord met ja, nee of onbekend."
    )


def test_a_jongere_with_a_diploma_is_refused_with_the_handbook_reason() -> None:
    kobe = NewJongere("1103", "Pauwels Kobe", date(2006, 1, 21), Diploma.JA)
    message = refusal(rules.check_eligible, kobe, no_diploma_confirmed=True)
    assert message.startswith("Pauwels Kobe (klant 1103) heeft volgens de gegevens een diploma")
    assert message.endswith(handbook.NOT_TARGET_GROUP)


def test_a_diploma_the_organisator_reports_is_refused_without_blaming_the_data() -> None:
    assert rules.had_diploma(TOM).message == (
        "Janssens Tom (klant 1101) had bij de start van de begeleiding een diploma van het "
        f"secundair onderwijs. {handbook.NOT_TARGET_GROUP}"
    )


def test_an_unknown_diploma_needs_the_organisators_confirmation() -> None:
    yasmine = replace(TOM, diploma_secundair=Diploma.ONBEKEND)
    assert "bevestig dat er bij de start geen diploma was" in refusal(
        rules.check_eligible, yasmine, no_diploma_confirmed=False
    )
    assert rules.check_eligible(yasmine, no_diploma_confirmed=True) is Diploma.ONBEKEND
    assert rules.check_eligible(TOM, no_diploma_confirmed=False) is Diploma.NEE


def test_a_second_running_line_is_refused_pointing_to_the_running_one() -> None:
    assert rules.running_refusal(RUNNING).message == (
        "Voor Janssens Tom (klant 1101) loopt bij Duaal Plus al een begeleiding ‘Onderwijs "
        "ondersteuning alternerend leren’: toestand Bezig sinds 02/03/2026 (uitvoerder Jacobs "
        "Noor). Per jongere loopt er maar één begeleiding tegelijk: werk verder op die lijn via "
        "/esfoverzicht."
    )


def test_a_startdatum_is_not_in_the_future_nor_more_than_a_year_back() -> None:
    rules.check_startdatum(TODAY, TODAY)
    rules.check_startdatum(date(2025, 3, 10), TODAY)
    assert "ligt in de toekomst" in refusal(rules.check_startdatum, date(2026, 3, 11), TODAY)
    assert "vroegst mogelijke datum is 10/03/2025" in refusal(
        rules.check_startdatum, date(2025, 3, 9), TODAY
    )


@pytest.mark.parametrize(("born", "ok"), [(date(2014, 3, 10), True), (date(2014, 3, 11), False)])
def test_a_geboortedatum_makes_a_jongere_of_twelve_to_thirty(born: date, ok: bool) -> None:
    if ok:
        rules.check_geboortedatum(born, TODAY)
    else:
        assert "is de jongere 11 jaar" in refusal(rules.check_geboortedatum, born, TODAY)


def test_a_jongere_is_named_familienaam_voornaam() -> None:
    assert rules.check_jongere_naam(" Janssens   Tom ") == "Janssens Tom"
    assert refusal(rules.check_jongere_naam, "Tom").startswith("Geef de naam van de jongere als")


def test_an_action_is_dated_from_the_start_up_to_today_while_the_line_runs() -> None:
    rules.check_actie_date(RUNNING, date(2026, 3, 2), NOW)
    rules.check_actie_date(RUNNING, TODAY, NOW)
    assert refusal(rules.check_actie_date, RUNNING, date(2026, 3, 1), NOW) == (
        "De datum 01/03/2026 ligt vóór de startdatum van de begeleiding (02/03/2026): acties "
        "registreer je vanaf de startdatum."
    )
    assert "ligt in de toekomst" in refusal(rules.check_actie_date, RUNNING, date(2026, 3, 11), NOW)


def test_an_einddatum_is_not_before_the_start_or_the_last_action_nor_in_the_future() -> None:
    actie = Actie(1, date(2026, 3, 6), ActieSoort.GESPREK, None, "Jacobs Noor", AT)
    line = replace(RUNNING, acties=(actie,))
    rules.check_einddatum(line, date(2026, 3, 6), NOW)
    assert "vóór de startdatum" in refusal(rules.check_einddatum, line, date(2026, 3, 1), NOW)
    assert "vóór de laatst geregistreerde actie (06/03/2026)" in refusal(
        rules.check_einddatum, line, date(2026, 3, 5), NOW
    )
    assert "in de toekomst" in refusal(rules.check_einddatum, line, date(2026, 3, 11), NOW)


def at(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=BRUSSELS)


def test_after_closing_nothing_changes_any_more() -> None:
    now = at(date(2026, 3, 25))
    message = refusal(rules.check_actie_date, CLOSED, date(2026, 3, 19), now)
    assert message == (
        "Deze begeleiding is beëindigd op 20/03/2026. Beëindigd is een eindtoestand: je kan de "
        "gegevens niet meer wijzigen. Alleen de samenvatting kan je nog aanvullen, tot en met "
        "05/04/2026."
    )
    assert refusal(rules.check_einddatum, CLOSED, date(2026, 3, 21), now) == message
    assert "Een beëindigde lijn kan je niet meer annuleren" in refusal(
        rules.check_may_cancel, CLOSED, now
    )


def test_the_samenvatting_can_be_added_to_14_days_after_registering_the_closing() -> None:
    rules.check_may_add_samenvatting(CLOSED, at(date(2026, 4, 5)))
    assert rules.may_add_samenvatting(CLOSED, at(date(2026, 4, 5)))
    assert not rules.may_add_samenvatting(CLOSED, at(date(2026, 4, 6)))
    assert refusal(rules.check_may_add_samenvatting, CLOSED, at(date(2026, 4, 6))) == (
        "De samenvatting aanvullen kan tot 14 dagen nadat de beëindiging geregistreerd werd "
        "(22/03/2026), dus tot en met 05/04/2026: sinds 06/04/2026 kan dat niet meer."
    )
    rules.check_may_add_samenvatting(RUNNING, at(date(2027, 1, 1)))
    assert rules.may_add_samenvatting(RUNNING, at(date(2027, 1, 1)))


def test_closing_registered_long_after_the_einddatum_still_leaves_14_days() -> None:
    late = replace(
        CLOSED,
        einddatum=date(2026, 11, 1),
        closed_at=datetime(2026, 12, 1, 9, tzinfo=UTC),
    )
    rules.check_may_add_samenvatting(late, at(date(2026, 12, 1)))
    rules.check_may_add_samenvatting(late, at(date(2026, 12, 15)))
    assert "sinds 16/12/2026" in refusal(
        rules.check_may_add_samenvatting, late, at(date(2026, 12, 16))
    )


def test_the_closing_day_is_read_in_the_local_zone() -> None:
    # 23:30 UTC on 30 November is already 1 December in Brussels.
    late = replace(CLOSED, closed_at=datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
    assert rules.closed_on(late, at(date(2026, 12, 2))) == date(2026, 12, 1)


def test_a_line_closed_before_the_moment_was_kept_counts_from_its_einddatum() -> None:
    old = replace(CLOSED, closed_at=None)
    assert rules.closed_on(old, at(date(2026, 3, 25))) == date(2026, 3, 20)


def test_a_cancelled_or_removed_line_is_out_of_the_overview() -> None:
    assert rules.in_overview(RUNNING)
    assert rules.in_overview(CLOSED)
    assert not rules.in_overview(replace(RUNNING, toestand=Toestand.GEANNULEERD))
    assert not rules.in_overview(replace(CLOSED, removed_at=AT))


def test_only_a_closed_line_with_no_open_request_can_be_asked_for_removal() -> None:
    now = datetime(2026, 3, 25, 9, tzinfo=BRUSSELS)
    rules.check_may_request_removal(CLOSED, now)
    assert "Enkel een beëindigde lijn" in refusal(rules.check_may_request_removal, RUNNING, now)
    late = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # 3 March, 00:30 in Brussels
    request = RemovalRequest(1, 7, NOOR, late, "Dubbel geregistreerd.", RemovalStatus.OPEN)
    assert "loopt al een aanvraag tot verwijdering, sinds 03/03/2026" in refusal(
        rules.check_may_request_removal, replace(CLOSED, removal=request), now
    )
    refused = replace(request, status=RemovalStatus.GEWEIGERD)
    rules.check_may_request_removal(replace(CLOSED, removal=refused), now)
    assert "al behandeld" in refusal(rules.check_request_open, refused)


@pytest.mark.parametrize("check", [rules.check_samenvatting, rules.check_reden])
def test_texts_are_at_least_ten_characters(check: object) -> None:
    assert "te kort" in refusal(check, "  kort  ")


def test_a_samenvatting_is_at_most_a_thousand_characters() -> None:
    assert rules.check_samenvatting("a " * 500) == ("a " * 500).strip()
    assert "maximaal 1000 tekens (nu 1001)" in refusal(rules.check_samenvatting, "a" * 1001)
