"""Known answers for the savings estimators on daily series where the truth is simulated."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from aggregation.estimators import Driver, Series, UnitInput, unit_result, whole
from aggregation.savings import (
    BASELINE_SHORT,
    REPORTING_SHORT,
    DailyEnergy,
    Period,
    building_savings,
    period_warnings,
)
from core.solar import night_hours

ANGERS = (47.47, -0.55)
BASELINE = Period(date(2024, 1, 1), date(2024, 12, 31))
REPORTING = Period(date(2025, 1, 1), date(2026, 1, 1))


def _hours(period: Period) -> dict[date, float]:
    return {
        period.start + timedelta(days=i): night_hours(
            period.start + timedelta(days=i), period.start + timedelta(days=i + 1), *ANGERS
        )
        for i in range(period.days)
    }


HOURS = {**_hours(BASELINE), **_hours(REPORTING)}
DRIVER = Driver.of(HOURS, BASELINE.start, REPORTING.end)


def _unit(
    key: int, kw_before: float, kw_after: float, *, seed: int, coverage: float = 1.0
) -> UnitInput:
    """A unit drawing ``kw_before`` a burning hour in the baseline, ``kw_after`` after."""
    rng = random.Random(seed)
    rows = []
    for day, h in sorted(HOURS.items()):
        kw = kw_before if day < REPORTING.start else kw_after
        rows.append((day, kw * h * rng.gauss(1, 0.03) * coverage, coverage))
    return UnitInput(key, kw_before, 1.0, 0.0, Series.of(rows), BASELINE.bounds, REPORTING.bounds)


def test_led_renovation_saving_is_found_within_three_points() -> None:
    """A unit whose power drops by 62 % shows 62 ± 3 %; its 95 % intervals cover 62 %."""
    covered = 0
    runs = 40
    for run in range(runs):
        result = unit_result(_unit(1, 17.25, 17.25 * 0.38, seed=run), DRIVER)
        assert result is not None
        estimate = whole([result], [17.25])
        assert estimate is not None
        assert estimate.pct is not None
        assert estimate.pct == pytest.approx(62.0, abs=3.0)
        covered += abs(estimate.pct - 62.0) <= estimate.pct_half
        assert estimate.cv_rmse < 0.05
    assert covered >= 0.85 * runs


def test_a_sample_of_units_stands_for_the_whole_with_a_wider_interval() -> None:
    """Three measured points out of ten give the whole's saving, with the sampling spread."""
    units = [unit_result(_unit(k, 0.17, 0.17 * (0.3 + 0.02 * k), seed=k), DRIVER) for k in range(3)]
    measured = [u for u in units if u is not None]
    sample = whole(measured, [0.17] * 10)
    everything = whole(measured, [0.17] * 3)
    assert sample is not None
    assert everything is not None
    assert sample.measured_share == pytest.approx(0.3)
    assert sample.saving == pytest.approx(everything.saving * 10 / 3)
    assert sample.pct == pytest.approx(everything.pct)
    assert sample.half > everything.half * 10 / 3


def test_winter_against_summer_is_not_taken_for_a_saving() -> None:
    """An untouched unit compared winter against summer shows no saving: hours are the driver."""
    rows = [(d, 10.0 * h, 1.0) for d, h in sorted(HOURS.items())]
    unit = UnitInput(
        1,
        10.0,
        1.0,
        0.0,
        Series.of(rows),
        (date(2025, 1, 1), date(2025, 3, 1)),
        (date(2025, 6, 1), date(2025, 8, 1)),
    )
    result = unit_result(unit, DRIVER)
    assert result is not None
    assert result.saving == pytest.approx(0.0, abs=1e-6 * result.counterfactual)
    winter = (
        Period(date(2025, 1, 1), date(2025, 3, 1)),
        Period(date(2025, 6, 1), date(2025, 8, 1)),
    )
    assert period_warnings(winter) == [BASELINE_SHORT, REPORTING_SHORT]


def test_a_unit_with_too_little_data_is_not_measured() -> None:
    """A unit whose days are mostly uncovered is left out, not measured on a few days."""
    assert unit_result(_unit(1, 10.0, 4.0, seed=5, coverage=0.3), DRIVER) is None


def test_building_saving_against_a_degree_day_baseline() -> None:
    """A school using 20 % less in a colder year is credited 20 %, not less."""
    rng = random.Random(12)
    base_dju = {BASELINE.start + timedelta(days=i): float(max(0, 12 - i % 30)) for i in range(365)}
    rep_dju = {REPORTING.start + timedelta(days=i): float(max(0, 15 - i % 30)) for i in range(365)}
    baseline = [
        DailyEnergy(d, (300 + 40 * x) * rng.gauss(1, 0.03), 1.0) for d, x in base_dju.items()
    ]
    reporting = [
        DailyEnergy(d, 0.8 * (300 + 40 * x) * rng.gauss(1, 0.03), 1.0) for d, x in rep_dju.items()
    ]
    effect = building_savings(
        baseline,
        reporting,
        {**base_dju, **rep_dju},
        (Period(BASELINE.start, REPORTING.start), REPORTING),
    )
    assert effect.saved_pct is not None
    assert effect.saved_pct_low is not None
    assert effect.saved_pct_high is not None
    assert effect.saved_pct == pytest.approx(20.0, abs=2.0)
    assert effect.saved_pct_low <= 20.0 <= effect.saved_pct_high
    assert effect.fit["r_squared"] > 0.9
    assert effect.fit["slope_kwh_per_dju"] == pytest.approx(40, rel=0.1)
