"""Writing batches: new readings by direct COPY, redelivered ones skipped, each batch recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
from factories import make_territory

from collector import store
from collector.ingest import Row
from core.database import connect

Conn = psycopg.Connection[tuple[object, ...]]
T0 = datetime(2026, 1, 5, 22, tzinfo=UTC)


def _lamp(point_id: int, minutes: int, power_w: float) -> Row:
    return (point_id, T0 + timedelta(minutes=minutes), "on", power_w, *[None] * 11)


def test_a_batch_written_twice_or_overlapping_stores_each_reading_once(
    db: Conn, db_url: str
) -> None:
    """A second copy adds nothing; an overlapping batch adds its new rows, stored values kept."""
    town = make_territory(db)
    point = next(iter(town.point_ids.values()))
    first = [_lamp(point, m, 40.0) for m in range(0, 50, 10)]
    overlapping = [_lamp(point, m, 99.0) for m in range(40, 80, 10)]
    conn = connect(db_url, application="test")
    store.prepare(conn)
    written = [
        store.write_batch(conn, {"lamp": rows}, [], "c1") for rows in (first, first, overlapping)
    ]
    conn.close()
    assert [[(c.kind, c.rows) for c in batch] for batch in written] == [
        [("lamp", 5)],
        [],
        [("lamp", 3)],
    ]
    assert written[2][0].ts_min == T0 + timedelta(minutes=50)
    stored = db.execute(
        "SELECT (extract(epoch FROM ts - %s) / 60)::int, power_w FROM lamp_readings ORDER BY ts",
        (T0,),
    ).fetchall()
    assert [(int(str(m)), w) for m, w in stored] == [(m, 40.0) for m in range(0, 50, 10)] + [
        (m, 99.0) for m in range(50, 80, 10)
    ]
    recorded = db.execute("SELECT kind, rows FROM ingest_batches ORDER BY id").fetchall()
    assert recorded == [("lamp", 5), ("lamp", 3)]
