"""Baseline models: ratio to a driver and degree-day regression, with fit statistics."""

from __future__ import annotations

import math
import random

import pytest

from aggregation.baselines import fit_degree_days, fit_ratio


def test_ratio_model_recovers_the_rate_and_is_exact_without_noise() -> None:
    """Energy exactly proportional to hours gives the rate, zero variance and zero CV(RMSE)."""
    hours = [8.0 + i % 8 for i in range(60)]
    model = fit_ratio([2.5 * h for h in hours], hours)
    assert model.rate == pytest.approx(2.5)
    assert model.fit.cv_rmse == pytest.approx(0.0, abs=1e-12)
    prediction = model.predict(100.0)
    assert prediction.total == pytest.approx(250.0)
    assert prediction.variance == pytest.approx(0.0, abs=1e-12)


def test_ratio_model_variance_grows_with_noise() -> None:
    """Noisy energy gives a positive variance that grows with the predicted total."""
    rng = random.Random(1)
    hours = [8.0 + i % 8 for i in range(200)]
    model = fit_ratio([2.0 * h * rng.gauss(1, 0.05) for h in hours], hours)
    assert model.rate == pytest.approx(2.0, rel=0.02)
    assert 0 < model.predict(100).variance < model.predict(1000).variance


def test_ratio_model_needs_two_days() -> None:
    """One observation cannot make a model."""
    with pytest.raises(ValueError, match="at least two"):
        fit_ratio([1.0], [1.0])


def test_degree_day_model_recovers_base_load_and_slope() -> None:
    """Energy = 100 + 12 x DJU with noise is fitted with R² near 1 and small CV(RMSE)."""
    rng = random.Random(2)
    dju = [max(0.0, 8 + 8 * math.cos(i / 365 * math.tau)) for i in range(365)]
    energy = [100 + 12 * x + rng.gauss(0, 5) for x in dju]
    model = fit_degree_days(energy, dju)
    assert model.intercept == pytest.approx(100, abs=3)
    assert model.slope == pytest.approx(12, abs=0.3)
    assert model.fit.r_squared > 0.95
    assert model.fit.cv_rmse < 0.05
    assert abs(model.fit.nmbe) < 1e-9
    assert model.normalised(365, sum(dju)) == pytest.approx(sum(energy), rel=1e-9)


def test_negative_slope_falls_back_to_intercept_only() -> None:
    """A building that uses less when it is colder keeps only its mean: no negative parameter."""
    dju = [float(i % 20) for i in range(100)]
    energy = [500 - 3 * x for x in dju]
    model = fit_degree_days(energy, dju)
    assert model.slope == 0.0
    assert model.fit.parameters == 1
    assert model.intercept == pytest.approx(sum(energy) / len(energy))


def test_degree_day_prediction_interval_is_wider_far_from_the_baseline_weather() -> None:
    """Predicting a much colder period than the baseline costs a wider interval."""
    rng = random.Random(3)
    dju = [float(i % 15) for i in range(365)]
    model = fit_degree_days([50 + 4 * x + rng.gauss(0, 3) for x in dju], dju)
    near = model.predict([7.0] * 30).variance
    far = model.predict([25.0] * 30).variance
    assert far > near > 0
