"""The installation's territories, kept in memory, and which one a request is about.

One API serves every territory of its database. Each caller (a token, a person signed in on the
pages) may see some of them; a request is about one territory: the one it names
(``?territory=CODE`` on the JSON API, the one chosen on the pages), else the caller's only one,
else the installation's own (``VIGIE_TERRITORY``) when the caller may see it.

The territories are read once per process; a code not known yet is looked up again at most once
per ``REFRESH_S``, so a territory seeded while the API runs is found without a query per request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Final

from api import store
from core.database import Connection
from core.errors import InvalidInput, NotFound, PermissionDenied, Problem

REFRESH_S: Final = 30.0


@dataclass(frozen=True)
class Territory:
    """A territory of the installation: id, code, name and time zone."""

    id: int
    code: str
    name: str
    timezone: str


Loader = Callable[[Connection], list[Territory]]


class Territories:
    """Every territory by code and by id, loaded once, refreshed when an unknown one is asked."""

    def __init__(self, load: Loader) -> None:
        self._load = load
        self._lock = threading.Lock()
        self._by_code: dict[str, Territory] = {}
        self._by_id: dict[int, Territory] = {}
        self._loaded_at: float | None = None

    def _refresh(self, conn: Connection) -> None:
        with self._lock:
            now = time.monotonic()
            if self._loaded_at is not None and now - self._loaded_at < REFRESH_S:
                return
            found = self._load(conn)
            self._by_code = {t.code: t for t in found}
            self._by_id = {t.id: t for t in found}
            self._loaded_at = now

    def knows(self, ids: Collection[int], codes: Collection[str]) -> bool:
        """Whether every one of ``ids`` and ``codes`` is known without reading the database."""
        return all(i in self._by_id for i in ids) and all(c in self._by_code for c in codes)

    def by_code(self, conn: Connection, code: str) -> Territory | None:
        """The territory with this code, or None (read through ``conn`` when not known yet)."""
        found = self._by_code.get(code)
        if found is None:
            self._refresh(conn)
            found = self._by_code.get(code)
        return found

    def by_id(self, conn: Connection, territory_id: int) -> Territory | None:
        """The territory with this id, or None (read through ``conn`` when not known yet)."""
        found = self._by_id.get(territory_id)
        if found is None:
            self._refresh(conn)
            found = self._by_id.get(territory_id)
        return found

    def of(self, conn: Connection, ids: Collection[int]) -> list[Territory]:
        """The territories of ``ids`` that exist, by code."""
        found = [t for t in (self.by_id(conn, i) for i in ids) if t is not None]
        return sorted(found, key=lambda t: t.code)


def choose(  # noqa: PLR0913 - where to look, what the caller may see, asks and is called
    conn: Connection,
    known: Territories,
    allowed: Collection[int],
    asked: str | None,
    *,
    default: str,
    who: str,
) -> Territory:
    """The territory a request is about, among ``allowed``; 404, 403 or 422 saying why not.

    ``asked`` is the code the request names; ``default`` the installation's own territory;
    ``who`` names the caller in messages ("this token", "you").
    """
    mine = known.of(conn, allowed)
    if asked is not None:
        found = known.by_code(conn, asked)
        if found is None:
            raise NotFound(f"no territory {asked!r} in this installation")
        if found.id not in allowed:
            raise PermissionDenied(f"{who} may not see territory {asked}; {_may_see(mine)}")
        return found
    if len(mine) == 1:
        return mine[0]
    own = known.by_code(conn, default)
    if own is not None and own.id in allowed:
        return own
    if not mine:
        raise PermissionDenied(f"{who} may see no territory; ask an admin to give you one")
    codes = ", ".join(t.code for t in mine)
    raise InvalidInput(
        f"{who} may see several territories ({codes}): name one with ?territory=CODE",
        [Problem("query.territory", f"one of {codes}")],
    )


def _may_see(mine: list[Territory]) -> str:
    if not mine:
        return "it may see none"
    return "it may see " + ", ".join(t.code for t in mine)


def load(conn: Connection) -> list[Territory]:
    """Every territory of the database."""
    return [
        Territory(r["id"], r["code"], r["name"], r["timezone"]) for r in store.territories(conn)
    ]
