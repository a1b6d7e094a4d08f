"""Readings partitioned by time on plain PostgreSQL: periods ahead, on demand, and the retention."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from factories import login_url, make_territory
from migrationkit import migrations_before
from servers import PostgresServer

from collector import store, store_history
from collector.ingest import Row
from core.database import connect
from core.migrations import migrate
from core.storage import partitions

Conn = psycopg.Connection[tuple[object, ...]]
NOW = datetime.now(UTC)
SERVICE_GROUPS = ("vigie_collector", "vigie_worker", "vigie_api")


@pytest.fixture(autouse=True)
def _plain(postgres: PostgresServer) -> None:
    if postgres.timescaledb:
        pytest.skip("TimescaleDB keeps hypertables: no partitions of our own to test")


def _lamp(point_id: int, ts: datetime, power_w: float = 40.0) -> Row:
    return (point_id, ts, "on", power_w, *[None] * 11)


def _names(db: Conn, table: str) -> list[str]:
    rows = db.execute(
        "SELECT partition_name FROM vigie_reading_partitions(%s)", (table,)
    ).fetchall()
    return [str(r[0]) for r in rows]


def _name(table: str, start: datetime) -> str:
    return f"{table}_p{start:%Y%m%d}"


def _week(at: datetime) -> datetime:
    monday = at - timedelta(days=at.weekday())
    return monday.replace(hour=0, minute=0, second=0, microsecond=0)


def _count(db: Conn, table: str) -> int:
    row = db.execute(f"SELECT count(*) FROM {table}".encode()).fetchone()  # noqa: S608 - test table names
    assert row is not None
    return int(str(row[0]))


def test_maintenance_creates_the_periods_ahead_once(db: Conn) -> None:
    """This week and two more of lamps, this month and two more of cabinets, two meter years."""
    assert _names(db, "lamp_readings_stored") == []  # a fresh database: nothing yet
    done = partitions.maintain(db)
    assert [(m.table, m.created, m.dropped) for m in done] == [
        ("lamp_readings_stored", 3, 0),
        ("cabinet_readings", 3, 0),
        ("meter_readings", 2, 0),
    ]
    week = _week(NOW)
    assert _names(db, "lamp_readings_stored") == [
        _name("lamp_readings_stored", week + timedelta(weeks=k)) for k in range(3)
    ]
    assert _names(db, "meter_readings") == [
        f"meter_readings_p{NOW.year}0101",
        f"meter_readings_p{NOW.year + 1}0101",
    ]
    assert _names(db, "cabinet_readings")[0] == f"cabinet_readings_p{NOW:%Y%m}01"
    again = partitions.maintain(db)
    assert [(m.created, m.dropped) for m in again] == [(0, 0)] * 3


def test_a_late_reading_is_stored_then_given_its_period(db: Conn, db_url: str) -> None:
    """Readings before every partition wait in the default one; maintenance moves them out."""
    town = make_territory(db)
    point = next(iter(town.point_ids.values()))
    partitions.maintain(db)
    late = [NOW - timedelta(days=400), NOW - timedelta(days=20)]
    conn = connect(login_url(db_url, "vigie_collector"), application="test")
    store.prepare(conn)
    committed = store.write_batch(conn, {"lamp": [_lamp(point, ts) for ts in late]}, [], "c1")
    conn.close()
    assert [(c.kind, c.rows) for c in committed] == [("lamp", 2)]
    assert _count(db, "lamp_readings_stored_default") == 2
    assert [m.created for m in partitions.maintain(db)] == [2, 0, 0]
    assert _count(db, "lamp_readings_stored_default") == 0
    assert _count(db, "lamp_readings_stored") == 2
    for ts in late:
        assert _count(db, _name("lamp_readings_stored", _week(ts))) == 1


def test_a_batch_redelivered_across_partitions_is_stored_once(db: Conn, db_url: str) -> None:
    """Three weeks of readings, moved to their periods, redelivered and overlapped: once each."""
    town = make_territory(db)
    point = next(iter(town.point_ids.values()))
    start = NOW - timedelta(days=21)
    first = [_lamp(point, start + timedelta(hours=6 * k)) for k in range(80)]
    overlapping = [_lamp(point, start + timedelta(hours=6 * k), 99.0) for k in range(70, 84)]
    conn = connect(db_url, application="test")
    store.prepare(conn)
    written = [store.write_batch(conn, {"lamp": first}, [], "c1")]
    partitions.maintain(db)  # the three weeks' periods take their readings from the default
    written += [store.write_batch(conn, {"lamp": rows}, [], "c1") for rows in (first, overlapping)]
    conn.close()
    assert [sum(c.rows for c in batch) for batch in written] == [80, 0, 4]
    assert _count(db, "lamp_readings_stored") == 84
    assert _count(db, "lamp_readings_stored_default") == 0
    assert len(_names(db, "lamp_readings_stored")) >= 3
    assert db.execute("SELECT count(*) FROM lamp_readings WHERE power_w = 99").fetchone() == (4,)


def test_a_reading_far_ahead_stays_in_the_default_partition(db: Conn, db_url: str) -> None:
    """A clock two years ahead: stored, given no period of its own, found by queries."""
    town = make_territory(db)
    point = next(iter(town.point_ids.values()))
    ahead = NOW + timedelta(days=730)
    conn = connect(login_url(db_url, "vigie_collector"), application="test")
    store.prepare(conn)
    assert store.write_batch(conn, {"lamp": [_lamp(point, ahead)]}, [], "c1") != []
    assert partitions.cover(conn, "lamp_readings_stored", [ahead]) == 0
    conn.close()
    partitions.maintain(db)
    assert _name("lamp_readings_stored", _week(ahead)) not in _names(db, "lamp_readings_stored")
    assert _count(db, "lamp_readings_stored_default") == 1
    row = db.execute("SELECT count(*) FROM lamp_readings WHERE ts > now() + interval '1 year'")
    assert row.fetchone() == (1,)


def test_history_goes_straight_into_its_periods(db: Conn, db_url: str) -> None:
    """An imported batch two years back has its weeks made first: nothing in the default."""
    town = make_territory(db)
    point = next(iter(town.point_ids.values()))
    start = NOW - timedelta(days=730)
    rows = [_lamp(point, start + timedelta(hours=k)) for k in range(0, 24 * 20, 3)]
    conn = connect(db_url, application="test")
    store.prepare(conn)
    committed, _ = store_history.write_history(conn, "lamp", rows, [], "vigie-import")
    conn.close()
    assert sum(c.rows for c in committed) == len(rows)
    assert _count(db, "lamp_readings_stored_default") == 0
    assert _count(db, "lamp_readings_stored") == len(rows)
    assert _name("lamp_readings_stored", _week(start)) in _names(db, "lamp_readings_stored")


def test_the_retention_drops_whole_partitions_and_keeps_the_rest(db: Conn) -> None:
    """Lamp and cabinet periods past 1096 days go with their rows; newer ones and meters stay."""
    town = make_territory(db)
    point = next(iter(town.point_ids.values()))
    cabinet = 1  # readings name their asset by id, without a foreign key
    meter = next(iter(town.meter_ids.values()))
    old = NOW - timedelta(days=1200)
    kept = NOW - timedelta(days=1000)
    for ts in (old, old + timedelta(hours=1), kept):
        partitions.cover(db, "lamp_readings_stored", [ts])
        partitions.cover(db, "cabinet_readings", [ts])
        partitions.cover(db, "meter_readings", [ts])
        db.execute("INSERT INTO lamp_readings (light_point_id, ts) VALUES (%s, %s)", (point, ts))
        db.execute("INSERT INTO cabinet_readings (cabinet_id, ts) VALUES (%s, %s)", (cabinet, ts))
        db.execute(
            "INSERT INTO meter_readings (meter_id, ts, value) VALUES (%s, %s, 1)", (meter, ts)
        )
    done = {m.table: m.dropped for m in partitions.maintain(db)}
    assert done == {"lamp_readings_stored": 1, "cabinet_readings": 1, "meter_readings": 0}
    assert _name("lamp_readings_stored", _week(old)) not in _names(db, "lamp_readings_stored")
    assert _name("lamp_readings_stored", _week(kept)) in _names(db, "lamp_readings_stored")
    assert _count(db, "lamp_readings_stored") == 1
    assert _count(db, "cabinet_readings") == 1
    assert _count(db, "meter_readings") == 3


def test_service_roles_keep_their_rights_on_the_partitions(db: Conn, db_url: str) -> None:
    """Each role reads a partition as its table; only the worker maintains, none drops one."""
    partitions.maintain(db)
    part = _names(db, "lamp_readings_stored")[0]
    for group in SERVICE_GROUPS:
        with psycopg.connect(login_url(db_url, group), autocommit=True) as conn:
            assert conn.execute(f"SELECT count(*) FROM {part}".encode()).fetchone() == (0,)  # noqa: S608 - a partition's name
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"DROP TABLE {part}".encode())
            if group != "vigie_worker":
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(b"SELECT * FROM vigie_maintain_partitions()")
    with psycopg.connect(login_url(db_url, "vigie_worker"), autocommit=True) as conn:
        assert len(partitions.maintain(conn)) == 3
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(b"INSERT INTO lamp_readings (light_point_id, ts) VALUES (1, now())")
    with (
        psycopg.connect(login_url(db_url, "vigie_api"), autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        conn.execute(b"SELECT vigie_cover_readings('lamp_readings_stored', ARRAY[now()])")


@pytest.fixture
def before_partitions(tmp_path: Path) -> Path:
    """The migrations before 0150: readings in plain unpartitioned tables."""
    return migrations_before(150, tmp_path / "migrations")


@pytest.fixture
def converted(empty_db_url: str, before_partitions: Path) -> str:
    """A database with readings in plain tables, then migrated to the partitioned layout."""
    migrate(empty_db_url, before_partitions)
    with psycopg.connect(empty_db_url, autocommit=True) as db:
        town = make_territory(db)
        point = next(iter(town.point_ids.values()))
        meter = next(iter(town.meter_ids.values()))
        for days in (1200, 400, 3, 0):
            db.execute(
                "INSERT INTO lamp_readings (light_point_id, ts, power_w) VALUES (%s, %s, 40)",
                (point, NOW - timedelta(days=days)),
            )
        db.execute(
            "INSERT INTO meter_readings (meter_id, ts, value) VALUES (%s, '2012-06-01', 7)",
            (meter,),
        )
    migrate(empty_db_url)
    return empty_db_url


def test_conversion_keeps_rows_keys_grants_and_views(converted: str) -> None:
    """Every row moves to its period, the key still refuses a twin, views and grants read it."""
    with psycopg.connect(converted, autocommit=True) as db:
        kind = db.execute(
            "SELECT relkind FROM pg_class WHERE oid = 'lamp_readings_stored'::regclass"
        )
        assert kind.fetchone() == ("p",)
        assert _count(db, "lamp_readings_stored") == 4
        assert _count(db, "reporting.lamp_readings") == 4
        assert _count(db, "reporting.meter_readings") == 1
        assert _names(db, "meter_readings") == ["meter_readings_p20120101"]
        assert len(_names(db, "lamp_readings_stored")) >= 3
        with pytest.raises(psycopg.errors.UniqueViolation):
            db.execute(
                "INSERT INTO lamp_readings (light_point_id, ts)"
                " SELECT light_point_id, ts FROM lamp_readings LIMIT 1"
            )
        done = {m.table: m.dropped for m in partitions.maintain(db)}
        assert done["lamp_readings_stored"] == 1  # the period 1200 days ago, past the retention
        assert _count(db, "lamp_readings_stored") == 3
    with psycopg.connect(login_url(converted, "vigie_collector"), autocommit=True) as conn:
        assert _count(conn, "lamp_readings_stored") == 3
    with psycopg.connect(login_url(converted, "vigie_grafana"), autocommit=True) as conn:
        assert _count(conn, "reporting.lamp_readings") == 3


def test_maintenance_and_the_collector_run_at_once_without_losing_a_reading(
    db: Conn, db_url: str
) -> None:
    """Batches of lamps and cabinets land in new periods while maintenance keeps making them."""
    town = make_territory(db)
    point = next(iter(town.point_ids.values()))
    errors: list[BaseException] = []
    runs: list[int] = []
    done = threading.Event()

    def maintain_until_done() -> None:
        with psycopg.connect(login_url(db_url, "vigie_worker"), autocommit=True) as worker:
            while not done.is_set():
                try:
                    runs.append(sum(m.created for m in partitions.maintain(worker)))
                except psycopg.Error as exc:  # a deadlock would end up here
                    errors.append(exc)

    thread = threading.Thread(target=maintain_until_done)
    thread.start()
    conn = connect(login_url(db_url, "vigie_collector"), application="test")
    store.prepare(conn)
    try:
        for week in range(40, 0, -1):
            ts = NOW - timedelta(weeks=week)
            lamps = [_lamp(point, ts + timedelta(minutes=m)) for m in range(0, 600, 10)]
            cabinets = [(1, ts + timedelta(minutes=m), 1.0, 100.0, 230.0, 0.9) for m in range(60)]
            store.write_batch(conn, {"lamp": lamps, "cabinet": cabinets}, [], "c1")
    finally:
        done.set()
        thread.join(30)
        conn.close()
    partitions.maintain(db)
    assert errors == []
    assert len(runs) > 1
    assert sum(runs) > 0  # some periods were made while the batches came
    assert len(_names(db, "lamp_readings_stored")) >= 40
    assert _count(db, "lamp_readings_stored") == 40 * 60
    assert _count(db, "cabinet_readings") == 40 * 60
    assert _count(db, "lamp_readings_stored_default") + _count(db, "cabinet_readings_default") == 0
