"""Known answers for the savings methods on daily series where the truth is simulated."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from aggregation.savings import (
    BASELINE_COVERAGE,
    BASELINE_SHORT,
    NO_REPORTING,
    REPORTING_COVERAGE,
    DailyEnergy,
    Period,
    building_savings,
    lighting_savings,
    lighting_savings_with_control,
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


def _series(
    period: Period, kw: float, *, seed: int, coverage: float = 1.0, noise: float = 0.03
) -> list[DailyEnergy]:
    rng = random.Random(seed)
    return [
        DailyEnergy(day, kw * HOURS[day] * rng.gauss(1, noise) * coverage, coverage)
        for day in sorted(HOURS)
        if period.holds(day)
    ]


def test_led_renovation_saving_is_found_within_three_points() -> None:
    """A district whose power drops by 62 % shows 62 ± 3 %; its 95 % intervals cover 62 %."""
    covered = 0
    runs = 40
    for run in range(runs):
        effect = lighting_savings(
            _series(BASELINE, 17.25, seed=2 * run),
            _series(REPORTING, 17.25 * 0.38, seed=2 * run + 1),
            HOURS,
            (BASELINE, REPORTING),
        )
        assert effect.saved_pct is not None
        assert effect.saved_pct_low is not None
        assert effect.saved_pct_high is not None
        assert effect.saved_pct == pytest.approx(62.0, abs=3.0)
        covered += effect.saved_pct_low <= 62.0 <= effect.saved_pct_high
        assert effect.sufficient
        assert effect.fit["cv_rmse"] < 0.05
    assert covered >= 0.85 * runs


def test_short_winter_baseline_does_not_mistake_summer_nights_for_savings() -> None:
    """An untouched district compared winter against summer shows no saving, and a warning."""
    winter, summer = (
        Period(date(2025, 1, 1), date(2025, 3, 1)),
        Period(date(2025, 6, 1), date(2025, 8, 1)),
    )
    effect = lighting_savings(
        _series(winter, 10.0, seed=3), _series(summer, 10.0, seed=4), HOURS, (winter, summer)
    )
    assert effect.actual_kwh is not None
    assert effect.counterfactual_kwh is not None
    assert effect.saved_pct is not None
    assert effect.saved_pct_low is not None
    assert effect.saved_pct_high is not None
    assert abs(effect.saved_pct) < 2.0
    assert effect.saved_pct_low <= 0.0 <= effect.saved_pct_high
    assert BASELINE_SHORT in effect.warnings
    assert not effect.sufficient


def test_low_coverage_is_flagged_not_silently_reported() -> None:
    """A district reporting 60 % of its data gets a coverage warning and is not sufficient."""
    effect = lighting_savings(
        _series(BASELINE, 10.0, seed=5, coverage=0.6),
        _series(REPORTING, 4.0, seed=6),
        HOURS,
        (BASELINE, REPORTING),
    )
    assert effect.coverage_baseline == pytest.approx(0.6 * 365 / 365, abs=0.01)
    assert BASELINE_COVERAGE in effect.warnings
    assert not effect.sufficient


def test_no_reporting_data_gives_no_figure() -> None:
    """Without reporting data there is no figure, only the warning."""
    effect = lighting_savings(_series(BASELINE, 10.0, seed=7), [], HOURS, (BASELINE, REPORTING))
    assert effect.saved_kwh is None
    assert NO_REPORTING in effect.warnings
    assert REPORTING_COVERAGE not in effect.warnings


def test_difference_in_differences_removes_a_change_common_to_both_groups() -> None:
    """A 10 % territory-wide dimming on both groups is not credited to the renovation."""
    treated_b = _series(BASELINE, 20.0, seed=8)
    control_b = _series(BASELINE, 15.0, seed=9)
    treated_r = _series(REPORTING, 20.0 * 0.9 * 0.4, seed=10)
    control_r = _series(REPORTING, 15.0 * 0.9, seed=11)
    periods = (BASELINE, REPORTING)
    effect = lighting_savings_with_control(treated_b, treated_r, control_b, control_r, periods)
    assert effect.saved_pct is not None
    assert effect.saved_pct_low is not None
    assert effect.saved_pct_high is not None
    assert effect.saved_pct == pytest.approx(60.0, abs=3.0)
    assert effect.saved_pct_low <= 60.0 <= effect.saved_pct_high
    plain = lighting_savings(treated_b, treated_r, HOURS, periods)
    assert plain.saved_pct is not None
    assert plain.saved_pct == pytest.approx(64.0, abs=3.0)


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
