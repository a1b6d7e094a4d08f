"""What the lighting methods read for one action: its works, periods, drivers and measurements.

``LightingData`` is fetched once per action (``effects.py``) and handed to the pure methods of
``lighting_units.py`` and ``lighting_effects.py``. Drivers are burning hours per local day: the
cabinet's own, measured from its power, where it measured them on nearly every day of both
periods (days it missed take the scheduled hours times its usual measured-to-scheduled ratio);
the scheduled ones (sun times with the territory's switching offsets) otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from aggregation.estimators import Driver, Floats, Series
from aggregation.savings import Period
from aggregation.works import EquipmentSpan, PointWorks, Works

MEASURED_HOURS_SHARE = 0.9  # of a cabinet's days in each period, for its hours to be used


@dataclass(frozen=True)
class CabinetSeries:
    """A cabinet's daily energy and the burning hours its power measured (NaN where it did not)."""

    series: Series
    on_hours: Floats


@dataclass(frozen=True)
class LightingData:
    """Everything the lighting methods need for one action as of a date."""

    works: Works
    periods: tuple[Period, Period]
    as_of: date
    schedule: Driver
    normal_year_hours: float
    cabinets: Mapping[int, CabinetSeries] = field(default_factory=dict)
    cabinet_points: Mapping[int, Sequence[PointWorks]] = field(default_factory=dict)
    points: Mapping[int, Series] = field(default_factory=dict)
    control: Series | None = None
    control_spans: Sequence[EquipmentSpan] = ()

    def driver_of_cabinet(self, cabinet_id: int | None) -> tuple[Driver, bool]:
        """A cabinet's daily burning hours, and whether they were measured."""
        found = self.cabinets.get(cabinet_id) if cabinet_id is not None else None
        if found is None:
            return self.schedule, False
        measured = ~np.isnan(found.on_hours)
        days = found.series.days[measured]
        if not all(_share_of(days, p) >= MEASURED_HOURS_SHARE for p in self.periods):
            return self.schedule, False
        scheduled = self.schedule.at(days)
        hours = found.on_hours[measured]
        ratio = float(np.median(hours[scheduled > 0] / scheduled[scheduled > 0]))
        values = self.schedule.values * ratio
        index = days - self.schedule.start
        inside = (index >= 0) & (index < len(values))
        values[index[inside]] = hours[inside]
        return Driver(self.schedule.start, values), True

    def reporting_of(self, changed_on: Sequence[date]) -> tuple[date, date]:
        """A unit's reporting period: the action's, or while the works go on, from its own."""
        reporting = self.periods[1]
        if not self.works.in_progress or not changed_on:
            return reporting.bounds
        start = max(max(changed_on) + timedelta(days=1), self.as_of - timedelta(days=365))
        return min(start, reporting.end), reporting.end


def _share_of(days: np.ndarray[tuple[int], np.dtype[np.int64]], period: Period) -> float:
    a, b = period.start.toordinal(), period.end.toordinal()
    inside = int(((days >= a) & (days < b)).sum())
    return inside / period.days if period.days > 0 else 0.0
