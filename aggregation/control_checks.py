"""Difference-in-differences: the control group's energy as the driver, and its integrity.

A control group stands for what the treated points would have done without the works only if
nothing happened to it either (``docs/methods.md`` §3.3):

- its equipment history is unchanged over both periods (``control_equipment_changed``
  otherwise: a renovated control makes the saving look smaller, or larger);
- its trend before the works is parallel to the treated points': the ratio of treated to
  control energy, month by month over the baseline, may drift by at most
  ``PARALLEL_TOLERANCE`` over the year (a least-squares line through the monthly ratios;
  ``control_trend_not_parallel`` otherwise).

Either failure makes the figure unreliable: it is stored and shown, flagged, never presented
as the action's saving.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from aggregation.estimators import MIN_DAY_COVERAGE, Driver
from aggregation.lighting_data import LightingData
from aggregation.lighting_units import Unit
from aggregation.savings import CONTROL_CHANGED, CONTROL_NOT_PARALLEL

PARALLEL_TOLERANCE = 0.05
MIN_MONTHS = 6
MONTH_DAYS = 30


def control_driver(data: LightingData) -> tuple[Driver, tuple[float, float]]:
    """The control group's daily energy (full days) as a driver, and its periods' coverage."""
    start = data.periods[0].start
    values = np.zeros(max((data.periods[1].end - start).days, 0), dtype=np.float64)
    coverage = (0.0, 0.0)
    control = data.control
    if control is None or len(control.days) == 0 or len(values) == 0:
        return Driver(start.toordinal(), values), coverage
    index = control.days - start.toordinal()
    inside = (index >= 0) & (index < len(values)) & (control.coverage >= MIN_DAY_COVERAGE)
    values[index[inside]] = control.energy[inside] / np.minimum(control.coverage[inside], 1.0)
    covered = []
    for period in data.periods:
        a, b = period.start.toordinal(), period.end.toordinal()
        within = (control.days >= a) & (control.days < b)
        share = float(np.clip(control.coverage[within], 0, 1).sum()) / max(period.days, 1)
        covered.append(share)
    return Driver(start.toordinal(), values), (covered[0], covered[1])


def control_warnings(data: LightingData, units: Sequence[Unit], driver: Driver) -> list[str]:
    """Why the control group cannot stand for the treated points, if it cannot."""
    warnings = []
    first, last = data.periods[0].start, data.periods[1].end
    if any(first < s.valid_from < last for s in data.control_spans):
        warnings.append(CONTROL_CHANGED)
    drift = baseline_drift(data, units, driver)
    if drift is not None and abs(drift) > PARALLEL_TOLERANCE:
        warnings.append(CONTROL_NOT_PARALLEL)
    return warnings


def baseline_drift(data: LightingData, units: Sequence[Unit], driver: Driver) -> float | None:
    """How much the treated-to-control ratio drifted over the baseline year (a fraction).

    None when fewer than ``MIN_MONTHS`` months of the baseline have data on both sides.
    """
    baseline = data.periods[0]
    months = max(baseline.days // MONTH_DAYS, 1)
    treated = np.zeros(months)
    control = np.zeros(months)
    for unit in units:
        series = unit.input.series
        a = baseline.start.toordinal()
        inside = (series.days >= a) & (series.days < baseline.end.toordinal())
        days = series.days[inside]
        x = driver.at(days)
        keep = (series.coverage[inside] >= MIN_DAY_COVERAGE) & (x > 0)
        month = np.minimum((days[keep] - a) // MONTH_DAYS, months - 1)
        np.add.at(treated, month, series.energy[inside][keep] / series.coverage[inside][keep])
        np.add.at(control, month, x[keep])
    ok = control > 0
    if int(ok.sum()) < MIN_MONTHS:
        return None
    ratio = treated[ok] / control[ok]
    index = np.arange(months)[ok].astype(np.float64)
    slope = float(np.polyfit(index, ratio, 1)[0])
    mean = float(ratio.mean())
    return slope * (months - 1) / mean if mean > 0 else None
