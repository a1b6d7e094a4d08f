"""The units each lighting method measures an action with: cabinets, or light points.

A cabinet's meter measures every point it feeds. For a cabinet whose points the action changed
in part, the saving it measures is the changed points' (the others did not change), and the
changed points' share of its baseline is apportioned by former system power (nameplate). The
share's uncertainty comes from the gap between nameplate and real draw: a systematic gap per
lamp technology (``U_SYSTEMATIC``) that cancels between groups of the same technologies, and a
random gap per point (``U_RANDOM``) that averages out over many points.

Points the works added to a cabinet, or removed from it, are inside its measurement boundary on
one side only: each is a non-routine adjustment of the cabinet's baseline, listed with the
figure. A cabinet that also feeds points changed by other works in the periods is no clean
boundary and is left out.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from aggregation.estimators import Driver, UnitInput
from aggregation.lighting_data import LightingData
from aggregation.savings import Adjustment
from aggregation.works import PointWorks

U_SYSTEMATIC = 0.05
U_RANDOM = 0.05


@dataclass(frozen=True)
class Unit:
    """A unit to measure, with its driver and the adjustments of its baseline (kWh a period)."""

    input: UnitInput
    driver: Driver
    measured_hours: bool
    adjustments: tuple[Adjustment, ...] = ()


@dataclass(frozen=True)
class Population:
    """The units a method measured and the weights of everything the works changed."""

    units: list[Unit]
    weights: list[float]
    left_out: dict[str, int]


def cabinet_units(data: LightingData) -> Population:
    """One unit per cabinet feeding changed points; weights of every cabinet and lone point."""
    changed = data.works.of("changed")
    by_cabinet: dict[int, list[PointWorks]] = {}
    weights: list[float] = []
    left_out = {"points_without_cabinet": 0, "cabinets_shared_with_other_works": 0}
    for p in changed:
        if p.cabinet_id is None:
            weights.append(_kw_before(p))
            left_out["points_without_cabinet"] += 1
        else:
            by_cabinet.setdefault(p.cabinet_id, []).append(p)
    units = []
    ours = {p.point_id for p in changed}
    for cabinet_id, points in sorted(by_cabinet.items()):
        weight = sum(_kw_before(p) for p in points)
        weights.append(weight)
        fed = data.cabinet_points.get(cabinet_id, ())
        if any(q.kind == "changed" and q.point_id not in ours for q in fed):
            left_out["cabinets_shared_with_other_works"] += 1
            continue
        unit = _cabinet_unit(data, cabinet_id, points, fed, weight)
        if unit is not None:
            units.append(unit)
    return Population(units, weights, left_out)


def point_units(data: LightingData, *, metered_before: bool) -> Population:
    """One unit per changed point with data; ``metered_before``: with a controller before too."""
    units = []
    weights = []
    for p in data.works.of("changed"):
        weight = _kw_before(p)
        weights.append(weight)
        if metered_before and not (p.before is not None and p.before.metered):
            continue
        series = data.points.get(p.point_id)
        if series is None or len(series.days) == 0:
            continue
        driver, measured = data.driver_of_cabinet(p.cabinet_id)
        reporting = data.reporting_of([p.changed_on] if p.changed_on else [])
        unit = UnitInput(p.point_id, weight, 1.0, 0.0, series, data.periods[0].bounds, reporting)
        units.append(Unit(unit, driver, measured))
    return Population(units, weights, {})


def share_sd(changed: Sequence[tuple[str, float]], others: Sequence[tuple[str, float]]) -> float:
    """Standard deviation of the changed points' share of a cabinet's former power.

    Each argument lists (technology, system W) of a group of points.
    """
    a_total = sum(w for _, w in changed)
    b_total = sum(w for _, w in others)
    if a_total <= 0 or b_total <= 0:
        return 0.0
    share = a_total / (a_total + b_total)
    technologies = {t for t, _ in (*changed, *others)}
    systematic = sum(
        (_part(changed, t, a_total) - _part(others, t, b_total)) ** 2 for t in technologies
    )
    random = (
        sum(w * w for _, w in changed) / a_total**2 + sum(w * w for _, w in others) / b_total**2
    )
    spread = math.sqrt(U_SYSTEMATIC**2 * systematic + U_RANDOM**2 * random)
    return share * (1 - share) * spread


def _cabinet_unit(
    data: LightingData,
    cabinet_id: int,
    points: list[PointWorks],
    fed: Sequence[PointWorks],
    weight: float,
) -> Unit | None:
    found = data.cabinets.get(cabinet_id)
    if found is None or len(found.series.days) == 0:
        return None
    changed = [(p.before.technology, p.before.system_w) for p in points if p.before]
    others = [
        (q.before.technology, q.before.system_w)
        for q in fed
        if q.before is not None and q.kind != "changed"
    ]
    total = sum(w for _, w in changed) + sum(w for _, w in others)
    share = sum(w for _, w in changed) / total if total > 0 else 1.0
    driver, measured = data.driver_of_cabinet(cabinet_id)
    reporting = data.reporting_of([p.changed_on for p in points if p.changed_on])
    unit = UnitInput(
        cabinet_id,
        weight,
        share,
        share_sd(changed, others),
        found.series,
        data.periods[0].bounds,
        reporting,
    )
    hours = driver.total(reporting)
    adjustments = list(_added(fed, hours, reporting[0])) + list(
        _removed(fed, total, hours, reporting[0])
    )
    return Unit(unit, driver, measured, tuple(adjustments))


def _added(fed: Iterable[PointWorks], hours: float, start: date) -> Iterable[Adjustment]:
    """Points added inside the boundary: their reporting draw (nameplate) joins the baseline."""
    added = [q for q in fed if q.kind == "added" and q.after is not None]
    if added:
        kw = sum(q.after.system_w for q in added if q.after) / 1000.0
        yield Adjustment(
            "points_added",
            "equipment_history",
            start,
            kw * hours,
            f"{len(added)} point(s) added by the works: {kw:.2f} kW x {hours:.0f} h",
        )


def _removed(
    fed: Iterable[PointWorks], total_w: float, hours: float, start: date
) -> Iterable[Adjustment]:
    """Points removed from the boundary: their former draw (nameplate) leaves the baseline."""
    removed = [q for q in fed if q.kind == "removed" and q.before is not None]
    if removed and total_w > 0:
        kw = sum(q.before.system_w for q in removed if q.before) / 1000.0
        yield Adjustment(
            "points_removed",
            "equipment_history",
            start,
            -kw * hours,
            f"{len(removed)} point(s) removed by the works: {kw:.2f} kW x {hours:.0f} h",
        )


def _kw_before(p: PointWorks) -> float:
    return p.before.system_w / 1000.0 if p.before is not None else 0.0


def _part(group: Sequence[tuple[str, float]], technology: str, total: float) -> float:
    return sum(w for t, w in group if t == technology) / total
