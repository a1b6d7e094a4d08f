"""Write what an action treats (its scope) and leaves alone (its control group), and drawn areas.

A scope row is resolved within the action's territory (``ScopeTarget``: the ids the row
stores), added unless the same row is there, and checked against the action's other role: a
control group may not name a light point or a building that the scope treats, nor the reverse.
Migration 0086 says what each kind of row names.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from psycopg.types.json import Jsonb

from core.database import Connection
from core.errors import InvalidInput, Problem
from core.policy.areas import Geometry, stored
from core.policy.lookups import References
from core.policy.records import ScopeRecord
from core.policy.store import QUERIES, Outcome, changed, first_row, value
from core.policy.writes import Written


@dataclass(frozen=True)
class ScopeTarget:
    """The columns of an ``action_scopes`` row, one kind's filled and the others empty."""

    district_id: int | None = None
    cabinet_id: int | None = None
    light_point_id: int | None = None
    building_id: int | None = None
    in_district_id: int | None = None
    street: str | None = None
    existed_on: date | None = None
    area_id: int | None = None


def resolve_scope(conn: Connection, territory_id: int, record: ScopeRecord) -> ScopeTarget:
    """The row a scope record stands for; InvalidInput when what it names is unknown."""
    refs = References(conn, territory_id)
    if record.kind == "area":
        area_id = refs.area("area", str(record.area))
        target = ScopeTarget(area_id=area_id)
    elif record.kind in {"district", "street"}:
        district_id = refs.asset("code", "district", str(record.code))
        if record.street is not None:
            refs.street("street", district_id, str(record.code), record.street)
        if record.street is None and record.existed_on is None:
            target = ScopeTarget(district_id=district_id)
        else:
            target = ScopeTarget(
                in_district_id=district_id, street=record.street, existed_on=record.existed_on
            )
    else:
        asset_id = refs.asset("code", record.kind, str(record.code))
        target = ScopeTarget(
            cabinet_id=asset_id if record.kind == "cabinet" else None,
            light_point_id=asset_id if record.kind == "light_point" else None,
            building_id=asset_id if record.kind == "building" else None,
        )
    refs.check()
    return target


def street_key(street: str | None) -> str | None:
    """A street name as scopes compare it (``vigie_street_key``): words, one space, lower case."""
    return None if street is None else " ".join(street.split()).lower()


def identity(role: str, target: ScopeTarget) -> tuple[object, ...]:
    """What tells a row of an action's scope from another: its role and what it names."""
    fields = asdict(target)
    fields["street"] = street_key(target.street)
    return (role, *fields.values())


def scope_ids(conn: Connection, action_id: int) -> dict[tuple[object, ...], int]:
    """The rows of an action's scope and control group, by identity."""
    rows = conn.execute(QUERIES["scope_identities"], {"action_id": action_id}).fetchall()
    return {tuple(row[1:]): int(row[0]) for row in rows}


def add_scope(
    conn: Connection,
    action_id: int,
    role: str,
    target: ScopeTarget,
    known: dict[tuple[object, ...], int] | None = None,
) -> Written:
    """Add a row to an action's scope or control group; unchanged when the same row is there.

    ``known`` (``scope_ids``), when given, is what the action has, kept up to date here: a
    caller adding many rows asks once.
    """
    params = {"action_id": action_id, "role": role, **asdict(target)}
    if known is None:
        existing = value(conn, "scope_row_id", params)
    else:
        existing = known.get(identity(role, target))
    if existing is not None:
        return Written(int(existing), Outcome.UNCHANGED)
    written = Written(int(value(conn, "insert_scope", params)), Outcome.CREATED)
    if known is not None:
        known[identity(role, target)] = written.id
    return written


def overlaps(conn: Connection, action_id: int) -> dict[int, Problem]:
    """The rows of an action that share assets with its other role: a problem for each, by id.

    The problem names the field ``code`` (``area`` for a drawn area) and what is shared.
    """
    found: dict[int, Problem] = {}
    rows = conn.execute(QUERIES["scope_overlaps"], {"action_id": action_id}).fetchall()
    for scope_id, role, shared in rows:
        other = "scope" if role == "control" else "control group"
        kind = value(conn, "scope_kind", {"scope_id": scope_id})
        reason = (
            f"overlaps the action's {other} (control groups and scopes are disjoint): "
            + ", ".join(shared)
        )
        found[int(scope_id)] = Problem("area" if kind == "area" else "code", reason)
    return found


def refuse_overlap(conn: Connection, action_id: int, scope_id: int) -> None:
    """InvalidInput when the row shares assets with the action's other role."""
    problem = overlaps(conn, action_id).get(scope_id)
    if problem is not None:
        raise InvalidInput(f"the row {problem.reason}", [problem])


def delete_scope(conn: Connection, action_id: int, scope_id: int) -> bool:
    """Remove one row of an action's scope; False when the action has no such row."""
    return changed(conn, "delete_scope", {"action_id": action_id, "scope_id": scope_id})


def put_area(conn: Connection, territory_id: int, name: str, shape: Geometry) -> Written:
    """Create a drawn area of the territory, or give it a new outline."""
    geometry = Jsonb(stored(shape))
    row = first_row(conn, "area_ref", {"territory_id": territory_id, "name": name})
    if row is None:
        params = {"territory_id": territory_id, "name": name, "geometry": geometry}
        return Written(int(value(conn, "insert_area", params)), Outcome.CREATED)
    updated = changed(conn, "update_area", {"id": row[0], "geometry": geometry})
    return Written(int(row[0]), Outcome.UPDATED if updated else Outcome.UNCHANGED)


def area_outline(conn: Connection, territory_id: int, name: str) -> dict[str, Any] | None:
    """The stored outline of the territory's drawn area with this name, or None."""
    row = first_row(conn, "area_ref", {"territory_id": territory_id, "name": name})
    return None if row is None else dict(row[1])
