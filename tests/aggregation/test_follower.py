"""The follower recomputes rollups when a collector announces a batch."""

from __future__ import annotations

import threading
import time
from datetime import date

import psycopg
from aggregation_sim import Regime, copy_lamp_rows, lamp_rows
from factories import make_territory

from aggregation.follower import Follower

Conn = psycopg.Connection[tuple[object, ...]]


def test_a_notified_batch_is_rolled_up(db_url: str, db: Conn) -> None:
    """Readings committed with their ingest_batches row and NOTIFY appear in the rollups."""
    made = make_territory(db, districts=1, points_per_cabinet=1)
    follower = Follower(db_url, poll_s=0.2, evaluate_s=3600)
    thread = threading.Thread(target=follower.run, daemon=True)
    thread.start()
    try:
        point = next(iter(made.point_ids.values()))
        rows = list(lamp_rows(point, date(2025, 1, 6), date(2025, 1, 8), lambda _: Regime(100.0)))
        with db.transaction():
            copy_lamp_rows(db, iter(rows))
            db.execute(
                "INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)"
                " VALUES ('test', 'lamp', %s, %s, %s)",
                (rows[0][1], rows[-1][1], len(rows)),
            )
            db.execute("NOTIFY vigie_ingest")
        deadline = time.monotonic() + 20
        found = 0
        while time.monotonic() < deadline and not found:
            row = db.execute("SELECT count(*) FROM lamp_rollups_daily").fetchone()
            found = int(str(row[0])) if row else 0
            time.sleep(0.1)
        assert found >= 2
        cursor = db.execute("SELECT committed_at < now() FROM aggregation_cursors").fetchone()
        assert cursor == (True,)
    finally:
        follower.stop()
        thread.join(timeout=10)
    assert not thread.is_alive()
