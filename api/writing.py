"""What every write of the policy does at the API's edge: name the author, name the fields.

The checks and writes themselves are ``core.policy``'s, shared with ``vigie import policy``;
their problems name bare fields (``pilot``, ``parameters.since``), which a request reports as
``body.pilot``. A write that fails leaves nothing behind: it runs in a savepoint of the
request's transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from api.tokens import Caller
from core.database import Connection
from core.errors import InvalidInput, Problem
from core.policy.store import set_author

M = TypeVar("M", bound=BaseModel)


def author(conn: Connection, caller: Caller) -> None:
    """Record the caller (person and token) as the author of the request's policy changes."""
    via = "web session" if caller.token_id is None else f"api token {caller.token_id}"
    set_author(conn, caller.person_id, via)


def in_body(problems: list[Problem]) -> list[Problem]:
    """Problems of a record's fields, named as fields of the request body."""
    return [Problem(f"body.{p.where}", p.reason) for p in problems]


@contextmanager
def body_fields(conn: Connection) -> Iterator[None]:
    """Run writes in a savepoint; report their refusals as problems of the body's fields."""
    try:
        with conn.transaction():
            yield
    except InvalidInput as exc:
        if not exc.problems:
            raise
        raise InvalidInput(str(exc), in_body(exc.problems)) from exc


def validated(model: type[M], fields: dict[str, Any]) -> M:
    """A record made of a stored record and a change; InvalidInput names each refused field."""
    try:
        return model.model_validate(fields)
    except ValidationError as exc:
        problems = [
            Problem(
                "body." + ".".join(str(p) for p in e["loc"]),
                str(e["msg"]).removeprefix("Value error, "),
            )
            for e in exc.errors(include_url=False)
        ]
        listed = ", ".join(p.where for p in problems)
        raise InvalidInput(f"invalid {listed}", problems) from exc
