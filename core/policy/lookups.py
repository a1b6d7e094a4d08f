"""The references a policy record makes, resolved within its territory, every unknown one named.

A writer makes one ``References`` per record, resolves each code the record names with the
field it came from, then calls ``check()``: InvalidInput lists every field that names nothing
(an unknown district, a pilot who is not a person, a target on an unknown indicator, an action
of another territory...). The API and ``vigie import policy`` both write through here.
"""

from __future__ import annotations

from typing import Any

from core.database import Connection
from core.errors import InvalidInput, Problem
from core.policy.store import QUERIES, first_row, value


class References:
    """Codes resolved to ids within a territory, with a problem for each that names nothing."""

    def __init__(self, conn: Connection, territory_id: int | None) -> None:
        self.conn = conn
        self.territory_id = territory_id
        self.problems: list[Problem] = []

    def refuse(self, field: str, reason: str) -> None:
        """Record a problem with ``field``."""
        self.problems.append(Problem(field, reason))

    def check(self) -> None:
        """Raise InvalidInput naming every field that was refused."""
        if self.problems:
            listed = "; ".join(str(p) for p in self.problems)
            raise InvalidInput(f"invalid references: {listed}", list(self.problems))

    def person(self, field: str, email: str | None) -> int | None:
        """The person with this e-mail."""
        if email is None:
            return None
        found = value(self.conn, "person_ref", {"email": email})
        if found is None:
            self.refuse(field, f"no person with e-mail {email}")
            return None
        return int(found)

    def policy(self, field: str, code: str) -> int | None:
        """The territory's policy with this code."""
        row = first_row(self.conn, "policy_ref", {"code": code})
        if row is None or row[1] != self.territory_id:
            self.refuse(field, f"no policy {code} in this territory")
            return None
        return int(row[0])

    def mission(self, field: str, code: str | None, policy: str | None = None) -> int | None:
        """The territory's mission with this code (in ``policy`` when given)."""
        if code is None:
            return None
        params = {"territory_id": self.territory_id, "code": code, "policy": policy}
        found = self.conn.execute(QUERIES["mission_refs"], params).fetchall()
        if not found:
            self.refuse(field, f"no mission {code} in this territory")
            return None
        if len(found) > 1:
            policies = ", ".join(str(r[1]) for r in found)
            self.refuse(field, f"mission {code} is in several policies ({policies})")
            return None
        return int(found[0][0])

    def action(self, field: str, code: str | None) -> tuple[int, int] | None:
        """The territory's action with this code: (its id, its mission's id)."""
        if code is None:
            return None
        row = self.action_row(code)
        if row is None:
            self.refuse(field, f"no action {code} in this territory")
            return None
        return int(row["id"]), int(row["mission_id"])

    def action_row(self, code: str) -> dict[str, Any] | None:
        """The action with this code if it is the territory's (id, mission_id, pilot_id)."""
        row = first_row(self.conn, "action_ref", {"code": code})
        if row is None or row[3] != self.territory_id:
            return None
        return {"id": row[0], "mission_id": row[1], "pilot_id": row[2]}

    def indicator(self, field: str, code: str) -> int | None:
        """The territory's indicator with this code."""
        row = first_row(self.conn, "indicator_ref", {"code": code})
        if row is None or row[1] != self.territory_id:
            self.refuse(field, f"no indicator {code} in this territory")
            return None
        return int(row[0])

    def asset(self, field: str, kind: str, code: str) -> int | None:
        """The territory's district, cabinet, light point or building with this code."""
        params = {"territory_id": self.territory_id, "kind": kind, "code": code}
        found = value(self.conn, "asset_ref", params)
        if found is None:
            self.refuse(field, f"no {kind.replace('_', ' ')} {code} in this territory")
            return None
        return int(found)

    def area(self, field: str, name: str) -> int | None:
        """The territory's drawn area with this name."""
        row = first_row(self.conn, "area_ref", {"territory_id": self.territory_id, "name": name})
        if row is None:
            self.refuse(field, f"no drawn area {name} in this territory")
            return None
        return int(row[0])

    def street(self, field: str, district_id: int | None, district: str, street: str) -> None:
        """Refuse a street of the district on which no light point stands."""
        if district_id is None:
            return
        params = {"district_id": district_id, "street": street}
        if not value(self.conn, "street_points", params):
            self.refuse(field, f"no light point of district {district} is on {street!r}")

    def unclaimed(self, field: str, kind: str, query: str, code: str) -> None:
        """Refuse a code that another territory's ``kind`` already has (codes are global)."""
        row = first_row(self.conn, query, {"code": code})
        if row is not None and row[-1] != self.territory_id:
            self.refuse(field, f"{kind} {code} belongs to another territory")
