"""The command line's overview part: export an overview to a file, as the chat downloads it."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from bot.app import build_app
from bot.cli.progress_bar import ProgressBar
from bot.settings import Settings
from flows.domain.errors import Refusal
from flows.domain.overviews import FinancialQuery, OverviewQuery, PaidFilter, StatusFilter
from flows.domain.rules.keywords import Keyword, classify
from flows.domain.staff import Organisation
from flows.engine.export_files import FORMATS, Export, file_name, write_export
from flows.esf.answers import EsfFilter
from flows.esf.choose_begeleiding import FILTERS
from flows.esf.exports import esf_export
from flows.overviews.exports import financial_export, overview_export
from flows.ports.unit_of_work import ReadUnitOfWork, UnitOfWork

WHICH = ("overzicht", "financieel", "esf")
STATUSES: dict[str, list[str]] = {
    "overzicht": [each.value for each in StatusFilter] + ["in_gebruik"],
    "financieel": [each.value for each in PaidFilter],
    "esf": [each.value for each in EsfFilter],
}


class OverviewCliError(Exception):
    """A one-line reason to stop."""


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    export = sub.add_parser(
        "export", help="write an overview (with a filter and trefwoord) to a CSV or XLSX file"
    )
    export.add_argument("which", choices=WHICH)
    export.add_argument("--format", choices=FORMATS, default="csv")
    export.add_argument("--organisation", metavar="NAME", help="needed when there are several")
    export.add_argument(
        "--status",
        help="overzicht: actief (default), alle, afgesloten, stopgezet; "
        "financieel: alle (default), betaald, niet_betaald; esf: alle (default), bezig, beeindigd",
    )
    export.add_argument("--zoek", metavar="TREFWOORD", default="", help="as typed in the chat")
    export.add_argument(
        "--output", type=Path, help="file to write (default: exports/<name>-<date>.<format>)"
    )


async def export(settings: Settings, args: argparse.Namespace) -> int:
    """Write the chosen overview to a file and say where."""
    status = args.status or ("actief" if args.which == "overzicht" else "alle")
    if status not in STATUSES[args.which]:
        allowed = ", ".join(STATUSES[args.which])
        raise OverviewCliError(f"--status for {args.which} is one of: {allowed}")
    _keyword(args.zoek)  # refuse a bad trefwoord before touching the database
    today = datetime.now(settings.timezone).date()
    app = await build_app(settings)
    try:
        async with app.unit_of_work() as uow:
            organisation = await _organisation(uow, args.organisation, args.which)
        async with app.reader() as reader:  # a running bot's writers go on meanwhile
            prepared = _export(reader, settings, args.which, organisation, status, args.zoek)
            path = args.output or Path("exports") / file_name(prepared.name, args.format, today)
            path.parent.mkdir(parents=True, exist_ok=True)
            bar = ProgressBar(sys.stdout, "export", None)
            if bar.enabled and prepared.count is not None:
                bar = ProgressBar(sys.stdout, "export", await prepared.count())
            try:
                rows = await write_export(prepared, args.format, path, bar)
            except Refusal as refusal:  # too many lines for one Excel sheet: the file is gone
                raise OverviewCliError(refusal.message) from None
            finally:
                bar.close()
    finally:
        await app.close()
    print(f"Wrote {rows} rows to {path}.")
    return 0


def _export(
    uow: ReadUnitOfWork,
    settings: Settings,
    which: str,
    organisation: tuple[int, str],
    status: str,
    term: str,
) -> Export:
    """The same rows the chat would download under this filter and trefwoord."""
    organisation_id, name = organisation
    keyword, zone = _keyword(term), settings.timezone
    if which == "overzicht":
        filter_ = StatusFilter.ACTIEF if status == "in_gebruik" else StatusFilter(status)
        query = OverviewQuery(organisation_id, filter_, keyword, settings.rates)
        return overview_export(uow, query, zone, f"overzicht {name}")
    if which == "financieel":
        paid = FinancialQuery(organisation_id, PaidFilter(status), keyword, settings.rates)
        return financial_export(uow, paid, settings.rates, zone, f"financieel {name}")
    toestand = FILTERS[EsfFilter(status)]
    return esf_export(uow, organisation_id, toestand, term, zone, f"esf-begeleidingen {name}")


def _keyword(term: str) -> Keyword | None:
    if not term.strip():
        return None
    try:
        return classify(term)
    except Refusal as refusal:
        raise OverviewCliError(f"--zoek: {refusal.message}") from None


async def _organisation(uow: UnitOfWork, name: str | None, which: str) -> tuple[int, str]:
    """The named organisation, or the only one of the right kind."""

    def right_kind(organisation: Organisation) -> bool:
        return organisation.is_esf if which == "esf" else organisation.is_loopbaancentrum

    found = [each for each in await uow.organisations.all() if right_kind(each)]
    if name is not None:
        found = [each for each in found if each.name == " ".join(name.split())]
        if not found:
            raise OverviewCliError(f"no organisation named {name!r} of the right kind for {which}")
    if len(found) != 1:
        raise OverviewCliError("give --organisation NAME: there is more than one organisation")
    return found[0].id, found[0].name
