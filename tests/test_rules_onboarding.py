"""Onboarding rules as plain functions: checklists per role, practice data, practice jongeren."""

from __future__ import annotations

from datetime import date

import pytest

from flows.domain.errors import Refusal
from flows.domain.esf import Diploma, Jongere
from flows.domain.onboarding import checklist, progress, render_checklist, role_welcome
from flows.domain.practice import check_practice_jongere, practice_data
from flows.domain.staff import Organisation, Role, Staff

CENTRE = Organisation(1, "De Brug", is_loopbaancentrum=True, is_esf=False)
ESF = Organisation(2, "Duaal Plus", is_loopbaancentrum=False, is_esf=True)
SANDBOX = Organisation(9, "Oefenomgeving 7 ab12", True, True, practice=True)
TODAY = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("role", "organisation", "expected"),
    [
        (Role.BEGELEIDER, CENTRE, "Oefen een chequeregistratie"),
        (Role.BEGELEIDER, ESF, "Oefen een ESF-begeleiding"),
        (Role.COORDINATOR, CENTRE, "Nodig een collega uit"),
        (Role.COORDINATOR, ESF, "Bekijk je team"),
        (Role.COACH, ESF, "Bekijk de aanvragen tot verwijderen"),
    ],
)
def test_each_role_has_a_checklist_of_three_to_five_tasks_that_fit_it(
    role: Role, organisation: Organisation, expected: str
) -> None:
    staff = Staff(7, "Maes Lotte", role, organisation)
    tasks = checklist(staff)
    assert 3 <= len(tasks) <= 5
    assert any(task.label.startswith(expected) for task in tasks)
    assert role_welcome(staff).startswith("Welkom Lotte bij ")


@pytest.mark.parametrize(
    ("role", "organisation"),
    [
        (Role.BEGELEIDER, CENTRE),
        (Role.BEGELEIDER, ESF),
        (Role.COORDINATOR, CENTRE),
        (Role.COORDINATOR, ESF),
        (Role.COACH, ESF),
    ],
)
def test_every_role_is_asked_to_set_its_reminders_ticked_by_opening_them(
    role: Role, organisation: Organisation
) -> None:
    staff = Staff(7, "Maes Lotte", role, organisation)
    text = render_checklist(staff, frozenset({"open:reminders"}))
    assert "✅ Stel je herinneringen in (/herinneringen)" in text
    assert "⬜ Stel je herinneringen in (/herinneringen)" in render_checklist(staff, frozenset())


def test_a_done_task_is_ticked_and_counted() -> None:
    staff = Staff(7, "Maes Lotte", Role.BEGELEIDER, CENTRE)
    done = frozenset({"oefen:cheque_registration", "open:something-else"})
    text = render_checklist(staff, done)
    assert text.startswith("Je eerste stappen (1/5 gedaan):")
    assert "✅ Oefen een chequeregistratie" in text
    assert text.count("⬜") == 4
    assert progress(staff, done) == (1, 5)


def test_practice_numbers_are_each_persons_own_and_plainly_fictional() -> None:
    one, two = practice_data(1, TODAY), practice_data(2, TODAY)
    assert one.valid.chequenummer == "900000011"
    assert one.valid.klantnummer == "9900011"
    numbers = {c.chequenummer for c in one.cheques} | {c.chequenummer for c in two.cheques}
    assert len(numbers) == 6
    assert one.expired.start_by < TODAY < one.valid.start_by
    assert all(cheque.klantnaam.startswith("Oefenklant") for cheque in one.cheques)


def _jongere(practice: bool) -> Jongere:
    return Jongere(1, "9900074", "Oefenjongere Dina", date(2009, 1, 15), Diploma.NEE, practice)


def test_a_sandbox_works_with_its_fictional_jongere_only() -> None:
    sandbox = Staff(7, "Maes Lotte", Role.BEGELEIDER, SANDBOX)
    check_practice_jongere(_jongere(practice=True), "9900074", sandbox, TODAY)
    with pytest.raises(Refusal, match="gebruik klantnummer 9900074"):
        check_practice_jongere(_jongere(practice=False), "9900074", sandbox, TODAY)
    with pytest.raises(Refusal, match="gebruik klantnummer 9900074"):
        check_practice_jongere(None, "1234", sandbox, TODAY)


def test_a_real_organisation_never_works_with_a_fictional_jongere() -> None:
    real = Staff(7, "Maes Lotte", Role.BEGELEIDER, ESF)
    check_practice_jongere(_jongere(practice=False), "9900074", real, TODAY)
    check_practice_jongere(None, "1234", real, TODAY)
    with pytest.raises(Refusal, match="fictief oefennummer"):
        check_practice_jongere(_jongere(practice=True), "9900074", real, TODAY)
