"""Fill a migrated database with many centres, cheques and gesprekken, quickly (bulk inserts).

One large centre holds `large_share` of everything; the rest is spread over the other centres.
Facts, begeleider names and payments are written as the application would have left them.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from flows.domain.cheques import ChequeStatus, GesprekType, GesprekVorm
from flows.domain.rules.keywords import normalise
from flows.domain.rules.money import DEFAULT_RATES, amount
from storage import totals
from storage.facts import GesprekFact, chequenummer_sort, compute_facts, name_parts
from storage.models import (
    BegeleiderNaamRow,
    ClientRow,
    GesprekRow,
    IssuedChequeRow,
    KlantWoordRow,
    OrganisationRow,
    RegistrationRow,
    StaffRow,
)

BATCH = 5000
TABLES_WITH_IDS = ("organisations", "staff", "clients", "issued_cheques", "cheque_registrations")
LARGE = "Loopbaancentrum Groot"
TODAY = date(2026, 3, 10)
FIRST_NAMES = ("An", "Els", "Jan", "Karim", "Lien", "Pieter", "Noor", "Lotte", "Tom", "Sofie",
               "Bram", "Emma", "Lars", "Fien", "Wout", "Ines", "Hilde", "Marc", "Joke", "Dirk",
               "Yasmine", "Mohamed", "Zoë", "Chloë", "Anaïs")  # fmt: skip
LAST_NAMES = ("Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
              "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Vermeulen", "Verstraeten",
              "Hermans", "Martens", "Aerts", "De Vos", "Van Damme", "El Amrani", "Öztürk",
              "Van den Broeck", "Desmet", "Cools", "Michiels", "Smets", "Leemans")  # fmt: skip
DURATIONS = (30, 45, 60, 60, 60, 75, 90, 90, 120, 50)


@dataclass(frozen=True)
class Shape:
    """How much to build."""

    cheques: int = 100_000
    gesprekken: int = 500_000
    centres: int = 40
    large_share: float = 0.25
    seed: int = 20260310


@dataclass
class Built:
    """What the measurements need to know about the data."""

    large_id: int
    large_cheques: int
    large_gesprekken: int
    chequenummers: list[str]
    klantnummers: list[str]
    client_words: list[str]
    begeleiders: list[str]
    days: list[date]


def _names(rng: random.Random, count: int) -> list[str]:
    return [f"{rng.choice(LAST_NAMES)} {rng.choice(FIRST_NAMES)}" for _ in range(count)]


async def build(engine: AsyncEngine, shape: Shape) -> Built:
    """Insert everything in batches; return what searches can look for."""
    rng = random.Random(shape.seed)
    now = datetime(2026, 3, 10, 9, tzinfo=UTC)
    async with engine.begin() as connection:
        organisations = [
            {"id": i + 1, "name": LARGE if i == 0 else f"Centrum {i + 1:02d}",
             "is_loopbaancentrum": True, "is_esf": False, "created_at": now}
            for i in range(shape.centres)
        ]  # fmt: skip
        await _insert(connection, OrganisationRow, organisations)
        staff = [
            {"id": org["id"], "name": f"Medewerker Centrum{org['id']}", "role": "begeleider",
             "organisation_id": org["id"], "telegram_user_id": None, "created_at": now}
            for org in organisations
        ]  # fmt: skip
        await _insert(connection, StaffRow, staff)
    begeleiders = {
        org["id"]: _names(rng, 24 if org["id"] == 1 else rng.randint(2, 6)) for org in organisations
    }
    large_cheques = int(shape.cheques * shape.large_share)
    per_cheque = shape.gesprekken / shape.cheques
    built = Built(1, large_cheques, 0, [], [], [], begeleiders[1], [])
    used_names: set[tuple[int, str]] = set()
    for start in range(0, shape.cheques, BATCH):
        clients, cheques, registrations, gesprekken, parts = [], [], [], [], []
        for index in range(start, min(start + BATCH, shape.cheques)):
            org = 1 if index < large_cheques else 2 + index % (shape.centres - 1)
            ident = index + 1
            naam = f"{rng.choice(LAST_NAMES)}{'' if rng.random() < 0.5 else rng.randint(1, 99)}"
            naam = f"{naam} {rng.choice(FIRST_NAMES)}"
            klantnummer, chequenummer = f"{7_000_000 + ident}", f"{500_000_000 + ident}"
            ordered = TODAY - timedelta(days=rng.randint(60, 1100))
            clients.append({"id": ident, "klantnummer": klantnummer, "naam": naam})
            cheques.append(
                {"id": ident, "chequenummer": chequenummer, "client_id": ident,
                 "ordered_on": ordered, "start_by": ordered + timedelta(days=90),
                 "minutes": 240, "imported_at": now}
            )  # fmt: skip
            rows, status = _gesprekken(rng, ident, org, ordered, per_cheque, begeleiders[org])
            for row in rows:
                row["klant_zoek"] = normalise(naam)
            gesprekken += rows
            facts = compute_facts(
                naam,
                (GesprekFact(g["datum"], g["begeleider"], g["type"], g["minutes"],
                             g["deleted_at"] is not None) for g in rows),
            )  # fmt: skip
            registered = rows[0]["registered_at"]
            updated = max(g["registered_at"] for g in rows) + timedelta(seconds=ident % 977)
            registrations.append(
                {"id": ident, "issued_cheque_id": ident, "organisation_id": org,
                 "status": status.value, "themes": ["Competenties en talenten"],
                 "registered_by": org, "registered_at": registered, "updated_at": updated,
                 "released_at": None, "chequenummer_sort": chequenummer_sort(chequenummer),
                 **asdict(facts)}
            )  # fmt: skip
            parts += [
                {"organisation_id": org, "woord": part, "registration_id": ident}
                for part in name_parts(facts.klant_zoek)
            ]
            used_names |= {(org, g["begeleider"]) for g in rows}
            if org == 1:
                built.large_gesprekken += len(rows)
                if rng.random() < 0.02:
                    built.chequenummers.append(chequenummer)
                    built.klantnummers.append(klantnummer)
                    built.days.append(rows[-1]["datum"])
                    built.client_words.append(naam.split()[0][:5].lower())
        async with engine.begin() as connection:
            await _insert(connection, ClientRow, clients)
            await _insert(connection, IssuedChequeRow, cheques)
            await _insert(connection, RegistrationRow, registrations)
            await _insert(connection, GesprekRow, gesprekken)
            await _insert(connection, KlantWoordRow, parts)
    async with engine.begin() as connection:
        await _insert(
            connection,
            BegeleiderNaamRow,
            [{"organisation_id": o, "naam": n, "zoek": normalise(n)} for o, n in used_names],
        )
        await totals.fill(connection)  # what storage/totals.py keeps on each single write
    return built


def _gesprekken(
    rng: random.Random,
    registration: int,
    org: int,
    ordered: date,
    per_cheque: float,
    names: list[str],
) -> tuple[list[dict[str, Any]], ChequeStatus]:
    """A cheque's gesprekken in order: intake, verdiepingen, an end, sometimes nazorg."""
    count = max(1, round(rng.gauss(per_cheque, 1.0)))
    day = ordered + timedelta(days=rng.randint(1, 60))
    begeleider = rng.choice(names)
    roll = rng.random()
    status = (
        ChequeStatus.IN_GEBRUIK
        if roll < 0.15
        else ChequeStatus.STOPGEZET
        if roll < 0.27
        else ChequeStatus.AFGESLOTEN
    )
    kinds = [GesprekType.INTAKE] + [GesprekType.VERDIEPING] * max(count - 2, 0)
    if status is ChequeStatus.IN_GEBRUIK:
        kinds += [GesprekType.VERDIEPING] if count > 1 else []
    else:
        end = GesprekType.SYNTHESE if status is ChequeStatus.AFGESLOTEN else GesprekType.STOPZETTING
        kinds += [end] if count > 1 else []
        if count > 4 and rng.random() < 0.3:
            kinds[-1:] = [end, GesprekType.NAZORG]
    rows: list[dict[str, Any]] = []
    for kind in kinds:
        day += timedelta(days=rng.randint(5, 30))
        if day > TODAY and rows:  # a begeleiding under way: its later gesprekken are to come
            break
        day = min(day, TODAY)
        at = datetime(day.year, day.month, day.day, 15, tzinfo=UTC) + timedelta(
            days=rng.randint(0, 3), minutes=rng.randint(0, 600)
        )
        minutes = rng.choice(DURATIONS)
        paid_on = None
        if (
            kind is not GesprekType.NAZORG
            and day < TODAY - timedelta(days=60)
            and rng.random() < 0.8
        ):
            paid_on = day + timedelta(days=45)
        worth = amount(minutes, day, DEFAULT_RATES)
        rows.append(
            {"registration_id": registration, "organisation_id": org, "datum": day,
             "begeleider": begeleider if rng.random() < 0.9 else rng.choice(names),
             "type": kind.value, "vorm": GesprekVorm.INDIVIDUEEL.value, "minutes": minutes,
             "feedback": None, "registered_by": org, "registered_at": at,
             "deleted_at": at if rng.random() < 0.02 else None, "deleted_by": None,
             "betaald_op": paid_on,
             "betaald_cent": int(worth * 100) if paid_on and worth is not None else None}
        )  # fmt: skip
    return rows, status


async def _insert(connection: AsyncConnection, table: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if connection.dialect.name == "postgresql":
        await _copy(connection, table, rows)
    else:
        for chunk in _chunks(rows, BATCH):
            await connection.execute(insert(table), chunk)


async def _copy(connection: AsyncConnection, table: Any, rows: list[dict[str, Any]]) -> None:
    """COPY the rows in (asyncpg), the fastest way into PostgreSQL."""
    columns = list(rows[0])
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    records = [tuple(_pg(row[c]) for c in columns) for row in rows]
    await driver.copy_records_to_table(table.__tablename__, records=records, columns=columns)


def _pg(value: object) -> object:
    if isinstance(value, list):  # JSON column
        import json

        return json.dumps(value)
    return value


def _chunks(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


async def finish(engine: AsyncEngine) -> None:
    """Let the planner know the tables (as a maintained production database would)."""
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            await autocommit.execute(text("VACUUM ANALYZE"))
            for table in TABLES_WITH_IDS:
                restart = (
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
                await autocommit.execute(text(restart))
    else:
        async with engine.begin() as connection:
            await connection.execute(text("ANALYZE"))
