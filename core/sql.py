"""SQL kept in ``.sql`` files, one query per file, loaded once and run with ``%(name)s`` parameters.

A service keeps its queries in ``<service>/sql/*.sql`` and builds one ``Queries`` at import::

    QUERIES = Queries.of_package("collector")
    conn.execute(QUERIES["insert_dead_letter"], {"topic": ..., "payload": ...})
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

from psycopg import sql


class Queries:
    """The ``.sql`` files of one folder, by file stem."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._cache: dict[str, sql.SQL] = {}
        if not folder.is_dir():
            raise FileNotFoundError(f"no SQL folder at {folder}")

    @classmethod
    def of_package(cls, package: str, folder: str = "sql") -> Queries:
        """The queries in ``<package>/<folder>/``."""
        return cls(Path(str(files(package))) / folder)

    def text(self, name: str) -> str:
        """The raw text of ``name.sql``."""
        return (self._folder / f"{name}.sql").read_text(encoding="utf-8")

    def __getitem__(self, name: str) -> sql.SQL:
        query = self._cache.get(name)
        if query is None:
            # The text comes from a file of this repository, never from input: it is a literal.
            query = sql.SQL(self.text(name))
            self._cache[name] = query
        return query


@dataclass(frozen=True)
class Query:
    """A query with its parameters, to run alone or sent with others in one round trip."""

    text: sql.SQL | sql.Composed
    params: Mapping[str, Any]
