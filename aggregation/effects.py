"""Compute and store the effect of every action that treats a scope (``docs/methods.md`` §3).

The works of an action span its actual dates, widened to the first and last equipment change of
its points (``works.py``). The baseline period is the year before the works; the reporting
period the latest year up to ``as_of`` (exclusive), starting the day after the works' last day;
while the works go on, each unit reports from the day after its own points changed and the
figure is flagged ``works_in_progress``.

Lighting actions get every method their data allow: at the cabinets' meters, at the points'
controllers, against a control group when they name one, and stipulated from nameplate power;
buildings the degree-day method. Each figure gets the non-routine adjustments recorded for its
action and a normal-year figure; the most trustworthy figure of each action is its *headline*
(``savings.PREFERENCE``, reliable figures first). Every computation is kept (one per as-of
date); reads show the latest.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import date, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from aggregation import cabinet_days, lighting_effects, savings, store_effects
from aggregation.degree_days import daily_dju
from aggregation.estimators import Driver
from aggregation.lighting_data import LightingData
from aggregation.savings import Effect, Period
from aggregation.store import TerritoryRow
from aggregation.store_effects import ActionRow
from aggregation.works import Works, points_works, works_of
from core.database import Connection
from core.solar import lit_window

log = logging.getLogger(__name__)

YEAR = timedelta(days=365)
DAY = timedelta(days=1)
HISTORY = timedelta(days=800)  # equipment history read before the works
NORMAL_YEARS = (2021, 2022, 2023, 2024)  # a leap cycle: the normal year's burning hours


def periods_of(works: Works, as_of: date) -> tuple[Period, Period]:
    """The baseline and reporting periods of works as of a date (the reporting may be empty)."""
    baseline = Period(works.start - YEAR, works.start)
    changes = [p.changed_on for p in works.of("changed") if p.changed_on]
    first = (min(changes) if works.in_progress and changes else works.end) + DAY
    start = min(max(first, as_of - YEAR), as_of)
    return baseline, Period(max(start, baseline.end), as_of)


def compute_effects(conn: Connection, territory: TerritoryRow, as_of: date) -> int:
    """Compute and store the effects of every action of a territory; return how many."""
    stored = 0
    for action in store_effects.actions_with_scopes(conn, territory.id):
        found = headlined(effects_of(conn, territory, action, as_of))
        with conn.transaction():
            store_effects.forget_other_methods(conn, action.id, as_of, [e.method for e in found])
            for effect in found:
                store_effects.save_effect(conn, action.id, effect)
        stored += len(found)
    log.info("effects computed", extra={"territory": territory.code, "effects": stored})
    return stored


def effects_of(
    conn: Connection, territory: TerritoryRow, action: ActionRow, as_of: date
) -> list[Effect]:
    """The effects of one action by every method that applies to it."""
    if action.buildings:
        return _building_effects(conn, territory, action, as_of)
    anchor = action.actual_start or as_of
    spans = store_effects.scope_spans(conn, action.id, "treated", (anchor - HISTORY, as_of + DAY))
    works = works_of(spans, (action.actual_start, action.actual_end), as_of, done=action.done)
    if works is None:
        return []
    data = lighting_data(conn, territory, action, works, as_of)
    methods = [lighting_effects.cabinet_effect, lighting_effects.points_effect]
    if action.has_control:
        methods.append(lighting_effects.control_effect)
    methods.append(lighting_effects.nameplate_effect)
    recorded = store_effects.recorded_adjustments(conn, action.id)
    adjustments = store_effects.as_adjustments(recorded, data.periods[1].bounds)
    reporting_hours = float(data.schedule.total(data.periods[1].bounds))
    factor = data.normal_year_hours / reporting_hours if reporting_hours > 0 else None
    return [
        savings.annualised(savings.with_adjustments(method(data), adjustments), factor)
        for method in methods
    ]


def lighting_data(
    conn: Connection, territory: TerritoryRow, action: ActionRow, works: Works, as_of: date
) -> LightingData:
    """Everything the lighting methods read for an action's works as of a date."""
    periods = periods_of(works, as_of)
    window = (periods[0].start, max(as_of, periods[0].end))
    cabinet_days.ensure_lighting_days(conn, territory, window[0] - DAY, window[1] + DAY)
    schedule = Driver.of(store_effects.lit_hours(conn, territory.id, window), *window)
    changed = works.of("changed")
    cabinets = sorted({p.cabinet_id for p in changed if p.cabinet_id is not None})
    fed = points_works(store_effects.cabinet_spans(conn, cabinets, window), works.start, as_of)
    metered = [p.point_id for p in changed if p.before is not None and p.before.metered]
    others = [p.point_id for p in changed if p.before is None or not p.before.metered]
    points = store_effects.point_series(conn, metered, window)
    points.update(store_effects.point_series(conn, others, periods[1].bounds))
    control, control_spans = None, []
    if action.has_control:
        control = store_effects.control_series(conn, action.id, window)
        control_spans = store_effects.scope_spans(conn, action.id, "control", window)
    return LightingData(
        works=works,
        periods=periods,
        as_of=as_of,
        schedule=schedule,
        normal_year_hours=normal_year_hours(territory),
        cabinets=store_effects.cabinet_series(conn, cabinets, window),
        cabinet_points={c: [p for p in fed if p.cabinet_id == c] for c in cabinets},
        points=points,
        control=control,
        control_spans=control_spans,
    )


def headlined(found: list[Effect]) -> list[Effect]:
    """The same effects, the action's headline figure marked.

    The first reliable figure in the order of ``savings.PREFERENCE``; when none is reliable, the
    first with a figure, still flagged by its warnings.
    """

    def rank(e: Effect) -> tuple[int, int]:
        order = savings.PREFERENCE.index(e.method) if e.method in savings.PREFERENCE else 99
        return (0 if e.reliable else 1, order)

    with_figure = [e for e in found if e.saved_kwh is not None]
    if not with_figure:
        return found
    best = min(with_figure, key=rank)
    return [replace(e, headline=e is best) for e in found]


@cache
def _normal_year_hours(
    zone: str, place: tuple[float, float], offsets: tuple[float, float]
) -> float:
    total = 0.0
    for year in NORMAL_YEARS:
        day = date(year, 1, 1)
        while day.year == year:
            total += lit_window(
                day, ZoneInfo(zone), *place, on_offset_min=offsets[0], off_offset_min=offsets[1]
            ).hours
            day += DAY
    return total / len(NORMAL_YEARS)


def normal_year_hours(territory: TerritoryRow) -> float:
    """The scheduled burning hours of a normal year (the mean of a leap cycle)."""
    return _normal_year_hours(
        territory.timezone,
        (territory.latitude, territory.longitude),
        (territory.switch_on_offset_min, territory.switch_off_offset_min),
    )


def _building_effects(
    conn: Connection, territory: TerritoryRow, action: ActionRow, as_of: date
) -> list[Effect]:
    """The degree-day effect of an action on buildings."""
    if action.actual_start is None or action.actual_end is None:
        return []
    baseline = Period(action.actual_start - YEAR, action.actual_start)
    start = min(max(action.actual_end + DAY, as_of - YEAR), as_of)
    reporting = Period(max(start, baseline.end), as_of)
    span = (baseline.start, max(as_of, baseline.end))
    treated = store_effects.building_daily(conn, action.id, "treated", span)
    dju = daily_dju(store_effects.temperatures(conn, territory.id, span))
    effect = savings.building_savings(treated, treated, dju, (baseline, reporting))
    factor = _building_factor(effect, territory, dju, baseline)
    recorded = store_effects.recorded_adjustments(conn, action.id)
    effect = savings.with_adjustments(
        effect, store_effects.as_adjustments(recorded, reporting.bounds)
    )
    return [savings.annualised(effect, factor)]


def _building_factor(
    effect: Effect, territory: TerritoryRow, dju: dict[date, float], baseline: Period
) -> float | None:
    """Normal-year consumption by the baseline model over the reporting counterfactual."""
    intercept = effect.fit.get("intercept_kwh")
    slope = effect.fit.get("slope_kwh_per_dju", 0.0)
    if intercept is None or not effect.counterfactual_kwh:
        return None
    normal = territory.normal_heating_dju
    if normal is None:
        normal = sum(v for d, v in dju.items() if baseline.holds(d))
    return (intercept * 365 + slope * normal) / effect.counterfactual_kwh
