"""An indicator's values as a page shows them.

By month when there are enough, else by day over the last year, else by year; read with the JSON
API's store functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from api import store_data
from api.store import Row
from api.web.charts import Point
from core.database import Connection

MIN_POINTS = 2
WINDOWS = (("month", timedelta(days=3 * 366)), ("day", timedelta(days=366)), ("year", None))
FAR_PAST = date(1900, 1, 1)
LIMIT = 500


@dataclass(frozen=True)
class Series:
    """Values of one period kind, oldest first, with the indicator's targets and baseline."""

    period: str
    values: list[Row]
    targets: list[Row]

    @property
    def points(self) -> list[Point]:
        """The values as points of a chart."""
        return [Point(v["period_start"], float(v["value"])) for v in self.values]

    @property
    def target_points(self) -> list[Point]:
        """The targets as points of a chart."""
        return [Point(t["target_on"], float(t["value"])) for t in self.targets]


def series_of(
    conn: Connection, indicator_id: int, until: date, since: date | None = None
) -> Series:
    """The values of the first period kind that has enough of them before ``until``."""
    targets = store_data.indicator_targets(conn, indicator_id)
    best = Series("month", [], targets)
    for period, window in WINDOWS:
        start = since or (FAR_PAST if window is None else until - window)
        found = store_data.indicator_values(
            conn, indicator_id, period=period, start=start, end=until, after=None, limit=LIMIT
        )
        if len(found) >= MIN_POINTS:
            return Series(period, found, targets)
        if len(found) > len(best.values):
            best = Series(period, found, targets)
    return best
