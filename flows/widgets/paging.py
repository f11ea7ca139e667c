"""Keyset paging for a phone: previous/next from the page's own first and last line.

A page is remembered as a cursor (after the last line seen, or before the first) plus the
position of its first line, so "12–22 van 57" needs no OFFSET scan, only a count. The ◀/▶
options carry the cursor of the page they lead to, so a press reads nothing: only the page
then shown is read, once.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import Any, TypeVar

from flows.domain.overviews import (
    COUNT_CAP,
    FIRST,
    Cursor,
    FinancialLine,
    Key,
    OverviewLine,
    Page,
    Slice,
)
from flows.engine.definition import StepContext
from flows.engine.values import Option
from flows.widgets.list_screen import NEXT, PREVIOUS, F, ListState, page_option

LineT = TypeVar("LineT", OverviewLine, FinancialLine)
StoredKey = list[Any]  # a line's `Key` as sessions store it: [sort values…, id]


@dataclass
class StoredCursor:
    """A `Cursor` as the session keeps it: the page lies after, or before, a line's key."""

    after: StoredKey | None = None
    before: StoredKey | None = None

    def cursor(self, kinds: tuple[type, ...] = (datetime,)) -> Cursor:
        """The cursor to read with, for an order whose key values are of `kinds`; a key that
        does not read as one (another order's, or an older release's) means the first page."""
        after = Key.load(self.after, kinds) if self.after is not None else None
        before = Key.load(self.before, kinds) if self.before is not None else None
        return Cursor(after=after) if after else Cursor(before=before) if before else FIRST


@dataclass
class KeysetState(ListState[F]):
    """A list screen paged by key (A1, A2): the page's cursor and its first line's position."""

    cursor: StoredCursor | None = None
    pos: int = 0  # lines before the page: its first line is number pos + 1

    def first_page(self) -> None:
        self.cursor, self.pos = None, 0

    def turn_page(self, value: str) -> None:
        way, _, target = value.partition(" ")
        try:
            pos, edge = _page_target(target)
        except (ValueError, TypeError):  # the first page (`keyset_options` gives it no key)
            self.first_page()
            return
        self.pos = pos
        self.cursor = StoredCursor(after=edge) if way == NEXT else StoredCursor(before=edge)


def _page_target(target: str) -> tuple[int, StoredKey]:
    """`[pos, key]` as JSON; or `pos moment id`, as asked before orders could change."""
    if not target.startswith("["):
        pos, at, ident = target.split(" ")
        return int(pos), [at, int(ident)]
    pos, edge = json.loads(target)
    if not isinstance(pos, int) or not isinstance(edge, list):
        raise ValueError("not a page target")
    return pos, edge


def _target(pos: int, key: Key) -> str:
    return json.dumps([pos, key.dump()], ensure_ascii=False)


def keyset_options(page: Page[LineT], limit: int) -> list[Option]:
    """◀ and ▶, each only where there is a page that way, carrying that page's cursor.

    A ◀ that reaches the start leads to the first page itself: a full one, read once.
    """
    options = []
    if page.has_previous and page.lines:
        pos = page.first - 1 - limit
        target = _target(pos, page.lines[0].key) if pos > 0 else "0"
        options.append(page_option(PREVIOUS, target))
    if page.has_next and page.lines:
        pos = page.first - 1 + len(page.lines)
        options.append(page_option(NEXT, _target(pos, page.lines[-1].key)))
    return options


async def load(
    state: KeysetState[Any],
    fetch: Callable[[Cursor], Awaitable[Slice[LineT]]],
    limit: int,
    kinds: tuple[type, ...] = (datetime,),
) -> Page[LineT]:
    """The remembered page; when the list changed under it, the first page instead.

    `kinds` are the types of the current order's key values (`ChequeSort.kinds`).
    """
    cursor = state.cursor.cursor(kinds) if state.cursor else FIRST
    position = state.pos if cursor != FIRST else 0
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


@dataclass
class OffsetState(ListState[F]):
    """A short list paged by number (ESF): `page` counts from 0."""

    page: int = 0

    def first_page(self) -> None:
        self.page = 0

    def turn_page(self, value: str) -> None:
        target = value.partition(" ")[2]
        self.page = max(int(target), 0) if target.isdigit() else 0


def offset_options(state: OffsetState[Any], size: int, total: int) -> list[Option]:
    """◀ and ▶ for pages of `size` lines out of `total`, each carrying its page number."""
    options = []
    if state.page > 0:
        options.append(page_option(PREVIOUS, str(state.page - 1)))
    if (state.page + 1) * size < total:
        options.append(page_option(NEXT, str(state.page + 1)))
    return options


def zone_of(ctx: StepContext[Any]) -> tzinfo:
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
    last = page.first - 1 + len(page.lines)
    return f"{page.first}–{last} van {total_text(page.total)}"
