"""The aggregation's SQL for rollups, territories and the ingest cursor.

Effects, indicators and the météo have their own ``store_*.py``; nothing else runs SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from core.database import Connection
from core.solar import LitWindow
from core.sql import Queries

QUERIES = Queries.of_package("aggregation")

Params = Mapping[str, Any]


@dataclass(frozen=True)
class TerritoryRow:
    """A territory as the aggregation needs it."""

    id: int
    code: str
    timezone: str
    latitude: float
    longitude: float
    switch_on_offset_min: float = 0.0
    switch_off_offset_min: float = 0.0
    normal_heating_dju: float | None = None


@dataclass(frozen=True)
class BatchRow:
    """One committed batch of readings."""

    id: int
    committed_at: datetime
    kind: str
    ts_min: datetime
    ts_max: datetime


@dataclass(frozen=True)
class Window:
    """Hours [start, end) to recompute, and the readings kinds concerned."""

    start: datetime
    end: datetime
    kinds: frozenset[str]


def territories(conn: Connection, code: str | None = None) -> list[TerritoryRow]:
    """Every territory, or the one with this code."""
    rows = conn.execute(QUERIES["territories"], {"code": code}).fetchall()
    return [
        TerritoryRow(
            int(r[0]),
            str(r[1]),
            str(r[2]),
            float(r[3]),
            float(r[4]),
            float(r[5]),
            float(r[6]),
            None if r[7] is None else float(r[7]),
        )
        for r in rows
    ]


def recompute(  # noqa: PLR0913 - the window and the limits of what counts
    conn: Connection,
    territory: TerritoryRow,
    window: Window,
    *,
    max_gap: timedelta,
    max_power_w: float,
    max_interval: timedelta,
    max_period: timedelta,
) -> int:
    """Recompute the hourly then daily rollups of one territory in a window; rows written.

    A light point's hours and days are summed into its district's, and a meter's hours into its
    building's days, in the same transaction; the cabinets' days the window can change are
    marked for the daily step.
    """
    params = {
        **_window_params(territory, window),
        "max_gap": max_gap,
        "max_power_w": max_power_w,
        "max_period": max_period,
    }
    written = 0
    steps = {
        "lamp": (
            "recompute_lamp_hourly",
            "recompute_district_lamp_hourly",
            "recompute_lamp_daily",
            "recompute_district_lamp_daily",
        ),
        "cabinet": ("recompute_cabinet_hourly",),
        "meter": ("recompute_meter_hourly", "recompute_meter_daily", "recompute_building_daily"),
    }
    with conn.transaction():
        for kind in sorted(window.kinds):
            for query in steps[kind]:
                written += conn.execute(QUERIES[query], params).rowcount
        if "cabinet" in window.kinds:
            conn.execute(QUERIES["mark_cabinet_days"], {**params, "max_interval": max_interval})
    return written


def take_pending_days(conn: Connection, territory: TerritoryRow, kind: str) -> list[date]:
    """The days of ``kind`` marked for recomputation, taken off the list (in a transaction)."""
    rows = conn.execute(QUERIES["take_pending_days"], {"territory_id": territory.id, "kind": kind})
    return sorted(r[0] for r in rows)


def recompute_cabinet_days(
    conn: Connection, territory: TerritoryRow, days: tuple[date, date], limits: Params
) -> int:
    """Recompute the cabinets' days [first, last] from their raw readings; rows written."""
    params = {"territory_id": territory.id, "first_day": days[0], "last_day": days[1], **limits}
    return conn.execute(QUERIES["recompute_cabinet_daily"], params).rowcount


def lighting_days_known(
    conn: Connection, territory: TerritoryRow, days: tuple[date, date]
) -> set[date]:
    """The days of [first, last] whose burning window is stored with the current offsets."""
    rows = conn.execute(
        QUERIES["lighting_days_known"],
        {"territory_id": territory.id, "first_day": days[0], "last_day": days[1]},
    )
    return {r[0] for r in rows}


def save_lighting_days(
    conn: Connection, territory: TerritoryRow, windows: Mapping[date, LitWindow]
) -> None:
    """Store local days' burning windows with the territory's current offsets."""
    rows = [
        {
            "territory_id": territory.id,
            "day": day,
            "day_start": w.start,
            "day_end": w.end,
            "off_at": w.off_at,
            "on_at": w.on_at,
            "lit_hours": w.hours,
            "on_offset_min": territory.switch_on_offset_min,
            "off_offset_min": territory.switch_off_offset_min,
        }
        for day, w in windows.items()
    ]
    with conn.cursor() as cur:
        cur.executemany(QUERIES["upsert_lighting_day"], rows)


def recompute_districts(conn: Connection, territory: TerritoryRow, window: Window) -> int:
    """Sum the light points' rollups into their districts' hours and days for a window.

    The rollup job does this itself; this is for rollups written by other means. Rows written.
    """
    params = _window_params(territory, window)
    with conn.transaction():
        hours = conn.execute(QUERIES["recompute_district_lamp_hourly"], params).rowcount
        return hours + conn.execute(QUERIES["recompute_district_lamp_daily"], params).rowcount


def _window_params(territory: TerritoryRow, window: Window) -> dict[str, Any]:
    return {
        "territory_id": territory.id,
        "timezone": territory.timezone,
        "from": window.start,
        "to": window.end,
    }


def readings_span(conn: Connection, territory_id: int) -> tuple[datetime, datetime] | None:
    """The first and last reading instants of a territory, or None without readings."""
    row = conn.execute(QUERIES["readings_span"], {"territory_id": territory_id}).fetchone()
    if row is None or row[0] is None:
        return None
    return row[0], row[1]


def batches_since(conn: Connection, after: datetime, margin: timedelta) -> list[BatchRow]:
    """Batches committed after ``after`` minus a margin."""
    rows = conn.execute(
        QUERIES["ingest_batches_since"], {"after": after, "margin": margin}
    ).fetchall()
    return [BatchRow(int(r[0]), r[1], str(r[2]), r[3], r[4]) for r in rows]


def cursor(conn: Connection, name: str) -> tuple[datetime, frozenset[int]] | None:
    """Where a consumer of ingest_batches stands and the ids it handled near there."""
    row = conn.execute(QUERIES["cursor"], {"name": name}).fetchone()
    return (row[0], frozenset(int(i) for i in row[1])) if row else None


def set_cursor(conn: Connection, name: str, committed_at: datetime, recent: list[int]) -> None:
    """Move a consumer of ingest_batches forward."""
    conn.execute(
        QUERIES["set_cursor"],
        {"name": name, "committed_at": committed_at, "recent_ids": recent},
    )


def listen_ingest(conn: Connection) -> None:
    """Subscribe this (autocommit) connection to the collectors' batch notifications."""
    conn.execute(QUERIES["listen_ingest"])


def try_lock(conn: Connection) -> bool:
    """Whether this session now holds the aggregation's lock."""
    row = conn.execute(QUERIES["try_lock"]).fetchone()
    return bool(row and row[0])
