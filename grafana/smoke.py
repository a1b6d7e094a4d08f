"""Smoke test of a real deployment: Grafana's health, the datasource's, and every panel query.

Each query of every dashboard is sent through Grafana's query API (``POST /api/ds/query``) as the
browser would send it: dashboard variables replaced first (every variable on "All", the
territory on its first option, their options read through the same API), macros left for
Grafana. A query Grafana answers with an error is reported with where it is; the smoke test goes
on with the others.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from grafana_client.api import GrafanaApi
from grafana_client.client import GrafanaClientError, GrafanaServerError

from grafana import gotime
from grafana.client import translated
from grafana.dashboards import DATASOURCE_TYPE, DATASOURCE_UID, Dashboard, Query, queries
from grafana.variables import Selection, replace_variables

log = logging.getLogger(__name__)

MAX_DATA_POINTS = 1_000
DATASOURCE = {"type": DATASOURCE_TYPE, "uid": DATASOURCE_UID}


@dataclass
class SmokeReport:
    """Grafana's version, the datasource's health, the queries run and those that failed."""

    version: str = ""
    datasource: str = ""
    queries: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether the datasource is healthy and every query ran."""
        return not self.failures


def smoke(api: GrafanaApi, dashboards: list[Dashboard], hours: float = 6.0) -> SmokeReport:
    """Check health, the datasource, then every query of ``dashboards`` over the last hours."""
    report = SmokeReport()
    end = datetime.now(UTC)
    start = end - timedelta(hours=hours)
    with translated(api):
        report.version = str(api.client.GET("/health").get("version", "?"))
        try:
            health = api.client.GET(f"/datasources/uid/{DATASOURCE_UID}/health")
            report.datasource = str(health.get("message") or health.get("status"))
        except (GrafanaClientError, GrafanaServerError) as exc:
            report.failures.append((f"datasource {DATASOURCE_UID}", _message(exc)))
            return report
        for dashboard in dashboards:
            _smoke_dashboard(api, dashboard, start, end, report)
    log.info(
        "grafana smoke test", extra={"queries": report.queries, "failed": len(report.failures)}
    )
    return report


def _smoke_dashboard(
    api: GrafanaApi, dashboard: Dashboard, start: datetime, end: datetime, report: SmokeReport
) -> None:
    selections: dict[str, Selection] = {}
    for query in queries(dashboard):
        sql = replace_variables(query.sql, selections, start=start, end=end)
        frames, error = _run(api, query, sql, start, end)
        report.queries += 1
        if error is not None:
            report.failures.append((query.label, error))
            continue
        if query.kind == "variable":
            values = _first_field(frames)
            selections[query.name] = _selection(query, values)


def _run(
    api: GrafanaApi, query: Query, sql: str, start: datetime, end: datetime
) -> tuple[list[dict[str, Any]], str | None]:
    """One query through ``/api/ds/query``: its frames, or Grafana's error."""
    span = end - start
    interval_ms = max(
        gotime.parse_interval(query.min_interval or "1ms") // gotime.MILLISECOND,
        int(span.total_seconds() * 1000) // MAX_DATA_POINTS,
    )
    body = {
        "from": str(int(start.timestamp() * 1000)),
        "to": str(int(end.timestamp() * 1000)),
        "queries": [
            {
                "refId": query.ref_id,
                "datasource": DATASOURCE,
                "rawSql": sql,
                "format": query.format,
                "rawQuery": True,
                "editorMode": "code",
                "intervalMs": interval_ms,
                "maxDataPoints": MAX_DATA_POINTS,
            }
        ],
    }
    try:
        answer = api.client.POST("/ds/query", json=body)
    except (GrafanaClientError, GrafanaServerError) as exc:
        return [], _result_error(exc.response, query.ref_id) or _message(exc)
    result = answer.get("results", {}).get(query.ref_id, {})
    if result.get("error"):
        return [], str(result["error"])
    return list(result.get("frames", [])), None


def _first_field(frames: list[dict[str, Any]]) -> list[str]:
    """A variable's options: the ``__value`` field of the first frame, else its first field."""
    if not frames:
        return []
    fields = [f.get("name") for f in frames[0].get("schema", {}).get("fields", [])]
    values = frames[0].get("data", {}).get("values", [])
    if not fields or not values:
        return []
    index = fields.index("__value") if "__value" in fields else 0
    return [str(v) for v in values[index]]


def _result_error(response: Any, ref_id: str) -> str | None:  # noqa: ANN401 - JSON
    if isinstance(response, dict):
        result = response.get("results", {}).get(ref_id, {})
        if isinstance(result, dict) and result.get("error"):
            return str(result["error"])
    return None


def _message(exc: GrafanaClientError | GrafanaServerError) -> str:
    response = exc.response
    if isinstance(response, dict) and response.get("message"):
        return f"{exc.status_code}: {response['message']}"
    return str(exc.message)


def _selection(variable: Query, values: list[str]) -> Selection:
    """All the options of a multi or include-all variable; else its first, as Grafana does."""
    multi, include_all = bool(variable.extra["multi"]), bool(variable.extra["includeAll"])
    if multi or include_all:
        return Selection(tuple(values), multi=multi, include_all=include_all, all_selected=True)
    return Selection(tuple(values[:1]))
