"""The SQL of the météo: subjects, indicator standings, current statuses and their history."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from aggregation.store import QUERIES
from aggregation.weather import Meteo
from core.database import Connection


def _dicts(conn: Connection, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cur = conn.execute(QUERIES[query], params)
    names = [c.name for c in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur]


def subjects(conn: Connection, territory_id: int) -> list[dict[str, Any]]:
    """The territory's actions (with dates and live critical alerts) and missions."""
    return _dicts(conn, "meteo_subjects", {"territory_id": territory_id})


def standings(conn: Connection, territory_id: int, on: date) -> list[dict[str, Any]]:
    """Every targeted indicator's latest value and applicable target."""
    return _dicts(conn, "indicator_standings", {"territory_id": territory_id, "on": on})


def current(conn: Connection) -> dict[tuple[str, int], tuple[str, str]]:
    """The current (status, explanation) of every subject."""
    rows = conn.execute(QUERIES["meteo_latest"]).fetchall()
    return {(str(r[0]), int(r[1])): (str(r[2]), str(r[3])) for r in rows}


def record(conn: Connection, subject: tuple[str, int], meteo: Meteo, changed_at: datetime) -> None:
    """Append a change of météo to the history."""
    conn.execute(
        QUERIES["insert_meteo"],
        {
            "subject_kind": subject[0],
            "subject_id": subject[1],
            "status": meteo.status.value,
            "explanation": meteo.explanation,
            "drivers": list(meteo.drivers),
            "changed_at": changed_at,
        },
    )


def report(conn: Connection, territory_id: int) -> list[dict[str, Any]]:
    """The current météo of every mission and action of a territory, for display."""
    return _dicts(conn, "meteo_report", {"territory_id": territory_id})
