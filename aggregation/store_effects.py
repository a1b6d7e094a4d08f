"""The SQL of effects: scopes' daily energy, outdoor temperatures, actions, stored effects."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from psycopg.types.json import Jsonb

from aggregation.degree_days import DailyTemperature
from aggregation.savings import DailyEnergy, Effect
from aggregation.store import QUERIES
from core.database import Connection


@dataclass(frozen=True)
class ActionRow:
    """An action that treats a scope."""

    id: int
    code: str
    actual_start: date | None
    actual_end: date | None
    buildings: bool
    has_control: bool


def actions_with_scopes(conn: Connection, territory_id: int) -> list[ActionRow]:
    """The territory's actions that treat a scope."""
    rows = conn.execute(QUERIES["actions_with_scopes"], {"territory_id": territory_id})
    return [ActionRow(int(r[0]), str(r[1]), r[2], r[3], bool(r[4]), bool(r[5])) for r in rows]


def scope_daily(
    conn: Connection, action_id: int, role: str, span: tuple[date, date], *, buildings: bool
) -> list[DailyEnergy]:
    """Daily energy and coverage of an action's treated or control scope over [start, end)."""
    query = "scope_building_daily" if buildings else "scope_lamp_daily"
    rows = conn.execute(
        QUERIES[query], {"action_id": action_id, "role": role, "from": span[0], "to": span[1]}
    )
    return [DailyEnergy(r[0], float(r[1]), min(float(r[2]), 1.0)) for r in rows]


def nameplate_kw(conn: Connection, action: ActionRow) -> float:
    """Former system power (kW) of the points the action renovated, from equipment history."""
    row = conn.execute(
        QUERIES["scope_nameplate_kw"],
        {"action_id": action.id, "start": action.actual_start, "end": action.actual_end},
    ).fetchone()
    return float(row[0]) if row else 0.0


def temperatures(
    conn: Connection, territory_id: int, span: tuple[date, date]
) -> list[DailyTemperature]:
    """Daily outdoor temperatures of a territory over [start, end)."""
    rows = conn.execute(
        QUERIES["weather_days"], {"territory_id": territory_id, "from": span[0], "to": span[1]}
    )
    return [DailyTemperature(r[0], float(r[1]), float(r[2])) for r in rows]


def save_effect(conn: Connection, action_id: int, effect: Effect) -> None:
    """Store (or replace) an action's effect by its method for its reporting period."""
    conn.execute(
        QUERIES["upsert_effect"],
        {
            "action_id": action_id,
            "method": effect.method,
            "method_version": effect.method_version,
            "baseline_start": effect.baseline.start,
            "baseline_end": effect.baseline.end,
            "reporting_start": effect.reporting.start,
            "reporting_end": effect.reporting.end,
            "counterfactual_kwh": effect.counterfactual_kwh,
            "actual_kwh": effect.actual_kwh,
            "saved_kwh": effect.saved_kwh,
            "saved_kwh_low": effect.saved_kwh_low,
            "saved_kwh_high": effect.saved_kwh_high,
            "saved_pct": effect.saved_pct,
            "saved_pct_low": effect.saved_pct_low,
            "saved_pct_high": effect.saved_pct_high,
            "coverage_baseline": min(effect.coverage_baseline, 1.0),
            "coverage_reporting": min(effect.coverage_reporting, 1.0),
            "sufficient": effect.sufficient,
            "warnings": list(effect.warnings),
            "fit": Jsonb(dict(effect.fit)),
        },
    )


def effects_report(conn: Connection, territory_id: int) -> list[dict[str, Any]]:
    """The latest effect of every action by every method, for display."""
    cur = conn.execute(QUERIES["effects_report"], {"territory_id": territory_id})
    names = [c.name for c in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur]


def save_temperatures(
    conn: Connection, territory_id: int, temperatures: list[DailyTemperature], source: str
) -> int:
    """Record daily outdoor temperatures of a territory; return how many."""
    rows = [
        {"territory_id": territory_id, "day": t.day, "tmin_c": t.tmin_c, "tmax_c": t.tmax_c,
         "source": source}
        for t in temperatures
    ]  # fmt: skip
    with conn.transaction(), conn.cursor() as cur:
        cur.executemany(QUERIES["upsert_temperature"], rows)
    return len(rows)
