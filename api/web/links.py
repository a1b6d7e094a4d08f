"""Sign-in links: made at random, kept as their SHA-256, sent by e-mail or printed."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta

from api.web import store_people
from api.web.sessions import digest
from core.database import Connection
from core.settings import Settings


def new_sign_in_link(
    conn: Connection,
    settings: Settings,
    person_id: int,
    next_path: str | None = None,
    lifetime: timedelta | None = None,
) -> str:
    """A fresh one-time sign-in link for a person, valid ``VIGIE_WEB_SIGN_IN_TTL_MIN``."""
    secret = secrets.token_urlsafe(32)
    expiry = datetime.now(UTC) + (lifetime or timedelta(minutes=settings.web_sign_in_ttl_min))
    store_people.insert_sign_in_link(conn, digest(secret), person_id, next_path, expiry)
    return f"{settings.public_api_url}/web/sign-in/{secret}"
