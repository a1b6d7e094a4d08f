"""Forward-only schema migrations: the numbered ``.sql`` files of this folder, applied in order.

Numbers increase; gaps are allowed (each part of Vigie has its range), repeats are not, and a new
file must be numbered above every migration a database already has.

Each file runs in its own transaction and is recorded in ``schema_migrations`` with its checksum.
A session advisory lock serialises concurrent runs, so two processes migrating at once is safe;
running again applies nothing. A recorded migration whose file has changed is an error: fix
forward with a new file instead.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg

from core.database import Connection, connect, first_line
from core.errors import MigrationError

log = logging.getLogger(__name__)

FOLDER = Path(__file__).parent
NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")
LOCK_KEY = 0x56_69_67_69_65  # "Vigie": one lock for every process that migrates


@dataclass(frozen=True)
class Migration:
    """One ``NNNN_name.sql`` file."""

    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        """SHA-256 of the file's text."""
        return hashlib.sha256(self.sql.encode()).hexdigest()


def declared(folder: Path = FOLDER) -> list[Migration]:
    """The migrations in ``folder``, ordered by version; numbering must have no gap or repeat."""
    found: list[Migration] = []
    for path in sorted(folder.glob("*.sql")):
        match = NAME.match(path.name)
        if match is None:
            raise MigrationError(f"{path.name}: migration files are named NNNN_snake_case.sql")
        found.append(Migration(int(match[1]), match[2], path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        repeated = sorted({v for v in versions if versions.count(v) > 1})
        raise MigrationError(f"two migration files share a number: {repeated}")
    return found


def migrate(url: str, folder: Path = FOLDER) -> list[Migration]:
    """Bring the database at ``url`` to the latest declared version; return what was applied."""
    migrations = declared(folder)
    with connect(url, autocommit=True, application="vigie-migrate") as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (LOCK_KEY,))
        try:
            return _apply_pending(conn, migrations)
        finally:
            if not conn.closed:
                conn.execute("SELECT pg_advisory_unlock(%s)", (LOCK_KEY,))


def applied_versions(conn: Connection) -> dict[int, str]:
    """Versions recorded in the database with their checksums (empty before the first run)."""
    exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()
    if not exists or not exists[0]:
        return {}
    rows = conn.execute("SELECT version, checksum FROM schema_migrations").fetchall()
    return {int(v): str(c) for v, c in rows}


def _apply_pending(conn: Connection, migrations: list[Migration]) -> list[Migration]:
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,"
        " applied_at timestamptz NOT NULL DEFAULT now(), duration_ms integer NOT NULL)"
    )
    recorded = applied_versions(conn)
    known = {m.version for m in migrations}
    if unknown := sorted(set(recorded) - known):
        raise MigrationError(f"the database has migrations this version of Vigie lacks: {unknown}")
    newest = max(recorded, default=0)
    if late := [m for m in migrations if m.version not in recorded and m.version < newest]:
        names = ", ".join(f"{m.version:04d}_{m.name}" for m in late)
        raise MigrationError(
            f"{names} would apply after {newest:04d}, out of order; renumber it above {newest:04d}"
        )
    done: list[Migration] = []
    for migration in migrations:
        if migration.version in recorded:
            if recorded[migration.version] != migration.checksum:
                raise MigrationError(
                    f"migration {migration.version:04d}_{migration.name} changed after it was "
                    "applied; add a new migration instead"
                )
            continue
        _apply_one(conn, migration)
        done.append(migration)
    return done


def _apply_one(conn: Connection, migration: Migration) -> None:
    started = time.perf_counter()
    try:
        with conn.transaction():
            # The text is a file of this repository, never input.
            conn.execute(migration.sql)
            conn.execute(
                "INSERT INTO schema_migrations (version, name, checksum, duration_ms)"
                " VALUES (%s, %s, %s, %s)",
                (
                    migration.version,
                    migration.name,
                    migration.checksum,
                    round((time.perf_counter() - started) * 1000),
                ),
            )
    except psycopg.Error as exc:
        raise MigrationError(
            f"migration {migration.version:04d}_{migration.name} failed: {first_line(exc)}"
        ) from exc
    log.info(
        "migration applied",
        extra={
            "version": migration.version,
            "migration": migration.name,
            "duration_ms": round((time.perf_counter() - started) * 1000),
        },
    )
