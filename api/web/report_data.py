"""What an activity report says about the policy, a mission or an action over a period.

Budgets of the period's years, the météo and its changes in the period, indicators against their
targets with a chart each, the effects with their intervals, method and flags, the alerts first
seen in the period by severity and state, the analyses and recommendations written in it, and the
version of the data all this was read from. Reads go through the JSON API's store functions and
the pages' own queries.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from api import store_data, store_policy
from api.deps import Territory
from api.pages import MAX_PAGE
from api.store import Row, rows, scalar
from api.web import charts, store_pages
from api.web.i18n import Catalogue
from api.web.series import series_of
from core.database import Connection
from core.errors import NotFound


@dataclass(frozen=True)
class Subject:
    """What a report covers: the policy, a mission or an action, by code."""

    kind: str
    code: str
    title: str
    row: Row


def subject_of(conn: Connection, place: Territory, kind: str, code: str) -> Subject:
    """The subject named by kind and code; NotFound when the territory has none."""
    if kind == "policy":
        found = [p for p in store_policy.policies(conn, place.id) if p["code"] == code]
    elif kind == "mission":
        found = store_policy.missions(conn, place.id, code)
    elif kind == "action":
        found = store_policy.actions(conn, place.id, code=code)
    else:
        found = []
    if not found:
        raise NotFound(f"no {kind} {code}")
    return Subject(kind, code, found[0]["title"], found[0])


def data_uri(svg: bytes) -> str:
    """An SVG image embedded in a document."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode()


def _indicators(conn: Connection, place: Territory, subject: Subject) -> list[Row]:
    if subject.kind == "action":
        return store_data.indicators(conn, place.id, action=subject.code, limit=MAX_PAGE)
    every = store_data.indicators(conn, place.id, limit=MAX_PAGE)
    if subject.kind == "mission":
        return [i for i in every if i["level"] == "mission" and i["mission_code"] == subject.code]
    return [i for i in every if i["level"] in {"policy", "mission"}]


def indicators(
    conn: Connection,
    place: Territory,
    subject: Subject,
    period: tuple[date, date],
    words: Catalogue,
) -> list[dict[str, Any]]:
    """Each indicator with its values in the period, its targets, and its chart."""
    start, end = period
    out = []
    for row in _indicators(conn, place, subject):
        series = series_of(conn, row["id"], end + timedelta(days=1), since=start)
        baseline = None
        if row["baseline_value"] is not None and row["baseline_on"] is not None:
            baseline = charts.Point(row["baseline_on"], float(row["baseline_value"]))
        chart = charts.series_svg(
            series.points, series.target_points, baseline, row["unit"], words, width_in=6.5
        )
        latest = series.values[-1] if series.values else None
        target = next((t for t in series.targets if t["target_on"] >= end), None)
        if target is None and series.targets:
            target = series.targets[-1]
        out.append({**row, "series": series, "chart": data_uri(chart), "latest": latest,
                    "target": target})  # fmt: skip
    return out


def budgets(conn: Connection, place: Territory, subject: Subject, years: range) -> list[Row]:
    """The budget lines of the period's years, summed by year."""
    if subject.kind == "action":
        lines = store_policy.action_budgets(conn, subject.row["code"])
    elif subject.kind == "mission":
        lines = store_pages.mission_budgets(conn, subject.row["id"])
    else:
        lines = [
            line
            for m in store_policy.missions(conn, place.id)
            if m["policy_code"] == subject.code
            for line in store_pages.mission_budgets(conn, m["id"])
        ]
    totals: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for line in lines:
        if line["year"] in years:
            for column in ("planned_eur", "committed_eur", "spent_eur"):
                totals[line["year"]][column] += float(line[column])
    return [{"year": year, **totals[year]} for year in sorted(totals)]


def _filters(subject: Subject) -> dict[str, str | None]:
    return {
        "mission": subject.code if subject.kind == "mission" else None,
        "action": subject.code if subject.kind == "action" else None,
    }


def alerts(
    conn: Connection, place: Territory, subject: Subject, period: tuple[datetime, datetime]
) -> list[Row]:
    """Alerts first seen in the period by severity and state."""
    params = {"territory_id": place.id, "from": period[0], "to": period[1], **_filters(subject)}
    return rows(conn, "web_report_alerts", params)


def analyses(
    conn: Connection, place: Territory, subject: Subject, period: tuple[date, date]
) -> list[Row]:
    """Analyses and recommendations written in the period."""
    params = {"territory_id": place.id, "from": period[0], "to": period[1], **_filters(subject)}
    return rows(conn, "web_analyses_in", params)


def meteo(conn: Connection, place: Territory, subject: Subject, period: tuple[datetime, datetime]
          ) -> dict[str, Any]:  # fmt: skip
    """The current météo, its changes in the period, and each part's (missions, actions)."""
    parts: list[Row]
    if subject.kind == "policy":
        parts = [
            m for m in store_policy.missions(conn, place.id) if m["policy_code"] == subject.code
        ]
    elif subject.kind == "mission":
        parts = store_policy.actions(conn, place.id, mission=subject.code, limit=MAX_PAGE)
    else:
        parts = [subject.row]
    history = []
    if subject.kind != "policy":
        history = [
            h
            for h in store_pages.meteo_history(conn, subject.kind, subject.row["id"], limit=200)
            if period[0] <= h["changed_at"] < period[1]
        ]
    return {"parts": parts, "history": history}


def data_version(conn: Connection) -> dict[str, Any]:
    """The newest stored batch, computation and entry of each kind the report reads."""
    found = scalar(conn, "web_data_version")
    return dict(found) if isinstance(found, dict) else {}


def instants(place: Territory, period: tuple[date, date]) -> tuple[datetime, datetime]:
    """The period's first and last local days as instants: [start 00:00, the day after end)."""
    zone = ZoneInfo(place.timezone)
    start = datetime.combine(period[0], time(), zone)
    return start, datetime.combine(period[1] + timedelta(days=1), time(), zone)
