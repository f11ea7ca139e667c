"""Rules for gesprekken on a registered cheque (A6–A8), on hand-built files."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from flows.domain.cheques import (
    ChequeFile,
    ChequeStatus,
    Gesprek,
    GesprekType,
    GesprekVorm,
    IssuedCheque,
)
from flows.domain.errors import Refusal
from flows.domain.rules import gesprekken as rules

NOW = datetime(2026, 3, 10, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))
INTAKE, VERDIEPING = GesprekType.INTAKE, GesprekType.VERDIEPING
SYNTHESE, NAZORG, STOPZETTING = GesprekType.SYNTHESE, GesprekType.NAZORG, GesprekType.STOPZETTING


def gesprek(
    gid: int, day: date, kind: GesprekType = VERDIEPING, minutes: int = 60, *, deleted: bool = False
) -> Gesprek:
    return Gesprek(
        id=gid,
        datum=day,
        begeleider="Peeters An",
        type=kind,
        vorm=GesprekVorm.INDIVIDUEEL,
        minutes=minutes,
        feedback=None,
        registered_at=NOW,
        deleted_at=NOW if deleted else None,
    )


def file(
    *gesprekken: Gesprek,
    status: ChequeStatus = ChequeStatus.IN_GEBRUIK,
    minutes: int = 240,
) -> ChequeFile:
    cheque = IssuedCheque(
        1, "123456", "999", "Vermeulen Els", date(2026, 2, 1), date(2026, 5, 1), minutes
    )
    return ChequeFile(
        registration_id=7,
        organisation_id=1,
        status=status,
        cheque=cheque,
        themes=("Competenties en talenten",),
        beginvragen=(),
        gesprekken=gesprekken,
        registered_at=NOW,
        updated_at=NOW,
    )


def test_minutes_used_counts_active_gesprekken_but_not_deleted_ones_nor_nazorg() -> None:
    cheque = file(
        gesprek(1, date(2026, 3, 1), INTAKE, 60),
        gesprek(2, date(2026, 3, 2), VERDIEPING, 90),
        gesprek(3, date(2026, 3, 3), VERDIEPING, 45, deleted=True),
        gesprek(4, date(2026, 3, 4), SYNTHESE, 30),
        gesprek(5, date(2026, 3, 5), NAZORG, 120),
        status=ChequeStatus.AFGESLOTEN,
    )
    assert rules.minutes_used(cheque) == 180
    assert rules.minutes_left(cheque) == 60


def test_minutes_left_never_goes_below_zero() -> None:
    cheque = file(gesprek(1, date(2026, 3, 1), INTAKE, 120), minutes=90)
    assert rules.minutes_left(cheque) == 0


def test_an_open_cheque_allows_verdieping_synthese_and_stopzetting() -> None:
    assert rules.allowed_types(file(gesprek(1, date(2026, 3, 1), INTAKE))) == (
        VERDIEPING,
        SYNTHESE,
        STOPZETTING,
    )


@pytest.mark.parametrize("status", [ChequeStatus.AFGESLOTEN, ChequeStatus.STOPGEZET])
def test_a_closed_cheque_allows_only_nazorg(status: ChequeStatus) -> None:
    assert rules.allowed_types(file(status=status)) == (NAZORG,)


def test_nazorg_on_an_open_cheque_is_refused() -> None:
    with pytest.raises(Refusal, match="Een nazorggesprek kan pas nadat de cheque afgesloten is"):
        rules.check_type(file(gesprek(1, date(2026, 3, 1), INTAKE)), NAZORG)


@pytest.mark.parametrize(
    ("status", "word"),
    [(ChequeStatus.AFGESLOTEN, "afgesloten"), (ChequeStatus.STOPGEZET, "stopgezet")],
)
def test_a_verdieping_on_a_closed_cheque_is_refused_naming_its_status(
    status: ChequeStatus, word: str
) -> None:
    with pytest.raises(Refusal) as refused:
        rules.check_type(file(status=status), VERDIEPING)
    assert refused.value.message == (
        f"Deze cheque is {word}: je kan enkel nog een nazorggesprek registreren."
    )


def test_a_paid_type_with_less_than_30_minutes_left_is_refused_but_nazorg_is_not() -> None:
    nearly_used = file(
        gesprek(1, date(2026, 3, 1), INTAKE, 120), gesprek(2, date(2026, 3, 2), VERDIEPING, 100)
    )
    with pytest.raises(Refusal, match=r"Er blijft nog 20 min over op de cheque: te weinig"):
        rules.check_type(nearly_used, SYNTHESE)
    rules.check_type(file(status=ChequeStatus.AFGESLOTEN, minutes=60), NAZORG)


def test_exactly_30_minutes_left_still_allows_a_paid_gesprek() -> None:
    rules.check_type(file(gesprek(1, date(2026, 3, 1), INTAKE, 90), minutes=120), VERDIEPING)


def test_a_gesprek_on_the_same_day_as_the_last_one_is_in_order() -> None:
    cheque = file(gesprek(1, date(2026, 3, 1), INTAKE), gesprek(2, date(2026, 3, 5)))
    rules.check_chronology(cheque, date(2026, 3, 5))
    rules.check_chronology(cheque, date(2026, 3, 6))


def test_a_gesprek_before_the_last_one_is_refused_naming_the_last_date() -> None:
    cheque = file(gesprek(1, date(2026, 3, 1), INTAKE), gesprek(2, date(2026, 3, 5)))
    with pytest.raises(Refusal) as refused:
        rules.check_chronology(cheque, date(2026, 3, 4))
    assert refused.value.message.startswith(
        "Het laatst geregistreerde gesprek was op 05/03/2026. Registreer gesprekken in de "
        "volgorde waarin ze plaatsvonden"
    )


def test_the_last_gesprek_is_the_last_registered_not_the_latest_date() -> None:
    cheque = file(gesprek(1, date(2026, 3, 5), INTAKE), gesprek(2, date(2026, 3, 3)))
    rules.check_chronology(cheque, date(2026, 3, 4))
    with pytest.raises(Refusal, match="03/03/2026"):
        rules.check_chronology(cheque, date(2026, 3, 2))


def test_deleted_gesprekken_do_not_count_for_the_order() -> None:
    cheque = file(gesprek(1, date(2026, 3, 1), INTAKE), gesprek(2, date(2026, 3, 8), deleted=True))
    rules.check_chronology(cheque, date(2026, 3, 2))


def test_a_first_gesprek_has_no_order_to_keep() -> None:
    rules.check_chronology(
        file(gesprek(1, date(2026, 3, 1), INTAKE, deleted=True)), date(2025, 6, 1)
    )


def test_hours_up_to_the_remaining_are_accepted_and_beyond_refused_stating_what_is_left() -> None:
    cheque = file(
        gesprek(1, date(2026, 3, 1), INTAKE, 120), gesprek(2, date(2026, 3, 2), VERDIEPING, 60)
    )
    rules.check_hours(cheque, VERDIEPING, 60)
    with pytest.raises(Refusal) as refused:
        rules.check_hours(cheque, SYNTHESE, 90)
    assert refused.value.message == (
        "Dit gesprek (1u30) gaat over de uren van de cheque: er blijft nog 1u."
    )


def test_nazorg_never_counts_against_the_hours() -> None:
    used_up = file(
        gesprek(1, date(2026, 3, 1), INTAKE, 120), status=ChequeStatus.AFGESLOTEN, minutes=120
    )
    rules.check_hours(used_up, NAZORG, 120)


@pytest.mark.parametrize(
    ("kind", "after"),
    [
        (SYNTHESE, ChequeStatus.AFGESLOTEN),
        (STOPZETTING, ChequeStatus.STOPGEZET),
        (VERDIEPING, ChequeStatus.IN_GEBRUIK),
    ],
)
def test_synthese_closes_stopzetting_stops_and_verdieping_leaves_the_status(
    kind: GesprekType, after: ChequeStatus
) -> None:
    assert rules.status_after(file(gesprek(1, date(2026, 3, 1), INTAKE)), kind) is after


def test_nazorg_leaves_a_closed_status_as_it_is() -> None:
    assert rules.status_after(file(status=ChequeStatus.STOPGEZET), NAZORG) is ChequeStatus.STOPGEZET


@pytest.mark.parametrize("status", [ChequeStatus.AFGESLOTEN, ChequeStatus.STOPGEZET])
def test_nothing_can_be_deleted_on_a_closed_cheque(status: ChequeStatus) -> None:
    with pytest.raises(Refusal, match="enkel zolang de cheque niet afgesloten is"):
        rules.deletable(file(gesprek(1, date(2026, 3, 1), INTAKE), status=status))


def test_the_deletable_gesprek_is_the_newest_one_not_yet_deleted() -> None:
    cheque = file(
        gesprek(1, date(2026, 3, 1), INTAKE),
        gesprek(2, date(2026, 3, 2)),
        gesprek(3, date(2026, 3, 3), deleted=True),
    )
    assert rules.deletable(cheque).id == 2


def test_with_every_gesprek_deleted_there_is_nothing_left_to_delete() -> None:
    cheque = file(gesprek(1, date(2026, 3, 1), INTAKE, deleted=True))
    with pytest.raises(Refusal, match=r"Er is geen gesprek meer om te verwijderen\."):
        rules.deletable(cheque)
