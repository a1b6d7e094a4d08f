"""The cabinets' daily energy and burning hours, and the lighting days they are shared by.

A cabinet's day is recomputed from its raw readings (``sql/recompute_cabinet_daily.sql``): an
interval of a daily meter index spans parts of two days, shared in proportion to the lit time
of each part, so the day's burning window (``lighting_days``: sun times with the territory's
switching offsets) must be known first. The rollup job marks the days a batch touches; this
step recomputes them, in runs of contiguous days.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from aggregation import store
from aggregation.rollups import CABINET_MAX_INTERVAL, MAX_SWITCH_INTERVAL, MIN_ON_W
from aggregation.store import TerritoryRow
from core.database import Connection
from core.solar import lit_window

DAY = timedelta(days=1)
RUN = 31  # days recomputed by one statement
MARGIN = 3  # lighting days known around the days recomputed


def ensure_lighting_days(conn: Connection, territory: TerritoryRow, first: date, last: date) -> int:
    """Compute and store the burning windows of [first, last] not stored yet; how many."""
    known = store.lighting_days_known(conn, territory, (first, last))
    zone = ZoneInfo(territory.timezone)
    missing = {}
    day = first
    while day <= last:
        if day not in known:
            missing[day] = lit_window(
                day,
                zone,
                territory.latitude,
                territory.longitude,
                on_offset_min=territory.switch_on_offset_min,
                off_offset_min=territory.switch_off_offset_min,
            )
        day += DAY
    if missing:
        store.save_lighting_days(conn, territory, missing)
    return len(missing)


def recompute_pending(conn: Connection, territory: TerritoryRow) -> int:
    """Recompute the cabinets' days marked since the last run; rows written."""
    written = 0
    with conn.transaction():
        days = store.take_pending_days(conn, territory, "cabinet")
        for first, last in runs(days):
            ensure_lighting_days(conn, territory, first - MARGIN * DAY, last + MARGIN * DAY)
            written += store.recompute_cabinet_days(
                conn,
                territory,
                (first, last),
                {
                    "max_interval": CABINET_MAX_INTERVAL,
                    "max_switch_interval": MAX_SWITCH_INTERVAL,
                    "min_on_w": MIN_ON_W,
                },
            )
    return written


def runs(days: list[date], size: int = RUN) -> Iterator[tuple[date, date]]:
    """Sorted days as runs of contiguous days, each at most ``size`` days long."""
    first: date | None = None
    last: date | None = None
    for day in sorted(days):
        if (
            first is not None
            and last is not None
            and day == last + DAY
            and (day - first).days < size
        ):
            last = day
            continue
        if first is not None and last is not None:
            yield first, last
        first = last = day
    if first is not None and last is not None:
        yield first, last
