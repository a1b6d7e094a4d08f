"""Queries on the policy tree (missions, actions, budgets, history) and writes of analyses.

The policy's own writes are ``core.policy``'s, shared with the file imports.
"""

from __future__ import annotations

from typing import Any

from api.store import Row, execute, fetch, query, rows, scalar
from core.database import Connection
from core.sql import Query


def policies_query(territory_id: int) -> Query:
    """The territory's policies."""
    return query("policies", {"territory_id": territory_id})


def policies(conn: Connection, territory_id: int) -> list[Row]:
    """The rows of ``policies_query``."""
    return fetch(conn, policies_query(territory_id))


def missions_query(territory_id: int, code: str | None = None) -> Query:
    """Missions with lead, budget totals, météo."""
    return query("missions", {"territory_id": territory_id, "code": code})


def missions(conn: Connection, territory_id: int, code: str | None = None) -> list[Row]:
    """The rows of ``missions_query``."""
    return fetch(conn, missions_query(territory_id, code))


def mission_id(conn: Connection, territory_id: int, code: str) -> int | None:
    """A mission's id by code."""
    found = scalar(conn, "mission_ids", {"territory_id": territory_id, "code": code})
    return None if found is None else int(found)


def actions(conn: Connection, territory_id: int, **filters: Any) -> list[Row]:  # noqa: ANN401 - filter values
    """The rows of ``actions_query``."""
    return fetch(conn, actions_query(territory_id, **filters))


def actions_query(  # noqa: PLR0913 - the filters of the list
    territory_id: int,
    *,
    code: str | None = None,
    mission: str | None = None,
    status: str | None = None,
    pilot_id: int | None = None,
    district: str | None = None,
    after: str | None = None,
    limit: int = 1,
) -> Query:
    """Actions matching every given filter, by code, after ``after``."""
    params = {
        "territory_id": territory_id,
        "code": code,
        "mission": mission,
        "status": status,
        "pilot_id": pilot_id,
        "district": district,
        "after": after,
        "limit": limit,
    }
    return query("actions", params)


def action_budgets_query(code: str) -> Query:
    """An action's budget lines by year."""
    return query("action_budgets", {"action": code})


def action_budgets(conn: Connection, code: str) -> list[Row]:
    """The rows of ``action_budgets_query``."""
    return fetch(conn, action_budgets_query(code))


def analyses(  # noqa: PLR0913 - the filters of the list
    conn: Connection,
    territory_id: int,
    *,
    analysis_id: int | None = None,
    mission: str | None = None,
    action: str | None = None,
    after: int | None = None,
    limit: int = 1,
) -> list[Row]:
    """The rows of ``analyses_query``."""
    wanted = analyses_query(
        territory_id,
        analysis_id=analysis_id,
        mission=mission,
        action=action,
        after=after,
        limit=limit,
    )
    return fetch(conn, wanted)


def analyses_query(  # noqa: PLR0913 - the filters of the list
    territory_id: int,
    *,
    analysis_id: int | None = None,
    mission: str | None = None,
    action: str | None = None,
    after: int | None = None,
    limit: int = 1,
) -> Query:
    """Analyses and recommendations, newest first."""
    params = {
        "territory_id": territory_id,
        "id": analysis_id,
        "mission": mission,
        "action": action,
        "after": after,
        "limit": limit,
    }
    return query("analyses", params)


def insert_analysis(conn: Connection, fields: Row) -> int:
    """Store a new analysis; return its id."""
    return int(scalar(conn, "insert_analysis", fields))


def update_analysis(conn: Connection, analysis_id: int, fields: Row) -> None:
    """Rewrite an analysis."""
    execute(conn, "update_analysis", {"id": analysis_id, **fields})


def action_changes(conn: Connection, action_id: int, after: int | None, limit: int) -> list[Row]:
    """Changes to an action and what belongs to it, oldest first, after id ``after``."""
    return rows(conn, "action_changes", {"action_id": action_id, "after": after, "limit": limit})
