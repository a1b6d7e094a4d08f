"""The stored policy of a territory, as records: what a file export writes and a change starts from.

Each kind's rows carry the record's fields (codes and e-mails, not ids) and, for the writers,
a few ids after them (``id``, ``action_id``...). Rows come in a stable order: by policy, code,
year, date.
"""

from __future__ import annotations

from typing import Any

from core.database import Connection
from core.policy.store import QUERIES, dicts
from core.sql import Query

# The filters of each kind's query; a filter left out matches everything.
FILTERS: dict[str, tuple[str, ...]] = {
    "policy": ("territory_id", "code"),
    "person": ("email", "id"),
    "role": (),
    "mission": ("territory_id", "code"),
    "action": ("territory_id", "code"),
    "budget": ("territory_id", "action_id"),
    "scope": ("territory_id", "action_id", "action"),
    "area": ("territory_id", "name"),
    "indicator": ("territory_id", "code"),
    "target": ("territory_id", "indicator_id"),
}


def _params(kind: str, filters: dict[str, Any]) -> dict[str, Any]:
    """The parameters of ``kind``'s query: ``filters``, the others None (TypeError if unknown)."""
    unknown = set(filters) - set(FILTERS[kind])
    if unknown:
        raise TypeError(f"{kind} records have no filter {sorted(unknown)}")
    return dict.fromkeys(FILTERS[kind]) | filters


def records_query(kind: str, **filters: Any) -> Query:  # noqa: ANN401 - filter values
    """The query of the stored rows of ``kind`` matching ``filters``."""
    return Query(QUERIES[f"{kind}_records"], _params(kind, filters))


def records(conn: Connection, kind: str, **filters: Any) -> list[dict[str, Any]]:  # noqa: ANN401 - filter values
    """The stored rows of ``kind`` matching ``filters``, as dicts keyed by field."""
    return dicts(conn, f"{kind}_records", _params(kind, filters))


def record(conn: Connection, kind: str, **filters: Any) -> dict[str, Any] | None:  # noqa: ANN401 - filter values
    """The one stored row of ``kind`` matching ``filters``, or None."""
    found = records(conn, kind, **filters)
    return found[0] if found else None
