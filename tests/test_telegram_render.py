"""Rendering replies for Telegram and reading callback data back (no network, no database)."""

from __future__ import annotations

from datetime import date

import pytest

from bot.telegram import callbacks, render
from flows.engine.values import DATE_WIDGET, Message, Option

TODAY = date(2026, 3, 10)


def test_a_long_text_is_split_at_line_breaks_within_4096_characters() -> None:
    text = "\n".join(f"{i}. " + "x" * 90 for i in range(200))
    chunks = render.split_text(text)
    assert len(chunks) > 1
    assert all(len(chunk) <= 4096 for chunk in chunks)
    assert "\n".join(chunks) == text


def test_a_single_overlong_line_is_cut_hard() -> None:
    chunks = render.split_text("y" * 9000)
    assert [len(chunk) for chunk in chunks] == [4096, 4096, 808]


def test_the_keyboard_goes_on_the_last_part_only() -> None:
    message = Message("z\n" * 3000, (Option("Ja", "ja"),), seq=4)
    parts = render.outgoing(message, TODAY)
    assert [part.markup is not None for part in parts] == [False] * (len(parts) - 1) + [True]


def test_short_labels_share_a_row_and_the_engines_controls_close_the_keyboard() -> None:
    options = (
        Option("Ja", "ja"),
        Option("Nee", "nee"),
        Option("⬅ Vorige", "__back"),
        Option("✖ Annuleren", "__cancel"),
    )
    markup = render.keyboard(Message("?", options, seq=3), TODAY)
    assert markup is not None
    rows = [[button.text for button in row] for row in markup.inline_keyboard]
    assert rows == [["Ja", "Nee"], ["⬅ Vorige", "✖ Annuleren"]]


def test_a_date_question_offers_a_calendar_that_opens_on_the_engines_today() -> None:
    message = Message(
        "Datum?",
        (Option("Vandaag", "vandaag"), Option("✖ Annuleren", "__cancel")),
        seq=9,
        widget=DATE_WIDGET,
    )
    markup = render.keyboard(message, TODAY)
    assert markup is not None
    calendar_button = markup.inline_keyboard[-2][0]
    assert calendar_button.text == "📅 Andere datum kiezen"
    assert calendar_button.callback_data == "cal|9|2026-03"
    month = render.keyboard(message, TODAY, (2026, 3))
    assert month is not None
    assert month.inline_keyboard[0][1].text == "maart 2026"
    assert all(len(row) == 7 for row in month.inline_keyboard[1:-2])
    days = [b.callback_data for row in month.inline_keyboard for b in row if b.text == "10"]
    assert days == ["day|9|2026-03-10"]


def test_a_button_carries_its_position_never_the_option_value() -> None:
    long_name = "Van den Broeck-Vandervelde Anne-Sophie Marie-Thérèse Dubois"
    message = Message(
        "Wie?", (Option(long_name, f"voorstel:{long_name}"), Option("Dubois Hélène", "x y")), 7
    )
    markup = render.keyboard(message, TODAY)
    assert markup is not None
    data = [b.callback_data for row in markup.inline_keyboard for b in row]
    assert data == ["7|0", "7|1"]
    assert all(len(str(d).encode()) <= callbacks.MAX_BYTES for d in data)


def test_the_largest_sequence_number_and_position_fit_in_callback_data() -> None:
    for data in (
        callbacks.option(999_999_999, 999),
        callbacks.day(999_999_999, date(2026, 12, 31)),
        callbacks.calendar_page(999_999_999, 2026, 12),
    ):
        assert len(data.encode()) <= callbacks.MAX_BYTES
        assert callbacks.parse(data) is not None


@pytest.mark.parametrize(
    ("data", "parsed"),
    [
        ("12|3", callbacks.Pressed(12, 3)),
        ("day|12|2026-03-05", callbacks.Day(12, date(2026, 3, 5))),
        ("day|12|2026-02-30", None),
        ("cal|12|2026-02", callbacks.CalendarPage(12, 2026, 2)),
        ("cal|12|2026-13", None),
        ("12|vandaag", None),
        ("12|x y", None),
        ("12|1234", None),
        ("|3", None),
        ("12|" + "9" * 70, None),
        ("'; DROP TABLE staff; --", None),
        (None, None),
    ],
)
def test_callback_data_is_parsed_strictly(
    data: str | None, parsed: callbacks.Pressed | callbacks.Day | callbacks.CalendarPage | None
) -> None:
    assert callbacks.parse(data) == parsed
