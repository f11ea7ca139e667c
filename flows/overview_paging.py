"""Keyset paging for a phone: previous/next from the page's own first and last line.

A page is remembered as a cursor (after the last line seen, or before the first) plus the
position of its first line, so "12–22 van 57" needs no OFFSET scan, only a count.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from datetime import date, datetime, time, tzinfo
from typing import TypeVar

from flows.flow import Answers, Outcome, StepContext
from flows.list_screen import ListControls
from flows.overview_domain import (
    COUNT_CAP,
    FIRST,
    Cursor,
    FinancialLine,
    Key,
    OverviewLine,
    Page,
    Slice,
)

LineT = TypeVar("LineT", OverviewLine, FinancialLine)
NEXT, PREVIOUS = "next", "prev"


def cursor_of(answers: Answers) -> Cursor:
    raw = answers.get("cursor") or {}
    if "after" in raw:
        return Cursor(after=Key.load(raw["after"]))
    if "before" in raw:
        return Cursor(before=Key.load(raw["before"]))
    return FIRST


def reset(answers: Answers) -> None:
    """Back to the first page (a new filter or trefwoord)."""
    answers.pop("cursor", None)
    answers["pos"] = 0


def move(
    answers: Answers, page: Page[OverviewLine] | Page[FinancialLine], way: str, limit: int
) -> None:
    """Remember the next or previous page (of `limit` lines) of `page`, by its edge lines."""
    if way == NEXT and page.lines:
        answers["cursor"] = {"after": page.lines[-1].key.dump()}
        answers["pos"] = page.first - 1 + len(page.lines)
    elif way == PREVIOUS and page.lines:
        answers["cursor"] = {"before": page.lines[0].key.dump()}
        answers["pos"] = max(page.first - 1 - limit, 0)


async def load(
    answers: Answers,
    fetch: Callable[[Cursor], Awaitable[Slice[LineT]]],
    limit: int,
) -> Page[LineT]:
    """The remembered page; when the list changed under it, the first page instead."""
    cursor = cursor_of(answers)
    position = int(answers.get("pos", 0))
    found = await fetch(cursor)
    if cursor.before is not None and (not found.more or len(found.lines) < limit):
        cursor, position = FIRST, 0  # reached the start: show a full first page
        found = await fetch(cursor)
    elif cursor.after is not None and not found.lines:
        cursor, position = FIRST, 0  # everything after it went away
        found = await fetch(cursor)
    return Page(
        lines=found.lines,
        first=position + 1,
        total=found.total,
        has_previous=cursor.after is not None or (cursor.before is not None and found.more),
        has_next=found.more if cursor.before is None else True,
    )


def keyset_controls(
    answers: Answers,
    page: Callable[[], Awaitable[Page[OverviewLine] | Page[FinancialLine]]],
    limit: int,
    filters: Collection[str],
    download: Callable[[str], Outcome],
) -> ListControls:
    """The shared list controls of a keyset-paged overview (A1, A2)."""

    async def turn_page(way: str) -> None:
        move(answers, await page(), way, limit)

    return ListControls(filters, turn_page, reset, download)


def zone_of(ctx: StepContext) -> tzinfo:
    """The bot's time zone: the clock's, which `now` carries."""
    assert ctx.now.tzinfo is not None, "the clock gives aware moments"
    return ctx.now.tzinfo


def month_range(month: date, zone: tzinfo) -> tuple[datetime, datetime]:
    """The moments [start, end) of a calendar month in the bot's time zone."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return (
        datetime.combine(month, time(), tzinfo=zone),
        datetime.combine(following, time(), tzinfo=zone),
    )


def total_text(total: int) -> str:
    """`57`, or `meer dan 1000` for a count that stopped at the cap."""
    return f"meer dan {COUNT_CAP}" if total > COUNT_CAP else str(total)


def position_text(page: Page[OverviewLine] | Page[FinancialLine]) -> str:
    """`12–21 van 57`."""
    if not page.lines:
        return f"0 van {total_text(page.total)}"
    last = page.first + len(page.lines) - 1
    return f"{page.first}–{last} van {total_text(page.total)}"
