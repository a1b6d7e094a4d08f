"""What a policy import removes, and what it keeps, among the stored rows its files do not hold.

A present file of a kind that belongs to something (a person's roles, a mission's budget lines,
an action's scope or control group, an indicator's targets) holds all of them for the policies
it imports: a stored one it does not hold is removed, unless a refused row of the same parent
might have held it. Missions, actions, indicators and people are never removed by an import.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from core.database import Connection
from core.policy import reads, scopes, writes
from registry.policy_files import Folder, PolicyFile

_ROLE_OF = {"scopes.csv": "treated", "control_groups.csv": "control"}
_TOP = (("missions.csv", "mission"), ("actions.csv", "action"), ("indicators.csv", "indicator"))


def remove_absent(
    conn: Connection, territory_id: int, policies: set[str], folder: Folder, spec: PolicyFile
) -> int:
    """Remove the stored rows of ``spec``'s kind that its file no longer holds; how many."""
    rows = folder.files[spec.name]
    held = {spec.key(record) for _, record in rows.rows}
    stored = _stored(conn, territory_id, policies, folder, spec)
    removed = 0
    for row in stored:
        parent = str(row[spec.parent]) if spec.parent else None
        if parent in rows.refused_parents or spec.key(SimpleNamespace(**row)) in held:
            continue
        removed += _remove(conn, spec.name, row)
    return removed


def _stored(
    conn: Connection, territory_id: int, policies: set[str], folder: Folder, spec: PolicyFile
) -> list[dict[str, Any]]:
    if spec.name == "roles.csv":
        people = folder.files["people.csv"]
        source = people.rows if people.present else folder.files["roles.csv"].rows
        listed = {(getattr(r, "email", None) or r.person).lower() for _, r in source}
        return [r for r in reads.records(conn, "role") if r["person"].lower() in listed]
    kind = {"budgets.csv": "budget", "targets.csv": "target"}.get(spec.name, "scope")
    found = reads.records(conn, kind, territory_id=territory_id)
    role = _ROLE_OF.get(spec.name)
    return [
        r for r in found if r["policy_code"] in policies and (role is None or r["role"] == role)
    ]


def _remove(conn: Connection, name: str, row: dict[str, Any]) -> int:
    if name == "roles.csv":
        return int(writes.revoke_role(conn, row["person_id"], row["role"]))
    if name == "budgets.csv":
        return int(writes.delete_budget(conn, row["mission_id"], row["action_id"], row["year"]))
    if name == "targets.csv":
        return int(writes.delete_target(conn, row["indicator_id"], row["target_on"]))
    return int(scopes.delete_scope(conn, row["action_id"], row["id"]))


def kept(conn: Connection, territory_id: int, policies: set[str], folder: Folder) -> list[str]:
    """What the database has of the imported policies that the present files do not list."""
    notes = []
    for name, kind in _TOP:
        if not folder.files[name].present:
            continue
        listed = {record.code for _, record in folder.files[name].rows}
        extra = [
            r["code"]
            for r in reads.records(conn, kind, territory_id=territory_id)
            if r["policy_code"] in policies and r["code"] not in listed
        ]
        if extra:
            notes.append(f"{len(extra)} {kind}(s) not in {name}, kept: {', '.join(extra[:10])}")
    if folder.files["people.csv"].present:
        listed = {record.email.lower() for _, record in folder.files["people.csv"].rows}
        extra = [
            p["email"] for p in reads.records(conn, "person") if p["email"].lower() not in listed
        ]
        if extra:
            notes.append(f"{len(extra)} person(s) not in people.csv, kept: {', '.join(extra[:10])}")
    return notes
