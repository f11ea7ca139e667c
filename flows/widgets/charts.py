"""Month charts as PNG for a phone: bars per month, one panel per measure, big Dutch labels.

Drawn with matplotlib's Agg backend (no display needed), imported only when a chart is drawn:
the bot starts without loading it. Call `month_chart` off the event loop (it takes a moment).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

SHORT_MONTHS = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
COLOURS = ("#2e7d32", "#f9a825", "#1565c0", "#c62828", "#6a1b9a", "#00838f", "#8d6e63")
SIZE = (6.0, 8.0)  # inches; at DPI a phone-shaped 900 × 1200 pixels
DPI = 150


@dataclass(frozen=True)
class Series:
    """One kind of bar: its legend label and a value per month."""

    label: str
    values: Sequence[float]


@dataclass(frozen=True)
class Panel:
    """One measure over the months: stacked series (parts of a whole) or side by side."""

    title: str
    series: Sequence[Series]
    stacked: bool = True


def last_months(today: date, count: int = 12) -> list[date]:
    """The first days of the last `count` months, oldest first, this month last."""
    months, year, month = [], today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def month_label(month: date) -> str:
    """`mrt\\n26`: short enough for twelve side by side on a phone."""
    return f"{SHORT_MONTHS[month.month - 1]}\n{month.year % 100:02d}"


def month_chart(title: str, months: Sequence[date], panels: Sequence[Panel]) -> bytes:
    """The panels one above the other, months along the bottom, as PNG bytes."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    figure = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
    figure.suptitle(title, fontsize=14, fontweight="bold")
    axes = figure.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    positions = list(range(len(months)))
    for ax, panel in zip(axes, panels, strict=True):
        _bars(ax, positions, panel)
        ax.set_title(panel.title, fontsize=13, loc="left")
        ax.tick_params(labelsize=11)
        ax.grid(axis="y", alpha=0.3)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(fontsize=10, loc="upper left", frameon=False)
    axes[-1].set_xticks(positions, [month_label(month) for month in months])
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _bars(ax: object, positions: list[int], panel: Panel) -> None:
    from matplotlib.axes import Axes

    assert isinstance(ax, Axes)
    count = max(len(panel.series), 1)
    width = 0.8 if panel.stacked else 0.8 / count
    bottoms = [0.0] * len(positions)
    for index, (series, colour) in enumerate(zip(panel.series, COLOURS, strict=False)):
        values = list(series.values)
        if panel.stacked:
            ax.bar(positions, values, width, bottom=bottoms, label=series.label, color=colour)
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
        else:
            shifted = [p - 0.4 + width * (index + 0.5) for p in positions]
            ax.bar(shifted, values, width, label=series.label, color=colour)
    ax.set_ylim(bottom=0)
    top = max([*bottoms, *(v for s in panel.series for v in s.values), 1.0])
    ax.set_ylim(top=top * (1.1 + 0.1 * count))  # room for the legend above the bars
