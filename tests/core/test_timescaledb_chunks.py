"""On TimescaleDB a week of a light point's readings is one chunk and compresses in full batches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from factories import make_territory
from psycopg import sql
from servers import PostgresServer

Conn = psycopg.Connection[tuple[object, ...]]
STEP = timedelta(minutes=10)


@pytest.fixture(autouse=True)
def _timescaledb(postgres: PostgresServer) -> None:
    if not postgres.timescaledb:
        pytest.skip("needs TimescaleDB (VIGIE_TEST_TIMESCALEDB=1): chunks are its own")


def _one(db: Conn, query: str) -> object:
    row = db.execute(query.encode()).fetchone()
    assert row is not None
    return row[0]


def test_lamp_readings_are_chunked_by_week(db: Conn) -> None:
    """The week's 1,008 readings of each point share one chunk, compressed in batches of 1,000."""
    town = make_territory(db)
    first = datetime.fromtimestamp(0, UTC)  # chunks are aligned on the epoch: weeks from Thursday
    weeks = (datetime.now(UTC) - timedelta(days=40) - first) // timedelta(days=7)
    start = first + weeks * timedelta(days=7)
    points = list(town.point_ids.values())[:2]
    with db.cursor().copy("COPY lamp_readings (light_point_id, ts, power_w) FROM STDIN") as copy:
        for point in points:
            for i in range(1_008):
                copy.write_row((point, start + i * STEP, 40.0 + i % 7))

    assert _one(
        db,
        "SELECT time_interval FROM timescaledb_information.dimensions"
        " WHERE hypertable_name = 'lamp_readings_stored'",
    ) == timedelta(days=7)
    chunks = "SELECT count(*) FROM timescaledb_information.chunks WHERE hypertable_name = %s"
    assert db.execute(chunks, ("lamp_readings_stored",)).fetchone() == (1,)
    db.execute("SELECT compress_chunk(c) FROM show_chunks('lamp_readings_stored') c")
    row = db.execute(
        "SELECT cc.schema_name, cc.table_name FROM _timescaledb_catalog.chunk c"
        " JOIN _timescaledb_catalog.chunk cc ON cc.id = c.compressed_chunk_id"
    ).fetchone()
    assert row is not None
    compressed = sql.Identifier(str(row[0]), str(row[1]))
    batches = db.execute(
        sql.SQL("SELECT light_point_id, _ts_meta_count FROM {} ORDER BY 1, 2 DESC").format(
            compressed
        )
    ).fetchall()
    assert batches == [(p, n) for p in sorted(points) for n in (1_000, 8)]
    assert _one(db, "SELECT count(*) FROM lamp_readings") == 2 * 1_008
