"""The import's SQL: readings as the collector writes them, announced per stretch of time.

Readings go the collector's way (``collector.store``): light-point readings through the
session's staging table and one ``INSERT … ON CONFLICT DO NOTHING`` that also updates the
points' latest readings (``lamp_latest``); the other kinds by a COPY straight into the table
under a savepoint, and when a key is already stored, through staging and ``ON CONFLICT DO
NOTHING``. What differs is the announcement: a batch of history can hold the end of one
device's years and the start of the next one's, so the rows really inserted are recorded as one
``ingest_batches`` row per stretch of time without a gap longer than ``STRETCH_GAP`` (at most
``MAX_STRETCHES``), each with its rows per territory, and the aggregation recomputes those
stretches, not the years between.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Final

from psycopg import Cursor
from psycopg.errors import UniqueViolation
from psycopg.rows import TupleRow

from collector import store
from collector.ingest import Row
from core.database import Connection
from core.storage import partitions

QUERIES: Final = store.QUERIES
STRETCH_GAP: Final = timedelta(days=1)
MAX_STRETCHES: Final = 32  # per batch and kind: the NOTIFY that lists them stays under 8,000 bytes
TYPES: Final = {
    "lamp": store.LAMP_TYPES,
    "cabinet": store.CABINET_TYPES,
    "meter": store.METER_TYPES,
}


def write_history(
    conn: Connection,
    kind: str,
    rows: Sequence[Row],
    letters: Sequence[store.DeadLetter],
    collector: str,
) -> tuple[list[store.Committed], int]:
    """Store rows of one kind (distinct keys) and dead letters in one transaction; announce them.

    Returns the ingest batches recorded and how many dead letters were new (a letter already
    kept for the same file row is not kept again). The periods the rows fall in are created
    first, in a transaction of their own (plain PostgreSQL), so that history goes straight into
    its partitions rather than through the default one.
    """
    if rows:
        _cover(conn, kind, rows)
    committed: list[store.Committed] = []
    kept = 0
    with conn.transaction(), conn.cursor() as cur:
        if rows:
            committed = _record(cur, kind, _insert(cur, kind, rows), collector)
        if letters:
            kept = _keep_letters(cur, letters, collector)
        if committed:
            cur.execute(QUERIES["notify_ingest"], {"payload": store.notice(collector, committed)})
    return committed, kept


def _cover(conn: Connection, kind: str, rows: Sequence[Row]) -> None:
    with conn.transaction():
        partitions.cover(
            conn, partitions.TABLE_OF_KIND[kind], sorted({_day(row[1]) for row in rows})
        )


def _day(value: object) -> datetime:
    """The start of the UTC day of a reading's time: a period holds whole days."""
    return _instant(value).astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _insert(cur: Cursor[TupleRow], kind: str, rows: Sequence[Row]) -> list[tuple[int, datetime]]:
    """The device ids and instants of the rows really inserted."""
    types = TYPES[kind]
    if kind in store.STAGED:
        store.copy_rows(cur, QUERIES[f"copy_{kind}_staging"], types, rows)
        cur.execute(QUERIES[f"insert_{kind}_history"])
        return [(int(str(r[0])), _instant(r[1])) for r in cur.fetchall()]
    try:
        with cur.connection.transaction():
            store.copy_rows(cur, QUERIES[f"copy_{kind}_readings"], types, rows)
    except UniqueViolation:
        store.copy_rows(cur, QUERIES[f"copy_{kind}_staging"], types, rows)
        cur.execute(QUERIES[f"insert_{kind}_history"])
        return [(int(str(r[0])), _instant(r[1])) for r in cur.fetchall()]
    return [(int(str(row[0])), _instant(row[1])) for row in rows]


def stretches(
    instants: list[datetime], gap: timedelta = STRETCH_GAP, most: int = MAX_STRETCHES
) -> list[tuple[datetime, datetime, int]]:
    """``(first, last, count)`` of each run of instants with no gap longer than ``gap``.

    At most ``most`` runs: beyond, the runs closest to each other are taken together.
    """
    ordered = sorted(instants)
    cuts = [i for i in range(1, len(ordered)) if ordered[i] - ordered[i - 1] > gap]
    if len(cuts) >= most:
        widest = sorted(cuts, key=lambda i: ordered[i] - ordered[i - 1], reverse=True)
        cuts = sorted(widest[: most - 1])
    bounds = [0, *cuts, len(ordered)]
    return [(ordered[a], ordered[b - 1], b - a) for a, b in itertools.pairwise(bounds) if b > a]


def _record(
    cur: Cursor[TupleRow], kind: str, inserted: list[tuple[int, datetime]], collector: str
) -> list[store.Committed]:
    """One ingest batch per stretch of time, each with its rows per territory."""
    instants = [ts for _, ts in inserted]
    runs = stretches(instants)
    if not runs:
        return []
    cur.execute(
        QUERIES["insert_ingest_batches"],
        {
            "collector": collector,
            "kind": kind,
            "ts_min": [first for first, _, _ in runs],
            "ts_max": [last for _, last, _ in runs],
            "rows": [count for _, _, count in runs],
            "asset_ids": [asset_id for asset_id, _ in inserted],
            "ts": instants,
        },
    )
    return [store.Committed(*store.map_row(r)) for r in cur.fetchall()]


def _keep_letters(
    cur: Cursor[TupleRow], letters: Sequence[store.DeadLetter], collector: str
) -> int:
    cur.execute(
        QUERIES["insert_file_dead_letters"],
        {
            "collector": collector,
            "topics": [letter.topic.replace("\x00", "\\0") for letter in letters],
            "payloads": [letter.payload for letter in letters],
            "kinds": [letter.error_kind for letter in letters],
            "reasons": [letter.reason.replace("\x00", "\\0") for letter in letters],
        },
    )
    return cur.rowcount


def _instant(value: object) -> datetime:
    assert isinstance(value, datetime)  # noqa: S101 - a timestamptz column, or a row's ts
    return value
