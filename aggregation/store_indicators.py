"""The SQL of indicators: definitions, the series computations read, values and runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from psycopg.types.json import Jsonb

from aggregation.store import QUERIES
from core.database import Connection


@dataclass(frozen=True)
class IndicatorRow:
    """A computed indicator as the registry needs it."""

    id: int
    code: str
    title: str
    kind: str
    unit: str
    direction: str
    computation: str
    parameters: dict[str, Any]
    action_id: int | None
    mission_id: int | None
    territory_id: int


@dataclass(frozen=True)
class Buckets:
    """Periods [start, end) computed together."""

    period: str
    starts: list[date]
    ends: list[date]


def computed_indicators(conn: Connection, territory_id: int) -> list[IndicatorRow]:
    """The territory's indicators that have a computation."""
    rows = conn.execute(QUERIES["indicators_of_territory"], {"territory_id": territory_id})
    return [
        IndicatorRow(
            int(r[0]),
            str(r[1]),
            str(r[2]),
            str(r[3]),
            str(r[4]),
            str(r[5]),
            str(r[6]),
            dict(r[7]),
            r[8],
            r[9],
            int(r[10]),
        )
        for r in rows
    ]


def series(
    conn: Connection, query: str, indicator: IndicatorRow, buckets: Buckets, **extra: object
) -> list[tuple[Any, ...]]:
    """Run one of the per-period series queries for an indicator's scope."""
    params = {
        "territory_id": indicator.territory_id,
        "action_id": indicator.action_id,
        "mission_id": indicator.mission_id,
        "starts": buckets.starts,
        "ends": buckets.ends,
        "period": buckets.period,
        "first": buckets.starts[0],
        "last": buckets.ends[-1],
        **extra,
    }
    return conn.execute(QUERIES[query], params).fetchall()


@dataclass(frozen=True)
class EffectFigure:
    """An action's latest effect as the savings indicators read it."""

    action: str
    saved_kwh: float | None
    half_kwh: float | None
    counterfactual_kwh: float | None
    annual_kwh: float | None
    annual_half_kwh: float | None
    pct: float | None
    pct_half: float | None
    coverage: float
    warnings: tuple[str, ...]
    sufficient: bool
    reliable: bool


def latest_effects(
    conn: Connection, indicator: IndicatorRow, method: str | None
) -> list[EffectFigure]:
    """The latest effect of the indicator's action, or of each action of its mission.

    Each action's headline figure, or its figure by ``method`` when one is given.
    """
    params = {
        "method": method,
        "action_id": indicator.action_id,
        "mission_id": None if indicator.action_id else indicator.mission_id,
    }
    rows = conn.execute(QUERIES["latest_effects"], params).fetchall()
    return [
        EffectFigure(
            action=str(r[0]),
            saved_kwh=_number(r[1]),
            half_kwh=_number(r[2]),
            counterfactual_kwh=_number(r[3]),
            annual_kwh=_number(r[4]),
            annual_half_kwh=_number(r[5]),
            pct=_number(r[6]),
            pct_half=_number(r[7]),
            coverage=float(r[8]),
            warnings=tuple(r[9]),
            sufficient=bool(r[10]),
            reliable=bool(r[11]),
        )
        for r in rows
    ]


def _number(value: object) -> float | None:
    return None if value is None else float(str(value))


def open_run(conn: Connection, buckets: Buckets) -> int:
    """Record the start of a computation run; return its id."""
    row = conn.execute(
        QUERIES["insert_indicator_run"],
        {"period": buckets.period, "period_from": buckets.starts[0], "period_to": buckets.ends[-1]},
    ).fetchone()
    assert row is not None  # noqa: S101 - INSERT ... RETURNING always returns the row
    return int(row[0])


def close_run(conn: Connection, run_id: int, indicators: int, values: int) -> None:
    """Record the end of a computation run."""
    conn.execute(
        QUERIES["finish_indicator_run"],
        {"id": run_id, "indicators": indicators, "values_written": values},
    )


def save_values(conn: Connection, rows: Sequence[dict[str, Any]]) -> int:
    """Store computed values (manual ones are never overwritten); return how many."""
    with conn.cursor() as cur:
        cur.executemany(QUERIES["upsert_indicator_value"], rows)
    return len(rows)


def decree_buildings_daily(
    conn: Connection, territory_id: int, start: date, end: date
) -> list[tuple[date, float, float]]:
    """Daily kWh and coverage of the buildings subject to the décret tertiaire."""
    rows = conn.execute(
        QUERIES["decree_buildings_daily"],
        {"territory_id": territory_id, "from": start, "to": end},
    )
    return [(r[0], float(r[1]), min(float(r[2]), 1.0)) for r in rows]


def decree_references(conn: Connection, territory_id: int) -> list[tuple[int, float]]:
    """(reference year, reference kWh) of each building subject to the décret tertiaire."""
    rows = conn.execute(QUERIES["decree_references"], {"territory_id": territory_id})
    return [(int(r[0]), float(r[1])) for r in rows]


def temperatures(conn: Connection, territory_id: int, start: date, end: date) -> list[Any]:
    """Daily outdoor temperatures (day, tmin, tmax) of a territory."""
    rows = conn.execute(
        QUERIES["weather_days"], {"territory_id": territory_id, "from": start, "to": end}
    )
    return list(rows)


def policy_tree(conn: Connection, policy_code: str) -> list[dict[str, Any]]:
    """The missions and actions of a policy as dictionaries (one row per action)."""
    cur = conn.execute(QUERIES["policy_tree"], {"policy_code": policy_code})
    names = [c.name for c in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur]


def define_indicator(conn: Connection, definition: dict[str, Any]) -> int:
    """Insert or update an indicator by code; return its id."""
    params = {**definition, "parameters": Jsonb(definition.get("parameters", {}))}
    row = conn.execute(QUERIES["upsert_indicator"], params).fetchone()
    assert row is not None  # noqa: S101 - INSERT ... RETURNING always returns the row
    return int(row[0])


def set_target(conn: Connection, indicator_id: int, target_on: date, value: float) -> None:
    """Set an indicator's target for a date."""
    conn.execute(
        QUERIES["upsert_indicator_target"],
        {"indicator_id": indicator_id, "target_on": target_on, "value": value},
    )
