"""Effects of an action on energy: avoided consumption against a counterfactual, with its interval.

An ``Effect`` is one method's figure for one action as of a date (``docs/methods.md`` §3): the
periods compared, the counterfactual and actual energy of the points (or buildings) the action
changed, the saving with its 95 % interval in kWh and percent, a normal-year figure, the
measurement boundary, the IPMVP option, what was measured and what stipulated, the non-routine
adjustments applied, and the warnings that say when the figure is not sufficient or not to be
relied on. The lighting methods are built in ``lighting_effects.py``; buildings' degree-day
method is here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from aggregation.baselines import Prediction, fit_degree_days
from aggregation.statistics import t_quantile_975

METHOD_VERSION = "2.0"
CABINET = "lighting_cabinet_metered"
LIGHTING = "lighting_burning_hours"
DIFFERENCE_IN_DIFFERENCES = "lighting_difference_in_differences"
NAMEPLATE = "lighting_nameplate_baseline"
BUILDING = "building_degree_days"
# The order in which an action's figures are preferred as its headline: measured at the
# cabinet, then at the points, then against a control group, then stipulated.
PREFERENCE = (CABINET, LIGHTING, DIFFERENCE_IN_DIFFERENCES, NAMEPLATE, BUILDING)

MIN_DAY_COVERAGE = 0.5
SUFFICIENT_COVERAGE = 0.9
FULL_YEAR_DAYS = 365
# A reporting period covers every season from eleven months on; shorter, it misses some.
REPORTING_MIN_DAYS = 330
POOR_CV_RMSE = 0.20
POOR_R_SQUARED = 0.75

BASELINE_SHORT = "baseline_shorter_than_a_year"
BASELINE_COVERAGE = "baseline_coverage_below_90pct"
REPORTING_COVERAGE = "reporting_coverage_below_90pct"
REPORTING_SHORT = "reporting_shorter_than_eleven_months"
NO_BASELINE = "no_baseline_data"
NO_REPORTING = "no_reporting_data"
NO_REPORTING_DAYS = "no_reporting_days_yet"
IN_PROGRESS = "works_in_progress"
SAMPLE_TOO_SMALL = "fewer_than_5_units_measured"
POOR_FIT = "baseline_model_fit_poor"
WIDE_INTERVAL = "interval_wider_than_half_the_savings"
INSUFFICIENT = frozenset(
    {
        BASELINE_SHORT,
        BASELINE_COVERAGE,
        REPORTING_COVERAGE,
        REPORTING_SHORT,
        NO_BASELINE,
        NO_REPORTING,
        NO_REPORTING_DAYS,
        IN_PROGRESS,
        SAMPLE_TOO_SMALL,
    }
)
CONTROL_CHANGED = "control_equipment_changed"
CONTROL_NOT_PARALLEL = "control_trend_not_parallel"
CONTROL_COVERAGE = "control_coverage_below_90pct"
UNRELIABLE = frozenset({CONTROL_CHANGED, CONTROL_NOT_PARALLEL})


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

    @property
    def bounds(self) -> tuple[date, date]:
        """``(start, end)``."""
        return self.start, self.end


@dataclass(frozen=True)
class Adjustment:
    """A non-routine adjustment applied to a figure's baseline (IPMVP), in kWh.

    ``source`` is ``recorded`` (entered by a person, with its id) or ``equipment_history``
    (points added or removed by the works, inside a cabinet's measurement boundary).
    """

    kind: str
    source: str
    starts_on: date
    kwh: float
    note: str
    kwh_per_year: float | None = None
    id: int | None = None

    def as_dict(self) -> dict[str, object]:
        """The adjustment as stored and served."""
        return {
            "id": self.id,
            "kind": self.kind,
            "source": self.source,
            "starts_on": self.starts_on.isoformat(),
            "kwh": self.kwh,
            "kwh_per_year": self.kwh_per_year,
            "note": self.note,
        }


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
    boundary: str | None = None
    ipmvp_option: str | None = None
    deemed: bool = False
    measured: tuple[str, ...] = ()
    stipulated: tuple[str, ...] = ()
    parameters: Mapping[str, object] = field(default_factory=dict)
    adjustments: tuple[Adjustment, ...] = ()
    annual_saved_kwh: float | None = None
    annual_saved_kwh_low: float | None = None
    annual_saved_kwh_high: float | None = None
    headline: bool = False

    @property
    def sufficient(self) -> bool:
        """Whether the data are sufficient for the figure to be reported as measured."""
        return not INSUFFICIENT.intersection(self.warnings)

    @property
    def reliable(self) -> bool:
        """Whether the figure can be relied on: sufficient data, and a method whose checks hold."""
        return self.sufficient and not UNRELIABLE.intersection(self.warnings)

    @property
    def adjustments_kwh(self) -> float:
        """The non-routine adjustments' total, added to the counterfactual."""
        return sum(a.kwh for a in self.adjustments)

    def warned(self, *more: str) -> Effect:
        """This effect with more warnings (each once, in order)."""
        merged = list(self.warnings)
        merged.extend(w for w in more if w not in merged)
        return replace(self, warnings=tuple(merged))


@dataclass(frozen=True)
class UsableDays:
    """The days of a period that can be used, their energy scaled to full days."""

    days: list[date]
    energy: list[float]
    coverage: float


def building_savings(
    baseline: Sequence[DailyEnergy],
    reporting: Sequence[DailyEnergy],
    dju: Mapping[date, float],
    periods: tuple[Period, Period],
) -> Effect:
    """Savings of a building against its degree-day baseline model (IPMVP option C)."""
    base = _with_degree_days(usable_days(baseline, periods[0]), dju)
    rep = _with_degree_days(usable_days(reporting, periods[1]), dju)
    warnings = sufficiency(base, rep, periods)
    start = Effect(
        BUILDING,
        *periods,
        base.coverage,
        rep.coverage,
        boundary="building_meters",
        ipmvp_option="C",
        measured=("baseline_energy", "reporting_energy", "outdoor_temperature"),
    )
    if len(base.days) < 3 or not rep.days:  # noqa: PLR2004 - two parameters and one dof
        return start.warned(*warnings)
    model = fit_degree_days(base.energy, [dju[d] for d in base.days])
    prediction = model.predict([dju[d] for d in rep.days])
    scale = periods[1].days / len(rep.days)
    fit = {
        **model.fit.as_dict(),
        "intercept_kwh": model.intercept,
        "slope_kwh_per_dju": model.slope,
    }
    counterfactual = prediction.total * scale
    actual = sum(rep.energy) * scale
    half = t_quantile_975(prediction.dof) * math.sqrt(prediction.variance) * scale
    if fit["cv_rmse"] > POOR_CV_RMSE or (
        fit["parameters"] > 1 and fit["r_squared"] < POOR_R_SQUARED
    ):
        warnings.append(POOR_FIT)
    effect = with_estimate(start, counterfactual=counterfactual, actual=actual, half=half, fit=fit)
    return effect.warned(*warnings, *_wide(effect))


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


def _with_degree_days(usable: UsableDays, dju: Mapping[date, float]) -> UsableDays:
    """Keep the days that have a degree-day value."""
    pairs = [(d, e) for d, e in zip(usable.days, usable.energy, strict=True) if d in dju]
    return UsableDays([d for d, _ in pairs], [e for _, e in pairs], usable.coverage)


def sufficiency(base: UsableDays, rep: UsableDays, periods: tuple[Period, Period]) -> list[str]:
    """The data-sufficiency warnings of a pair of periods."""
    warnings = period_warnings(periods)
    if not base.days:
        warnings.append(NO_BASELINE)
    elif base.coverage < SUFFICIENT_COVERAGE:
        warnings.append(BASELINE_COVERAGE)
    if not rep.days:
        warnings.append(NO_REPORTING)
    elif rep.coverage < SUFFICIENT_COVERAGE:
        warnings.append(REPORTING_COVERAGE)
    return warnings


def period_warnings(periods: tuple[Period, Period]) -> list[str]:
    """Warnings on the periods' lengths: a year of baseline, eleven months of reporting."""
    warnings = []
    if periods[0].days < FULL_YEAR_DAYS:
        warnings.append(BASELINE_SHORT)
    if periods[1].days < REPORTING_MIN_DAYS:
        warnings.append(REPORTING_SHORT)
    return warnings


def with_estimate(  # noqa: PLR0913 - the parts of one figure, by keyword
    start: Effect,
    *,
    counterfactual: float,
    actual: float,
    half: float,
    fit: Mapping[str, float],
    pct_half: float | None = None,
) -> Effect:
    """``start`` with the saving, its 95 % interval (± ``half`` kWh) and the same in percent.

    ``pct_half`` (points) is given when the percent has its own uncertainty beyond the saving's
    (a counterfactual apportioned by nameplate); otherwise the saving's interval is mapped.
    """
    saved = counterfactual - actual
    pct = 100.0 * saved / counterfactual if counterfactual > 0 else None
    if pct is None:
        low = high = None
    elif pct_half is not None and math.isfinite(pct_half):
        low, high = pct - pct_half, pct + pct_half
    else:
        low, high = 100.0 * (saved - half) / counterfactual, 100.0 * (saved + half) / counterfactual
    return replace(
        start,
        counterfactual_kwh=counterfactual,
        actual_kwh=actual,
        saved_kwh=saved,
        saved_kwh_low=saved - half,
        saved_kwh_high=saved + half,
        saved_pct=pct,
        saved_pct_low=low,
        saved_pct_high=high,
        fit=fit,
    )


def with_adjustments(effect: Effect, adjustments: Sequence[Adjustment]) -> Effect:
    """Non-routine adjustments added to the counterfactual (the baseline restated), and listed.

    The percent keeps the width the estimate gave it, around the adjusted figure.
    """
    if not adjustments:
        return effect
    total = sum(a.kwh for a in adjustments)
    listed = replace(effect, adjustments=(*effect.adjustments, *adjustments))
    if effect.counterfactual_kwh is None or effect.actual_kwh is None:
        return listed
    half = (effect.saved_kwh_high or 0.0) - (effect.saved_kwh or 0.0)
    pct_half = None
    if effect.saved_pct is not None and effect.saved_pct_high is not None:
        pct_half = effect.saved_pct_high - effect.saved_pct
    return with_estimate(
        listed,
        counterfactual=effect.counterfactual_kwh + total,
        actual=effect.actual_kwh,
        half=half,
        fit=effect.fit,
        pct_half=pct_half,
    )


def annualised(effect: Effect, factor: float | None) -> Effect:
    """The normal-year figure: the saving and its interval times ``factor``.

    ``factor`` is the normal year's driver over the reporting period's (burning hours for
    lighting, days and degree-days for buildings).
    """
    if factor is None or effect.saved_kwh is None or not math.isfinite(factor):
        return effect
    return replace(
        effect,
        annual_saved_kwh=effect.saved_kwh * factor,
        annual_saved_kwh_low=(effect.saved_kwh_low or 0.0) * factor,
        annual_saved_kwh_high=(effect.saved_kwh_high or 0.0) * factor,
    )


def wide_interval(effect: Effect) -> list[str]:
    """The wide-interval warning when the 95 % half-width exceeds half the saving."""
    return _wide(effect)


def _wide(effect: Effect) -> list[str]:
    if effect.saved_kwh is None or effect.saved_kwh_high is None:
        return []
    half = effect.saved_kwh_high - effect.saved_kwh
    return [WIDE_INTERVAL] if effect.saved_kwh != 0 and half > abs(effect.saved_kwh) / 2 else []


def prediction_half(prediction: Prediction, scale: float = 1.0) -> float:
    """The 95 % half-width of a predicted total, scaled."""
    return t_quantile_975(prediction.dof) * math.sqrt(prediction.variance) * scale
