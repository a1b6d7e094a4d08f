"""The pages' own reads.

Places for the maps, the météo's history, effects with every figure, a mission's budget by year.
Everything else a page shows comes from the JSON API's functions.
"""

from __future__ import annotations

from collections.abc import Mapping

from api.store import Row, rows
from core.database import Connection

MAP_POINTS = 600  # around a place, enough to see where it is


def alert_places(conn: Connection, alert_id: int) -> list[Row]:
    """Where an alert's subject is (``marked``) and what stands around it."""
    return rows(conn, "web_alert_places", {"alert_id": alert_id, "limit": MAP_POINTS})


def action_places(conn: Connection, action_id: int) -> list[Row]:
    """An action's scope: treated places ``marked``, its control group not."""
    return rows(conn, "web_action_places", {"action_id": action_id, "limit": MAP_POINTS})


def meteo_history(conn: Connection, kind: str, subject_id: int, limit: int = 20) -> list[Row]:
    """A mission's or an action's météo over time, newest first."""
    return rows(conn, "web_meteo_history", {"kind": kind, "id": subject_id, "limit": limit})


def effects(
    conn: Connection, territory_id: int, *, action: str | None = None, mission: str | None = None
) -> list[Row]:
    """The latest effect of each method, with every figure the pages show."""
    params = {"territory_id": territory_id, "action": action, "mission": mission}
    return rows(conn, "web_effects", params)


def mission_budgets(conn: Connection, mission_id: int) -> list[Row]:
    """A mission's budget by year, its own lines and its actions' summed."""
    return rows(conn, "web_mission_budgets", {"mission_id": mission_id})


def inbox(conn: Connection, filters: Mapping[str, object]) -> tuple[list[Row], list[Row]]:
    """An inbox's counts by action, rule, severity and state, and each group's newest alerts."""
    return rows(conn, "web_inbox_counts", filters), rows(conn, "web_inbox", filters)
