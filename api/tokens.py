"""Bearer tokens: made at random, shown once, stored as their SHA-256, checked on each request."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from enum import StrEnum

TOKEN_PREFIX = "vigie_"  # noqa: S105 - a public prefix that marks a token, not a secret


class Role(StrEnum):
    """What a token may do.

    admin: everything; pilot: read, write on their own actions, act on the alerts routed to
    them; evaluator: read everything, every alert, exports; viewer: read the policy, actions,
    indicators and effects, nothing else.
    """

    ADMIN = "admin"
    PILOT = "pilot"
    EVALUATOR = "evaluator"
    VIEWER = "viewer"


@dataclass(frozen=True)
class Caller:
    """Who makes a request: the token's id, role, person (a pilot always has one), territories.

    A person signed in on the web pages has a session, not a token: ``token_id`` is None.
    ``territories`` holds the ids of the territories the caller may see and act on.
    """

    token_id: int | None
    role: Role
    person_id: int | None
    territories: frozenset[int] = frozenset()

    def sees_all_alerts(self) -> bool:
        """Whether every alert of the territory is visible, not only those routed to the caller."""
        return self.role in {Role.ADMIN, Role.EVALUATOR}


def new_token() -> str:
    """A fresh token: the ``vigie_`` prefix and 256 random bits, URL-safe."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """The SHA-256 of a token, in hex: what the database keeps."""
    return hashlib.sha256(token.encode()).hexdigest()


def display_prefix(token: str) -> str:
    """The first characters of a token, enough to recognise it in a list."""
    return token[: len(TOKEN_PREFIX) + 6]
