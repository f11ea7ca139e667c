"""The ESF overview as a downloadable file (B1's list, under its filter and search)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import tzinfo

from flows.domain.esf import Toestand
from flows.domain.rules.dates import day_in
from flows.engine.export_files import Cell, Export
from flows.ports.unit_of_work import ReadUnitOfWork

ESF_HEADERS = ("Klantnummer", "Jongere", "Toestand", "Startdatum", "Einddatum", "Laatst gewijzigd")


def esf_export(
    uow: ReadUnitOfWork,
    organisation_id: int,
    toestand: Toestand | None,
    term: str,
    zone: tzinfo,
    name: str = "esf-begeleidingen",
) -> Export:
    """The ESF overview under its filter and search, running lines first."""

    async def rows() -> AsyncIterator[Sequence[Cell]]:
        async for line in uow.begeleidingen.stream_overview(organisation_id, toestand, term):
            yield [
                line.klantnummer,
                line.naam,
                line.toestand.label,
                line.startdatum,
                line.einddatum,
                day_in(line.updated_at, zone),
            ]

    return Export(name, "ESF-begeleidingen", ESF_HEADERS, rows())
