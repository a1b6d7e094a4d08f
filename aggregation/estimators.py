"""From measured units to an action's saving: per-unit baselines, a sample to a whole, intervals.

A *unit* is what one series of daily energy measures: a control cabinet's meter, or one light
point's controller. Each unit has its own baseline: its baseline energy per unit of a driver
(burning hours, or a control group's energy), restated to its reporting period's driver:

    r_u  = Σ_base E_d / Σ_base X_d                 CF_u = r_u · Σ_rep X_d (every reporting day)
    A_u  = Σ_rep E_d · Σ_rep X_d / Σ_rep,used X_d   (days with data, scaled to the period)

the weighted least-squares fit of E_d = r X_d + e_d with Var(e_d) = sigma^2 X_d. Its
prediction variance is sigma^2 (X_rep² / X_base + X_rep) · (1 + rho)/(1 - rho), with rho the
lag-1 autocorrelation of the baseline residuals (ASHRAE Guideline 14's correction, rho ≥ 0,
capped at 0.95), which also gives n (1 - rho)/(1 + rho) - 1 degrees of freedom. Days are used
when their data cover at least half of them, scaled to a full day.

When only some units of the works are measured (controllers on part of the points, cabinets
without a usable meter), the measured ones are a sample: the saving of the whole is the
sample's saving per kW of former power times the former power of the whole (a ratio
estimator), with the sampling variance N² (1 - n/N) / n · s²_e, s²_e the variance of the
residuals y_u - R x_u. The 95 % interval uses Student's t with Welch-Satterthwaite degrees of
freedom for the sum of the two variances.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from aggregation.statistics import autocorrelation_inflation, t_quantile_975

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

MIN_DAY_COVERAGE = 0.5
MIN_USABLE_SHARE = 0.5  # of a period's days, for a unit to be measured in it
MIN_DAYS = 14


@dataclass(frozen=True)
class Series:
    """A unit's days (ordinals), their energy (kWh) and the share of each day its data cover."""

    days: Ints
    energy: Floats
    coverage: Floats

    @classmethod
    def of(cls, rows: Iterable[tuple[date, float, float]]) -> Series:
        """A series from (day, kWh, coverage) rows."""
        items = sorted(rows)
        return cls(
            np.array([d.toordinal() for d, _, _ in items], dtype=np.int64),
            np.array([e for _, e, _ in items], dtype=np.float64),
            np.array([c for _, _, c in items], dtype=np.float64),
        )


@dataclass(frozen=True)
class Driver:
    """A value per day from ``start`` on (burning hours, or a control group's energy)."""

    start: int
    values: Floats

    @classmethod
    def of(cls, by_day: dict[date, float], first: date, end: date) -> Driver:
        """A dense driver over [first, end) from a mapping (missing days are 0)."""
        values = np.array(
            [
                by_day.get(date.fromordinal(o), 0.0)
                for o in range(first.toordinal(), end.toordinal())
            ],
            dtype=np.float64,
        )
        return cls(first.toordinal(), values)

    def at(self, days: Ints) -> Floats:
        """The driver on these days (0 outside its span)."""
        index = days - self.start
        inside = (index >= 0) & (index < len(self.values))
        found = np.zeros(len(days), dtype=np.float64)
        found[inside] = self.values[index[inside]]
        return found

    def total(self, period: tuple[date, date]) -> float:
        """The driver summed over [start, end)."""
        a = max(period[0].toordinal() - self.start, 0)
        b = max(min(period[1].toordinal() - self.start, len(self.values)), 0)
        return float(self.values[a:b].sum()) if b > a else 0.0


@dataclass(frozen=True)
class UnitInput:
    """A unit, its weight in the works and its data.

    ``weight`` is the former system power (kW) of the changed points the unit measures, the
    basis on which a sample stands for the whole; ``share`` is the part of the unit's baseline
    energy those points drew (1 for a point; a cabinet renovated in part has less), with its
    standard deviation ``share_sd`` (nameplate against real draw).
    """

    key: int
    weight: float
    share: float
    share_sd: float
    series: Series
    baseline: tuple[date, date]
    reporting: tuple[date, date]


@dataclass(frozen=True)
class UnitResult:
    """One unit's counterfactual, actual, model variance and data coverage."""

    key: int
    weight: float
    share: float
    share_sd: float
    counterfactual: float
    actual: float
    variance: float
    dof: float
    coverage_baseline: float
    coverage_reporting: float
    driver_reporting: float
    cv_rmse: float
    autocorrelation: float
    adjustment: float = 0.0

    @property
    def saving(self) -> float:
        """What the unit saved: its baseline restated and adjusted, less what it drew."""
        return self.counterfactual + self.adjustment - self.actual


@dataclass(frozen=True)
class Estimate:
    """The saving of the whole works, from its measured units, with its 95 % half-width."""

    counterfactual: float  # of the changed points
    actual: float  # of the changed points
    saving: float
    half: float
    pct_half: float
    units: int
    population: int
    measured_share: float
    coverage_baseline: float
    coverage_reporting: float
    driver_reporting: float
    cv_rmse: float
    autocorrelation: float

    @property
    def pct(self) -> float | None:
        """Percent saved on the changed points."""
        return 100.0 * self.saving / self.counterfactual if self.counterfactual > 0 else None


@dataclass(frozen=True)
class Usable:
    """A period's usable days of a unit: energy scaled to full days, the driver, the coverage."""

    energy: Floats
    driver: Floats
    coverage: float


def usable(
    series: Series, period: tuple[date, date], driver: Driver, *, min_days: int = 1
) -> Usable | None:
    """The period's usable days, or None if too few to measure the unit in it.

    At least half of the period's days must be usable, and ``min_days`` of them (a baseline
    model needs ``MIN_DAYS``; a short reporting period is measured, and flagged elsewhere).
    """
    a, b = period[0].toordinal(), period[1].toordinal()
    length = b - a
    inside = (series.days >= a) & (series.days < b)
    coverage = np.clip(series.coverage[inside], 0.0, 1.0)
    days = series.days[inside]
    x = driver.at(days)
    keep = (coverage >= MIN_DAY_COVERAGE) & (x > 0)
    if length <= 0 or int(keep.sum()) < max(min_days, MIN_USABLE_SHARE * length):
        return None
    energy = series.energy[inside][keep] / coverage[keep]
    return Usable(energy, x[keep], float(coverage.sum()) / length)


def period_coverage(series: Series, period: tuple[date, date]) -> float:
    """The share of a period's days a series' data cover."""
    a, b = period[0].toordinal(), period[1].toordinal()
    inside = (series.days >= a) & (series.days < b)
    return float(np.clip(series.coverage[inside], 0.0, 1.0).sum()) / (b - a) if b > a else 0.0


def unit_result(unit: UnitInput, driver: Driver, adjustment: float = 0.0) -> UnitResult | None:
    """A unit's baseline restated to its reporting period, or None if not measured in both.

    ``adjustment`` (kWh) is added to the restated baseline: non-routine adjustments.
    """
    base = usable(unit.series, unit.baseline, driver, min_days=MIN_DAYS)
    rep = usable(unit.series, unit.reporting, driver)
    if base is None or rep is None:
        return None
    x_base = float(base.driver.sum())
    x_rep_all = driver.total(unit.reporting)
    x_rep_used = float(rep.driver.sum())
    if x_base <= 0 or x_rep_used <= 0:
        return None
    rate = float(base.energy.sum()) / x_base
    residuals = base.energy - rate * base.driver
    n = len(residuals)
    sigma2 = float((residuals**2 / base.driver).sum()) / (n - 1)
    rho = _lag1(residuals)
    inflation = autocorrelation_inflation(rho)
    mean = float(base.energy.mean())
    return UnitResult(
        key=unit.key,
        weight=unit.weight,
        share=unit.share,
        share_sd=unit.share_sd,
        counterfactual=rate * x_rep_all,
        actual=float(rep.energy.sum()) * x_rep_all / x_rep_used,
        variance=sigma2 * (x_rep_all**2 / x_base + x_rep_all) * inflation,
        dof=max(n / inflation - 1, 1.0),
        coverage_baseline=base.coverage,
        coverage_reporting=rep.coverage,
        driver_reporting=x_rep_all,
        cv_rmse=math.sqrt(float((residuals**2).sum()) / (n - 1)) / mean if mean > 0 else math.inf,
        autocorrelation=rho,
        adjustment=adjustment,
    )


def whole(
    results: Sequence[UnitResult], weights: Sequence[float], *, systematic: float = 0.0
) -> Estimate | None:
    """The works' saving from the measured units, extrapolated to every unit's ``weights``.

    ``systematic`` is a relative standard uncertainty common to every unit's counterfactual (a
    stipulated parameter): it adds (systematic x counterfactual)² to the saving's variance.
    """
    if not results:
        return None
    n, big_n = len(results), max(len(weights), len(results))
    w_sample = sum(r.weight for r in results)
    w_total = max(sum(weights), w_sample)
    if w_sample <= 0:
        return None
    scale = w_total / w_sample
    saving = sum(r.saving for r in results)
    counterfactual = sum(r.share * r.counterfactual for r in results) * scale
    model_var = sum(r.variance for r in results) * scale**2 + (systematic * counterfactual) ** 2
    sampling_var = _sampling_variance(results, big_n, lambda r: r.saving, saving / w_sample)
    variance = model_var + sampling_var
    dof = _satterthwaite(model_var, min(r.dof for r in results), sampling_var, n - 1)
    half = t_quantile_975(dof) * math.sqrt(variance)
    share_var = sum((r.share_sd * r.counterfactual) ** 2 for r in results) * scale**2
    cf_sampling = _sampling_variance(
        results, big_n, lambda r: r.share * r.counterfactual, counterfactual / w_total
    )
    pct_half = _pct_half(saving * scale, half, counterfactual, share_var + cf_sampling, dof)
    return Estimate(
        counterfactual=counterfactual,
        actual=counterfactual - saving * scale,
        saving=saving * scale,
        half=half,
        pct_half=pct_half,
        units=n,
        population=big_n,
        measured_share=w_sample / w_total,
        coverage_baseline=_mean(r.coverage_baseline for r in results),
        coverage_reporting=_mean(r.coverage_reporting for r in results),
        driver_reporting=_mean(r.driver_reporting for r in results),
        cv_rmse=_mean(r.cv_rmse for r in results),
        autocorrelation=_mean(r.autocorrelation for r in results),
    )


def _lag1(residuals: Floats) -> float:
    """The lag-1 autocorrelation of consecutive usable days' residuals."""
    if len(residuals) < 3:  # noqa: PLR2004 - a correlation needs at least three points
        return 0.0
    centred = residuals - residuals.mean()
    denominator = float((centred**2).sum())
    return float((centred[1:] * centred[:-1]).sum()) / denominator if denominator > 0 else 0.0


def _sampling_variance(
    results: Sequence[UnitResult],
    population: int,
    value: Callable[[UnitResult], float],
    rate: float,
) -> float:
    """N² (1 - n/N) / n · Σ (y_u - R w_u)² / (n - 1) for the ratio estimator of a total."""
    n = len(results)
    if n >= population or n < 2:  # noqa: PLR2004 - a variance needs two units
        return 0.0
    residuals = [value(r) - rate * r.weight for r in results]
    s2 = sum(e * e for e in residuals) / (n - 1)
    return population**2 * (1 - n / population) / n * s2


def _satterthwaite(v1: float, dof1: float, v2: float, dof2: float) -> float:
    """Welch-Satterthwaite degrees of freedom of a sum of two variance estimates."""
    if v2 <= 0 or dof2 < 1:
        return max(dof1, 1.0)
    if v1 <= 0:
        return max(dof2, 1.0)
    return max((v1 + v2) ** 2 / (v1**2 / max(dof1, 1.0) + v2**2 / dof2), 1.0)


def _pct_half(
    saving: float, half: float, counterfactual: float, cf_var: float, dof: float
) -> float:
    """Half-width of the percent saved: the saving's interval and the counterfactual's spread."""
    if counterfactual <= 0:
        return math.nan
    pct = saving / counterfactual
    relative_cf = math.sqrt(cf_var) / counterfactual
    return 100.0 * math.hypot(half / counterfactual, t_quantile_975(dof) * pct * relative_cf)


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0
