"""Settings from the environment and an optional .env; a bad one is a SettingsError naming it."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.settings import Settings, SettingsError, load_settings
from flows.domain.rules.cheques import DEFAULT_THEMES


def load(tmp_path: Path, env_text: str | None = None, **environ: str) -> Settings:
    """Load settings from `environ` only, with a .env file holding `env_text` when given."""
    env_file = tmp_path / ".env"
    if env_text is not None:
        env_file.write_text(env_text, encoding="utf-8")
    return load_settings(environ=environ, env_file=env_file)


def test_nothing_set_gives_the_default_sqlite_database_brussels_and_telegram(
    tmp_path: Path,
) -> None:
    settings = load(tmp_path)
    assert settings.database_url == "sqlite+aiosqlite:///data/registratiebot.sqlite3"
    assert settings.uses_default_database is True
    assert settings.is_sqlite is True
    assert settings.timezone == ZoneInfo("Europe/Brussels")
    assert settings.telegram_api_base_url == "https://api.telegram.org/bot"
    assert settings.telegram_token is None
    assert settings.themes == DEFAULT_THEMES
    assert settings.resume_after == timedelta(minutes=30)


def test_empty_values_count_as_unset(tmp_path: Path) -> None:
    settings = load(
        tmp_path, DATABASE_URL=" ", TELEGRAM_BOT_TOKEN="", TELEGRAM_API_BASE_URL="", BOT_TIMEZONE=""
    )
    assert settings.uses_default_database is True
    assert settings.telegram_token is None
    assert settings.timezone == ZoneInfo("Europe/Brussels")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://bot:pw@db:5432/reg", "postgresql+asyncpg://bot:pw@db:5432/reg"),
        ("postgres://bot@db/reg", "postgresql+asyncpg://bot@db/reg"),
        ("postgresql+asyncpg://bot@db/reg", "postgresql+asyncpg://bot@db/reg"),
        ("sqlite:////srv/bot/reg.sqlite3", "sqlite+aiosqlite:////srv/bot/reg.sqlite3"),
        ("sqlite+aiosqlite:///reg.sqlite3", "sqlite+aiosqlite:///reg.sqlite3"),
    ],
)
def test_database_urls_get_the_async_driver(tmp_path: Path, given: str, expected: str) -> None:
    settings = load(tmp_path, DATABASE_URL=given)
    assert settings.database_url == expected
    assert settings.uses_default_database is False


def test_a_postgresql_url_is_not_sqlite(tmp_path: Path) -> None:
    assert load(tmp_path, DATABASE_URL="postgresql://db/reg").is_sqlite is False


def test_the_database_pool_keeps_twenty_connections_unless_told_otherwise(tmp_path: Path) -> None:
    assert load(tmp_path).database_pool_size == 20
    assert load(tmp_path, DATABASE_POOL_SIZE="8").database_pool_size == 8


@pytest.mark.parametrize(
    ("name", "value", "named"),
    [
        ("DATABASE_URL", "mysql://bot@db/reg", "DATABASE_URL"),
        ("DATABASE_URL", "reg.sqlite3", "DATABASE_URL"),
        ("BOT_TIMEZONE", "Mars/Olympus", "BOT_TIMEZONE"),
        ("BOT_TIMEZONE", "../../etc/passwd", "BOT_TIMEZONE"),
        ("TELEGRAM_BOT_TOKEN", "not-a-token", "TELEGRAM_BOT_TOKEN"),
        ("TELEGRAM_BOT_TOKEN", "123 456:secret", "TELEGRAM_BOT_TOKEN"),
        ("TELEGRAM_API_BASE_URL", "ftp://api.example/bot", "TELEGRAM_API_BASE_URL"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org/bot", "TELEGRAM_API_BASE_URL"),
        ("RESUME_AFTER_MINUTES", "soon", "RESUME_AFTER_MINUTES"),
        ("RESUME_AFTER_MINUTES", "0", "RESUME_AFTER_MINUTES"),
        ("RESUME_AFTER_MINUTES", "-5", "RESUME_AFTER_MINUTES"),
        ("RESUME_AFTER_MINUTES", "1.5", "RESUME_AFTER_MINUTES"),
        ("BOT_FIXED_NOW", "gisteren", "BOT_FIXED_NOW"),
        ("DATABASE_POOL_SIZE", "0", "DATABASE_POOL_SIZE"),
        ("DATABASE_POOL_SIZE", "veel", "DATABASE_POOL_SIZE"),
    ],
)
def test_a_malformed_setting_raises_a_settings_error_naming_it(
    tmp_path: Path, name: str, value: str, named: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        load(tmp_path, **{name: value})
    message = str(raised.value)
    assert named in message
    assert "\n" not in message


def test_the_database_url_error_does_not_echo_the_password(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as raised:
        load(tmp_path, DATABASE_URL="mysql://bot:geheim@db/reg")
    assert "geheim" not in str(raised.value)
    assert "'mysql'" in str(raised.value)


def test_the_time_zone_error_names_the_bad_zone_and_an_example(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as raised:
        load(tmp_path, BOT_TIMEZONE="Mars/Olympus")
    assert str(raised.value) == (
        "BOT_TIMEZONE 'Mars/Olympus' is not a known time zone (e.g. Europe/Brussels)."
    )


def test_valid_token_time_zone_base_url_and_resume_are_taken(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        TELEGRAM_BOT_TOKEN=" 123456:ABC-def_ghi ",
        BOT_TIMEZONE="Europe/Amsterdam",
        TELEGRAM_API_BASE_URL="http://localhost:8081/bot",
        RESUME_AFTER_MINUTES="45",
    )
    assert settings.telegram_token == "123456:ABC-def_ghi"
    assert settings.timezone == ZoneInfo("Europe/Amsterdam")
    assert settings.telegram_api_base_url == "http://localhost:8081/bot"
    assert settings.resume_after == timedelta(minutes=45)


def test_cheque_themes_are_a_semicolon_list_with_blanks_dropped(tmp_path: Path) -> None:
    settings = load(tmp_path, CHEQUE_THEMES=" Loopbaan ; Werk en welzijn;;Ondernemen ;")
    assert settings.themes == ("Loopbaan", "Werk en welzijn", "Ondernemen")


def test_cheque_themes_of_only_separators_fall_back_to_the_defaults(tmp_path: Path) -> None:
    assert load(tmp_path, CHEQUE_THEMES=" ; ;").themes == DEFAULT_THEMES


def test_a_dotenv_file_is_read(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        "# local settings\nDATABASE_URL=postgresql://bot@db/reg\nBOT_TIMEZONE=Europe/Paris\n"
        'CHEQUE_THEMES="Een;Twee"\n',
    )
    assert settings.database_url == "postgresql+asyncpg://bot@db/reg"
    assert settings.timezone == ZoneInfo("Europe/Paris")
    assert settings.themes == ("Een", "Twee")
    assert settings.uses_default_database is False


def test_the_environment_wins_over_the_dotenv_file(tmp_path: Path) -> None:
    settings = load(
        tmp_path,
        "DATABASE_URL=postgresql://bot@db/reg\nBOT_TIMEZONE=Europe/Paris\n",
        BOT_TIMEZONE="Europe/Brussels",
    )
    assert settings.timezone == ZoneInfo("Europe/Brussels")
    assert settings.database_url == "postgresql+asyncpg://bot@db/reg"


def test_a_bad_setting_in_the_dotenv_file_is_reported_too(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="RESUME_AFTER_MINUTES"):
        load(tmp_path, "RESUME_AFTER_MINUTES=half an hour\n")


def test_a_missing_dotenv_file_or_none_is_fine(tmp_path: Path) -> None:
    assert load_settings(environ={}, env_file=tmp_path / "absent.env").uses_default_database
    assert load_settings(environ={}, env_file=None).uses_default_database


def test_a_fixed_now_stops_the_clock_in_the_bot_time_zone_only_when_set(tmp_path: Path) -> None:
    assert load(tmp_path).fixed_now is None
    brussels = ZoneInfo("Europe/Brussels")
    fixed = load(tmp_path, BOT_FIXED_NOW="2026-03-10T10:00").fixed_now
    assert fixed == datetime(2026, 3, 10, 10, 0, tzinfo=brussels)
    assert fixed is not None
    assert fixed.tzinfo == brussels


def test_an_empty_resume_after_minutes_falls_back_to_thirty_like_the_other_settings(
    tmp_path: Path,
) -> None:
    assert load(tmp_path, "RESUME_AFTER_MINUTES=\n").resume_after == timedelta(minutes=30)


def test_a_superscript_digit_in_resume_after_minutes_is_a_settings_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="RESUME_AFTER_MINUTES"):
        load(tmp_path, RESUME_AFTER_MINUTES="²")


def test_hourly_rates_default_to_the_public_figure_and_can_be_given_by_period(
    tmp_path: Path,
) -> None:
    from datetime import date
    from decimal import Decimal

    assert load(tmp_path).rates.on(date(2026, 3, 10)) == Decimal("140.256")
    rates = load(tmp_path, HOURLY_RATES="2020-01-01=140.256;2026-01-01=150").rates
    assert rates.on(date(2026, 3, 10)) == Decimal("150")


@pytest.mark.parametrize("value", ["150", "2020-01-01=nul", "2020-01-01=140;2020-01-01=150"])
def test_a_bad_hourly_rates_table_is_one_line_naming_the_setting(
    tmp_path: Path, value: str
) -> None:
    with pytest.raises(SettingsError, match=r"^HOURLY_RATES: .*expected e\.g\.") as raised:
        load(tmp_path, HOURLY_RATES=value)
    assert "\n" not in str(raised.value)
