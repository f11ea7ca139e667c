"""The command line's administration: organisations, staff, and VDAB's files brought in."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from bot.app import build_app
from bot.cli.csv_files import parse_cheques_csv, parse_jongeren_csv, parse_payments_csv
from bot.cli.progress_bar import ProgressBar
from bot.settings import Settings
from flows.administration.imports import import_cheques, import_jongeren
from flows.administration.organisations import add_organisation, add_staff
from flows.administration.payments import import_payments
from flows.domain.administration import NewOrganisation, NewStaff
from flows.domain.errors import AdminError, ConcurrencyConflict
from flows.domain.staff import Role
from flows.ports.unit_of_work import UnitOfWork

ATTEMPTS = 3  # a change that lost a race is replayed, as the engine replays an update
KINDS = {"loopbaancentrum", "esf"}
Result = TypeVar("Result")


def add_commands(
    sub: argparse._SubParsersAction,  # type: ignore[type-arg]
) -> None:
    """`organisation add`, `staff add` and `import cheques|jongeren|betalingen`."""
    org = sub.add_parser("organisation", help="organisations").add_subparsers(
        dest="org_command", required=True
    )
    org_add = org.add_parser("add", help="add an organisation")
    org_add.add_argument("--name", required=True)
    org_add.add_argument(
        "--kind", required=True, help="loopbaancentrum, esf, or loopbaancentrum,esf"
    )
    staff = sub.add_parser("staff", help="staff members").add_subparsers(
        dest="staff_command", required=True
    )
    staff_add = staff.add_parser("add", help="add a staff member")
    staff_add.add_argument("--name", required=True, help='"Familienaam Voornaam"')
    staff_add.add_argument("--organisation", required=True)
    staff_add.add_argument("--role", required=True, choices=[role.value for role in Role])
    staff_add.add_argument("--telegram-id", type=int)
    imports = sub.add_parser("import", help="import VDAB data").add_subparsers(
        dest="import_command", required=True
    )
    cheques = imports.add_parser("cheques", help="issued cheques from CSV (re-import updates)")
    cheques.add_argument("file", type=Path)
    jongeren = imports.add_parser(
        "jongeren", help="jongeren for the ESF begeleiding from CSV (re-import updates)"
    )
    jongeren.add_argument("file", type=Path)
    payments = imports.add_parser(
        "betalingen", help="VDAB's payment list: chequenummer,gespreksdatum,bedrag,betaald_op"
    )
    payments.add_argument("file", type=Path)


async def run(args: argparse.Namespace, settings: Settings) -> int:
    """Carry out one administrative command and print what it did."""
    now = datetime.now(UTC)
    if args.command == "organisation":
        return await _add_organisation(settings, args.name, args.kind, now)
    if args.command == "staff":
        staff = NewStaff(args.name, Role(args.role), args.organisation, args.telegram_id)
        await _in_unit_of_work(settings, lambda uow: add_staff(uow, staff, now))
        print(f"Staff member {args.name!r} added to {args.organisation!r}.")
        return 0
    text = _read(args.file)
    if args.import_command == "cheques":
        cheques = parse_cheques_csv(text)
        with _bar("import", len(cheques)) as bar:
            done = await _in_unit_of_work(
                settings, lambda uow: import_cheques(uow, cheques, now, bar)
            )
        print(
            f"Imported {len(cheques)} cheques: {len(done.added)} new, {len(done.updated)} updated."
        )
        return 0
    if args.import_command == "jongeren":
        jongeren = parse_jongeren_csv(text, now.date())
        with _bar("import", len(jongeren)) as bar:
            done = await _in_unit_of_work(
                settings, lambda uow: import_jongeren(uow, jongeren, now, bar)
            )
        print(
            f"Imported {len(jongeren)} jongeren: "
            f"{len(done.added)} new, {len(done.updated)} updated."
        )
        return 0
    return await _import_payments(settings, text, now)


async def _add_organisation(settings: Settings, name: str, kind: str, now: datetime) -> int:
    kinds = {each.strip() for each in kind.split(",")}
    if not kinds or not kinds <= KINDS:
        raise AdminError("--kind must be loopbaancentrum, esf, or loopbaancentrum,esf")
    organisation = NewOrganisation(name, "loopbaancentrum" in kinds, "esf" in kinds)
    await _in_unit_of_work(settings, lambda uow: add_organisation(uow, organisation, now))
    print(f"Organisation {name!r} added.")
    return 0


async def _import_payments(settings: Settings, text: str, now: datetime) -> int:
    lines = parse_payments_csv(text)
    with _bar("import", len(lines)) as bar:
        report = await _in_unit_of_work(
            settings, lambda uow: import_payments(uow, lines, settings.rates, now, bar)
        )
    print(
        f"Imported {len(lines)} payments: {len(report.marked)} gesprekken marked as paid, "
        f"{report.unchanged} already marked, {len(report.problems)} reported."
    )
    for problem in report.problems:
        print(problem)
    return 0


@contextmanager
def _bar(label: str, total: int) -> Iterator[ProgressBar]:
    """A progress bar on the terminal (none when the output is not one), ended on leaving."""
    bar = ProgressBar(sys.stdout, label, total)
    try:
        yield bar
    finally:
        bar.close()


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise AdminError(f"cannot read {file}: {error}") from None


async def _in_unit_of_work(
    settings: Settings, change: Callable[[UnitOfWork], Awaitable[Result]]
) -> Result:
    """Run one change in its own transaction; replay it when a concurrent change won a race."""
    app = await build_app(settings)
    try:
        for _ in range(ATTEMPTS):
            try:
                async with app.unit_of_work() as uow:
                    result = await change(uow)
                    await uow.commit()
                return result
            except ConcurrencyConflict:
                continue
        raise AdminError("other changes to the same data kept coming in between; try again")
    except SQLAlchemyError as error:
        raise AdminError(f"database error: {error.__class__.__name__}") from error
    finally:
        await app.close()
