"""Settings from the environment (and an optional .env); a bad one is one clear line."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from flows.domain.rules.cheques import DEFAULT_THEMES
from flows.domain.rules.money import DEFAULT_RATES, RatesError, RateTable, parse_rates
from flows.domain.rules.reminders import (
    DEFAULT_IDLE_DAYS,
    HoursError,
    ReminderHours,
    parse_hours,
)

DEFAULT_DATABASE_PATH = Path("data") / "registratiebot.sqlite3"
# Each turn holds a connection while it runs; fewer kept open than turns at once made the
# pool open and close connections all the time (bench/telegram_load.py on PostgreSQL).
POOL_SIZE = 20
TELEGRAM_API = "https://api.telegram.org/bot"
WORKING_HOURS = ReminderHours()  # mon-fri 08:00-18:00


class SettingsError(Exception):
    """A setting is missing or malformed; the message names it and says what is expected."""


@dataclass(frozen=True)
class Settings:
    """Everything the application is built from.

    `fixed_now` (BOT_FIXED_NOW, read only when set) stops the conversations' clock at one
    moment, for tests and demonstrations that must agree with the bot on the day; leave it
    unset in production.
    """

    database_url: str
    telegram_token: str | None
    telegram_api_base_url: str
    timezone: ZoneInfo
    themes: tuple[str, ...] = DEFAULT_THEMES
    resume_after: timedelta = timedelta(minutes=30)
    uses_default_database: bool = False
    rates: RateTable = DEFAULT_RATES
    fixed_now: datetime | None = None
    reminder_idle_days: int = DEFAULT_IDLE_DAYS
    reminder_hours: ReminderHours = WORKING_HOURS
    reminder_sweep: timedelta = timedelta(seconds=300)  # zero: no sweep in the bot itself
    database_pool_size: int = POOL_SIZE  # PostgreSQL connections kept open by this process

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Read settings from the environment, falling back to a .env file for unset names."""
    merged: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        merged.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    merged.update(os.environ if environ is None else environ)
    return _parse(merged)


def _parse(env: Mapping[str, str]) -> Settings:
    raw_url = env.get("DATABASE_URL", "").strip()
    url = _database_url(raw_url) if raw_url else f"sqlite+aiosqlite:///{DEFAULT_DATABASE_PATH}"
    token = env.get("TELEGRAM_BOT_TOKEN", "").strip() or None
    if token is not None and (":" not in token or " " in token):
        raise SettingsError(
            "TELEGRAM_BOT_TOKEN does not look like a bot token (expected '<id>:<secret>')."
        )
    base = env.get("TELEGRAM_API_BASE_URL", "").strip() or TELEGRAM_API
    if not base.startswith(("http://", "https://")):
        raise SettingsError(f"TELEGRAM_API_BASE_URL must be an http(s) URL, got {base!r}.")
    zone_name = env.get("BOT_TIMEZONE", "").strip() or "Europe/Brussels"
    try:
        zone = ZoneInfo(zone_name)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"BOT_TIMEZONE {zone_name!r} is not a known time zone (e.g. Europe/Brussels)."
        ) from None
    themes = (
        tuple(t.strip() for t in env.get("CHEQUE_THEMES", "").split(";") if t.strip())
        or DEFAULT_THEMES
    )
    minutes = env.get("RESUME_AFTER_MINUTES", "").strip() or "30"
    if not (minutes.isascii() and minutes.isdigit()) or int(minutes) < 1:
        raise SettingsError(
            f"RESUME_AFTER_MINUTES must be a whole number of minutes, got {minutes!r}."
        )
    rates_text = env.get("HOURLY_RATES", "").strip()
    try:
        rates = parse_rates(rates_text) if rates_text else DEFAULT_RATES
    except RatesError as error:
        raise SettingsError(
            f"HOURLY_RATES: {error} (expected e.g. 2020-01-01=140.256;2026-01-01=150)."
        ) from None
    idle_days = _whole(env, "REMINDER_IDLE_DAYS", DEFAULT_IDLE_DAYS, 1)
    sweep = _whole(env, "REMINDER_SWEEP_SECONDS", 300, 0)
    pool_size = _whole(env, "DATABASE_POOL_SIZE", POOL_SIZE, 1)
    try:
        hours = parse_hours(env.get("REMINDER_HOURS", "").strip() or "mon-fri 08:00-18:00")
    except HoursError as error:
        raise SettingsError(f"REMINDER_HOURS: {error}.") from None
    return Settings(
        database_url=url,
        telegram_token=token,
        telegram_api_base_url=base,
        timezone=zone,
        themes=themes,
        resume_after=timedelta(minutes=int(minutes)),
        uses_default_database=not raw_url,
        rates=rates,
        fixed_now=_fixed_now(env.get("BOT_FIXED_NOW", "").strip(), zone),
        reminder_idle_days=idle_days,
        reminder_hours=hours,
        reminder_sweep=timedelta(seconds=sweep),
        database_pool_size=pool_size,
    )


def _whole(env: Mapping[str, str], name: str, default: int, least: int) -> int:
    """A whole number setting of at least `least`."""
    text = env.get(name, "").strip() or str(default)
    if not (text.isascii() and text.isdigit()) or int(text) < least:
        raise SettingsError(f"{name} must be a whole number of at least {least}, got {text!r}.")
    return int(text)


def _fixed_now(text: str, zone: ZoneInfo) -> datetime | None:
    """BOT_FIXED_NOW: an ISO date and time, in `zone` unless it gives its own offset."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise SettingsError(
            f"BOT_FIXED_NOW must be an ISO date and time such as 2026-03-10T10:00, got {text!r}."
        ) from None
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)


def _usable(url: str) -> str:
    """Refuse a SQLite path that is a folder before anything connects to it.

    aiosqlite's worker thread would otherwise report the failed open after the event loop
    has closed: a traceback after our one line.
    """
    path = url.split("///", 1)[-1] if url.startswith("sqlite") else ""
    if path and path != ":memory:" and Path(path).is_dir():
        raise SettingsError(
            f"cannot use the database: DATABASE_URL points at a folder ({path}), not a file."
        )
    return url


def _database_url(url: str) -> str:
    """Accept plain postgresql:// and sqlite:// URLs and pick the async driver for them."""
    for prefix, driver in (
        ("postgresql+asyncpg://", None),
        ("sqlite+aiosqlite://", None),
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
        ("sqlite://", "sqlite+aiosqlite://"),
    ):
        if url.startswith(prefix):
            return _usable(url if driver is None else driver + url[len(prefix) :])
    raise SettingsError(
        "DATABASE_URL must start with postgresql:// or sqlite:/// "
        f"(got {url.split(':', 1)[0]!r}...)."
    )
