"""The `registratiebot` command: run a channel, manage the database, bring data in."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import OperationalError

from bot import demo
from bot.app import FLOWS, App, build_app
from bot.cli import administration, overviews, reminders, telegram
from bot.console import Console
from bot.diagram import mermaid, update_readme
from bot.reminders import ReminderService
from bot.settings import Settings, SettingsError, load_settings
from bot.telegram.run import Polling
from flows.domain.errors import AdminError
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
    administration.add_commands(sub)
    overviews.add_commands(sub)
    telegram.add_commands(sub)
    reminders.add_commands(sub)
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
        AdminError,
        telegram.TelegramCliError,
        overviews.OverviewCliError,
        reminders.RemindersCliError,
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
            return await telegram.run_telegram(settings, Polling())
        return await _console(settings, None)
    if command in ("telegram", "webhook"):
        return await telegram.run_telegram(settings, telegram.mode_from(args))
    if command == "invite":
        return await telegram.invite(settings, args.staff)
    if command == "console":
        return await _console(settings, args.as_name)
    if command == "reminders":
        return await reminders.run(args, settings)
    if command == "export":
        return await overviews.export(settings, args)
    if command == "db":
        database = create_engine(settings.database_url)
        try:
            await upgrade(database)
        finally:
            await database.dispose()
        print("Database is up to date.")
        return 0
    return await administration.run(args, settings)


async def _console(settings: Settings, as_name: str | None) -> int:
    app = await build_app(settings)
    try:
        staff_id = await _console_staff(app, as_name)
        interactive = sys.stdin.isatty()
        console = Console(
            app.engine,
            staff_id,
            sys.stdout,
            sys.stdin.readline,
            echo=not interactive,
            reminders=await _has_reminders(app, staff_id),
        )
        if interactive:
            print("registratiebot — console. Typ /help voor hulp, /stop om te stoppen.\n")
        await console.run()
        return 0
    finally:
        await app.close()


async def _has_reminders(app: App, staff_id: int) -> bool:
    """Sweep first (the console may be the only channel), then: anything open for this person?"""
    service = ReminderService(app)
    await service.sweep(service.now())
    async with app.unit_of_work() as uow:
        return bool(await uow.reminders.open_for(staff_id))


async def _console_staff(app: App, as_name: str | None) -> int:
    """Pick the staff member; on the default database, fill in demo data the first time."""
    async with app.unit_of_work() as uow:
        if app.settings.uses_default_database and await demo.needs_demo_data(uow):
            await demo.seed_demo(uow, app.engine.clock.now())
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


def _diagram(args: argparse.Namespace) -> int:
    flows = {flow.command: flow for flow in FLOWS}
    if args.write:
        changed = update_readme(args.write, flows)
        print(f"{args.write}: {'updated' if changed else 'already up to date'}")
    else:
        for flow in FLOWS:
            print(f"%% {flow.title} (/{flow.command})\n{mermaid(flow)}\n")
    return 0
