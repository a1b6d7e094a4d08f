"""The web pages' queries about people: roles, sign-in links, sessions, used e-mail links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb

from api.store import Row, execute, one, scalar
from core.database import Connection


@dataclass(frozen=True)
class Person:
    """A person, the roles of the API they hold and the ids of the territories they may see."""

    id: int
    name: str
    email: str
    roles: tuple[str, ...]
    territories: frozenset[int] = frozenset()


def _person(row: Row | None) -> Person | None:
    if row is None:
        return None
    return Person(
        row["id"], row["name"], row["email"], tuple(row["roles"]), frozenset(row["territory_ids"])
    )


def person_by_email(conn: Connection, email: str) -> Person | None:
    """The person with this e-mail (any case), with their roles."""
    return _person(one(conn, "web_person_by_email", {"email": email}))


def person(conn: Connection, person_id: int) -> Person | None:
    """The person with this id, with their roles."""
    return _person(one(conn, "web_person", {"person_id": person_id}))


def count_sign_in_request(conn: Connection, email_sha256: str, now: datetime) -> int:
    """Record a sign-in request for an address; how many it had in the last hour."""
    forget_expired(conn, now)
    return int(
        scalar(conn, "web_count_sign_in_request", {"email_sha256": email_sha256, "now": now})
    )


def forget_expired(conn: Connection, now: datetime) -> None:
    """Delete old requests, expired links and long-gone sessions."""
    execute(conn, "web_forget_expired", {"now": now})


def insert_sign_in_link(
    conn: Connection, token_sha256: str, person_id: int, next_path: str | None, expiry: datetime
) -> None:
    """Store a sign-in link's hash."""
    params = {
        "token_sha256": token_sha256,
        "person_id": person_id,
        "next_path": next_path,
        "now": datetime.now().astimezone(),
        "expires_at": expiry,
    }
    execute(conn, "web_insert_sign_in_link", params)


def sign_in_link(conn: Connection, token_sha256: str, now: datetime) -> Row | None:
    """A usable sign-in link: person_id, name, next_path, roles."""
    return one(conn, "web_sign_in_link", {"token_sha256": token_sha256, "now": now})


def use_sign_in_link(conn: Connection, token_sha256: str, now: datetime) -> Row | None:
    """Use a sign-in link: its person_id and next_path, or None when it cannot be used."""
    return one(conn, "web_use_sign_in_link", {"token_sha256": token_sha256, "now": now})


def insert_session(conn: Connection, fields: dict[str, Any]) -> int | None:
    """A new session; None when the person does not hold the role."""
    found = scalar(conn, "web_insert_session", fields)
    return None if found is None else int(found)


def session(conn: Connection, token_sha256: str, now: datetime, idle_min: int) -> Row | None:
    """The live session of a cookie's hash (id, person_id, name, role, csrf_token, flash)."""
    params = {"token_sha256": token_sha256, "now": now, "idle_min": idle_min}
    return one(conn, "web_session", params)


def end_session(conn: Connection, session_id: int, now: datetime) -> None:
    """End a session (sign-out)."""
    execute(conn, "web_end_session", {"id": session_id, "now": now})


def set_flash(conn: Connection, session_id: int, flash: dict[str, object]) -> None:
    """Leave a message for the session's next page."""
    execute(conn, "web_set_flash", {"id": session_id, "flash": Jsonb(flash)})


def use_link(conn: Connection, fields: dict[str, Any]) -> bool:
    """Record the first use of an e-mail link; False when it was used before."""
    return one(conn, "web_use_link", fields) is not None


def link_used_at(conn: Connection, token_sha256: str) -> datetime | None:
    """When an e-mail link was used, or None."""
    found = scalar(conn, "web_link_used", {"token_sha256": token_sha256})
    return found if isinstance(found, datetime) else None


def grant_role(conn: Connection, person_id: int, role: str) -> None:
    """Give a person a role of the API (nothing when they hold it)."""
    execute(conn, "web_grant_role", {"person_id": person_id, "role": role})


def grant_territories(conn: Connection, person_id: int, codes: list[str]) -> None:
    """Let a person see the territories of ``codes`` too."""
    execute(conn, "web_grant_territories", {"person_id": person_id, "territories": codes})


def choose_territory(conn: Connection, session_id: int, territory_id: int) -> None:
    """Show the session's pages in this territory from now on."""
    execute(conn, "web_choose_territory", {"id": session_id, "territory_id": territory_id})


def alert_territory(conn: Connection, alert_id: int) -> int | None:
    """The id of an alert's territory, or None when there is no such alert."""
    found = scalar(conn, "alert_territory", {"id": alert_id})
    return None if found is None else int(found)
