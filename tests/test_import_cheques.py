"""VDAB's issued-cheques CSV: every row checked first, then inserted or updated by chequenummer."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from bot.app import App
from bot.cli.csv_files import CHEQUE_HEADER, parse_cheques_csv
from flows.administration.imports import import_cheques
from flows.domain.administration import NewIssuedCheque
from flows.domain.errors import AdminError
from storage.models import ClientRow, IssuedChequeRow
from tests.support import database

TODAY = date(2026, 3, 10)
FIRST, LATER = datetime(2026, 3, 10, 9, tzinfo=UTC), datetime(2026, 3, 11, 9, tzinfo=UTC)
HEADER = ",".join(CHEQUE_HEADER)
GOOD = f"""{HEADER}
100/200/300,1234567,Vermeulen Els,01/02/2026,01/05/2026,4
100-200-301,2.345.678,Dubois  Karim,15/01/2026,15/04/2026,"3,5"
"""


def problems(text: str) -> list[str]:
    with pytest.raises(AdminError) as raised:
        parse_cheques_csv(text)
    return str(raised.value).splitlines()


def test_a_good_file_gives_one_cheque_per_row_with_numbers_normalised() -> None:
    assert parse_cheques_csv(GOOD) == [
        NewIssuedCheque(
            "100200300", "1234567", "Vermeulen Els", date(2026, 2, 1), date(2026, 5, 1), 240
        ),
        NewIssuedCheque(
            "100200301", "2345678", "Dubois Karim", date(2026, 1, 15), date(2026, 4, 15), 210
        ),
    ]


def test_a_byte_order_mark_blank_lines_and_header_case_are_tolerated() -> None:
    text = (
        "\ufeff"
        + HEADER.upper()
        + "\n\n100200300,1234567,Vermeulen Els,01/02/2026,01/05/2026,4\n,,,,,\n"
    )
    assert [line.chequenummer for line in parse_cheques_csv(text)] == ["100200300"]


def test_a_header_only_file_has_no_lines() -> None:
    assert parse_cheques_csv(HEADER + "\n") == []


@pytest.mark.parametrize(
    "text", ["", "cheque,klant,naam\n1,2,3\n", HEADER.replace("uren", "minuten")]
)
def test_a_wrong_or_missing_header_is_refused_on_line_one(text: str) -> None:
    assert problems(text) == [f"line 1: the header must be {HEADER}"]


def test_every_bad_row_is_reported_with_its_line_number_in_one_error() -> None:
    text = f"""{HEADER}
100200300,1234567,Vermeulen Els,01/02/2026,01/05/2026,4
100200301,2345678,Dubois Karim,02/11/15,01/05/2026,4
100200302,3456789,Goossens Lien,01/02/2026,01/05/2026,veel
100200300,4567890,Mertens Jan,01/02/2026,01/05/2026,4
100200304,5678901,Hermans Sofie,01/02/2026
10020030A,6789012,Lambrechts Bram,01/02/2026,01/05/2026,4
100200306,1234567,Iemand Anders,01/02/2026,01/05/2026,4
100200307,7890123,Peeters Jo,01/05/2026,01/02/2026,4
100200308,8901234,Maes Tom,01/02/2026,01/05/2026,0
100200309,9012345,,01/02/2026,01/05/2026,4
"""
    assert problems(text) == [
        "line 3: Schrijf het jaar met vier cijfers: dd/mm/jjjj, "
        "bijvoorbeeld 02/11/2015 en niet 02/11/15.",
        "line 4: uren 'veel' is not a number",
        "line 5: chequenummer 100200300 also on line 2",
        "line 6: expected 6 columns, found 4",
        "line 7: Een chequenummer bestaat uit cijfers (slashes en streepjes mogen weg).",
        "line 8: klantnummer 1234567 has another klantnaam earlier in the file",
        "line 9: start_uiterlijk is before besteld_op",
        "line 10: uren '0' must be more than 0 and at most 40",
        "line 11: klantnaam is empty",
    ]


def test_a_duplicate_written_with_slashes_is_still_a_duplicate() -> None:
    text = f"""{HEADER}
100200300,1,Een Klant,01/02/2026,01/05/2026,4
100/200/300,2,Twee Klant,01/02/2026,01/05/2026,4
"""
    assert problems(text) == ["line 3: chequenummer 100200300 also on line 2"]


def test_an_impossible_date_is_named() -> None:
    text = f"{HEADER}\n100200300,1,Een Klant,31/02/2026,01/05/2026,4\n"
    assert problems(text) == ["line 2: 31/02/2026 is geen bestaande datum."]


async def _import(app: App, text: str, now: datetime) -> tuple[int, int]:
    cheques = parse_cheques_csv(text)
    async with app.unit_of_work() as uow:
        imported = await import_cheques(uow, cheques, now)
        await uow.commit()
    return len(imported.added), len(imported.updated)


async def _cheques(app: App) -> dict[str, tuple[str, str, date, date, int]]:
    async with database(app) as db:
        rows = await db.execute(
            select(
                IssuedChequeRow.chequenummer,
                ClientRow.klantnummer,
                ClientRow.naam,
                IssuedChequeRow.ordered_on,
                IssuedChequeRow.start_by,
                IssuedChequeRow.minutes,
            ).join(ClientRow, IssuedChequeRow.client_id == ClientRow.id)
        )
        return {row[0]: (row[1], row[2], row[3], row[4], row[5]) for row in rows}


async def _client_count(app: App) -> int:
    async with database(app) as db:
        return int(await db.scalar(select(func.count()).select_from(ClientRow)) or 0)


async def test_an_import_stores_every_cheque_with_its_client(app: App) -> None:
    assert await _import(app, GOOD, FIRST) == (2, 0)
    assert await _cheques(app) == {
        "100200300": ("1234567", "Vermeulen Els", date(2026, 2, 1), date(2026, 5, 1), 240),
        "100200301": ("2345678", "Dubois Karim", date(2026, 1, 15), date(2026, 4, 15), 210),
    }


async def test_re_importing_the_same_file_updates_and_adds_nothing(app: App) -> None:
    await _import(app, GOOD, FIRST)
    before = await _cheques(app)
    assert await _import(app, GOOD, LATER) == (0, 2)
    assert await _cheques(app) == before
    assert await _client_count(app) == 2
    async with database(app) as db:
        assert set(await db.scalars(select(IssuedChequeRow.imported_at))) == {LATER}


async def test_a_changed_row_updates_the_stored_cheque_and_client(app: App) -> None:
    await _import(app, GOOD, FIRST)
    changed = f"""{HEADER}
100200300,1234567,Vermeulen-Claes Els,05/02/2026,01/06/2026,"2,5"
100200302,3456789,Goossens Lien,01/03/2026,01/06/2026,3
"""
    assert await _import(app, changed, LATER) == (1, 1)
    cheques = await _cheques(app)
    assert cheques["100200300"] == (
        "1234567",
        "Vermeulen-Claes Els",
        date(2026, 2, 5),
        date(2026, 6, 1),
        150,
    )
    assert cheques["100200301"] == (
        "2345678",
        "Dubois Karim",
        date(2026, 1, 15),
        date(2026, 4, 15),
        210,
    )
    assert cheques["100200302"][:2] == ("3456789", "Goossens Lien")
    assert await _client_count(app) == 3


async def test_a_cheque_moved_to_another_klantnummer_follows_the_file(app: App) -> None:
    await _import(app, GOOD, FIRST)
    moved = f"{HEADER}\n100200300,2345678,Dubois Karim,01/02/2026,01/05/2026,4\n"
    assert await _import(app, moved, LATER) == (0, 1)
    assert (await _cheques(app))["100200300"][:2] == ("2345678", "Dubois Karim")
    assert await _client_count(app) == 2
