"""Compute the météo of every action and mission of a territory and record what changed."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any

from aggregation import store_meteo
from aggregation.grading import Trajectory, expected_value, grade, parse_tolerance
from aggregation.store import TerritoryRow
from aggregation.weather import Attainment, Meteo, Signals, Weather, meteo
from core.database import Connection

log = logging.getLogger(__name__)


def slippage_days(action: dict[str, Any], on: date) -> int | None:
    """Days behind the planned schedule on ``on`` (None when the action has no plan)."""
    planned_start, planned_end = action["planned_start"], action["planned_end"]
    if planned_end is None:
        return None
    if action["actual_end"] is not None:
        return int((action["actual_end"] - planned_end).days)
    if on > planned_end:
        return int((on - planned_end).days)
    if action["actual_start"] is None and planned_start is not None and on > planned_start:
        return int((on - planned_start).days)
    return 0


def attainment(standing: dict[str, Any], on: date, now: datetime) -> Attainment:
    """Where one indicator stands on ``on`` against its trajectory."""
    title, kind = str(standing["title"]), str(standing["kind"])
    if standing["value"] is None:
        return Attainment(title, kind, None)
    age = (now - standing["recorded_at"]).total_seconds() / 86400.0
    coverage = None if standing["coverage"] is None else float(standing["coverage"])
    try:
        way = trajectory(standing)
    except ValueError as exc:
        return Attainment(title, kind, None, coverage, age, ungradable=str(exc))
    expected = way.target
    if way.baseline is not None and standing["baseline_on"] is not None:
        expected = expected_value(
            way.baseline, standing["baseline_on"], way.target, standing["target_on"], on
        )
    found = grade(float(standing["value"]), expected, way)
    return Attainment(
        title,
        kind,
        found.ratio,
        coverage,
        age,
        distance=found.distance,
        ungradable=found.ungradable,
    )


def trajectory(standing: dict[str, Any]) -> Trajectory:
    """An indicator's direction, target, unit, baseline and tolerance; ValueError if malformed."""
    baseline = standing["baseline_value"]
    parameters = standing.get("parameters") or {}
    return Trajectory(
        direction=str(standing["direction"]),
        target=float(standing["target"]),
        unit=str(standing.get("unit") or ""),
        baseline=None if baseline is None else float(baseline),
        tolerance=parse_tolerance(parameters.get("tolerance")),
    )


def report_weather(conn: Connection, territory: TerritoryRow, on: date) -> dict[str, int]:
    """Compute every action's then every mission's météo; record the ones that changed."""
    now = datetime.now(UTC)
    by_action: dict[int, list[Attainment]] = defaultdict(list)
    by_mission: dict[int, list[Attainment]] = defaultdict(list)
    for standing in store_meteo.standings(conn, territory.id, on):
        found = attainment(standing, on, now)
        if standing["action_id"] is not None:
            by_action[int(standing["action_id"])].append(found)
        else:
            by_mission[int(standing["mission_id"])].append(found)
    subjects = store_meteo.subjects(conn, territory.id)
    results: dict[tuple[str, int], Meteo] = {}
    children: dict[int, list[Weather]] = defaultdict(list)
    for action in (s for s in subjects if s["subject_kind"] == "action"):
        if action["status"] == "cancelled":
            continue
        signals = Signals(
            by_action[int(action["id"])], slippage_days(action, on), int(action["critical_alerts"])
        )
        results["action", int(action["id"])] = found_meteo = meteo(signals)
        children[int(action["mission_id"])].append(found_meteo.status)
    for mission in (s for s in subjects if s["subject_kind"] == "mission"):
        signals = Signals(by_mission[int(mission["id"])], children=children[int(mission["id"])])
        results["mission", int(mission["id"])] = meteo(signals)
    return _record_changes(conn, results, now)


def _record_changes(
    conn: Connection, results: dict[tuple[str, int], Meteo], now: datetime
) -> dict[str, int]:
    before = store_meteo.current(conn)
    changed = 0
    with conn.transaction():
        for subject, found in results.items():
            if before.get(subject) != (found.status.value, found.explanation):
                store_meteo.record(conn, subject, found, now)
                changed += 1
    counts: dict[str, int] = defaultdict(int)
    for found in results.values():
        counts[found.status.value] += 1
    log.info("météo computed", extra={"subjects": len(results), "changed": changed, **counts})
    return {"subjects": len(results), "changed": changed, **counts}
