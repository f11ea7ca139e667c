"""A download that takes a while says how far it is: one message, edited as lines are written."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

import openpyxl
import pytest

from bot.app import App
from flows.engine import progress
from flows.engine.clock import FixedClock
from flows.engine.progress import DownloadProgress, progress_text
from tests.fake_bot_api import FakeBotApi
from tests.overview_support import issue, organisation_id, register
from tests.support import World
from tests.telegram_support import TelegramUserDriver, telegram_app


class Ticks:
    """A clock the test moves."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_progress_reads_as_lines_of_the_total_with_belgian_thousands() -> None:
    assert progress_text(40_000, 119_067) == "⏳ 40.000 van 119.067 lijnen"
    assert progress_text(500, None) == "⏳ 500 lijnen"


async def test_a_quick_download_says_nothing_and_a_slow_one_edits_one_message() -> None:
    shown: list[str] = []

    async def show(text: str) -> None:
        shown.append(text)

    ticks = Ticks()
    quick = DownloadProgress(show, 1000, ticks)
    ticks.now = 1.0
    await quick(500)
    await quick.finish(1000)
    assert shown == []  # within the first seconds: nothing to say
    ticks.now = 0.0
    slow = DownloadProgress(show, 119_067, ticks)
    for rows, at in ((500, 1.0), (40_000, 2.5), (40_500, 3.0), (80_000, 4.5)):
        ticks.now = at
        await slow(rows)
    await slow.finish(119_067)
    assert shown == [
        "⏳ 40.000 van 119.067 lijnen",
        "⏳ 80.000 van 119.067 lijnen",  # 40.500 came too soon after the last edit
        "✅ 119.067 lijnen geschreven",
    ]


async def test_telegram_shows_a_downloads_progress_then_sends_the_file(
    app: App, world: World, clock: FixedClock, fake: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)  # every download counts as slow here
    monkeypatch.setattr(progress, "EVERY", 0.0)
    brug = await organisation_id(app, "De Brug")
    numbers = await issue(app, clock.now(), [f"Klant Voortgang{n}" for n in range(3)], first=80)
    for n, number in enumerate(numbers):
        await register(app, brug, world.an, number, clock.now() - timedelta(hours=n))
    application = telegram_app(app, fake)
    async with application:
        an = TelegramUserDriver(application, fake, 5001)
        await an.send("/overzicht")
        await an.press("⬇ Excel")
    methods = [(c.method, c.params.get("text")) for c in fake.calls if c.method != "getMe"]
    shown = methods.index(("sendMessage", "⏳ 3 van 3 lijnen"))
    done = methods.index(("editMessageText", "✅ 3 lijnen geschreven"))
    sent = [i for i, (method, _) in enumerate(methods) if method == "sendDocument"]
    assert shown < done < sent[0]
    question = [i for i, (m, t) in enumerate(methods) if t and "📋 Overzicht" in t]
    assert question[-1] < shown  # below the re-asked overview, not above it
    document = next(c for c in fake.calls if c.method == "sendDocument")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(document.params["document"]))[
            "Overzicht begeleidingen"
        ].iter_rows(values_only=True)
    )
    assert [row[2] for row in rows[1:]] == [f"Klant Voortgang{n}" for n in range(3)]
    assert isinstance(rows[1][9], datetime)  # a real date, read back
