"""On TimescaleDB a redelivered batch into a compressed chunk is stored once, new rows too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from factories import make_territory
from servers import PostgresServer

from collector import store
from collector.ingest import Row
from core.database import connect
from core.storage import partitions

Conn = psycopg.Connection[tuple[object, ...]]
DAY = (datetime.now(UTC) - timedelta(days=20)).replace(hour=0, minute=0, second=0, microsecond=0)


@pytest.fixture(autouse=True)
def _timescaledb(postgres: PostgresServer) -> None:
    if not postgres.timescaledb:
        pytest.skip("needs TimescaleDB (VIGIE_TEST_TIMESCALEDB=1): compression is its own")


def _lamp(point_id: int, minutes: int, power_w: float) -> Row:
    return (point_id, DAY + timedelta(minutes=minutes), "on", power_w, *[None] * 11)


def _compressed_chunks(db: Conn) -> int:
    row = db.execute(
        "SELECT count(*) FROM timescaledb_information.chunks"
        " WHERE hypertable_name = 'lamp_readings_stored' AND is_compressed"
    ).fetchone()
    assert row is not None
    return int(str(row[0]))


def test_a_batch_redelivered_into_a_compressed_chunk_is_stored_once(db: Conn, db_url: str) -> None:
    """Compressed, the day's readings refuse their twins; the new readings of a batch are kept."""
    town = make_territory(db)
    points = list(town.point_ids.values())[:3]
    first = [_lamp(p, m, 40.0) for p in points for m in range(0, 600, 10)]
    conn = connect(db_url, application="test")
    store.prepare(conn)
    assert sum(c.rows for c in store.write_batch(conn, {"lamp": first}, [], "c1")) == len(first)
    db.execute("SELECT compress_chunk(c) FROM show_chunks('lamp_readings_stored') c")
    assert _compressed_chunks(db) == 1

    again = store.write_batch(conn, {"lamp": first}, [], "c1")
    later = [_lamp(p, m, 99.0) for p in points for m in range(590, 700, 10)]
    mixed = store.write_batch(conn, {"lamp": later}, [], "c1")
    conn.close()

    assert again == []
    assert [(c.kind, c.rows) for c in mixed] == [("lamp", len(points) * 10)]
    row = db.execute(
        "SELECT count(*), count(DISTINCT (light_point_id, ts)),"
        " count(*) FILTER (WHERE power_w = 99) FROM lamp_readings"
    ).fetchone()
    assert row == (len(points) * 70, len(points) * 70, len(points) * 10)
    recorded = db.execute("SELECT rows FROM ingest_batches ORDER BY id").fetchall()
    assert recorded == [(len(first),), (len(points) * 10,)]


def test_partition_maintenance_leaves_hypertables_to_timescaledb(db: Conn) -> None:
    """On TimescaleDB there are no partitions of ours: maintenance and cover do nothing."""
    assert partitions.maintain(db) == []
    assert partitions.cover(db, "lamp_readings_stored", [datetime.now(UTC)]) == 0
    assert partitions.partitions(db) == []
