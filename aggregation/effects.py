"""Compute and store the effect of every action that treats a scope (``docs/methods.md``).

An action's intervention window [actual_start, actual_end] is excluded. The baseline period is
the year before it; the reporting period is the latest year up to ``as_of`` (exclusive),
starting no earlier than the day after it: savings are followed as long as the action lasts.
Lighting scopes get the burning-hours method, the nameplate baseline (for points that had no
meter before) and, when the action names a control group, the difference-in-differences too;
building scopes get the degree-day method.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from aggregation import savings, store_effects
from aggregation.degree_days import daily_dju
from aggregation.nameplate import nameplate_savings
from aggregation.savings import Effect, Period
from aggregation.store import TerritoryRow
from aggregation.store_effects import ActionRow
from core.database import Connection
from core.solar import night_hours

log = logging.getLogger(__name__)

YEAR = timedelta(days=365)
DAY = timedelta(days=1)


def periods_of(action: ActionRow, as_of: date) -> tuple[Period, Period] | None:
    """The baseline and reporting periods of an action, or None before it has reporting days."""
    if action.actual_start is None or action.actual_end is None:
        return None
    baseline = Period(action.actual_start - YEAR, action.actual_start)
    reporting = Period(max(action.actual_end + DAY, as_of - YEAR), as_of)
    if reporting.days <= 0:
        return None
    return baseline, reporting


def burning_hours(territory: TerritoryRow, periods: tuple[Period, Period]) -> dict[date, float]:
    """Sunset-to-sunrise hours of each night starting on a day of either period."""
    hours: dict[date, float] = {}
    for period in periods:
        day = period.start
        while day < period.end:
            hours[day] = night_hours(day, day + DAY, territory.latitude, territory.longitude)
            day += DAY
    return hours


def effects_of(
    conn: Connection, territory: TerritoryRow, action: ActionRow, as_of: date
) -> list[Effect]:
    """The effects of one action by every method that applies to it."""
    periods = periods_of(action, as_of)
    if periods is None:
        return []
    span = (periods[0].start, periods[1].end)
    treated = store_effects.scope_daily(
        conn, action.id, "treated", span, buildings=action.buildings
    )
    if action.buildings:
        temps = store_effects.temperatures(conn, territory.id, span)
        dju = daily_dju(temps)
        return [savings.building_savings(treated, treated, dju, periods)]
    hours = burning_hours(territory, periods)
    found = [
        savings.lighting_savings(treated, treated, hours, periods),
        nameplate_savings(treated, hours, periods, store_effects.nameplate_kw(conn, action)),
    ]
    if action.has_control:
        control = store_effects.scope_daily(conn, action.id, "control", span, buildings=False)
        found.append(
            savings.lighting_savings_with_control(treated, treated, control, control, periods)
        )
    return found


def compute_effects(conn: Connection, territory: TerritoryRow, as_of: date) -> int:
    """Compute and store the effects of every action of a territory; return how many."""
    stored = 0
    for action in store_effects.actions_with_scopes(conn, territory.id):
        for effect in effects_of(conn, territory, action, as_of):
            store_effects.save_effect(conn, action.id, effect)
            stored += 1
    log.info("effects computed", extra={"territory": territory.code, "effects": stored})
    return stored
