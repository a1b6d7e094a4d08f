"""Queries on indicators, their values, effects, readings, rollups and alerts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from psycopg import sql
from psycopg.rows import dict_row

from api.store import QUERIES, Row, fetch, one, query, rows, scalar
from core.database import Connection
from core.sql import Query

# alerts_json.sql wraps alerts.sql: both read from files of this repository.
ALERTS_JSON = sql.SQL(QUERIES.text("alerts_json")).format(alerts=QUERIES["alerts"])


def indicators_query(territory_id: int, **filters: Any) -> Query:  # noqa: ANN401 - filter values
    """Indicators matching ``code``, ``mission``, ``action``, ``kind``, after ``after``.

    Each with its ``targets`` (a list of ``target_on`` and ``value``, by date).
    """
    params: Row = {"code": None, "mission": None, "action": None, "kind": None, "after": None}
    params.update(filters, territory_id=territory_id)
    params.setdefault("limit", 1)
    return query("indicators", params)


def indicators(conn: Connection, territory_id: int, **filters: Any) -> list[Row]:  # noqa: ANN401 - filter values
    """The rows of ``indicators_query``."""
    return fetch(conn, indicators_query(territory_id, **filters))


def indicator_targets(conn: Connection, indicator_id: int) -> list[Row]:
    """An indicator's targets."""
    return rows(conn, "indicator_targets", {"indicator_id": indicator_id})


def indicator_values(  # noqa: PLR0913 - the indicator, the range and the page
    conn: Connection,
    indicator_id: int,
    *,
    period: str,
    start: date,
    end: date,
    after: date | None,
    limit: int,
) -> list[Row]:
    """Values of one period kind starting in ``[start, end)``."""
    params = {
        "indicator_id": indicator_id,
        "period": period,
        "from": start,
        "to": end,
        "after": after,
        "limit": limit,
    }
    return rows(conn, "indicator_values", params)


def upsert_manual_value(conn: Connection, fields: Row) -> Row | None:
    """Store a manual value; None when a computed value holds that period."""
    return one(conn, "upsert_manual_value", fields)


def effects_query(territory_id: int, **filters: Any) -> Query:  # noqa: ANN401 - filter values
    """Effects matching ``action``, ``mission``, ``method``, after ``(after_as_of, after_id)``.

    The latest computation of each action's effect by each method; every one with ``history``.
    """
    params: Row = dict.fromkeys(("action", "mission", "method", "after_as_of", "after_id"))
    params["history"] = False
    params.update(filters, territory_id=territory_id)
    params.setdefault("limit", 10_000)
    return query("effects", params)


def effects(conn: Connection, territory_id: int, **filters: Any) -> list[Row]:  # noqa: ANN401 - filter values
    """The rows of ``effects_query``."""
    return fetch(conn, effects_query(territory_id, **filters))


def _alert_filters(territory_id: int, filters: Row) -> Row:
    params: Row = dict.fromkeys(
        ("person_id", "id", "state", "severity", "rule", "pilot_id", "mission", "action"), None
    )
    params.update(district=None, live=None, after=None, limit=100)
    params.update(filters, territory_id=territory_id)
    return params


def alerts_query(territory_id: int, **filters: Any) -> Query:  # noqa: ANN401 - filter values
    """Alerts matching the filters of ``alerts.sql``, newest first."""
    return query("alerts", _alert_filters(territory_id, filters))


def alerts(conn: Connection, territory_id: int, **filters: Any) -> list[Row]:  # noqa: ANN401 - filter values
    """The rows of ``alerts_query``."""
    return fetch(conn, alerts_query(territory_id, **filters))


def alerts_json(conn: Connection, territory_id: int, **filters: Any) -> Row:  # noqa: ANN401 - filter values
    """The alerts of ``alerts`` as JSON text: ``listed`` (how many), ``last_id``, ``items``."""
    with conn.cursor(row_factory=dict_row) as cur:
        found = cur.execute(ALERTS_JSON, _alert_filters(territory_id, filters)).fetchone()
    assert found is not None  # noqa: S101 - an aggregate without GROUP BY gives one row
    return found


def action_alert_counts_query(territory_id: int, code: str, person_id: int | None) -> Query:
    """An action's live alerts by severity and state (those routed to ``person_id`` if set)."""
    params = {"territory_id": territory_id, "action": code, "person_id": person_id}
    return query("action_alert_counts", params)


def alert_events(conn: Connection, alert_id: int) -> list[Row]:
    """An alert's history."""
    return rows(conn, "alert_events", {"alert_id": alert_id})


def change_alert(
    conn: Connection, change: str, alert_id: int, person_id: int | None, comment: str | None
) -> Row | None:
    """Acknowledge, resolve or close an alert: its ``state`` after the call and ``changed``.

    ``changed`` is False when the alert's state does not allow the change; None when there is
    no such alert. The transition itself is the database's ``vigie_*_alert``.
    """
    params = {
        "alert_id": alert_id,
        "person_id": person_id,
        "comment": comment,
        "now": datetime.now().astimezone(),
    }
    return one(conn, f"{change}_alert", params)


def asset_id(conn: Connection, territory_id: int, kind: str, code: str) -> int | None:
    """The id of the territory's asset of this kind and code."""
    found = scalar(conn, "asset", {"territory_id": territory_id, "kind": kind, "code": code})
    return None if found is None else int(found)


def readings(conn: Connection, params: Row) -> list[Row]:
    """Raw readings of an asset (``kind``, ``id``, ``from``, ``to``, ``after``, ``limit``)."""
    return rows(conn, "readings", params)


def rollups(conn: Connection, params: Row) -> list[Row]:
    """Buckets of an asset's or district's rollups (see ``rollups.sql``)."""
    return rows(conn, "rollups", params)


def export_indicator_values(conn: Connection, params: Row) -> list[Row]:
    """Indicator values for evaluators."""
    return rows(conn, "export_indicator_values", params)
