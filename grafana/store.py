"""The database side of Grafana: read-only roles restricted to a territory (migration 0146).

A territory's reader role (``vigie_grafana_<code>``) is a group role, member of
``vigie_grafana``, recorded in ``grafana_territory_roles``; the reporting views show its members
that territory only. The only module of ``grafana`` that runs SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

from psycopg import sql

from core.database import Connection
from core.errors import NotFound
from core.sql import Queries

QUERIES = Queries.of_package("grafana")
ROLE_PREFIX = "vigie_grafana_"


@dataclass(frozen=True)
class TerritoryRole:
    """A territory's reader role and what the command did."""

    name: str
    territory: str
    created: bool
    granted_to: str | None


def territory_role_name(code: str) -> str:
    """``vigie_grafana_<code>``: territory codes are lower-case letters, digits and dashes."""
    return ROLE_PREFIX + code.replace("-", "_")


def ensure_territory_role(conn: Connection, code: str, login: str | None = None) -> TerritoryRole:
    """Create (once) the reader role of territory ``code``; make ``login`` a member if given."""
    with conn.transaction():
        row = conn.execute(QUERIES["territory_of_code"], {"code": code}).fetchone()
        if row is None:
            raise NotFound(f"no territory {code!r}: seed or import it first")
        name = territory_role_name(code)
        created = not _role_exists(conn, name)
        role = sql.Identifier(name)
        if created:
            conn.execute(QUERIES["create_territory_role"].format(role=role))
        conn.execute(QUERIES["record_territory_role"], {"name": name, "territory_id": row[0]})
        if login is not None:
            if not _role_exists(conn, login):
                raise NotFound(f"no role {login!r}: create the login first (docs/dashboards.md)")
            grant = QUERIES["grant_territory_role"].format(role=role, login=sql.Identifier(login))
            conn.execute(grant)
    return TerritoryRole(name, code, created, login)


def _role_exists(conn: Connection, name: str) -> bool:
    row = conn.execute(QUERIES["role_exists"], {"name": name}).fetchone()
    return bool(row and row[0])
