"""A registration's search and list facts, recomputed from its gesprekken on every change.

The overview (A1) filters, searches and sorts on these columns of `cheque_registrations` alone,
so a page or a count reads one index range of one table instead of joining every gesprek.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date

from sqlalchemy import ScalarSelect, String, delete, func, insert, literal, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from flows.domain.cheques import GesprekType
from flows.domain.rules.keywords import normalise
from flows.domain.rules.money import is_paid
from storage.constraints import raise_race_or_bug
from storage.models import (
    BegeleiderNaamRow,
    ClientRow,
    GesprekRow,
    IssuedChequeRow,
    KlantWoordRow,
    RegistrationRow,
)

SEPARATOR = "|"
CHEQUE_SORT_WIDTH = 20  # a chequenummer has at most 20 digits (A5.1)


def chequenummer_sort(chequenummer: str) -> str:
    """The chequenummer as A1 sorts it: zero-padded, so text order is number order."""
    return chequenummer.zfill(CHEQUE_SORT_WIDTH)


def chequenummer_sort_of(issued_cheque_id: int) -> ScalarSelect[str]:
    """`chequenummer_sort` of an issued cheque, in SQL that SQLite and PostgreSQL both speak."""
    number = IssuedChequeRow.chequenummer
    padded = literal("0" * CHEQUE_SORT_WIDTH, String).concat(number)
    return (
        select(func.substr(padded, func.length(number) + 1))
        .where(IssuedChequeRow.id == issued_cheque_id)
        .scalar_subquery()
    )


@dataclass(frozen=True)
class GesprekFact:
    """What the facts need of one gesprek."""

    datum: date
    begeleider: str
    type: str
    minutes: int
    deleted: bool


@dataclass(frozen=True)
class Facts:
    """The denormalised columns of a registration (see RegistrationRow)."""

    klant_zoek: str
    begeleiders: str
    begeleiders_zoek: str
    kenmerken: str
    minuten_gebruikt: int
    laatste_gesprek: date | None


def compute_facts(klantnaam: str, gesprekken: Iterable[GesprekFact]) -> Facts:
    """Facts from the gesprekken that count: deleted ones are left out of every fact."""
    active = [g for g in gesprekken if not g.deleted]
    names = sorted({g.begeleider for g in active})
    types = sorted({g.type for g in active})
    paid_minutes = sorted(
        {g.minutes for g in active if is_paid(GesprekType(g.type), deleted=False)}
    )
    tokens = [*types, *(f"m{minutes}" for minutes in paid_minutes)]
    return Facts(
        klant_zoek=normalise(klantnaam),
        begeleiders=", ".join(names),
        begeleiders_zoek=SEPARATOR.join(normalise(name) for name in names),
        kenmerken=f"{SEPARATOR}{SEPARATOR.join(tokens)}{SEPARATOR}" if tokens else "",
        minuten_gebruikt=sum(g.minutes for g in active if g.type != GesprekType.NAZORG.value),
        laatste_gesprek=max((g.datum for g in active), default=None),
    )


def type_token(kind: GesprekType) -> str:
    """The `kenmerken` token of a type present on the registration."""
    return f"{SEPARATOR}{kind.value}{SEPARATOR}"


def minutes_token(minutes: int) -> str:
    """The `kenmerken` token of a paid duration present on the registration."""
    return f"{SEPARATOR}m{minutes}{SEPARATOR}"


async def refresh_facts(session: AsyncSession, registration_id: int) -> None:
    """Recompute one registration's facts and remember its begeleider names (same transaction)."""
    found = (
        await session.execute(
            select(RegistrationRow.organisation_id, RegistrationRow.klant_zoek, ClientRow.naam)
            .join(IssuedChequeRow, RegistrationRow.issued_cheque_id == IssuedChequeRow.id)
            .join(ClientRow, IssuedChequeRow.client_id == ClientRow.id)
            .where(RegistrationRow.id == registration_id)
        )
    ).one()
    rows = await session.execute(
        select(
            GesprekRow.datum,
            GesprekRow.begeleider,
            GesprekRow.type,
            GesprekRow.minutes,
            GesprekRow.deleted_at.is_not(None),
        ).where(GesprekRow.registration_id == registration_id)
    )
    gesprekken = [GesprekFact(*row) for row in rows]
    facts = compute_facts(found.naam, gesprekken)
    await session.execute(
        update(RegistrationRow)
        .where(RegistrationRow.id == registration_id)
        .values(**asdict(facts)),
        execution_options={"synchronize_session": False},
    )
    await session.execute(
        update(GesprekRow)
        .where(
            GesprekRow.registration_id == registration_id,
            GesprekRow.klant_zoek != facts.klant_zoek,
        )
        .values(klant_zoek=facts.klant_zoek),
        execution_options={"synchronize_session": False},
    )
    if facts.klant_zoek != found.klant_zoek:  # a new registration: its name's parts
        await write_words(session, found.organisation_id, registration_id, facts.klant_zoek)
    names = {g.begeleider for g in gesprekken if not g.deleted}
    if names:
        await remember_names(session, found.organisation_id, sorted(names))


async def remember_names(session: AsyncSession, organisation_id: int, names: list[str]) -> None:
    """Add the begeleider names this organisation has not used before."""
    known = set(
        await session.scalars(
            select(BegeleiderNaamRow.naam).where(
                BegeleiderNaamRow.organisation_id == organisation_id,
                BegeleiderNaamRow.naam.in_(names),
            )
        )
    )
    session.add_all(
        BegeleiderNaamRow(organisation_id=organisation_id, naam=name, zoek=normalise(name))
        for name in sorted(set(names) - known)
    )
    try:
        await session.flush()
    except IntegrityError as error:  # the same new name in a concurrent gesprek: replayed
        raise_race_or_bug(error)


def name_parts(klant_zoek: str) -> list[str]:
    """Every ending of every word of a normalised name (`meulen`, `eulen`, ... of `vermeulen`):
    a typed part of a word is then the beginning of one of them, a prefix range of the index."""
    return sorted({word[start:] for word in klant_zoek.split() for start in range(len(word))})


async def write_words(
    session: AsyncSession, organisation_id: int, registration_id: int, klant_zoek: str
) -> None:
    """Replace a registration's name parts (KlantWoordRow) by those of `klant_zoek`."""
    await session.execute(
        delete(KlantWoordRow).where(KlantWoordRow.registration_id == registration_id),
        execution_options={"synchronize_session": False},
    )
    words = name_parts(klant_zoek)
    if words:
        await session.execute(
            insert(KlantWoordRow),
            [
                {"organisation_id": organisation_id, "woord": w, "registration_id": registration_id}
                for w in words
            ],
        )


async def rename_client(session: AsyncSession, client_id: int, naam: str) -> None:
    """A re-imported client name: its registrations and gesprekken are found by the new name."""
    cheques = select(IssuedChequeRow.id).where(IssuedChequeRow.client_id == client_id)
    registrations = select(RegistrationRow.id).where(RegistrationRow.issued_cheque_id.in_(cheques))
    renamed = await session.execute(
        select(RegistrationRow.id, RegistrationRow.organisation_id).where(
            RegistrationRow.id.in_(registrations)
        )
    )
    for registration_id, organisation_id in renamed.all():
        await write_words(session, organisation_id, registration_id, normalise(naam))
    for statement in (
        update(RegistrationRow).where(RegistrationRow.id.in_(registrations)),
        update(GesprekRow).where(GesprekRow.registration_id.in_(registrations)),
    ):
        await session.execute(
            statement.values(klant_zoek=normalise(naam)),
            execution_options={"synchronize_session": False},
        )
