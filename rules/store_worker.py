"""The worker's SQL: ingest batches after its cursor, the cursor, job locks, last runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from core.database import Connection
from rules.model import Source
from rules.store import QUERIES


@dataclass(frozen=True)
class Batch:
    """A batch of readings a collector committed."""

    id: int
    kind: Source
    ts_min: datetime
    ts_max: datetime
    committed_at: datetime


def batches_since(conn: Connection, since: datetime, limit: int) -> list[Batch]:
    """Batches committed after ``since``, oldest first."""
    rows = conn.execute(QUERIES["ingest_batches_since"], {"since": since, "limit": limit})
    return [Batch(int(i), k, a, b, c) for i, k, a, b, c in rows.fetchall()]


def newest_batch_before(conn: Connection, before: datetime) -> tuple[int, datetime] | None:
    """The id and commit time of the newest batch whose readings are all older than ``before``."""
    row = conn.execute(QUERIES["newest_history_batch"], {"before": before}).fetchone()
    return None if row is None else (int(row[0]), row[1])


def read_cursor(conn: Connection, name: str) -> datetime | None:
    """The commit time of the newest batch the worker ``name`` handled, if any."""
    row = conn.execute(QUERIES["read_cursor"], {"name": name}).fetchone()
    return row[0] if row else None


def save_cursor(conn: Connection, name: str, committed_at: datetime, last_id: int) -> None:
    """Move the cursor forward (never back)."""
    conn.execute(
        QUERIES["save_cursor"], {"name": name, "committed_at": committed_at, "last_id": last_id}
    )


def try_lock(conn: Connection, name: str) -> bool:
    """Take the session lock of ``name`` unless another session holds it."""
    row = conn.execute(QUERIES["try_lock_job"], {"name": name}).fetchone()
    return bool(row and row[0])


def unlock(conn: Connection, name: str) -> None:
    """Release the session lock of ``name``."""
    conn.execute(QUERIES["unlock_job"], {"name": name})


def last_run(conn: Connection, job: str) -> datetime | None:
    """When the scheduled job last ran, from ``rule_runs``."""
    row = conn.execute(QUERIES["last_run"], {"job": job}).fetchone()
    return row[0] if row else None


def listen_ingest(conn: Connection) -> None:
    """Subscribe this (autocommit) connection to the collectors' NOTIFY."""
    conn.execute(QUERIES["listen_ingest"])


def person_by_email(conn: Connection, email: str) -> int | None:
    """The id of the person with this e-mail address."""
    row = conn.execute(QUERIES["person_by_email"], {"email": email}).fetchone()
    return int(row[0]) if row else None
