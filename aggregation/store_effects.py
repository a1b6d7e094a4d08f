"""The SQL of effects: actions, their scopes' equipment and data, adjustments, stored effects."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from psycopg.types.json import Jsonb

from aggregation.degree_days import DailyTemperature
from aggregation.estimators import Series
from aggregation.lighting_data import CabinetSeries
from aggregation.savings import Adjustment, DailyEnergy, Effect
from aggregation.store import QUERIES
from aggregation.works import EquipmentSpan
from core.database import Connection

EPOCH = date(2000, 1, 1).toordinal()


@dataclass(frozen=True)
class ActionRow:
    """An action that treats a scope."""

    id: int
    code: str
    actual_start: date | None
    actual_end: date | None
    done: bool
    buildings: bool
    has_control: bool


@dataclass(frozen=True)
class RecordedAdjustment:
    """A non-routine adjustment a person recorded for an action."""

    id: int
    kind: str
    starts_on: date
    ends_on: date | None
    kwh_per_year: float
    reason: str


def actions_with_scopes(conn: Connection, territory_id: int) -> list[ActionRow]:
    """The territory's actions that treat a scope."""
    rows = conn.execute(QUERIES["actions_with_scopes"], {"territory_id": territory_id})
    return [
        ActionRow(int(r[0]), str(r[1]), r[2], r[3], bool(r[4]), bool(r[5]), bool(r[6]))
        for r in rows
    ]


def scope_spans(
    conn: Connection, action_id: int, role: str, window: tuple[date, date]
) -> list[EquipmentSpan]:
    """The equipment history of an action's treated or control points over [start, end)."""
    rows = conn.execute(
        QUERIES["works_equipment"],
        {"action_id": action_id, "role": role, "from": window[0], "to": window[1]},
    )
    return _spans(rows)


def cabinet_spans(
    conn: Connection, cabinets: list[int], window: tuple[date, date]
) -> list[EquipmentSpan]:
    """The equipment history of every point the given cabinets feed, over [start, end)."""
    rows = conn.execute(
        QUERIES["cabinet_points_equipment"],
        {"cabinets": cabinets, "from": window[0], "to": window[1]},
    )
    return _spans(rows)


def cabinet_series(
    conn: Connection, cabinets: list[int], window: tuple[date, date]
) -> dict[int, CabinetSeries]:
    """Each cabinet's daily energy, coverage and measured burning hours over [start, end)."""
    rows = conn.execute(
        QUERIES["cabinet_days"], {"cabinets": cabinets, "from": window[0], "to": window[1]}
    )
    return {
        int(r[0]): CabinetSeries(
            Series(
                np.asarray(r[1], dtype=np.int64) + EPOCH,
                np.asarray(r[2], dtype=np.float64),
                np.asarray(r[3], dtype=np.float64),
            ),
            np.asarray(r[4], dtype=np.float64),
        )
        for r in rows
    }


def point_series(
    conn: Connection, points: list[int], window: tuple[date, date]
) -> dict[int, Series]:
    """Each light point's daily energy and coverage over [start, end)."""
    rows = conn.execute(
        QUERIES["point_days"], {"points": points, "from": window[0], "to": window[1]}
    )
    return {
        int(r[0]): Series(
            np.asarray(r[1], dtype=np.int64) + EPOCH,
            np.asarray(r[2], dtype=np.float64),
            np.asarray(r[3], dtype=np.float64),
        )
        for r in rows
    }


def control_series(conn: Connection, action_id: int, window: tuple[date, date]) -> Series:
    """The daily energy and coverage of an action's control group over [start, end)."""
    rows = conn.execute(
        QUERIES["control_days"], {"action_id": action_id, "from": window[0], "to": window[1]}
    )
    return Series.of((r[0], float(r[1]), min(float(r[2]), 1.0)) for r in rows)


def lit_hours(conn: Connection, territory_id: int, window: tuple[date, date]) -> dict[date, float]:
    """A territory's scheduled burning hours by local day over [start, end)."""
    rows = conn.execute(
        QUERIES["lit_hours"], {"territory_id": territory_id, "from": window[0], "to": window[1]}
    )
    return {r[0]: float(r[1]) for r in rows}


def building_daily(
    conn: Connection, action_id: int, role: str, window: tuple[date, date]
) -> list[DailyEnergy]:
    """Daily energy and coverage of an action's buildings over [start, end)."""
    rows = conn.execute(
        QUERIES["scope_building_daily"],
        {"action_id": action_id, "role": role, "from": window[0], "to": window[1]},
    )
    return [DailyEnergy(r[0], float(r[1]), min(float(r[2]), 1.0)) for r in rows]


def recorded_adjustments(conn: Connection, action_id: int) -> list[RecordedAdjustment]:
    """The non-routine adjustments recorded for an action and not withdrawn."""
    rows = conn.execute(QUERIES["action_adjustments"], {"action_id": action_id})
    return [RecordedAdjustment(r[0], r[1], r[2], r[3], float(r[4]), r[5]) for r in rows]


def temperatures(
    conn: Connection, territory_id: int, span: tuple[date, date]
) -> list[DailyTemperature]:
    """Daily outdoor temperatures of a territory over [start, end)."""
    rows = conn.execute(
        QUERIES["weather_days"], {"territory_id": territory_id, "from": span[0], "to": span[1]}
    )
    return [DailyTemperature(r[0], float(r[1]), float(r[2])) for r in rows]


def forget_other_methods(conn: Connection, action_id: int, as_of: date, methods: list[str]) -> None:
    """Drop an action's computations as of a date by methods that no longer apply to it."""
    conn.execute(
        QUERIES["delete_other_methods"],
        {"action_id": action_id, "as_of": as_of, "methods": methods},
    )


def save_effect(conn: Connection, action_id: int, effect: Effect) -> None:
    """Store (or replace) an action's effect by its method as of its reporting period's end."""
    conn.execute(QUERIES["upsert_effect"], {"action_id": action_id, **effect_row(effect)})


def effect_row(effect: Effect) -> dict[str, Any]:
    """The columns of an effect's row."""
    return {
        "method": effect.method,
        "method_version": effect.method_version,
        "baseline_start": effect.baseline.start,
        "baseline_end": effect.baseline.end,
        "reporting_start": effect.reporting.start,
        "reporting_end": effect.reporting.end,
        "counterfactual_kwh": _finite(effect.counterfactual_kwh),
        "actual_kwh": _finite(effect.actual_kwh),
        "saved_kwh": _finite(effect.saved_kwh),
        "saved_kwh_low": _finite(effect.saved_kwh_low),
        "saved_kwh_high": _finite(effect.saved_kwh_high),
        "saved_pct": _finite(effect.saved_pct),
        "saved_pct_low": _finite(effect.saved_pct_low),
        "saved_pct_high": _finite(effect.saved_pct_high),
        "coverage_baseline": min(max(effect.coverage_baseline, 0.0), 1.0),
        "coverage_reporting": min(max(effect.coverage_reporting, 0.0), 1.0),
        "sufficient": effect.sufficient,
        "warnings": list(effect.warnings),
        "fit": Jsonb({k: _json_number(v) for k, v in effect.fit.items()}),
        "boundary": effect.boundary,
        "ipmvp_option": effect.ipmvp_option,
        "deemed": effect.deemed,
        "measured": list(effect.measured),
        "stipulated": list(effect.stipulated),
        "parameters": Jsonb({k: _json_number(v) for k, v in effect.parameters.items()}),
        "adjustments": Jsonb([a.as_dict() for a in effect.adjustments]),
        "adjustments_kwh": effect.adjustments_kwh,
        "annual_saved_kwh": _finite(effect.annual_saved_kwh),
        "annual_saved_kwh_low": _finite(effect.annual_saved_kwh_low),
        "annual_saved_kwh_high": _finite(effect.annual_saved_kwh_high),
        "reliable": effect.reliable,
        "headline": effect.headline,
    }


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


def as_adjustments(
    recorded: Iterable[RecordedAdjustment], period: tuple[date, date]
) -> list[Adjustment]:
    """Recorded adjustments prorated to the days of a reporting period they apply to.

    An adjustment that covers none of its days is listed with 0 kWh and says so: a figure never
    leaves out, unsaid, an adjustment recorded for its action.
    """
    found = []
    for r in recorded:
        start = max(r.starts_on, period[0])
        end = min(r.ends_on or period[1], period[1])
        days = max((end - start).days, 0)
        note = r.reason if days else f"{r.reason} (outside the reporting period: not applied)"
        found.append(
            Adjustment(
                r.kind,
                "recorded",
                start if days else r.starts_on,
                r.kwh_per_year * days / 365.0,
                note,
                kwh_per_year=r.kwh_per_year,
                id=r.id,
            )
        )
    return found


def _spans(rows: Iterable[tuple[Any, ...]]) -> list[EquipmentSpan]:
    return [
        EquipmentSpan(int(r[0]), r[1], r[2], r[3], str(r[4]), float(r[5]), bool(r[6])) for r in rows
    ]


def _finite(value: float | None) -> float | None:
    return value if value is not None and math.isfinite(value) else None


def _json_number(value: object) -> object:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
