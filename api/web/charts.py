"""Charts and small maps as SVG, drawn by matplotlib (its SVG backend, no screen, no pyplot).

The same data give the same bytes: no date in the file, fixed ids (``svg.hashsalt``), text kept
as text (selectable, found by a PDF's text extraction). Drawing costs tens of milliseconds, so
the last few hundred charts are kept by their data: the same data are drawn once per process.
Every label comes from the catalogue; numbers are written the language's way. A chart never
carries meaning by colour alone: targets are marked with their own symbol, intervals with error
bars, and pages give each chart a text alternative and its table.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import matplotlib as mpl
from matplotlib.axes import Axes
from matplotlib.dates import DateFormatter, MonthLocator
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from api.web.i18n import Catalogue, catalogue

mpl.rcParams.update(
    {
        "svg.hashsalt": "vigie",
        "date.epoch": "1970-01-01T00:00:00",
        "svg.fonttype": "none",
        "font.family": "DejaVu Sans",
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
    }
)
EPOCH = date(1970, 1, 1)
INK = "#1b1b1b"
ACCENT = "#000091"
TARGET = "#a23000"
MUTED = "#8a8a8a"
HIGHLIGHT = "#c10500"


@dataclass(frozen=True)
class Point:
    """A value at a date."""

    on: date
    value: float


def _days(days: Iterable[date]) -> list[float]:
    """Dates as matplotlib places them: days since its epoch (1970-01-01, set above)."""
    return [float((d - EPOCH).days) for d in days]


def _svg(figure: Figure) -> bytes:
    """The figure drawn once (margins are set by each chart, not measured by a second draw)."""
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def _date_ticks(axes: Axes, points: Sequence[Point]) -> None:
    """About six month ticks over the span, written month/year: cheaper than automatic dates."""
    if not points:
        return
    first, last = min(p.on for p in points), max(p.on for p in points)
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    every = max(1, math.ceil(months / 6))
    axes.xaxis.set_major_locator(MonthLocator(interval=every))  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_formatter(DateFormatter("%m/%Y"))  # type: ignore[no-untyped-call]


def _numbers(axes: Axes, words: Catalogue, digits: int = 0) -> None:
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: words.number(v, digits)))


def series_svg(  # noqa: PLR0913 - the series, its targets and baseline, its words
    values: Sequence[Point],
    targets: Sequence[Point],
    baseline: Point | None,
    unit: str,
    words: Catalogue,
    *,
    width_in: float = 7.0,
) -> bytes:
    """An indicator's values as a line, its targets as diamonds, its baseline as a square."""
    return _series(
        tuple(values),
        targets=tuple(targets),
        baseline=baseline,
        unit=unit,
        language=words.language,
        width_in=width_in,
    )


@lru_cache(maxsize=256)
def _series(  # noqa: PLR0913 - the chart's whole input, hashable, as the cache's key
    values: tuple[Point, ...],
    *,
    targets: tuple[Point, ...],
    baseline: Point | None,
    unit: str,
    language: str,
    width_in: float,
) -> bytes:
    words = catalogue(language)
    figure = Figure(figsize=(width_in, 2.8))
    axes = figure.subplots()
    if values:
        axes.plot(
            _days(p.on for p in values),
            [p.value for p in values],
            color=ACCENT,
            linewidth=1.5,
            marker="o" if len(values) <= 36 else None,  # noqa: PLR2004 - three years of months
            markersize=3,
            label=words.text("charts.values"),
        )
    if targets:
        axes.plot(
            _days(p.on for p in targets),
            [p.value for p in targets],
            linestyle="none",
            marker="D",
            markersize=6,
            color=TARGET,
            label=words.text("charts.targets"),
        )
    if baseline is not None:
        axes.plot(
            _days([baseline.on]),
            [baseline.value],
            linestyle="none",
            marker="s",
            markersize=6,
            color=INK,
            label=words.text("charts.baseline"),
        )
    axes.xaxis_date()
    _date_ticks(axes, [*values, *targets, *([baseline] if baseline else [])])
    axes.set_ylabel(unit)
    _numbers(axes, words, 1 if _small(values, targets) else 0)
    axes.grid(axis="y", color="#dddddd", linewidth=0.6)
    figure.subplots_adjust(left=0.11, right=0.98, top=0.95, bottom=0.12)
    if values or targets or baseline:
        axes.legend(loc="best", frameon=False)
    else:
        axes.text(0.5, 0.5, words.text("charts.no_data"), ha="center", transform=axes.transAxes)
    return _svg(figure)


def _small(values: Sequence[Point], targets: Sequence[Point]) -> bool:
    every = [abs(p.value) for p in (*values, *targets)]
    return bool(every) and max(every) < 10  # noqa: PLR2004 - below ten, one decimal tells more


@dataclass(frozen=True)
class Saving:
    """An effect's saving in kWh with its 95 % interval."""

    label: str
    saved_kwh: float
    low: float | None
    high: float | None


def savings_svg(savings: Sequence[Saving], words: Catalogue, *, width_in: float = 7.0) -> bytes:
    """Savings as horizontal bars with their 95 % interval as error bars."""
    return _savings(tuple(savings), words.language, width_in)


@lru_cache(maxsize=256)
def _savings(savings: tuple[Saving, ...], language: str, width_in: float) -> bytes:
    words = catalogue(language)
    height = 0.8 + 0.45 * max(1, len(savings))
    figure = Figure(figsize=(width_in, height))
    figure.subplots_adjust(left=0.38, right=0.97, top=1 - 0.1 / height, bottom=0.55 / height)
    axes = figure.subplots()
    labels = [s.label for s in savings]
    values = [s.saved_kwh for s in savings]
    # An interval that does not hold its estimate is drawn from the estimate out, never reversed.
    low = [max(0.0, s.saved_kwh - s.low) if s.low is not None else 0.0 for s in savings]
    high = [max(0.0, s.high - s.saved_kwh) if s.high is not None else 0.0 for s in savings]
    axes.barh(labels, values, color=ACCENT, height=0.5)
    axes.errorbar(values, labels, xerr=[low, high], fmt="none", ecolor=INK, capsize=4)
    axes.axvline(0, color=INK, linewidth=0.8)
    axes.invert_yaxis()
    axes.set_xlabel(words.text("charts.saved_kwh"))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _: words.number(v)))
    return _svg(figure)


@dataclass(frozen=True)
class Place:
    """A point on a map (WGS 84)."""

    longitude: float
    latitude: float


MIN_SPAN_DEG = 0.004  # about 300 m: a single place still shows its surroundings


def _frame(axes: Axes, places: Sequence[Place]) -> None:
    """Limits around the places, at least ``MIN_SPAN_DEG`` wide, in the places' proportions.

    A degree of longitude is cos(latitude) times a degree of latitude.
    """
    if not places:
        return
    xs, ys = [p.longitude for p in places], [p.latitude for p in places]
    middle = (min(ys) + max(ys)) / 2
    stretch = max(0.1, math.cos(math.radians(middle)))
    half = max(max(xs) - min(xs), (max(ys) - min(ys)) / stretch, MIN_SPAN_DEG) * 0.55
    centre_x, centre_y = (min(xs) + max(xs)) / 2, middle
    axes.set_xlim(centre_x - half, centre_x + half)
    axes.set_ylim(centre_y - half * stretch, centre_y + half * stretch)
    axes.set_aspect(1 / stretch, adjustable="box")


def map_svg(
    around: Sequence[Place], marked: Sequence[Place], words: Catalogue, *, size_in: float = 4.0
) -> bytes:
    """Points around in grey, marked ones in red and larger, in a plain frame; no tiles."""
    return _map(tuple(around), tuple(marked), words.language, size_in)


@lru_cache(maxsize=128)
def _map(
    around: tuple[Place, ...], marked: tuple[Place, ...], language: str, size_in: float
) -> bytes:
    words = catalogue(language)
    figure = Figure(figsize=(size_in, size_in * 0.8))
    figure.subplots_adjust(left=0.02, right=0.98, top=0.98, bottom=0.02)
    axes = figure.subplots()
    # Markers drawn with plot are one shape used at each place: a light SVG, where scatter would
    # write a path per place.
    if around:
        axes.plot(
            [p.longitude for p in around], [p.latitude for p in around], linestyle="none",
            marker="o", markersize=2, color=MUTED, label=words.text("charts.map_around"),
        )  # fmt: skip
    if marked:
        axes.plot(
            [p.longitude for p in marked], [p.latitude for p in marked], linestyle="none",
            marker="*", markersize=9, color=HIGHLIGHT, label=words.text("charts.map_marked"),
        )  # fmt: skip
    if not around and not marked:
        axes.text(0.5, 0.5, words.text("charts.no_place"), ha="center", transform=axes.transAxes)
    _frame(axes, [*around, *marked])
    axes.set_xticks([])
    axes.set_yticks([])
    for side in ("top", "right", "bottom", "left"):
        axes.spines[side].set_visible(True)
        axes.spines[side].set_color(MUTED)
    if marked and around:
        axes.legend(loc="upper right", frameon=True, fontsize=7)
    return _svg(figure)
