"""Write one policy record: resolve what it names, refuse what names nothing, create or update.

Every function takes a validated record (``core.policy.records``), raises InvalidInput naming
each field whose reference is unknown, and otherwise writes the row (found by its code, or its
key) and says what it did: created, updated, or unchanged when the stored row already says the
same. The API and ``vigie import policy`` write through here, so the same checks hold for both;
``policy_changes`` records every change with its author (``store.set_author``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from psycopg.types.json import Jsonb

from core.database import Connection
from core.errors import InvalidInput, Problem
from core.policy.lookups import References
from core.policy.records import (
    ActionRecord,
    BudgetRecord,
    IndicatorRecord,
    MissionRecord,
    PersonRecord,
    PolicyRecord,
    Role,
    RoleRecord,
    TargetRecord,
)
from core.policy.store import QUERIES, Outcome, changed, first_row, value


@dataclass(frozen=True)
class Written:
    """The id of the row a record was written to, and what the write did."""

    id: int
    outcome: Outcome


def _upsert(conn: Connection, kind: str, existing: int | None, params: dict[str, Any]) -> Written:
    if existing is None:
        return Written(int(value(conn, f"insert_{kind}", params)), Outcome.CREATED)
    updated = changed(conn, f"update_{kind}", {**params, "id": existing})
    return Written(existing, Outcome.UPDATED if updated else Outcome.UNCHANGED)


def put_policy(conn: Connection, territory_id: int, record: PolicyRecord) -> Written:
    """Create or update a policy of the territory."""
    refs = References(conn, territory_id)
    refs.unclaimed("code", "policy", "policy_ref", record.code)
    refs.check()
    row = first_row(conn, "policy_ref", {"code": record.code})
    params = {"territory_id": territory_id, **record.model_dump(exclude={"territory"})}
    return _upsert(conn, "policy", None if row is None else int(row[0]), params)


def put_person(
    conn: Connection,
    record: PersonRecord,
    person_id: int | None = None,
    *,
    territory_id: int | None = None,
) -> Written:
    """Create or update a person (found by ``person_id``, else by e-mail).

    With ``territory_id`` the person may see that territory too (the one written for).
    """
    found = value(conn, "person_ref", {"email": record.email})
    existing = person_id if person_id is not None else found
    if found is not None and found != existing:
        raise InvalidInput(
            f"{record.email} is another person's e-mail",
            [Problem("email", "another person has this e-mail")],
        )
    written = _upsert(conn, "person", existing, record.model_dump())
    if territory_id is not None:
        params = {"person_id": written.id, "territory_id": territory_id}
        conn.execute(QUERIES["insert_person_territory"], params)
    return written


def set_roles(conn: Connection, person_id: int, roles: set[Role]) -> bool:
    """Give a person exactly these roles; whether that changed anything."""
    held = {str(r[0]) for r in conn.execute(QUERIES["person_roles"], {"person_id": person_id})}
    for role in sorted(held - roles):
        revoke_role(conn, person_id, role)
    for role in sorted(roles - held):
        changed(conn, "insert_role", {"person_id": person_id, "role": role})
    return held != roles


def grant_role(conn: Connection, record: RoleRecord) -> Written:
    """Give a person a role of the API (created, or unchanged when they hold it)."""
    refs = References(conn, None)
    person_id = refs.person("person", record.person)
    refs.check()
    params = {"person_id": person_id, "role": record.role}
    granted = changed(conn, "insert_role", params)
    return Written(int(person_id or 0), Outcome.CREATED if granted else Outcome.UNCHANGED)


def revoke_role(conn: Connection, person_id: int, role: str) -> bool:
    """Take a role from a person; False when they did not hold it."""
    return changed(conn, "delete_role", {"person_id": person_id, "role": role})


def put_mission(conn: Connection, territory_id: int, record: MissionRecord) -> Written:
    """Create or update a mission of one of the territory's policies."""
    refs = References(conn, territory_id)
    policy_id = refs.policy("policy", record.policy)
    lead_id = refs.person("lead", record.lead)
    refs.check()
    found = conn.execute(
        QUERIES["mission_refs"],
        {"territory_id": territory_id, "code": record.code, "policy": record.policy},
    ).fetchone()
    params = {
        "policy_id": policy_id,
        "code": record.code,
        "title": record.title,
        "domain": record.domain,
        "lead_id": lead_id,
    }
    return _upsert(conn, "mission", None if found is None else int(found[0]), params)


def put_action(conn: Connection, territory_id: int, record: ActionRecord) -> Written:
    """Create or update an action of one of the territory's missions."""
    refs = References(conn, territory_id)
    refs.unclaimed("code", "action", "action_ref", record.code)
    mission_id = refs.mission("mission", record.mission)
    pilot_id = refs.person("pilot", record.pilot)
    refs.check()
    existing = refs.action_row(record.code)
    params = {
        **record.model_dump(exclude={"mission", "pilot"}),
        "mission_id": mission_id,
        "pilot_id": pilot_id,
    }
    return _upsert(conn, "action", None if existing is None else int(existing["id"]), params)


def put_budget(conn: Connection, territory_id: int, record: BudgetRecord) -> Written:
    """Set the euros of a mission's own line or one of its actions' for a year."""
    refs = References(conn, territory_id)
    mission_id = refs.mission("mission", record.mission)
    action = refs.action("action", record.action)
    if action is not None and mission_id is not None and action[1] != mission_id:
        refs.refuse("action", f"action {record.action} is not of mission {record.mission}")
    refs.check()
    params = {
        **record.model_dump(exclude={"mission", "action"}),
        "mission_id": mission_id,
        "action_id": None if action is None else action[0],
    }
    row = first_row(conn, "upsert_budget", params)
    if row is None:
        return Written(0, Outcome.UNCHANGED)
    return Written(0, Outcome.CREATED if row[0] else Outcome.UPDATED)


def put_indicator(conn: Connection, territory_id: int, record: IndicatorRecord) -> Written:
    """Create or update an indicator of the territory's policy, a mission or an action."""
    refs = References(conn, territory_id)
    refs.unclaimed("code", "indicator", "indicator_ref", record.code)
    policy_id = None if record.policy is None else refs.policy("policy", record.policy)
    mission_id = refs.mission("mission", record.mission)
    action = refs.action("action", record.action)
    refs.check()
    existing = first_row(conn, "indicator_ref", {"code": record.code})
    params = {
        **record.model_dump(exclude={"policy", "mission", "action", "parameters"}),
        "parameters": Jsonb(record.parameters),
        "policy_id": policy_id,
        "mission_id": mission_id,
        "action_id": None if action is None else action[0],
    }
    return _upsert(conn, "indicator", None if existing is None else int(existing[0]), params)


def put_target(conn: Connection, territory_id: int, record: TargetRecord) -> Written:
    """Set an indicator's target for a date."""
    refs = References(conn, territory_id)
    indicator_id = refs.indicator("indicator", record.indicator)
    refs.check()
    params = {"indicator_id": indicator_id, "target_on": record.target_on, "value": record.value}
    row = first_row(conn, "upsert_target", params)
    if row is None:
        return Written(int(indicator_id or 0), Outcome.UNCHANGED)
    return Written(int(indicator_id or 0), Outcome.CREATED if row[0] else Outcome.UPDATED)


def delete_target(conn: Connection, indicator_id: int, target_on: date) -> bool:
    """Remove an indicator's target for a date; False when there was none."""
    return changed(conn, "delete_target", {"indicator_id": indicator_id, "target_on": target_on})


def delete_budget(conn: Connection, mission_id: int, action_id: int | None, year: int) -> bool:
    """Remove a budget line; False when there was none."""
    params = {"mission_id": mission_id, "action_id": action_id, "year": year}
    return changed(conn, "delete_budget", params)
