"""📊 Grafiek: /financieel and /esfoverzicht send the last 12 months as a PNG picture, through
the engine, the console and Telegram; what the ESF chart counts, as a rule."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

from PIL import Image

from bot.app import App
from bot.console import Console
from flows.domain.cheques import GesprekType
from flows.domain.esf import EsfSpan, Resultaat
from flows.engine.clock import FixedClock
from flows.engine.values import Text, parse_typed
from flows.esf.charts import esf_panels
from flows.widgets.charts import last_months, month_label
from tests.esf_support import YASMINE, line_id, seed_esf
from tests.esf_support import register as register_esf
from tests.fake_bot_api import FakeBotApi
from tests.overview_support import add, issue, organisation_id, register
from tests.support import Chat, World
from tests.telegram_support import TelegramUserDriver, telegram_app

PNG = b"\x89PNG\r\n\x1a\n"


def _picture(data: bytes) -> tuple[int, int]:
    """The size of a valid PNG (Pillow reads it through, or raises)."""
    assert data.startswith(PNG)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        image.load()
        return image.size


def test_the_last_twelve_months_end_with_this_one() -> None:
    months = last_months(date(2026, 3, 10))
    assert months[0] == date(2025, 4, 1)
    assert months[-1] == date(2026, 3, 1)
    assert len(months) == 12
    assert month_label(date(2026, 3, 1)) == "mrt\n26"


def test_the_esf_chart_counts_started_ended_and_resultaten_per_month() -> None:
    months = last_months(date(2026, 3, 10))
    spans = [
        EsfSpan(date(2026, 1, 5), date(2026, 3, 2), Resultaat.KWALIFICATIE),
        EsfSpan(date(2026, 3, 1), None, None),
        EsfSpan(date(2025, 2, 1), date(2026, 3, 9), Resultaat.GEEN_KWALIFICATIE),
    ]
    started, results = esf_panels(spans, months)
    assert [s.label for s in started.series] == ["gestart", "beëindigd"]
    assert started.series[0].values[-3:] == [1, 0, 1]  # january and march; february none
    assert sum(started.series[0].values) == 2  # one started before the twelve months
    assert started.series[1].values[-1] == 2
    by_label = {s.label: s.values for s in results.series}
    assert by_label["+ kwalificatie behaald"][-1] == 1
    assert by_label["− geen kwalificatie, geen werk"][-1] == 1
    assert sum(sum(values) for values in by_label.values()) == 2


async def _paid_gesprekken(app: App, world: World, clock: FixedClock) -> None:
    brug = await organisation_id(app, "De Brug")
    numbers = await issue(app, clock.now(), ["Klant Grafiek", "Klant Tweede"], first=90)
    first = await register(app, brug, world.an, numbers[0], clock.now() - timedelta(days=40))
    await register(app, brug, world.an, numbers[1], clock.now() - timedelta(days=3))
    await add(app, first, world.an, clock.now() - timedelta(days=1), GesprekType.VERDIEPING)


async def test_financieel_sends_a_chart_of_the_last_twelve_months(
    app: App, world: World, clock: FixedClock
) -> None:
    await _paid_gesprekken(app, world, clock)
    chat = Chat(app, world.an)
    await chat.command("financieel")
    assert "📊 Grafiek" in chat.labels
    replies = await chat.choose("grafiek")
    assert replies.text.startswith("📊 De gesprekken die VDAB vergoedt, per registratiemaand")
    document = replies.document
    assert document is not None
    assert document.image
    assert document.filename == "grafiek-financieel-de-brug-2026-03-10.png"
    path = Path(document.path)
    width, height = _picture(path.read_bytes())
    path.unlink()
    assert (width, height) == (900, 1200)  # upright, for a phone


async def test_the_esf_overview_sends_a_chart_of_its_lines(
    app: App, world: World, clock: FixedClock
) -> None:
    esf = await seed_esf(app, world, clock.now())
    chat = Chat(app, esf.noor)
    await register_esf(chat)
    await register_esf(chat, YASMINE, "01/02/2026")
    async with app.unit_of_work() as uow:  # one of them ended, with a resultaat
        ended = await line_id(app, YASMINE)
        await uow.begeleidingen.close(ended, date(2026, 3, 5), Resultaat.KWALIFICATIE, clock.now())
        await uow.commit()
        spans = await uow.begeleidingen.spans(esf.duaal_plus, date(2025, 4, 1))
    assert sorted(spans, key=lambda s: s.startdatum) == [
        EsfSpan(date(2026, 2, 1), date(2026, 3, 5), Resultaat.KWALIFICATIE),
        EsfSpan(date(2026, 3, 2), None, None),
    ]
    await chat.command("esfoverzicht")
    reply = await chat.press("📊 Grafiek")
    assert reply.text.startswith("📊 De begeleidingen van de laatste 12 maanden")
    assert reply.document is not None
    assert reply.document.image
    path = Path(reply.document.path)
    _picture(path.read_bytes())
    path.unlink()


async def test_the_console_saves_the_chart_and_prints_where(
    app: App, world: World, clock: FixedClock, tmp_path: Path
) -> None:
    await _paid_gesprekken(app, world, clock)
    out = io.StringIO()
    console = Console(app.engine, world.an, out, lambda: "", echo=True, exports=tmp_path)
    await console.send(parse_typed("/financieel"))
    await console.send(Text("📊 Grafiek"))
    saved = tmp_path / "grafiek-financieel-de-brug-2026-03-10.png"
    assert f"📎 Bestand opgeslagen: {saved}" in out.getvalue()
    _picture(saved.read_bytes())


async def test_telegram_shows_the_chart_as_a_photo(
    app: App, world: World, clock: FixedClock, fake: FakeBotApi
) -> None:
    await _paid_gesprekken(app, world, clock)
    application = telegram_app(app, fake)
    async with application:
        an = TelegramUserDriver(application, fake, 5001)
        await an.send("/financieel")
        await an.press("📊 Grafiek")
    photos = [call for call in fake.calls if call.method == "sendPhoto"]
    assert len(photos) == 1
    assert photos[0].params["_filename"] == "grafiek-financieel-de-brug-2026-03-10.png"
    assert _picture(photos[0].params["photo"]) == (900, 1200)
    assert not [call for call in fake.calls if call.method == "sendDocument"]
