"""Which hours to recompute when readings arrive, late or out of order.

A reading changes the delta that ends at it and the delta that starts at it, and a delta may be
as long as ``MAX_GAP``: a batch of readings spanning [ts_min, ts_max] therefore touches the
hours from ``ts_min - MAX_GAP`` to ``ts_max + MAX_GAP``. Windows of several batches are merged,
so a live stream of small batches costs one recomputation per job run.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from aggregation.store import BatchRow, Window

MAX_GAP = timedelta(hours=3)
MAX_POWER_W = 2500.0
# A cabinet meter read once a day still gives each day's energy (docs/methods.md §2): its
# intervals count up to a little more than a day for the daily rollups. Its switching is timed
# from power readings at most this far apart; below MIN_ON_W a cabinet is off.
CABINET_MAX_INTERVAL = timedelta(hours=26)
# An interval meter's reading is the consumption of the period before it: a daily reading
# changes the day before it. The window of a batch of meter readings reaches back this far.
METER_MAX_PERIOD = timedelta(hours=26)
MAX_SWITCH_INTERVAL = timedelta(minutes=30)
MIN_ON_W = 5.0
HOUR = timedelta(hours=1)
CHUNK = timedelta(days=31)


def floor_hour(ts: datetime) -> datetime:
    """The UTC hour that holds ``ts``."""
    utc = ts.astimezone(UTC)
    return utc.replace(minute=0, second=0, microsecond=0)


def window_of(batch: BatchRow, max_gap: timedelta = MAX_GAP) -> Window:
    """The hours a batch's readings can change (for meters, the periods they close too)."""
    back = max(max_gap, METER_MAX_PERIOD) if batch.kind == "meter" else max_gap
    return Window(
        start=floor_hour(batch.ts_min - back),
        end=floor_hour(batch.ts_max + max_gap) + HOUR,
        kinds=frozenset({batch.kind}),
    )


def chunked(windows: Iterable[Window], size: timedelta = CHUNK) -> list[Window]:
    """Windows cut into pieces of at most ``size``, so that no statement spans years."""
    result = []
    for w in windows:
        start = w.start
        while start < w.end:
            result.append(Window(start, min(start + size, w.end), w.kinds))
            start += size
    return result


def merged(windows: Iterable[Window]) -> list[Window]:
    """Overlapping or touching windows merged into one, their kinds united."""
    result: list[Window] = []
    for w in sorted(windows, key=lambda w: w.start):
        if result and w.start <= result[-1].end:
            last = result[-1]
            result[-1] = Window(last.start, max(last.end, w.end), last.kinds | w.kinds)
        else:
            result.append(w)
    return result


def chunks(start: datetime, end: datetime, size: timedelta = CHUNK) -> list[Window]:
    """A long span cut into windows of ``size`` for every kind (a full recomputation)."""
    kinds = frozenset({"lamp", "cabinet", "meter"})
    first = floor_hour(start)
    last = floor_hour(end) + HOUR
    result = []
    while first < last:
        result.append(Window(first, min(first + size, last), kinds))
        first += size
    return result
