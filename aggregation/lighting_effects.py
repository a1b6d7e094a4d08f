"""The lighting methods: cabinets, controllers, a control group, or nameplate power.

An action's saving measured at its cabinets, at its points' controllers, against a control
group, or stipulated from nameplate power (``docs/methods.md`` §3).

Every method measures the points the action *changed*, the same points before and after; its
percent is the saving over their counterfactual. Each returns an ``Effect`` even when it has no
figure, with the reasons.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from aggregation.control_checks import control_driver, control_warnings
from aggregation.estimators import (
    Driver,
    Estimate,
    UnitResult,
    period_coverage,
    unit_result,
    usable,
    whole,
)
from aggregation.lighting_data import LightingData
from aggregation.lighting_units import Population, Unit, cabinet_units, point_units
from aggregation.savings import (
    BASELINE_COVERAGE,
    CABINET,
    CONTROL_COVERAGE,
    DIFFERENCE_IN_DIFFERENCES,
    IN_PROGRESS,
    LIGHTING,
    NAMEPLATE,
    NO_BASELINE,
    NO_REPORTING,
    NO_REPORTING_DAYS,
    POOR_CV_RMSE,
    POOR_FIT,
    REPORTING_COVERAGE,
    SAMPLE_TOO_SMALL,
    SUFFICIENT_COVERAGE,
    Adjustment,
    Effect,
    period_warnings,
    wide_interval,
    with_estimate,
)
from aggregation.works import SILENT

MIN_SAMPLE = 5
EXTRAPOLATED = "extrapolated_from_measured_units"
STIPULATED = "baseline_stipulated_from_nameplate_power"
SUN_HOURS = "burning_hours_from_sun_times_with_switching_offsets"
# Stipulated relative standard uncertainties of the nameplate method: a discharge lamp's real
# draw against nameplate plus gear loss, and burning hours from sun times against the real
# switching (1 % where the cabinets measured it).
POWER_UNCERTAINTY = 0.05
SCHEDULE_UNCERTAINTY = 0.03
MEASURED_HOURS_UNCERTAINTY = 0.01
CALIBRATION_MIN_DAYS = 30


def cabinet_effect(data: LightingData) -> Effect:
    """IPMVP option B at the cabinet: each cabinet's meter before and after the works."""
    population = cabinet_units(data)
    results = _results(population.units)
    hours = _hours_labels(population.units)
    shared = any(u.input.share < 1 for u in population.units)
    effect = _figure(
        _start(data, CABINET, "cabinet_meters", "B"),
        whole(results, population.weights),
        results,
        population.units,
        measured=("baseline_energy", "reporting_energy", *hours[0]),
        stipulated=(*(("share_of_partly_changed_cabinets",) if shared else ()), *hours[1]),
        parameters={"cabinets_measured": len(results), **population.left_out},
    )
    return replace(effect, adjustments=_unit_adjustments(population, results))


def points_effect(data: LightingData) -> Effect:
    """IPMVP option B at the points: each controller-metered point before and after the works."""
    population = point_units(data, metered_before=True)
    results = _results(population.units)
    hours = _hours_labels(population.units)
    return _figure(
        _start(data, LIGHTING, "point_controllers", "B"),
        whole(results, population.weights),
        results,
        population.units,
        measured=("baseline_energy", "reporting_energy", *hours[0]),
        stipulated=hours[1],
        parameters={"points_measured": len(results)},
    )


def control_effect(data: LightingData) -> Effect:
    """Difference-in-differences: the changed points against a control group left alone."""
    population = point_units(data, metered_before=True)
    driver, coverage = control_driver(data)
    results = _results(population.units, driver=driver)
    effect = _figure(
        _start(data, DIFFERENCE_IN_DIFFERENCES, "control_group", "B"),
        whole(results, population.weights),
        results,
        population.units,
        measured=("baseline_energy", "reporting_energy", "control_group_energy"),
        stipulated=(),
        parameters={
            "points_measured": len(results),
            "control_coverage_baseline": coverage[0],
            "control_coverage_reporting": coverage[1],
        },
    )
    more = control_warnings(data, population.units, driver)
    if min(coverage) < SUFFICIENT_COVERAGE:
        more.append(CONTROL_COVERAGE)
    return effect.warned(*more)


def nameplate_effect(data: LightingData) -> Effect:
    """Stipulated baseline: former nameplate power times burning hours, against the measured.

    Where points were metered before the works too, their measured baseline calibrates the
    nameplate power (its ratio, with its sampling uncertainty), and the figure is not deemed.
    """
    population = point_units(data, metered_before=False)
    if SILENT in data.works.warnings:  # the former power is not known: nothing to stipulate
        start = _start(data, NAMEPLATE, "equipment_nameplate", "A")
        empty = _figure(
            start, None, [], population.units, measured=(), stipulated=(), parameters={}
        )
        return empty.warned(STIPULATED)
    ratio, ratio_u, calibrated = _power_calibration(data, population.units)
    results = [r for u in population.units if (r := _nameplate_result(u, ratio)) is not None]
    hours = _hours_labels(population.units)
    hours_u = MEASURED_HOURS_UNCERTAINTY if hours[0] else SCHEDULE_UNCERTAINTY
    power_u = ratio_u if calibrated else POWER_UNCERTAINTY
    effect = _figure(
        _start(data, NAMEPLATE, "equipment_nameplate", "A"),
        whole(results, population.weights, systematic=math.hypot(power_u, hours_u)),
        results,
        population.units,
        measured=(
            "reporting_energy",
            *(("baseline_power_on_a_sample",) if calibrated else ()),
            *hours[0],
        ),
        stipulated=("baseline_power_from_nameplate", *hours[1]),
        parameters={
            "points_measured": len(results),
            "power_calibration": ratio,
            "power_calibration_points": calibrated,
            "relative_uncertainty": math.hypot(power_u, hours_u),
        },
    )
    return replace(effect.warned(STIPULATED), deemed=not calibrated and not hours[0])


def _start(data: LightingData, method: str, boundary: str, option: str) -> Effect:
    warnings = [*data.works.warnings, *period_warnings(data.periods)]
    if data.works.in_progress:
        warnings.append(IN_PROGRESS)
    if data.periods[1].days <= 0:
        warnings.append(NO_REPORTING_DAYS)
    works = data.works
    return Effect(
        method,
        *data.periods,
        0.0,
        0.0,
        boundary=boundary,
        ipmvp_option=option,
        warnings=tuple(warnings),
        parameters={
            "works_start": works.start.isoformat(),
            "works_end": works.end.isoformat(),
            "points_changed": len(works.of("changed")),
            "points_added": len(works.of("added")),
            "points_removed": len(works.of("removed")),
            "points_unchanged": len(works.of("unchanged")),
            "changes_outside_works_dates": works.outside_dates,
        },
    )


def _hours_labels(units: Sequence[Unit]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """("burning_hours",) measured when every unit's were, else the sun times stipulated."""
    if units and all(u.measured_hours for u in units):
        return ("burning_hours",), ()
    return (), (SUN_HOURS,)


def _results(units: Sequence[Unit], driver: Driver | None = None) -> list[UnitResult]:
    found = []
    for unit in units:
        adjustment = sum(a.kwh for a in unit.adjustments)
        result = unit_result(unit.input, driver or unit.driver, adjustment)
        if result is not None:
            found.append(result)
    return found


def _figure(  # noqa: PLR0913 - the parts of one figure, by keyword
    start: Effect,
    estimate: Estimate | None,
    results: Sequence[UnitResult],
    units: Sequence[Unit],
    *,
    measured: tuple[str, ...],
    stipulated: tuple[str, ...],
    parameters: dict[str, object],
) -> Effect:
    """``start`` with the estimate's figure, its coverage, labels and warnings."""
    labelled = replace(
        start,
        measured=measured,
        stipulated=stipulated,
        parameters={**start.parameters, **parameters},
    )
    if estimate is None:
        return replace(
            labelled,
            coverage_baseline=_mean_coverage(units, baseline=True),
            coverage_reporting=_mean_coverage(units, baseline=False),
        ).warned(NO_BASELINE if not results else NO_REPORTING)
    fit = {
        "units": estimate.units,
        "population": estimate.population,
        "measured_share": estimate.measured_share,
        "cv_rmse": estimate.cv_rmse,
        "autocorrelation": estimate.autocorrelation,
        "reporting_burning_hours": estimate.driver_reporting,
    }
    effect = with_estimate(
        replace(
            labelled,
            coverage_baseline=min(estimate.coverage_baseline, 1.0),
            coverage_reporting=min(estimate.coverage_reporting, 1.0),
        ),
        counterfactual=estimate.counterfactual,
        actual=estimate.actual,
        half=estimate.half,
        fit=fit,
        pct_half=estimate.pct_half,
    )
    warnings = []
    if estimate.coverage_baseline < SUFFICIENT_COVERAGE:
        warnings.append(BASELINE_COVERAGE)
    if estimate.coverage_reporting < SUFFICIENT_COVERAGE:
        warnings.append(REPORTING_COVERAGE)
    if estimate.units < estimate.population:
        warnings.append(EXTRAPOLATED)
        if estimate.units < MIN_SAMPLE:
            warnings.append(SAMPLE_TOO_SMALL)
    if estimate.cv_rmse > POOR_CV_RMSE:
        warnings.append(POOR_FIT)
    return effect.warned(*warnings, *wide_interval(effect))


def _mean_coverage(units: Sequence[Unit], *, baseline: bool) -> float:
    """The mean share of its period's days each unit's data cover (also without a figure)."""
    found = [
        period_coverage(u.input.series, u.input.baseline if baseline else u.input.reporting)
        for u in units
    ]
    return sum(found) / len(found) if found else 0.0


def _unit_adjustments(
    population: Population, results: Sequence[UnitResult]
) -> tuple[Adjustment, ...]:
    """The non-routine adjustments the measured units' baselines carry, summed by kind."""
    kept = {r.key for r in results}
    by_kind: dict[str, list[Adjustment]] = {}
    for unit in population.units:
        if unit.input.key in kept:
            for a in unit.adjustments:
                by_kind.setdefault(a.kind, []).append(a)
    return tuple(
        Adjustment(
            kind,
            "equipment_history",
            min(a.starts_on for a in items),
            sum(a.kwh for a in items),
            f"{len(items)} cabinet(s): " + "; ".join(a.note for a in items[:5]),
        )
        for kind, items in sorted(by_kind.items())
    )


def _power_calibration(data: LightingData, units: Sequence[Unit]) -> tuple[float, float, int]:
    """Measured over nameplate baseline power on the points metered before the works.

    Returns (ratio, its relative standard error, points); (1, 0, 0) without enough such points.
    """
    metered = {p.point_id for p in data.works.of("changed") if p.before and p.before.metered}
    a, b = (d.toordinal() for d in data.periods[0].bounds)
    ratios = []
    for unit in units:
        if unit.input.key not in metered:
            continue
        series = unit.input.series
        inside = (series.days >= a) & (series.days < b) & (series.coverage >= 0.5)  # noqa: PLR2004
        hours = unit.driver.at(series.days[inside])
        if int(inside.sum()) >= CALIBRATION_MIN_DAYS and float(hours.sum()) > 0:
            energy = float((series.energy[inside] / np.minimum(series.coverage[inside], 1)).sum())
            ratios.append(energy / (unit.input.weight * float(hours.sum())))
    if len(ratios) < MIN_SAMPLE:
        return 1.0, 0.0, 0
    mean = sum(ratios) / len(ratios)
    spread = math.sqrt(sum((r - mean) ** 2 for r in ratios) / (len(ratios) - 1))
    return mean, spread / math.sqrt(len(ratios)) / mean, len(ratios)


def _nameplate_result(unit: Unit, ratio: float) -> UnitResult | None:
    """A point's counterfactual from its former power and its reporting burning hours."""
    rep = usable(unit.input.series, unit.input.reporting, unit.driver)
    if rep is None:
        return None
    hours_all = unit.driver.total(unit.input.reporting)
    hours_used = float(rep.driver.sum())
    return UnitResult(
        key=unit.input.key,
        weight=unit.input.weight,
        share=1.0,
        share_sd=0.0,
        counterfactual=ratio * unit.input.weight * hours_all,
        actual=float(rep.energy.sum()) * hours_all / hours_used,
        variance=0.0,
        dof=1e6,
        coverage_baseline=1.0,
        coverage_reporting=rep.coverage,
        driver_reporting=hours_all,
        cv_rmse=0.0,
        autocorrelation=0.0,
    )
