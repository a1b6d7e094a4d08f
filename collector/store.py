"""The collector's SQL: asset maps, batched COPY of readings, dead letters (history aside)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from psycopg import Cursor
from psycopg.errors import UniqueViolation
from psycopg.rows import TupleRow
from psycopg.sql import SQL

from collector.assets import Assets, Meter
from collector.ingest import MAX_PAYLOAD_BYTES, Row
from collector.sequences import Device, Gap
from collector.store_sequences import record_sequences
from core.database import Connection
from core.sql import Queries

QUERIES: Final = Queries.of_package("collector")

LAMP_TYPES: Final = [
    "int4", "timestamptz", "text", "float4", "int2", "float8", "float4", "float4", "float4",
    "float4", "int4", "bool", "bool", "bool", "float4",
]  # fmt: skip
CABINET_TYPES: Final = ["int4", "timestamptz", "float8", "float4", "float4", "float4"]
METER_TYPES: Final = ["int4", "timestamptz", "float8"]
DEAD_LETTER_TYPES: Final = ["text", "bytea", "text", "text", "text", "int4", "text"]
KEPT_PREFIX_BYTES: Final = 4096  # what a dead letter keeps of a payload over the collector's limit
_TABLES: Final = (
    ("lamp", LAMP_TYPES),
    ("cabinet", CABINET_TYPES),
    ("meter", METER_TYPES),
)
# Kinds stored through the staging table, converted there to their stored layout, their
# devices' latest readings kept in a table of their own (lamp_readings_stored 0164, lamp_latest
# 0158).
STAGED: Final = frozenset({"lamp"})
SKIP_STORED: Final = SQL("ON CONFLICT DO NOTHING")


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """A message that cannot become readings, kept byte for byte with the reason.

    A payload over the collector's limit keeps only its first ``KEPT_PREFIX_BYTES``; every
    letter records the whole payload's size and SHA-256.
    """

    topic: str
    payload: bytes
    error_kind: str
    reason: str

    def kept(self) -> tuple[bytes, int, str]:
        """What is stored of the payload: its bounded bytes, its size, its SHA-256 (hex)."""
        whole = bytes(self.payload)
        bounded = whole if len(whole) <= MAX_PAYLOAD_BYTES else whole[:KEPT_PREFIX_BYTES]
        return bounded, len(whole), hashlib.sha256(whole).hexdigest()


@dataclass(frozen=True, slots=True)
class Committed:
    """One ingest batch recorded for a readings table: rows really inserted and their time span."""

    id: int
    kind: str
    rows: int
    ts_min: datetime
    ts_max: datetime


@dataclass(frozen=True, slots=True)
class StoredDeadLetter:
    """A dead letter as stored."""

    id: int
    received_at: datetime
    topic: str
    payload: bytes
    error_kind: str
    reason: str
    replay_count: int


def prepare(conn: Connection) -> None:
    """Create this session's staging tables (temporary: they vanish with the connection)."""
    with conn.transaction():
        for kind, _ in _TABLES:
            conn.execute(QUERIES[f"create_{kind}_staging"])


def load_assets(conn: Connection, territory: str) -> Assets:
    """The registered light points, cabinets and meters of ``territory``."""
    assets = Assets()
    params = {"territory": territory}
    for code, point_id, cabinet_id in conn.execute(QUERIES["point_codes"], params):
        assets.points[str(code)] = int(str(point_id))
        assets.point_cabinets[int(str(point_id))] = (
            None if cabinet_id is None else int(str(cabinet_id))
        )
    for code, cabinet_id in conn.execute(QUERIES["cabinet_codes"], params):
        assets.cabinets[str(code)] = int(str(cabinet_id))
    for code, meter_id, quantity, unit in conn.execute(QUERIES["meter_codes"], params):
        assets.meters[str(code)] = Meter(int(str(meter_id)), str(quantity), str(unit))
    conn.commit()
    return assets


def write_batch(  # noqa: PLR0913 - the batch's parts, its collector, and where holes go
    conn: Connection,
    readings: Mapping[str, Sequence[Row]],
    dead_letters: Sequence[DeadLetter],
    collector: str,
    *,
    sequences: Mapping[Device, Sequence[int]] | None = None,
    gaps: list[Gap] | None = None,
) -> list[Committed]:
    """Store readings (by kind) and dead letters in one transaction, then announce the batch.

    Readings whose key is already stored are skipped, so writing a batch twice changes nothing.
    The rows of one kind must have distinct keys (``light_point_id, ts`` and the like). The
    devices' message numbers (``sequences``) are compared with the last ones stored in the same
    transaction; the holes found are added to ``gaps``.
    """
    committed: list[Committed] = []
    with conn.transaction(), conn.cursor() as cur:
        if sequences:
            found = record_sequences(cur, sequences, collector)
            if gaps is not None:
                gaps.extend(found)
        for kind, types in _TABLES:
            rows = readings.get(kind)
            if rows:
                committed.extend(_insert(cur, kind, types, rows, collector))
        if dead_letters:
            _copy_dead_letters(cur, dead_letters, collector)
        if committed:
            cur.execute(QUERIES["notify_ingest"], {"payload": notice(collector, committed)})
    return committed


def _insert(
    cur: Cursor[TupleRow], kind: str, types: list[str], rows: Sequence[Row], collector: str
) -> list[Committed]:
    """Store the rows; record the batch with its rows per territory (those of its devices).

    New readings are the rule and a redelivered one the exception (after a crash or a lost
    connection), so each kind is first written under a savepoint as if every row were new, and
    when a key is already stored that write is undone and the rows go through ``ON CONFLICT DO
    NOTHING``. Light-point readings are COPied once, into the session's staging table, and one
    statement stores them as integers (``lamp_readings_stored``), updates the points' latest
    readings and records the batch; the other kinds are COPied straight into their table, and
    into the staging table only for the second try.
    """
    if kind in STAGED:
        copy_rows(cur, QUERIES[f"copy_{kind}_staging"], types, rows)
        statement, params = QUERIES[f"insert_{kind}_readings"], {"collector": collector}
        try:
            with cur.connection.transaction():
                cur.execute(statement.format(skip_stored=SQL("")), params)
                return [Committed(*map_row(r)) for r in cur.fetchall()]
        except UniqueViolation:
            cur.execute(statement.format(skip_stored=SKIP_STORED), params)
            return [Committed(*map_row(r)) for r in cur.fetchall()]
    try:
        with cur.connection.transaction():
            copy_rows(cur, QUERIES[f"copy_{kind}_readings"], types, rows)
            stamps = [row[1] for row in rows]
            cur.execute(
                QUERIES["insert_ingest_batch"],
                {
                    "collector": collector,
                    "kind": kind,
                    "ts_min": min(stamps),  # type: ignore[type-var] # timestamps
                    "ts_max": max(stamps),  # type: ignore[type-var] # timestamps
                    "rows": len(rows),
                    "asset_ids": [row[0] for row in rows],
                    "ts": stamps,
                },
            )
            return [Committed(*map_row(r)) for r in cur.fetchall()]
    except UniqueViolation:
        copy_rows(cur, QUERIES[f"copy_{kind}_staging"], types, rows)
        cur.execute(QUERIES[f"insert_{kind}_readings"], {"collector": collector})
        return [Committed(*map_row(r)) for r in cur.fetchall()]


def copy_rows(cur: Cursor[TupleRow], statement: SQL, types: list[str], rows: Sequence[Row]) -> None:
    """COPY ``rows`` (binary, typed) with ``statement``."""
    with cur.copy(statement) as copy:
        copy.set_types(types)
        write = copy.write_row
        for row in rows:
            write(row)


def map_row(row: tuple[object, ...]) -> tuple[int, str, int, datetime, datetime]:
    """An ``ingest_batches`` row as typed values."""
    batch_id, kind, rows, ts_min, ts_max = row
    assert isinstance(ts_min, datetime)  # noqa: S101 - timestamptz columns
    assert isinstance(ts_max, datetime)  # noqa: S101 - same
    return int(str(batch_id)), str(kind), int(str(rows)), ts_min, ts_max


def _copy_dead_letters(
    cur: Cursor[TupleRow], letters: Iterable[DeadLetter], collector: str
) -> None:
    with cur.copy(QUERIES["copy_dead_letters"]) as copy:
        copy.set_types(DEAD_LETTER_TYPES)
        for letter in letters:
            payload, size, digest = letter.kept()
            copy.write_row(
                (
                    letter.topic.replace("\x00", "\\0"),
                    payload,
                    letter.error_kind,
                    letter.reason.replace("\x00", "\\0"),
                    collector,
                    size,
                    digest,
                )
            )


def notice(collector: str, committed: list[Committed]) -> str:
    """The JSON of a ``NOTIFY vigie_ingest``: the collector and the batches it committed."""
    return json.dumps(
        {
            "collector": collector,
            "batches": [
                {
                    "id": c.id,
                    "kind": c.kind,
                    "rows": c.rows,
                    "ts_min": c.ts_min.isoformat(),
                    "ts_max": c.ts_max.isoformat(),
                }
                for c in committed
            ],
        }
    )


def pending_dead_letters(
    conn: Connection, *, kind: str | None, after_id: int, limit: int
) -> list[StoredDeadLetter]:
    """Dead letters not replayed yet, oldest first, after ``after_id``."""
    rows = conn.execute(
        QUERIES["pending_dead_letters"], {"kind": kind, "after_id": after_id, "limit": limit}
    ).fetchall()
    return [
        StoredDeadLetter(
            int(str(r[0])), _ts(r[1]), str(r[2]), bytes(_bytes(r[3])), str(r[4]), str(r[5]),
            int(str(r[6])),
        )
        for r in rows
    ]  # fmt: skip


def mark_replayed(conn: Connection, ids: list[int]) -> None:
    """Mark dead letters whose readings are now stored."""
    conn.execute(QUERIES["mark_replayed"], {"ids": ids})


def mark_retried(conn: Connection, letter_id: int, error_kind: str, reason: str) -> None:
    """Count a replay that was refused again, with its newest reason."""
    conn.execute(
        QUERIES["mark_retried"], {"id": letter_id, "error_kind": error_kind, "reason": reason}
    )


def prune_dead_letters(conn: Connection, before: datetime, limit: int = 10_000) -> int:
    """Delete up to ``limit`` dead letters received before ``before``; return how many."""
    return conn.execute(QUERIES["prune_dead_letters"], {"before": before, "limit": limit}).rowcount


def count_dead_letters(conn: Connection) -> list[tuple[str, int, int]]:
    """Pending and replayed dead letters per error kind."""
    rows = conn.execute(QUERIES["count_dead_letters"]).fetchall()
    return [(str(k), int(str(p)), int(str(r))) for k, p, r in rows]


def _ts(value: object) -> datetime:
    assert isinstance(value, datetime)  # noqa: S101 - a timestamptz column
    return value


def _bytes(value: object) -> bytes:
    assert isinstance(value, bytes | memoryview)  # noqa: S101 - a bytea column
    return bytes(value)
