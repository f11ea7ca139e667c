"""Reminders on the other channels: the command line (due, send) and the console."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.app import App
from bot.cli import _has_reminders
from bot.cli.reminders import _due, _send
from bot.console import Console
from bot.settings import Settings, SettingsError, load_settings
from flows.domain.rules.reminders import parse_hours
from flows.engine.clock import FixedClock
from tests.fake_bot_api import TOKEN, FakeBotApi
from tests.gesprek_support import registered
from tests.reminder_support import AN_CHAT, outbox
from tests.support import World


async def test_reminders_due_lists_a_line_per_reminder_without_storing_or_sending(
    app: App, world: World, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    await registered(app, world.an)
    await _due(app.settings, date(2026, 4, 8))
    assert capsys.readouterr().out == ""
    await _due(app.settings, date(2026, 4, 9))
    assert capsys.readouterr().out == "Peeters An\tcheque-zonder-gesprek\t123456\n"
    assert await outbox(app) == []


async def test_reminders_send_runs_one_sweep_and_sends(
    app: App, world: World, clock: FixedClock, capsys: pytest.CaptureFixture[str]
) -> None:
    await registered(app, world.an)
    fake = FakeBotApi()
    await fake.start()
    try:
        settings = replace(
            app.settings,
            telegram_token=TOKEN,
            telegram_api_base_url=fake.base_url,
            fixed_now=clock.now() + timedelta(days=30),
        )
        await _send(settings)
        assert "reminders: created=1 sent=1" in capsys.readouterr().out
        (sent,) = [m for (chat, _), m in fake.messages.items() if chat == AN_CHAT]
        assert "Loopbaancheque 123456" in sent["text"]
        await _send(settings)
        assert "reminders: created=0 sent=0" in capsys.readouterr().out
    finally:
        await fake.stop()


async def test_the_console_shows_open_reminders_when_it_starts(
    app: App, world: World, clock: FixedClock
) -> None:
    await registered(app, world.an)
    assert not await _has_reminders(app, world.an)
    clock.advance(timedelta(days=30))
    assert await _has_reminders(app, world.an)
    out = io.StringIO()
    console = Console(app.engine, world.an, out, lambda: "", echo=True, reminders=True)
    await console.run()
    shown = out.getvalue()
    assert "⏰ Herinnering\n\nLoopbaancheque 123456 · Vermeulen Els" in shown
    assert "[1] Gesprek registreren" in shown


def test_reminder_settings_are_read_and_bad_ones_named(tmp_path: Path) -> None:
    def load(**environ: str) -> Settings:
        return load_settings(environ=environ, env_file=tmp_path / "none.env")

    defaults = load()
    assert defaults.reminder_idle_days == 30
    assert defaults.reminder_hours == parse_hours("mon-fri 08:00-18:00")
    assert defaults.reminder_sweep == timedelta(seconds=300)
    chosen = load(
        REMINDER_IDLE_DAYS="14", REMINDER_HOURS="mon-sun 00:00-24:00", REMINDER_SWEEP_SECONDS="0"
    )
    assert (chosen.reminder_idle_days, chosen.reminder_sweep) == (14, timedelta(0))
    assert chosen.reminder_hours == parse_hours("mon-sun 00:00-24:00")
    for name, value in (
        ("REMINDER_IDLE_DAYS", "0"),
        ("REMINDER_SWEEP_SECONDS", "vijf"),
        ("REMINDER_HOURS", "weekdagen"),
    ):
        with pytest.raises(SettingsError, match=name):
            load(**{name: value})
