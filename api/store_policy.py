"""Queries and writes on the policy tree: missions, actions, scopes, budgets, analyses."""

from __future__ import annotations

from decimal import Decimal

from api.store import Row, execute, one, rows, scalar
from core.database import Connection


def policies(conn: Connection, territory_id: int) -> list[Row]:
    """The territory's policies."""
    return rows(conn, "policies", {"territory_id": territory_id})


def missions(conn: Connection, territory_id: int, code: str | None = None) -> list[Row]:
    """Missions with lead, budget totals, météo."""
    return rows(conn, "missions", {"territory_id": territory_id, "code": code})


def mission_id(conn: Connection, territory_id: int, code: str) -> int | None:
    """A mission's id by code."""
    found = scalar(conn, "mission_ids", {"territory_id": territory_id, "code": code})
    return None if found is None else int(found)


def actions(  # noqa: PLR0913 - the filters of the list
    conn: Connection,
    territory_id: int,
    *,
    code: str | None = None,
    mission: str | None = None,
    status: str | None = None,
    pilot_id: int | None = None,
    district: str | None = None,
    after: str | None = None,
    limit: int = 1,
) -> list[Row]:
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
    return rows(conn, "actions", params)


def action_scopes(conn: Connection, action_id: int) -> list[Row]:
    """An action's scope rows."""
    return rows(conn, "action_scopes", {"action_id": action_id})


def action_budgets(conn: Connection, action_id: int) -> list[Row]:
    """An action's budget lines by year."""
    return rows(conn, "action_budgets", {"action_id": action_id})


def update_action(conn: Connection, action_id: int, fields: Row) -> None:
    """Write an action's status and milestones."""
    execute(conn, "update_action", {"action_id": action_id, **fields})


def upsert_budget(  # noqa: PLR0913 - the line's keys and its two amounts
    conn: Connection,
    *,
    mission_id: int,
    action_id: int,
    year: int,
    committed_eur: Decimal,
    spent_eur: Decimal,
) -> Row | None:
    """Set what is committed and spent on an action in a year."""
    params = {
        "mission_id": mission_id,
        "action_id": action_id,
        "year": year,
        "committed_eur": committed_eur,
        "spent_eur": spent_eur,
    }
    return one(conn, "upsert_budget", params)


def insert_scope(conn: Connection, action_id: int, role: str, kind: str, code: str) -> int | None:
    """Add an asset to a scope; None when the asset is unknown or already there."""
    params = {"action_id": action_id, "role": role, "kind": kind, "code": code}
    found = scalar(conn, "insert_scope", params)
    return None if found is None else int(found)


def delete_scope(conn: Connection, action_id: int, scope_id: int) -> bool:
    """Remove a scope row; False when the action has no such row."""
    return scalar(conn, "delete_scope", {"action_id": action_id, "scope_id": scope_id}) is not None


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
    """Analyses and recommendations, newest first."""
    params = {
        "territory_id": territory_id,
        "id": analysis_id,
        "mission": mission,
        "action": action,
        "after": after,
        "limit": limit,
    }
    return rows(conn, "analyses", params)


def insert_analysis(conn: Connection, fields: Row) -> int:
    """Store a new analysis; return its id."""
    return int(scalar(conn, "insert_analysis", fields))


def update_analysis(conn: Connection, analysis_id: int, fields: Row) -> None:
    """Rewrite an analysis."""
    execute(conn, "update_analysis", {"id": analysis_id, **fields})
