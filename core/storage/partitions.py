"""Time partitions of the readings tables on plain PostgreSQL (migration 0150).

On plain PostgreSQL each readings table is partitioned by range of ``ts``, one partition per
period (``partition_policies``), and a default partition takes a reading whose period has none
yet, so a write never fails for want of a partition. ``maintain`` drops the whole partitions
past the retention, gives the default partition's readings their periods and creates the
periods ahead; ``cover`` creates the periods of given reading times (a history import's, so it
goes straight into its partitions). On TimescaleDB both do nothing: the tables are hypertables
and its own policies act.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from core.database import Connection
from core.sql import Queries

QUERIES: Final = Queries.of_package("core.storage")
READING_TABLES: Final = ("cabinet_readings", "lamp_readings_stored", "meter_readings")
# The table that stores each kind of reading (light points' behind the view lamp_readings, 0164).
TABLE_OF_KIND: Final = {
    "cabinet": "cabinet_readings",
    "lamp": "lamp_readings_stored",
    "meter": "meter_readings",
}


@dataclass(frozen=True, slots=True)
class Policy:
    """How a readings table is partitioned and how long its readings are kept."""

    table: str
    period: str
    ahead: int
    retention: timedelta | None  # None: kept
    partitioned: bool  # False on TimescaleDB (hypertables)


@dataclass(frozen=True, slots=True)
class Maintained:
    """What one maintenance did to one readings table."""

    table: str
    created: int
    dropped: int


@dataclass(frozen=True, slots=True)
class Partition:
    """One partition: its period, its size on disk and the planner's estimate of its rows."""

    table: str
    name: str
    starts: datetime
    ends: datetime
    bytes: int
    rows_estimate: int


def cover(conn: Connection, table: str, stamps: Sequence[object]) -> int:
    """Create the partitions of ``table`` that the reading times ``stamps`` need; how many."""
    row = conn.execute(QUERIES["cover_readings"], {"table": table, "stamps": list(stamps)})
    found = row.fetchone()
    return 0 if found is None else int(str(found[0]))


def maintain(conn: Connection) -> list[Maintained]:
    """Create the periods ahead and drop the partitions past the retention (none on TimescaleDB)."""
    rows = conn.execute(QUERIES["maintain_partitions"]).fetchall()
    return [Maintained(str(t), int(str(c)), int(str(d))) for t, c, d in rows]


def policies(conn: Connection) -> list[Policy]:
    """The partitioning and retention of each readings table."""
    rows = conn.execute(QUERIES["partition_policies"]).fetchall()
    return [
        Policy(str(t), str(p), int(str(a)), r if isinstance(r, timedelta) else None, bool(on))
        for t, p, a, r, on in rows
    ]


def retention(conn: Connection, table: str) -> timedelta | None:
    """How long the readings of ``table`` are kept; None when they are kept for good."""
    return next((p.retention for p in policies(conn) if p.table == table), None)


def partitions(conn: Connection) -> list[Partition]:
    """Every partition of the readings tables, oldest first per table."""
    rows = conn.execute(QUERIES["reading_partitions"]).fetchall()
    return [
        Partition(str(t), str(n), _ts(s), _ts(e), int(str(b)), int(str(r)))
        for t, n, s, e, b, r in rows
    ]


def _ts(value: object) -> datetime:
    assert isinstance(value, datetime)  # noqa: S101 - a timestamptz column
    return value
