"""How far an indicator stands from what its trajectory expects today, and how that is graded.

The value expected today lies on the straight line from the baseline (value, date) to the next
target. Two ways of grading the latest value against it (``docs/methods.md`` §5):

- a **ratio**, progress made over progress expected (from the baseline when known, else
  actual/target or target/actual), for quantities that stay positive: >= 1 sunny, >= 0.9
  cloudy, >= 0.75 rainy, below stormy;
- a **distance** in the indicator's own unit, against tolerance bands, wherever a ratio means
  nothing: a target of 0 (a gap to a path, a balance), or values at or below zero. Within the
  first band of the expected value (or better) sunny, within the second cloudy, within the
  third rainy, beyond stormy: +0.5 % and +50 % above a 0 % target are told apart.

The bands come from the indicator's ``parameters.tolerance`` (three increasing numbers; when
set, the indicator is always graded by distance). Otherwise an indicator in per cent or points
gets 2, 10 and 20 points; one with a baseline gets 0, 10 % and 25 % of the way from its baseline
to its target (the ratio thresholds read as distances). Without either, the indicator cannot be
graded and says why.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

POINT_UNITS = frozenset({"%", "pp", "percentage points"})  # not "points": light points
RATIO_LEVELS = (1.0, 0.9, 0.75)


@dataclass(frozen=True)
class Tolerance:
    """The widest shortfall, in the indicator's unit, that is still sunny, cloudy or rainy."""

    sunny: float
    cloudy: float
    rainy: float

    def level(self, shortfall: float) -> int:
        """0 sunny, 1 cloudy, 2 rainy, 3 stormy for a shortfall (negative: ahead)."""
        bands = (self.sunny, self.cloudy, self.rainy)
        return next((i for i, edge in enumerate(bands) if shortfall <= edge), len(bands))


POINTS = Tolerance(2.0, 10.0, 20.0)


@dataclass(frozen=True)
class Distance:
    """An indicator graded by distance: where it is, where it should be, and the bands."""

    actual: float
    expected: float
    unit: str
    direction: str
    tolerance: Tolerance

    @property
    def shortfall(self) -> float:
        """How far behind the expected value, in the unit (negative when ahead of it)."""
        sign = 1.0 if self.direction == "increase" else -1.0
        return sign * (self.expected - self.actual)


@dataclass(frozen=True)
class Grade:
    """A ratio, a distance, or the reason why the value cannot be graded."""

    ratio: float | None = None
    distance: Distance | None = None
    ungradable: str | None = None


@dataclass(frozen=True)
class Trajectory:
    """An indicator's way from its baseline to its target, and the unit it is counted in."""

    direction: str
    target: float
    unit: str = ""
    baseline: float | None = None
    tolerance: Tolerance | None = None


def expected_value(
    baseline: float, baseline_on: date, target: float, target_on: date, on: date
) -> float:
    """The value expected on ``on`` on the straight line from the baseline to the target."""
    if on >= target_on or target_on <= baseline_on:
        return target
    if on <= baseline_on:
        return baseline
    share = (on - baseline_on).days / (target_on - baseline_on).days
    return baseline + (target - baseline) * share


def attainment_ratio(
    actual: float, expected: float, *, direction: str, baseline: float | None = None
) -> float:
    """Progress made over progress expected (from the baseline when known, else actual/target)."""
    sign = 1.0 if direction == "increase" else -1.0
    if baseline is not None and expected != baseline:
        return (actual - baseline) / (expected - baseline)
    if baseline is not None:
        return 1.0 if sign * (actual - baseline) >= 0 else 0.0
    if direction == "increase":
        return actual / expected if expected else 1.0
    return expected / actual if actual > 0 else 1.0


def grade(actual: float, expected: float, way: Trajectory) -> Grade:
    """Grade ``actual`` against the value ``expected`` today on the trajectory ``way``."""
    if way.tolerance is not None:
        return Grade(distance=_distance(actual, expected, way, way.tolerance))
    if way.baseline is not None and expected != way.baseline:
        ratio = attainment_ratio(actual, expected, direction=way.direction, baseline=way.baseline)
        return Grade(ratio=ratio)
    if expected > 0 and actual >= 0:
        return Grade(ratio=attainment_ratio(actual, expected, direction=way.direction))
    bands = default_tolerance(way)
    if bands is None:
        return Grade(
            ungradable="its target is 0 or its values reach 0 or below, where a ratio means "
            "nothing, and it has no tolerance (parameters.tolerance) to be graded by"
        )
    return Grade(distance=_distance(actual, expected, way, bands))


def default_tolerance(way: Trajectory) -> Tolerance | None:
    """Points for a per-cent unit; else shares of the way from the baseline to the target."""
    if way.unit.strip().lower() in POINT_UNITS:
        return POINTS
    if way.baseline is None or way.baseline == way.target:
        return None
    scale = abs(way.target - way.baseline)
    return Tolerance(*((1.0 - level) * scale for level in RATIO_LEVELS))


def parse_tolerance(raw: object) -> Tolerance | None:
    """``parameters.tolerance`` as bands; ValueError unless three increasing numbers >= 0."""
    if raw is None:
        return None
    if not isinstance(raw, list) or len(raw) != len(RATIO_LEVELS):
        raise ValueError("parameters.tolerance must be a list of three numbers")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in raw):
        raise ValueError("parameters.tolerance must be a list of three numbers")
    bands = [float(v) for v in raw]
    if not all(math.isfinite(v) for v in bands) or bands[0] < 0 or bands != sorted(bands):
        raise ValueError("parameters.tolerance must be three increasing numbers, 0 or more")
    return Tolerance(*bands)


def _distance(actual: float, expected: float, way: Trajectory, bands: Tolerance) -> Distance:
    return Distance(actual, expected, way.unit, way.direction, bands)
