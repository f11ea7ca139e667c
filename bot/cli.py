"""The `registratiebot` command: run a channel, manage the database, bring data in."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

from bot import cli_overviews, cli_telegram
from bot.app import FLOWS, App, build_app
from bot.console import Console
from bot.diagram import mermaid, update_readme
from bot.settings import Settings, SettingsError, load_settings
from bot.telegram.run import Polling
from flows.domain import Role
from storage import admin, demo
from storage.database import create_engine, upgrade


class CliError(Exception):
    """A one-line reason to stop, printed without a traceback."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="registratiebot", description=__doc__)
    sub = parser.add_subparsers(dest="command")
    sub.add_parser(
        "run", help="start the bot: Telegram when TELEGRAM_BOT_TOKEN is set, else the console"
    )
    console = sub.add_parser("console", help="chat in this terminal")
    console.add_argument(
        "--as",
        dest="as_name",
        metavar="NAME",
        help='act as this staff member ("Familienaam Voornaam")',
    )
    db = sub.add_parser("db", help="database maintenance").add_subparsers(
        dest="db_command", required=True
    )
    db.add_parser("upgrade", help="apply the migrations")
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
    cli_overviews.add_commands(sub, imports)
    cli_telegram.add_commands(sub)
    diagram = sub.add_parser(
        "diagram", help="print the flows as Mermaid, or refresh them in a file"
    )
    diagram.add_argument(
        "--write", type=Path, metavar="README", help="replace the diagram blocks in this file"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: parse, run, and turn every expected failure into one line on stderr."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "diagram":
            return _diagram(args)
        settings = load_settings()
        return asyncio.run(_dispatch(args, settings))
    except (
        CliError,
        SettingsError,
        admin.AdminError,
        cli_telegram.TelegramCliError,
        cli_overviews.OverviewCliError,
    ) as error:
        print(f"registratiebot: {error}", file=sys.stderr)
        return 2
    except OperationalError as error:
        print(f"registratiebot: cannot use the database: {error.orig}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"registratiebot: cannot reach the database: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


async def _dispatch(args: argparse.Namespace, settings: Settings) -> int:
    command = args.command or "run"
    if command == "run":
        if settings.telegram_token:
            return await cli_telegram.run_telegram(settings, Polling())
        return await _console(settings, None)
    if command in ("telegram", "webhook"):
        return await cli_telegram.run_telegram(settings, cli_telegram.mode_from(args))
    if command == "invite":
        return await cli_telegram.invite(settings, args.staff)
    if command == "console":
        return await _console(settings, args.as_name)
    if command == "export":
        return await cli_overviews.export(settings, args)
    if command == "import" and args.import_command == "betalingen":
        return await cli_overviews.payments(settings, args.file)
    if command == "db":
        database = create_engine(settings.database_url)
        try:
            await upgrade(database)
        finally:
            await database.dispose()
        print("Database is up to date.")
        return 0
    return await _data_in(args, settings)


async def _console(settings: Settings, as_name: str | None) -> int:
    app = await build_app(settings)
    try:
        staff_id = await _console_staff(app, as_name)
        interactive = sys.stdin.isatty()
        console = Console(
            app.engine, staff_id, sys.stdout, sys.stdin.readline, echo=not interactive
        )
        if interactive:
            print("registratiebot — console. Typ /help voor hulp, /stop om te stoppen.\n")
        await console.run()
        return 0
    finally:
        await app.close()


async def _console_staff(app: App, as_name: str | None) -> int:
    """Pick the staff member; on the default database, fill in demo data the first time."""
    async with app.unit_of_work() as uow:
        if app.settings.uses_default_database and await demo.needs_demo_data(uow.session):
            await demo.seed_demo(uow.session, app.engine.clock.now())
            await uow.commit()
            print(f"Demo data created in {app.settings.database_url.split('///', 1)[-1]}.\n")
        name = as_name or (demo.DEMO_USER if app.settings.uses_default_database else None)
        if name is None:
            raise CliError(
                'give --as "Familienaam Voornaam" to choose who you are on this database'
            )
        staff = await uow.staff.by_name(" ".join(name.split()))
        if staff is None:
            raise CliError(
                f"no staff member named {name!r}; add one with `registratiebot staff add`"
            )
        return staff.id


async def _data_in(args: argparse.Namespace, settings: Settings) -> int:
    now = datetime.now(UTC)
    action: Callable[[AsyncSession], Awaitable[str]]
    if args.command == "organisation":
        kinds = {kind.strip() for kind in args.kind.split(",")}
        if not kinds or not kinds <= {"loopbaancentrum", "esf"}:
            raise CliError("--kind must be loopbaancentrum, esf, or loopbaancentrum,esf")

        async def action(session: AsyncSession) -> str:
            await admin.add_organisation(
                session,
                args.name,
                loopbaancentrum="loopbaancentrum" in kinds,
                esf="esf" in kinds,
                now=now,
            )
            return f"Organisation {args.name!r} added."
    elif args.command == "staff":

        async def action(session: AsyncSession) -> str:
            await admin.add_staff(
                session,
                args.name,
                organisation=args.organisation,
                role=Role(args.role),
                telegram_id=args.telegram_id,
                now=now,
            )
            return f"Staff member {args.name!r} added to {args.organisation!r}."
    else:
        try:
            text = args.file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CliError(f"cannot read {args.file}: {error}") from None
        if args.import_command == "jongeren":
            rows = admin.parse_jongeren_csv(text, now.date())

            async def action(session: AsyncSession) -> str:
                added, updated = await admin.import_jongeren(session, rows, now)
                return f"Imported {len(rows)} jongeren: {added} new, {updated} updated."
        else:
            lines = admin.parse_cheques_csv(text)

            async def action(session: AsyncSession) -> str:
                added, updated = await admin.import_cheques(session, lines, now)
                return f"Imported {len(lines)} cheques: {added} new, {updated} updated."

    app = await build_app(settings)
    try:
        async with app.unit_of_work() as uow:
            message = await action(uow.session)
            await uow.commit()
    except SQLAlchemyError as error:
        raise CliError(f"database error: {error.__class__.__name__}") from error
    finally:
        await app.close()
    print(message)
    return 0


def _diagram(args: argparse.Namespace) -> int:
    flows = {flow.command: flow for flow in FLOWS}
    if args.write:
        changed = update_readme(args.write, flows)
        print(f"{args.write}: {'updated' if changed else 'already up to date'}")
    else:
        for flow in FLOWS:
            print(f"%% {flow.title} (/{flow.command})\n{mermaid(flow)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
