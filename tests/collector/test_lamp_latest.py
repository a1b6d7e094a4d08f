"""Each light point's latest reading (``lamp_latest``) is its newest stored one, whatever comes.

Batches are written as the collector and the history import write them: new readings, late
ones, redelivered ones with other values, overlapping batches, history older and newer than
what is stored. After each, every row of ``lamp_latest`` equals, column by column, the newest
row of ``lamp_readings`` for its point.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import psycopg
import pytest
from factories import login_url, make_territory

from collector import store, store_history
from collector.ingest import Row
from core.database import Connection, connect

Conn = psycopg.Connection[tuple[object, ...]]
T0 = datetime(2026, 1, 5, 22, tzinfo=UTC)
NEWEST = "SELECT DISTINCT ON (light_point_id) * FROM lamp_readings ORDER BY light_point_id, ts DESC"


def lamp(point_id: int, minutes: int, power_w: float, *, failure: bool = False) -> Row:
    """A reading of ``point_id`` at T0 + ``minutes`` with every column set."""
    return (
        point_id, T0 + timedelta(minutes=minutes), "on", power_w, 100, 12.5 * (1000 + minutes),
        230.0, 0.3, 0.95, 1000.0 + minutes, 7, failure, False, False, 21.0,
    )  # fmt: skip


@pytest.fixture
def points(db: Conn) -> list[int]:
    """Three light points of a small territory."""
    return sorted(make_territory(db).point_ids.values())[:3]


@pytest.fixture
def collector(db_url: str) -> Iterator[Connection]:
    """A connection prepared as the collector's."""
    conn = connect(db_url, application="test")
    store.prepare(conn)
    yield conn
    conn.close()


def latest(db: Conn) -> list[tuple[object, ...]]:
    """Every row of lamp_latest, by point."""
    return db.execute("SELECT * FROM lamp_latest ORDER BY light_point_id").fetchall()


def assert_latest_is_newest(db: Conn) -> None:
    """lamp_latest holds exactly the newest stored reading of each point that has one."""
    assert latest(db) == db.execute(NEWEST).fetchall()


def write(conn: Connection, rows: Sequence[Row]) -> None:
    """One live batch."""
    store.write_batch(conn, {"lamp": rows}, [], "c1")


def test_new_late_redelivered_and_overlapping_batches(
    db: Conn, collector: Connection, points: list[int]
) -> None:
    """Late readings and redeliveries never move a point's latest reading; newer ones do."""
    a, b, c = points
    write(collector, [lamp(a, 10, 40.0), lamp(a, 20, 41.0), lamp(b, 10, 50.0)])
    assert [(r[0], r[4]) for r in latest(db)] == [(a, 41.0), (b, 50.0)]
    assert_latest_is_newest(db)

    write(collector, [lamp(a, 0, 1.0), lamp(b, 0, 1.0)])  # late: direct COPY
    assert [(r[0], r[4]) for r in latest(db)] == [(a, 41.0), (b, 50.0)]
    assert_latest_is_newest(db)

    write(collector, [lamp(a, 20, 99.0, failure=True)])  # redelivered, other values: skipped
    assert [(r[0], r[4], r[12]) for r in latest(db)] == [(a, 41.0, False), (b, 50.0, False)]
    assert_latest_is_newest(db)

    # Overlapping: a stored key sends the batch through staging; its new rows count.
    write(collector, [lamp(a, 20, 77.0), lamp(a, 30, 42.0), lamp(b, 5, 2.0), lamp(c, 30, 60.0)])
    assert [(r[0], r[4]) for r in latest(db)] == [(a, 42.0), (b, 50.0), (c, 60.0)]
    assert_latest_is_newest(db)


def test_an_unchanged_redelivery_changes_nothing(
    db: Conn, collector: Connection, points: list[int]
) -> None:
    """A batch written twice leaves lamp_latest as it was, received_at included."""
    rows = [lamp(p, m, 40.0 + m) for p in points for m in (0, 10)]
    write(collector, rows)
    before = latest(db)
    write(collector, rows)
    assert latest(db) == before
    assert_latest_is_newest(db)


def test_imported_history_moves_the_latest_reading_only_forwards(
    db: Conn, collector: Connection, points: list[int]
) -> None:
    """Old history leaves the live latest reading; history newer than it replaces it."""
    a, b, _ = points
    write(collector, [lamp(a, 0, 40.0)])
    old = [lamp(a, -m, 5.0) for m in range(10, 600, 10)]
    store_history.write_history(collector, "lamp", old, [], "import")
    assert [(r[0], r[4]) for r in latest(db)] == [(a, 40.0)]
    newer = [lamp(a, m, 8.0) for m in range(-20, 40, 10)] + [lamp(b, -30, 9.0)]
    store_history.write_history(collector, "lamp", newer, [], "import")  # through staging
    assert [(r[0], r[4]) for r in latest(db)] == [(a, 8.0), (b, 9.0)]
    assert_latest_is_newest(db)
    store_history.write_history(collector, "lamp", [lamp(b, 60, 3.0)], [], "import")  # direct
    assert [(r[0], r[4]) for r in latest(db)] == [(a, 8.0), (b, 3.0)]
    assert_latest_is_newest(db)


def test_the_collector_role_may_keep_the_latest_readings(
    db: Conn, db_url: str, points: list[int]
) -> None:
    """vigie_collector writes batches, latest readings included; Grafana cannot read the table."""
    conn = connect(login_url(db_url, "vigie_collector"), application="test")
    store.prepare(conn)
    write(conn, [lamp(points[0], 0, 40.0)])
    write(conn, [lamp(points[0], 0, 40.0), lamp(points[0], 10, 41.0)])
    conn.close()
    assert [(r[0], r[4]) for r in latest(db)] == [(points[0], 41.0)]
    with (
        psycopg.connect(login_url(db_url, "vigie_grafana")) as grafana,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        grafana.execute("SELECT * FROM public.lamp_latest")
