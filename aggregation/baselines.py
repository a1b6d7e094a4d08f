"""Baseline models fitted on a baseline period and used to predict the reporting period.

Two models, both with the variance of a predicted total (``docs/methods.md`` gives the formulas):

- ``RatioModel``: ``y_d = r · x_d + ε_d`` with ``Var(ε_d) = σ² x_d``; ``r = Σy / Σx`` (the
  weighted least-squares estimate). Lighting uses burning hours as ``x``; the
  difference-in-differences uses the control group's energy.
- ``DegreeDayModel``: ``y_d = β0 + βH · DJU_d + ε_d`` by ordinary least squares, CalTRACK-style:
  a model with a negative parameter is refused and the intercept-only model is kept instead.

Fit statistics follow ASHRAE Guideline 14 (n - p in the denominators): CV(RMSE), NMBE, R².
Residual autocorrelation widens the prediction variance by (1 + rho) / (1 - rho).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from aggregation.statistics import autocorrelation_inflation, lag1_autocorrelation


@dataclass(frozen=True)
class FitStatistics:
    """How well a baseline model reproduces its own baseline period."""

    observations: int
    parameters: int
    cv_rmse: float
    nmbe: float
    r_squared: float
    autocorrelation: float

    def as_dict(self) -> dict[str, float]:
        """The statistics as plain numbers, for storage and display."""
        return {
            "observations": self.observations,
            "parameters": self.parameters,
            "cv_rmse": self.cv_rmse,
            "nmbe": self.nmbe,
            "r_squared": self.r_squared,
            "autocorrelation": self.autocorrelation,
        }


@dataclass(frozen=True)
class Prediction:
    """A predicted total with the variance of (prediction - what would have been measured)."""

    total: float
    variance: float
    dof: float


@dataclass(frozen=True)
class RatioModel:
    """Energy proportional to a driver (burning hours, or the control group's energy)."""

    rate: float
    sigma2: float
    x_total: float
    fit: FitStatistics

    def predict(self, x_total: float) -> Prediction:
        """The total for a period whose driver sums to ``x_total``."""
        inflation = autocorrelation_inflation(self.fit.autocorrelation)
        variance = self.sigma2 * (x_total**2 / self.x_total + x_total) * inflation
        return Prediction(self.rate * x_total, variance, _effective_dof(self.fit))


@dataclass(frozen=True)
class DegreeDayModel:
    """Daily energy as a base load plus a heating slope on degree-days."""

    intercept: float
    slope: float
    sigma2: float
    n: int
    x_mean: float
    sxx: float
    fit: FitStatistics

    def predict(self, dju: Sequence[float]) -> Prediction:
        """The total over days with these degree-days."""
        m = len(dju)
        x_sum = sum(dju)
        total = self.intercept * m + self.slope * x_sum
        spread = (x_sum - m * self.x_mean) ** 2 / self.sxx if self.sxx > 0 else 0.0
        variance = self.sigma2 * (m + m * m / self.n + spread)
        variance *= autocorrelation_inflation(self.fit.autocorrelation)
        return Prediction(total, variance, _effective_dof(self.fit))

    def normalised(self, days: int, dju_total: float) -> float:
        """Consumption over ``days`` days of a climate with ``dju_total`` degree-days."""
        return self.intercept * days + self.slope * dju_total


def fit_ratio(y: Sequence[float], x: Sequence[float]) -> RatioModel:
    """Fit ``y = r · x`` with variance proportional to ``x``; needs two or more positive ``x``."""
    pairs = [(yi, xi) for yi, xi in zip(y, x, strict=True) if xi > 0]
    if len(pairs) < 2:  # noqa: PLR2004 - one observation leaves no degree of freedom
        raise ValueError("a ratio model needs at least two observations")
    x_total = sum(xi for _, xi in pairs)
    rate = sum(yi for yi, _ in pairs) / x_total
    residuals = [yi - rate * xi for yi, xi in pairs]
    sigma2 = sum(r * r / xi for r, (_, xi) in zip(residuals, pairs, strict=True)) / (len(pairs) - 1)
    fit = _statistics([yi for yi, _ in pairs], residuals, parameters=1)
    return RatioModel(rate=rate, sigma2=sigma2, x_total=x_total, fit=fit)


def fit_degree_days(energy: Sequence[float], dju: Sequence[float]) -> DegreeDayModel:
    """Fit the degree-day model; fall back to the intercept-only model if the slope is unfit."""
    n = len(energy)
    if n != len(dju):
        raise ValueError("energy and degree-days must have the same length")
    if n < 3:  # noqa: PLR2004 - two parameters and one degree of freedom
        raise ValueError("a degree-day model needs at least three observations")
    x_mean = sum(dju) / n
    y_mean = sum(energy) / n
    sxx = sum((x - x_mean) ** 2 for x in dju)
    sxy = sum((x - x_mean) * (y - y_mean) for x, y in zip(dju, energy, strict=True))
    slope = sxy / sxx if sxx > 0 else 0.0
    intercept = y_mean - slope * x_mean
    parameters = 2
    if slope <= 0 or intercept < 0:
        slope, intercept, parameters = 0.0, y_mean, 1
    residuals = [y - intercept - slope * x for x, y in zip(dju, energy, strict=True)]
    sigma2 = sum(r * r for r in residuals) / (n - parameters)
    fit = _statistics(list(energy), residuals, parameters=parameters)
    if parameters == 1:
        sxx = 0.0
    return DegreeDayModel(intercept, slope, sigma2, n, x_mean, sxx, fit)


def _statistics(
    y: Sequence[float], residuals: Sequence[float], *, parameters: int
) -> FitStatistics:
    """CV(RMSE), NMBE (prediction - measure), R² and lag-1 autocorrelation of the residuals."""
    n = len(y)
    dof = max(n - parameters, 1)
    mean = sum(y) / n
    ss_res = sum(r * r for r in residuals)
    ss_tot = sum((v - mean) ** 2 for v in y)
    cv_rmse = math.sqrt(ss_res / dof) / mean if mean else math.inf
    nmbe = -sum(residuals) / (dof * mean) if mean else math.inf
    r_squared = 1 - ss_res / ss_tot if ss_tot > 0 else 0.0
    return FitStatistics(
        observations=n,
        parameters=parameters,
        cv_rmse=cv_rmse,
        nmbe=nmbe,
        r_squared=r_squared,
        autocorrelation=lag1_autocorrelation(residuals),
    )


def _effective_dof(fit: FitStatistics) -> float:
    """Degrees of freedom after the autocorrelation correction n' = n (1 - rho) / (1 + rho)."""
    inflation = autocorrelation_inflation(fit.autocorrelation)
    return max(fit.observations / inflation - fit.parameters, 1.0)
