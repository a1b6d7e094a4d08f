"""Vigie's own errors, raised by every program and mapped to HTTP or exit codes at one boundary.

    VigieError                 base of all of them
    ├── ConfigurationError     a setting is missing or malformed
    ├── DatabaseUnavailable    PostgreSQL cannot be reached (retry later; not the input's fault)
    ├── MigrationError         the schema cannot be brought to the declared version
    ├── InvalidInput           what a user or a file gave is wrong; ``problems`` says where and why
    ├── NotFound               a named thing does not exist
    ├── Conflict               the request contradicts the current state
    └── PermissionDenied       the caller's role does not allow it

Lower-level errors (psycopg, paho) are translated into these where they are caught, never
passed through to a user.
"""

from __future__ import annotations

from dataclasses import dataclass


class VigieError(Exception):
    """Base of every error Vigie raises on purpose."""


class ConfigurationError(VigieError):
    """A setting is missing or malformed."""


class DatabaseUnavailable(VigieError):  # noqa: N818 - a state, as in "the database is unavailable"
    """PostgreSQL cannot be reached or refused the connection."""


class MigrationError(VigieError):
    """The schema cannot be brought to the declared version."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and why it is refused."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


class InvalidInput(VigieError):  # noqa: N818 - named for what the input is
    """What a user or a file gave is wrong; ``problems`` lists every place and reason."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class NotFound(VigieError):  # noqa: N818 - named for what happened
    """A named thing does not exist."""


class Conflict(VigieError):  # noqa: N818 - named for what happened
    """The request contradicts the current state."""


class PermissionDenied(VigieError):  # noqa: N818 - named for what happened
    """The caller's role does not allow the operation."""
