"""Benchmark: overview pages, searches, counts and exports at scale, on SQLite and PostgreSQL.

Builds 100,000 cheques and 500,000 gesprekken over 40 centres (one large centre holds a quarter)
in a temporary SQLite file, and in a fresh database on TEST_POSTGRES_URL when set; then times
what one overview screen asks of storage, per query kind, and streams the exports (CSV, XLSX)
measuring time and peak Python memory; the XLSX export also with the writers before ours
(openpyxl write-only, XlsxWriter constant-memory) on the same rows, for the ratios.

    .venv/bin/python bench/overview_scale.py [--samples 200] [--cheques 100000] ...
    TEST_POSTGRES_PORT=54392 scripts/with-postgres .venv/bin/python bench/overview_scale.py
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import asyncpg
import xlsxwriter
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.overview_data import Built, Shape, build, finish
from flows.domain.overviews import (
    DEFAULT_CHEQUE_ORDER,
    DEFAULT_FINANCIAL_ORDER,
    FIRST,
    ChequeSort,
    Cursor,
    FinancialQuery,
    FinancialSort,
    Key,
    Order,
    OverviewQuery,
    PaidFilter,
    StatusFilter,
)
from flows.domain.rules.keywords import Keyword, classify
from flows.domain.rules.money import DEFAULT_RATES, fmt_decimal
from flows.engine.export_files import AMOUNT_FORMAT, BATCH, DATE_FORMAT, Export, write_export
from flows.engine.xlsx_stream import EXCEL_EPOCH
from flows.overviews.exports import financial_export, overview_export
from flows.widgets.paging import month_range
from storage.database import create_engine, session_factory, upgrade
from storage.uow import SqlUnitOfWork

EXPORTS_ONLY = "--exports-only" in sys.argv  # skip the page timings (a quick export run)
SUMMARY: list[str] = []  # the last line's figures, per database
PAGE = 10
ZONE = ZoneInfo("Europe/Brussels")


@dataclass(frozen=True)
class Figures:
    """Median and 95th percentile of a series of durations, in milliseconds."""

    count: int
    median_ms: float
    p95_ms: float

    @classmethod
    def of(cls, seconds: Sequence[float]) -> Figures:
        millis = sorted(s * 1000 for s in seconds)
        p95 = statistics.quantiles(millis, n=100, method="inclusive")[94]
        return cls(len(millis), statistics.median(millis), p95)


Probe = Callable[[SqlUnitOfWork, random.Random], Awaitable[object]]


def _keywords(built: Built) -> dict[str, list[str]]:
    amounts = [fmt_decimal(DEFAULT_RATES.rates[0].per_hour * m / 60) for m in (45, 50, 75)]
    return {
        "chequenummer": built.chequenummers,
        "klantnummer": built.klantnummers,
        "naam (deel)": built.client_words,
        "begeleider": [name.split()[0].lower() for name in built.begeleiders],
        "type gesprek": ["verdieping", "synthese", "nazorg", "stopzetting", "intake"],
        "datum": [day.strftime("%d/%m/%Y") for day in built.days],
        "bedrag": amounts,
    }


async def _page_keys(
    uow_factory: Callable[[], SqlUnitOfWork],
    built: Built,
    order: Order[ChequeSort] = DEFAULT_CHEQUE_ORDER,
) -> list[Key]:
    """Where pages 2 to 41 of all cheques start (walked once, before anything is timed)."""
    keys, cursor = [], FIRST
    query = OverviewQuery(built.large_id, StatusFilter.ALLE, order=order)
    async with uow_factory() as uow:
        for _ in range(40):
            found = await uow.overviews.cheques(query, cursor, PAGE)
            keys.append(found.lines[-1].key)
            cursor = Cursor(after=keys[-1])
    return keys


def _probes(
    built: Built, keys: list[Key], sorted_keys: dict[Order[ChequeSort], list[Key]]
) -> list[tuple[str, Probe]]:
    """Per query kind: what one overview screen reads (a page plus its count)."""
    org = built.large_id
    words = _keywords(built)

    async def screen(uow: SqlUnitOfWork, query: OverviewQuery, cursor: Cursor = FIRST) -> None:
        await uow.overviews.cheques(query, cursor, PAGE)

    async def financial(uow: SqlUnitOfWork, query: FinancialQuery) -> None:
        found = await uow.overviews.gesprekken(query, FIRST, PAGE)
        if query.order != DEFAULT_FINANCIAL_ORDER:
            return  # month headers (and their totals) follow the registration order only
        months = {x.registered_at.astimezone(ZONE).date().replace(day=1) for x in found.lines}
        ranges = [(m, *month_range(m, ZONE)) for m in months]
        await uow.overviews.duration_counts(query, ranges, found.total)

    def overview(filter_: StatusFilter, order: Order[ChequeSort] = DEFAULT_CHEQUE_ORDER) -> Probe:
        return lambda uow, rng: screen(uow, OverviewQuery(org, filter_, order=order))

    def sorted_deep(order: Order[ChequeSort]) -> Probe:
        """Pages 2–41 in this order: a random page's key, then the page after it."""

        async def probe(uow: SqlUnitOfWork, rng: random.Random) -> None:
            query = OverviewQuery(org, StatusFilter.ALLE, order=order)
            await screen(uow, query, Cursor(after=rng.choice(sorted_keys[order])))

        return probe

    def sorted_money(order: Order[FinancialSort], kind: str | None = None) -> Probe:
        def probe(uow: SqlUnitOfWork, rng: random.Random) -> Awaitable[None]:
            keyword = classify(rng.choice(words[kind])) if kind else None
            return financial(uow, FinancialQuery(org, PaidFilter.ALLE, keyword, order=order))

        return probe

    async def deep(uow: SqlUnitOfWork, rng: random.Random) -> None:
        await screen(uow, OverviewQuery(org, StatusFilter.ALLE), Cursor(after=rng.choice(keys)))

    def search(kind: str, filter_: StatusFilter = StatusFilter.ALLE) -> Probe:
        def probe(uow: SqlUnitOfWork, rng: random.Random) -> Awaitable[None]:
            keyword: Keyword = classify(rng.choice(words[kind]))
            return screen(uow, OverviewQuery(org, filter_, keyword))

        return probe

    def money(kind: str | None, paid: PaidFilter = PaidFilter.ALLE) -> Probe:
        def probe(uow: SqlUnitOfWork, rng: random.Random) -> Awaitable[None]:
            keyword = classify(rng.choice(words[kind])) if kind else None
            return financial(uow, FinancialQuery(org, paid, keyword))

        return probe

    probes: list[tuple[str, Probe]] = [
        ("A1 page: actief (default)", overview(StatusFilter.ACTIEF)),
        ("A1 page: alle", overview(StatusFilter.ALLE)),
        ("A1 page: afgesloten", overview(StatusFilter.AFGESLOTEN)),
        ("A1 page 2–41 (keyset), alle", deep),
    ]
    probes += [(f"A1 search: {kind}", search(kind)) for kind in words]
    probes += [("A1 search: naam + actief", search("naam (deel)", StatusFilter.ACTIEF))]
    probes += [
        ("A2 page: alle", money(None)),
        ("A2 page: nog niet betaald", money(None, PaidFilter.NIET_BETAALD)),
    ]
    probes += [(f"A2 search: {kind}", money(kind)) for kind in words]
    for by in list(ChequeSort)[1:]:
        for descending in (False, True):
            way = "desc" if descending else "asc"
            order = Order(by, descending)
            probes.append((f"A1 sorted {by.value} {way}", overview(StatusFilter.ACTIEF, order)))
        probes.append((f"A1 sorted {by.value} page 2–41", sorted_deep(Order(by, False))))
    for fby in list(FinancialSort)[1:]:
        for descending in (False, True):
            way = "desc" if descending else "asc"
            probes.append((f"A2 sorted {fby.value} {way}", sorted_money(Order(fby, descending))))
        probes.append(
            (f"A2 sorted {fby.value} + naam", sorted_money(Order(fby, False), "naam (deel)"))
        )
    return probes


async def _time(uow_factory: Callable[[], SqlUnitOfWork], probe: Probe, samples: int) -> Figures:
    rng = random.Random(7)
    seconds = []
    for index in range(samples + 3):
        async with uow_factory() as uow:
            started = time.perf_counter()
            await probe(uow, rng)
            elapsed = time.perf_counter() - started
        if index >= 3:  # warm-up: connections, statement caches
            seconds.append(elapsed)
    return Figures.of(seconds)


async def _openpyxl_export(export: Export, path: Path) -> int:
    """The writer before XlsxWriter (openpyxl write-only, with lxml): the baseline."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(export.sheet)
    sheet.append(list(export.headers))
    count = 0

    def cell(value: object) -> object:
        if isinstance(value, date | Decimal):
            written = WriteOnlyCell(sheet, value=cast(Any, value))
            written.number_format = DATE_FORMAT if isinstance(value, date) else AMOUNT_FORMAT
            return written
        return value

    def append(batch: list[Sequence[object]]) -> None:
        for row in batch:
            sheet.append([cell(value) for value in row])

    batch: list[Sequence[object]] = []
    async for row in export.rows:  # in batches off the loop, as the old write_export did
        batch.append(row)
        if len(batch) == BATCH:
            await asyncio.to_thread(append, batch)
            count, batch = count + len(batch), []
    await asyncio.to_thread(append, batch)
    count += len(batch)
    summary = export.summary()
    if summary is not None:
        extra = book.create_sheet(summary.title)
        extra.append(list(summary.headers))
        for row in summary.rows:
            extra.append(list(row))
    await asyncio.to_thread(book.save, path)
    return count


async def _xlsxwriter_export(export: Export, path: Path) -> int:
    """The writer before ours (XlsxWriter in constant-memory mode, a call per cell): compared."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    day_format = book.add_format({"num_format": DATE_FORMAT})
    amount_format = book.add_format({"num_format": AMOUNT_FORMAT})

    def write(sheet: Any, rows: Sequence[Sequence[object]], first: int) -> int:
        for row, values in enumerate(rows, first):
            for column, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, str):
                    sheet.write_string(row, column, value)
                elif isinstance(value, Decimal):
                    sheet.write_number(row, column, float(value), amount_format)
                elif isinstance(value, date):
                    sheet.write_number(row, column, value.toordinal() - EXCEL_EPOCH, day_format)
                else:
                    sheet.write_number(row, column, value)
        return first + len(rows)

    sheet = book.add_worksheet(export.sheet)
    next_row = write(sheet, [export.headers], 0)
    batch: list[Sequence[object]] = []
    async for row in export.rows:  # in batches off the loop, as write_export does
        batch.append(row)
        if len(batch) == BATCH:
            next_row = await asyncio.to_thread(write, sheet, batch, next_row)
            batch = []
    next_row = await asyncio.to_thread(write, sheet, batch, next_row)
    summary = export.summary()
    if summary is not None:
        write(book.add_worksheet(summary.title), [summary.headers, *summary.rows], 0)
    await asyncio.to_thread(book.close)
    return next_row - 1


WRITERS = ("csv", "openpyxl", "xlsxwriter", "xlsx")  # openpyxl, xlsxwriter: before ours


async def _write_once(
    uow_factory: Callable[[], SqlUnitOfWork], built: Built, which: str, fmt: str, path: Path
) -> tuple[int, float]:
    """One export with one writer: rows written and seconds taken."""
    async with uow_factory() as uow:
        if which == "overzicht":
            query = OverviewQuery(built.large_id, StatusFilter.ALLE)
            export = overview_export(uow, query, ZONE)
        else:
            export = financial_export(uow, FinancialQuery(built.large_id), DEFAULT_RATES, ZONE)
        started = time.perf_counter()
        if fmt == "openpyxl":
            rows = await _openpyxl_export(export, path)
        elif fmt == "xlsxwriter":
            rows = await _xlsxwriter_export(export, path)
        else:
            rows = await write_export(export, fmt, path)
        return rows, time.perf_counter() - started


async def _exports(
    uow_factory: Callable[[], SqlUnitOfWork], built: Built, which: str, folder: Path, rounds: int
) -> dict[str, float]:
    """Each writer in turn, `rounds` times interleaved (the best counts, so load drift hits
    them alike), then once more under tracemalloc for its peak Python memory. Rows/s each."""
    best: dict[str, float] = {}
    for _ in range(rounds):
        for fmt in WRITERS:
            rows, seconds = await _write_once(uow_factory, built, which, fmt, folder / fmt)
            best[fmt] = min(best.get(fmt, seconds), seconds)
    speeds = {}
    for fmt in WRITERS:
        tracemalloc.start()
        try:
            rows, _ = await _write_once(uow_factory, built, which, fmt, folder / fmt)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        size, elapsed = (folder / fmt).stat().st_size / 1e6, best[fmt]
        speeds[fmt] = rows / elapsed
        print(
            f"  export {which:<10} {fmt:<10} {rows:>7} rows  {elapsed:6.2f} s  "
            f"{rows / elapsed:7.0f} rows/s  peak Python memory {peak / 1e6:5.1f} MB  "
            f"file {size:5.1f} MB"
        )
    return speeds


async def run(url: str, shape: Shape, samples: int, label: str, rounds: int) -> None:
    engine = create_engine(url)
    started = time.perf_counter()
    await upgrade(engine)
    built = await build(engine, shape)
    await finish(engine)
    took = time.perf_counter() - started
    print(
        f"\n== {label}: {shape.cheques:,} cheques, {shape.gesprekken:,} gesprekken over "
        f"{shape.centres} centres; built in {took:.0f} s"
    )
    print(
        f"   measured at the large centre: {built.large_cheques:,} cheques, "
        f"{built.large_gesprekken:,} gesprekken; {samples} samples per kind; page = {PAGE} lines "
        "+ its count (A2: + month totals)"
    )
    factory = session_factory(engine)
    lock = asyncio.Lock() if url.startswith("sqlite") else None

    def uow_factory() -> SqlUnitOfWork:
        return SqlUnitOfWork(factory, lock)

    print(f"  {'query kind':<34} {'median ms':>10} {'p95 ms':>8}")
    worst: dict[str, float] = {"default": 0.0, "sorted": 0.0}
    keys = await _page_keys(uow_factory, built)
    sorted_keys = {
        Order(by, False): await _page_keys(uow_factory, built, Order(by, False))
        for by in list(ChequeSort)[1:]
    }
    for name, probe in [] if EXPORTS_ONLY else _probes(built, keys, sorted_keys):
        figures = await _time(uow_factory, probe, samples)
        print(f"  {name:<34} {figures.median_ms:>10.2f} {figures.p95_ms:>8.2f}")
        kind = "sorted" if " sorted " in name else "default"
        worst[kind] = max(worst[kind], figures.median_ms)
    db = "sqlite" if url.startswith("sqlite") else "postgresql"
    if not EXPORTS_ONLY:
        SUMMARY.append(
            f"{db}_worst_median_ms={worst['default']:.1f} "
            f"{db}_sorted_worst_median_ms={worst['sorted']:.1f}"
        )
    speeds: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for which in ("overzicht", "financieel"):
            found = await _exports(uow_factory, built, which, Path(folder), rounds)
            speeds.update({f"{which}-{fmt}": speed for fmt, speed in found.items()})
    ratio = speeds["financieel-xlsx"] / speeds["financieel-openpyxl"]
    versus = speeds["financieel-xlsx"] / speeds["financieel-xlsxwriter"]
    print(
        f"  financial XLSX: our streaming writer {ratio:.2f}× openpyxl's rows/s, "
        f"{versus:.2f}× XlsxWriter's"
    )
    SUMMARY.append(
        f"{db}_xlsx_rows_per_s={speeds['financieel-xlsx']:.0f} "
        f"{db}_xlsxwriter_rows_per_s={speeds['financieel-xlsxwriter']:.0f} "
        f"{db}_openpyxl_rows_per_s={speeds['financieel-openpyxl']:.0f} {db}_xlsx_ratio={ratio:.2f} "
        f"{db}_xlsx_vs_xlsxwriter={versus:.2f}"
    )
    await engine.dispose()


async def _postgres(admin_url: str, shape: Shape, samples: int, rounds: int) -> None:
    name = f"rb_bench_{uuid.uuid4().hex[:8]}"
    dsn = admin_url.replace("postgresql+asyncpg://", "postgresql://", 1)
    connection = await asyncpg.connect(dsn)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    try:
        url = admin_url.rsplit("/", 1)[0] + f"/{name}"
        await run(url, shape, samples, "PostgreSQL", rounds)
    finally:
        connection = await asyncpg.connect(dsn)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()


async def main_async(args: argparse.Namespace) -> None:
    shape = Shape(args.cheques, args.gesprekken, args.centres, args.large_share)
    print(f"overview_scale · {datetime.now(UTC):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} CPUs")
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory() as folder:
            url = f"sqlite+aiosqlite:///{folder}/bench.sqlite3"
            await run(url, shape, args.samples, "SQLite", max(1, args.rounds))
    postgres = os.environ.get("TEST_POSTGRES_URL")
    if postgres:
        await _postgres(postgres, shape, args.samples, max(1, args.rounds))
    else:
        print("\n(PostgreSQL skipped: set TEST_POSTGRES_URL, or run under scripts/with-postgres)")
    print("overview_scale: " + " ".join(SUMMARY))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--cheques", type=int, default=100_000)
    parser.add_argument("--gesprekken", type=int, default=500_000)
    parser.add_argument("--centres", type=int, default=40)
    parser.add_argument("--large-share", type=float, default=0.25)
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--exports-only", action="store_true", help="time only the exports")
    parser.add_argument(
        "--rounds", type=int, default=2, help="runs of each export writer, interleaved; best counts"
    )
    asyncio.run(main_async(parser.parse_args(argv)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
