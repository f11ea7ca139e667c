"""`registratiebot reminders due|send`: list what is due, or run one sweep and send."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from telegram.ext import ExtBot

from bot.app import build_app
from bot.reminders import ReminderService
from bot.settings import Settings
from bot.telegram.ordering import ChatRateLimiter
from bot.telegram.push import TelegramPusher
from bot.telegram.run import quiet_http_logs
from flows.domain.reminders import ReminderKind

KIND_NAMES = {
    ReminderKind.IDLE_CHEQUE: "cheque-zonder-gesprek",
    ReminderKind.LOW_MINUTES: "cheque-bijna-op",
    ReminderKind.IDLE_BEGELEIDING: "begeleiding-zonder-actie",
    ReminderKind.SAMENVATTING_WINDOW: "samenvatting-termijn",
    ReminderKind.REMOVALS_WAITING: "verwijderingen-wachten",
    ReminderKind.DECISION: "beslissing-verwijdering",
    ReminderKind.DIGEST: "weekoverzicht",
}


class RemindersCliError(Exception):
    """A one-line reason to stop."""


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    reminders = sub.add_parser(
        "reminders", help="reminders: list what is due, or send"
    ).add_subparsers(dest="reminders_command", required=True)
    due = reminders.add_parser("due", help="list the reminders due (nothing is sent or stored)")
    due.add_argument("--at", type=_day, metavar="YYYY-MM-DD", help="as on this day (default today)")
    reminders.add_parser("send", help="run one sweep and send what may go out now")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date as YYYY-MM-DD, got {text!r}") from None


async def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.reminders_command == "due":
        return await _due(settings, args.at)
    return await _send(settings)


async def _due(settings: Settings, at: date | None) -> int:
    """A line per reminder: person, kind, chequenummer or klantnummer."""
    app = await build_app(settings)
    try:
        service = ReminderService(app)
        day = at or service.now().astimezone(settings.timezone).date()
        listed = await service.due(day)
    finally:
        await app.close()
    for person, reminder in listed:
        print(f"{person}\t{KIND_NAMES[reminder.kind]}\t{reminder.reference}")
    print(f"{len(listed)} herinnering(en) due op {day.isoformat()}.", file=sys.stderr)
    return 0


async def _send(settings: Settings) -> int:
    if not settings.telegram_token:
        raise RemindersCliError("set TELEGRAM_BOT_TOKEN to send reminders")
    quiet_http_logs()
    app = await build_app(settings)
    bot = ExtBot(
        settings.telegram_token,
        base_url=settings.telegram_api_base_url,
        rate_limiter=ChatRateLimiter(max_retries=0),
    )
    try:
        async with bot:
            report = await ReminderService(app).run_once(TelegramPusher(bot))
    finally:
        await app.close()
    outcomes = ", ".join(f"{name}={count}" for name, count in sorted(report.outcomes.items()))
    print(f"reminders: created={report.created} sent={report.sent} {outcomes}".rstrip())
    return 0
