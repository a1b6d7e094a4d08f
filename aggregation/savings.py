"""Effects of an action on energy: avoided consumption against a counterfactual, with its interval.

Three methods (``docs/methods.md`` §Effects):

- lighting, burning hours: counterfactual = baseline energy per burning hour x the reporting
  period's burning hours (night length from the NOAA equations, the same switching rule on
  both sides);
- lighting, difference-in-differences: counterfactual = the baseline ratio of treated to
  control energy x the control group's reporting energy (what the control did, the treated
  scope would have done);
- buildings: a degree-day regression fitted on the baseline period, predicted with the
  reporting period's degree-days.

Days whose coverage is below ``MIN_DAY_COVERAGE`` are not used; the others are scaled to a full
day. Every effect carries its 95 % interval, the coverage of both periods and its warnings.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from aggregation.baselines import Prediction, fit_degree_days, fit_ratio
from aggregation.statistics import t_quantile_975

METHOD_VERSION = "1.0"
LIGHTING = "lighting_burning_hours"
DIFFERENCE_IN_DIFFERENCES = "lighting_difference_in_differences"
BUILDING = "building_degree_days"

MIN_DAY_COVERAGE = 0.5
SUFFICIENT_COVERAGE = 0.9
FULL_YEAR_DAYS = 365
POOR_CV_RMSE = 0.20
POOR_R_SQUARED = 0.75

BASELINE_SHORT = "baseline_shorter_than_a_year"
BASELINE_COVERAGE = "baseline_coverage_below_90pct"
REPORTING_COVERAGE = "reporting_coverage_below_90pct"
NO_BASELINE = "no_baseline_data"
NO_REPORTING = "no_reporting_data"
POOR_FIT = "baseline_model_fit_poor"
WIDE_INTERVAL = "interval_wider_than_half_the_savings"
INSUFFICIENT = frozenset(
    {BASELINE_SHORT, BASELINE_COVERAGE, REPORTING_COVERAGE, NO_BASELINE, NO_REPORTING}
)


@dataclass(frozen=True)
class DailyEnergy:
    """The energy of a scope on one local day and the share of it the readings cover."""

    day: date
    energy_kwh: float
    coverage: float


@dataclass(frozen=True)
class Period:
    """Days from ``start`` to ``end`` (exclusive)."""

    start: date
    end: date

    @property
    def days(self) -> int:
        """How many days the period holds."""
        return (self.end - self.start).days

    def holds(self, day: date) -> bool:
        """Whether ``day`` falls in the period."""
        return self.start <= day < self.end


@dataclass(frozen=True)
class Effect:
    """What an action changed, by one method, with everything needed to judge the figure."""

    method: str
    baseline: Period
    reporting: Period
    coverage_baseline: float
    coverage_reporting: float
    counterfactual_kwh: float | None = None
    actual_kwh: float | None = None
    saved_kwh: float | None = None
    saved_kwh_low: float | None = None
    saved_kwh_high: float | None = None
    saved_pct: float | None = None
    saved_pct_low: float | None = None
    saved_pct_high: float | None = None
    warnings: tuple[str, ...] = ()
    fit: Mapping[str, float] = field(default_factory=dict)
    method_version: str = METHOD_VERSION

    @property
    def sufficient(self) -> bool:
        """Whether the data are sufficient for the figure to be reported as measured."""
        return not INSUFFICIENT.intersection(self.warnings)


@dataclass(frozen=True)
class UsableDays:
    """The days of a period that can be used, their energy scaled to full days."""

    days: list[date]
    energy: list[float]
    coverage: float


def lighting_savings(
    baseline: Sequence[DailyEnergy],
    reporting: Sequence[DailyEnergy],
    burning_hours: Mapping[date, float],
    periods: tuple[Period, Period],
) -> Effect:
    """Savings of a lighting scope against baseline energy per burning hour."""
    base, rep = usable_days(baseline, periods[0]), usable_days(reporting, periods[1])
    warnings = _sufficiency(base, rep, periods)
    start = Effect(LIGHTING, *periods, base.coverage, rep.coverage)
    if len(base.days) < 2 or not rep.days:  # noqa: PLR2004 - a model needs two days
        return _without_figure(start, warnings)
    model = fit_ratio(base.energy, [burning_hours[d] for d in base.days])
    used_hours = sum(burning_hours[d] for d in rep.days)
    all_hours = sum(h for d, h in burning_hours.items() if periods[1].holds(d))
    prediction = model.predict(used_hours)
    return _figure(
        start,
        warnings,
        prediction,
        actual=sum(rep.energy),
        scale=all_hours / used_hours,
        fit=model.fit.as_dict(),
        ratio_fit=True,
    )


def lighting_savings_with_control(
    baseline: Sequence[DailyEnergy],
    reporting: Sequence[DailyEnergy],
    control_baseline: Sequence[DailyEnergy],
    control_reporting: Sequence[DailyEnergy],
    periods: tuple[Period, Period],
) -> Effect:
    """Savings of a lighting scope by difference-in-differences against a control group."""
    base = _paired(usable_days(baseline, periods[0]), usable_days(control_baseline, periods[0]))
    rep = _paired(usable_days(reporting, periods[1]), usable_days(control_reporting, periods[1]))
    treated = (base[0], rep[0])
    warnings = _sufficiency(*treated, periods)
    if base[1].coverage < SUFFICIENT_COVERAGE or rep[1].coverage < SUFFICIENT_COVERAGE:
        warnings.append("control_coverage_below_90pct")
    start = Effect(DIFFERENCE_IN_DIFFERENCES, *periods, base[0].coverage, rep[0].coverage)
    if len(base[0].days) < 2 or not rep[0].days:  # noqa: PLR2004 - a model needs two days
        return _without_figure(start, warnings)
    model = fit_ratio(base[0].energy, base[1].energy)
    prediction = model.predict(sum(rep[1].energy))
    scale = periods[1].days / len(rep[0].days)
    return _figure(
        start,
        warnings,
        prediction,
        actual=sum(rep[0].energy),
        scale=scale,
        fit=model.fit.as_dict(),
        ratio_fit=True,
    )


def building_savings(
    baseline: Sequence[DailyEnergy],
    reporting: Sequence[DailyEnergy],
    dju: Mapping[date, float],
    periods: tuple[Period, Period],
) -> Effect:
    """Savings of a building against its degree-day baseline model."""
    base = _with_weather(usable_days(baseline, periods[0]), dju)
    rep = _with_weather(usable_days(reporting, periods[1]), dju)
    warnings = _sufficiency(base, rep, periods)
    start = Effect(BUILDING, *periods, base.coverage, rep.coverage)
    if len(base.days) < 3 or not rep.days:  # noqa: PLR2004 - two parameters and one dof
        return _without_figure(start, warnings)
    model = fit_degree_days(base.energy, [dju[d] for d in base.days])
    prediction = model.predict([dju[d] for d in rep.days])
    scale = periods[1].days / len(rep.days)
    fit = {
        **model.fit.as_dict(),
        "intercept_kwh": model.intercept,
        "slope_kwh_per_dju": model.slope,
    }
    return _figure(
        start, warnings, prediction, actual=sum(rep.energy), scale=scale, fit=fit, ratio_fit=False
    )


def usable_days(series: Sequence[DailyEnergy], period: Period) -> UsableDays:
    """The period's days with enough coverage, scaled to full days, and the period coverage."""
    inside = sorted((d for d in series if period.holds(d.day)), key=lambda d: d.day)
    kept = [d for d in inside if d.coverage >= MIN_DAY_COVERAGE]
    covered = sum(min(max(d.coverage, 0.0), 1.0) for d in inside)
    return UsableDays(
        days=[d.day for d in kept],
        energy=[d.energy_kwh / min(d.coverage, 1.0) for d in kept],
        coverage=covered / period.days if period.days > 0 else 0.0,
    )


def _paired(treated: UsableDays, control: UsableDays) -> tuple[UsableDays, UsableDays]:
    """Keep the days both groups can use."""
    common = set(treated.days) & set(control.days)

    def keep(u: UsableDays) -> UsableDays:
        pairs = [(d, e) for d, e in zip(u.days, u.energy, strict=True) if d in common]
        return UsableDays([d for d, _ in pairs], [e for _, e in pairs], u.coverage)

    return keep(treated), keep(control)


def _with_weather(usable: UsableDays, dju: Mapping[date, float]) -> UsableDays:
    """Keep the days that have a degree-day value."""
    pairs = [(d, e) for d, e in zip(usable.days, usable.energy, strict=True) if d in dju]
    return UsableDays([d for d, _ in pairs], [e for _, e in pairs], usable.coverage)


def _sufficiency(base: UsableDays, rep: UsableDays, periods: tuple[Period, Period]) -> list[str]:
    """The data-sufficiency warnings of a pair of periods."""
    warnings = []
    if periods[0].days < FULL_YEAR_DAYS:
        warnings.append(BASELINE_SHORT)
    if not base.days:
        warnings.append(NO_BASELINE)
    elif base.coverage < SUFFICIENT_COVERAGE:
        warnings.append(BASELINE_COVERAGE)
    if not rep.days:
        warnings.append(NO_REPORTING)
    elif rep.coverage < SUFFICIENT_COVERAGE:
        warnings.append(REPORTING_COVERAGE)
    return warnings


def _without_figure(start: Effect, warnings: list[str]) -> Effect:
    return replace(start, warnings=tuple(warnings))


def _figure(  # noqa: PLR0913 - the parts of one figure, by keyword
    start: Effect,
    warnings: list[str],
    prediction: Prediction,
    *,
    actual: float,
    scale: float,
    fit: dict[str, float],
    ratio_fit: bool,
) -> Effect:
    """Scale the used days to the whole reporting period and attach the 95 % interval."""
    counterfactual = prediction.total * scale
    actual *= scale
    saved = counterfactual - actual
    half = t_quantile_975(prediction.dof) * math.sqrt(prediction.variance) * scale
    poor = fit["cv_rmse"] > POOR_CV_RMSE or (
        not ratio_fit and fit["parameters"] > 1 and fit["r_squared"] < POOR_R_SQUARED
    )
    if poor:
        warnings.append(POOR_FIT)
    if saved != 0 and half > abs(saved) / 2:
        warnings.append(WIDE_INTERVAL)

    return with_estimate(
        replace(start, warnings=tuple(warnings)),
        counterfactual=counterfactual,
        actual=actual,
        half=half,
        fit=fit,
    )


def with_estimate(
    start: Effect, *, counterfactual: float, actual: float, half: float, fit: dict[str, float]
) -> Effect:
    """``start`` with the saving, its 95 % interval (± ``half`` kWh) and the same in percent."""
    saved = counterfactual - actual

    def pct(cf: float) -> float | None:
        return 100.0 * (1 - actual / cf) if cf > 0 else None

    return replace(
        start,
        counterfactual_kwh=counterfactual,
        actual_kwh=actual,
        saved_kwh=saved,
        saved_kwh_low=saved - half,
        saved_kwh_high=saved + half,
        saved_pct=pct(counterfactual),
        saved_pct_low=pct(counterfactual - half),
        saved_pct_high=pct(counterfactual + half),
        fit=fit,
    )
