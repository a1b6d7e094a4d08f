"""The migrated schema as text: ``pg_dump --schema-only`` of a plain PostgreSQL, normalised.

The snapshot (``tests/core/schema.sql``) is what every migration together declares; a test
compares it with a fresh migration. It is dumped from a cluster started **without**
TimescaleDB, so that it reads the same whatever is installed on the machine. Normalised: no
``--`` comment lines, ``SET`` lines, psql ``restrict`` keys, owners or blank-line runs.

Regenerate it after adding a migration::

    scripts/schema-snapshot
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[0:0] = [str(REPO), str(REPO / "tests")]

from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from core.migrations import FOLDER, migrate  # noqa: E402 - after the path is set

SNAPSHOT = REPO / "tests" / "core" / "schema.sql"
REGENERATE = "scripts/schema-snapshot"
_DROPPED = re.compile(
    r"^(--.*|SET .*|SELECT pg_catalog\.set_config\('search_path'.*|\\(un)?restrict .*)$"
)


def normalise(dump: str) -> str:
    """The dump without comments, session settings and version-specific lines."""
    kept = [line.rstrip() for line in dump.splitlines() if not _DROPPED.match(line)]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    return text + "\n"


def dump_schema(server: PostgresServer, dbname: str) -> str:
    """The normalised schema of ``dbname`` on ``server``."""
    done = subprocess.run(
        [
            str(server.bindir / "pg_dump"),
            "--schema-only",
            "--no-owner",
            "--dbname",
            server.url(dbname),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return normalise(done.stdout)


def migrated_schema(server: PostgresServer, dbname: str, folder: Path = FOLDER) -> str:
    """Migrate a new database ``dbname`` with the migrations of ``folder``; dump its schema."""
    migrate(server.create_database(dbname), folder)
    return dump_schema(server, dbname)


def snapshot() -> str:
    """The schema of every migration, from a throwaway plain cluster."""
    root = make_root("vigie-schema-")
    server = PostgresServer(root, timescaledb=False)
    server.start()
    try:
        return migrated_schema(server, "schema_snapshot")
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    SNAPSHOT.write_text(snapshot(), encoding="utf-8")
    print(f"wrote {SNAPSHOT.relative_to(REPO)}")  # noqa: T201 - the script's one line
