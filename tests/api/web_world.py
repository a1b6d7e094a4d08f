"""People signed in on the web pages, for the tests: roles granted, sessions opened by a link.

A session is opened the way a person opens one, by following a sign-in link and pressing the
button of a role; the link is made here rather than e-mailed, except in the tests of the e-mail.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import httpx
import psycopg

from api.web import store_people
from api.web.sessions import digest

Conn = psycopg.Connection[tuple[object, ...]]
FORM_TOKEN = re.compile(r'name="csrf" value="([^"]+)"')


def grant(conn: Conn, person_id: int, *roles: str, territory: str = "testville") -> None:
    """Give a person roles of the API in a territory."""
    for role in roles:
        conn.execute(
            "INSERT INTO person_roles (person_id, role) VALUES (%s, %s) ON CONFLICT DO NOTHING",
            (person_id, role),
        )
    store_people.grant_territories(conn, person_id, [territory])


def sign_in_link(conn: Conn, person_id: int) -> str:
    """The path of a fresh sign-in link for a person."""
    secret = secrets.token_urlsafe(32)
    expiry = datetime.now(UTC) + timedelta(minutes=15)
    store_people.insert_sign_in_link(conn, digest(secret), person_id, None, expiry)
    return f"/web/sign-in/{secret}"


def form_token(page: str) -> str:
    """The form token a page's forms carry."""
    found = FORM_TOKEN.search(page)
    assert found is not None, "the page has no form token"
    return found.group(1)


@contextmanager
def signed_in(conn: Conn, base_url: str, person_id: int, role: str) -> Iterator[httpx.Client]:
    """A client whose cookies hold a session of ``person_id`` in ``role``."""
    with httpx.Client(base_url=base_url, timeout=60) as client:
        path = sign_in_link(conn, person_id)
        confirm = client.get(path)
        assert confirm.status_code == 200, confirm.text
        done = client.post(path, data={"role": role, "csrf": form_token(confirm.text)})
        assert done.status_code == 303, done.text
        yield client
