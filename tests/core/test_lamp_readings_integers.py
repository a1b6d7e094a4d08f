"""Light-point readings stored as integers of their resolution, read back as they were (0164).

Readings stored before the migration read the same after it, on either storage path (chunks
compressed before it included), the points' latest readings with them; a value sent finer than
its resolution is stored rounded to it, and the point's latest reading holds what the view reads
back; writing into the view stores
through its trigger and keeps the key and the grants.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from factories import login_url, make_territory
from migrationkit import migrations_before
from servers import PostgresServer

from collector import store
from collector.ingest import lamp_row
from collector.payloads import LampValues
from core.database import connect
from core.migrations import migrate

Conn = psycopg.Connection[tuple[object, ...]]
NOW = datetime.now(UTC).replace(microsecond=0)
READ = (
    "SELECT light_point_id, ts, received_at, power_state, power_w, dimming_pct, energy_wh,"
    " voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter,"
    " lamp_failure, day_burner, cycling_failure, controller_temp_c"
    " FROM lamp_readings ORDER BY light_point_id, ts"
)
FILL = (
    "INSERT INTO lamp_readings (light_point_id, ts, received_at, power_state, power_w,"
    " dimming_pct, energy_wh, voltage_v, current_a, power_factor, lamp_operating_hours,"
    " lamp_switch_counter, lamp_failure, day_burner, cycling_failure, controller_temp_c)"
    " SELECT p, %(now)s - k * interval '10 minutes',"
    "  %(now)s - k * interval '10 minutes' + interval '1.234567 s',"
    "  CASE WHEN k %% 3 = 0 THEN 'off' ELSE 'on' END, 40 + (k %% 7) / 10.0 + p %% 3,"
    "  CASE WHEN k %% 2 = 0 THEN 50 END, 12345 + k, 229.4 + (k %% 5) / 10.0,"
    "  0.183 + (k %% 11) / 1000.0, 0.95 - (k %% 3) / 100.0, 21345.6 + k / 10.0,"
    "  1000 + k, k %% 13 = 0, false, NULL, -5.5 + (k %% 40) / 10.0"
    " FROM unnest(%(points)s::integer[]) p, generate_series(0, 6000) k"
)


@pytest.fixture
def before_integers(tmp_path: Path) -> Path:
    """The migrations before 0164: light-point readings as floats in lamp_readings."""
    return migrations_before(164, tmp_path / "migrations")


def test_readings_stored_before_read_the_same_after(
    empty_db_url: str, before_integers: Path, postgres: PostgresServer
) -> None:
    """Every value at its resolution reads back equal; received_at to the millisecond."""
    migrate(empty_db_url, before_integers)
    with psycopg.connect(empty_db_url, autocommit=True) as db:
        points = sorted(make_territory(db).point_ids.values())[:2]
        db.execute(FILL, {"now": NOW, "points": points})
        db.execute(
            "INSERT INTO lamp_latest SELECT DISTINCT ON (light_point_id) * FROM lamp_readings"
            " ORDER BY light_point_id, ts DESC"
        )
        before = db.execute(READ).fetchall()
        if postgres.timescaledb:
            compressed = db.execute(
                "SELECT count(compress_chunk(c)) FROM show_chunks('lamp_readings',"
                " older_than => now() - interval '14 days') c"
            ).fetchone()
            assert compressed is not None
            assert int(str(compressed[0])) >= 2
        else:
            db.execute("SELECT vigie_maintain_partitions()")  # the weeks out of the default

    migrate(empty_db_url)

    with psycopg.connect(empty_db_url, autocommit=True) as db:
        after = db.execute(READ).fetchall()
        assert len(after) == len(before) == 2 * 6001
        for old, new in zip(before, after, strict=True):
            assert isinstance(old[2], datetime)
            truncated = old[2].replace(microsecond=old[2].microsecond // 1000 * 1000)
            assert new == (*old[:2], truncated, *old[3:])
        newest = db.execute(
            "SELECT DISTINCT ON (light_point_id) * FROM lamp_readings"
            " ORDER BY light_point_id, ts DESC"
        ).fetchall()
        assert db.execute("SELECT * FROM lamp_latest ORDER BY 1").fetchall() == newest
        db.execute("SELECT count(*), sum(power_w) FROM reporting.lamp_readings")  # made again
        if postgres.timescaledb:
            policy = db.execute(
                "SELECT config ->> 'compress_after' FROM timescaledb_information.jobs"
                " WHERE proc_name = 'policy_compression'"
                " AND hypertable_name = 'lamp_readings_stored'"
            ).fetchall()
            assert policy == [("14 days",)]
            db.execute(
                "SELECT compress_chunk(c) FROM show_chunks('lamp_readings_stored',"
                " older_than => now() - interval '14 days') c"
            )
            assert db.execute(READ).fetchall() == after
        else:
            names = db.execute(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                " WHERE i.inhparent = 'lamp_readings_stored'::regclass"
            ).fetchall()
            assert len(names) >= 7  # six weeks of readings and the default partition
            assert all(str(n).startswith("lamp_readings_stored_") for (n,) in names)


def test_values_sent_finer_are_rounded_and_the_latest_reading_is_what_the_view_reads(
    db: Conn, db_url: str
) -> None:
    """Finer values: stored to 0.1 W, 0.1 V, 1 mA, 0.01, 1 Wh, 0.1 h, alike by both writers.

    The collector writes the first point; the second's reading, the same values, is inserted
    into the view, whose trigger stores the same integers.
    """
    point, other = sorted(make_territory(db).point_ids.values())[:2]
    values = LampValues(
        powerState="on",
        powerConsumption=12.35,
        illuminanceLevel=0.5,
        totalActiveEnergyImport=812.3456,
        voltage=230.14,
        current=0.36749,
        powerFactor=0.953,
        lampOperatingHours=9120.56,
        lampSwitchCounter=1031,
        controlGearTemperature=-3.46,
    )
    conn = connect(db_url, application="test")
    store.prepare(conn)
    row = lamp_row(point, NOW, values)
    store.write_batch(conn, {"lamp": [row]}, [], "test")
    conn.close()
    with db.cursor().copy(
        "COPY lamp_readings (light_point_id, ts, power_state, power_w, dimming_pct, energy_wh,"
        " voltage_v, current_a, power_factor, lamp_operating_hours, lamp_switch_counter,"
        " lamp_failure, day_burner, cycling_failure, controller_temp_c) FROM STDIN"
    ) as copy:
        copy.write_row((other, *row[1:]))

    read = db.execute(
        "SELECT power_w, dimming_pct, energy_wh, voltage_v, current_a, power_factor,"
        " lamp_operating_hours, controller_temp_c FROM lamp_readings WHERE light_point_id = %s",
        (point,),
    ).fetchone()
    assert read is not None
    expected = (12.4, 50, 812346.0, 230.1, 0.367, 0.95, 9120.6, -3.5)
    assert read == pytest.approx(expected, rel=1e-6)
    stored = db.execute(
        "SELECT power_dw, energy_wh, voltage_dv, current_ma, power_factor_pct,"
        " lamp_operating_dh, controller_temp_dc FROM lamp_readings_stored"
        " ORDER BY light_point_id"
    ).fetchall()
    assert stored == [(124, 812346, 2301, 367, 95, 91206, -35)] * 2
    newest = db.execute("SELECT * FROM lamp_readings WHERE light_point_id = %s", (point,))
    assert db.execute("SELECT * FROM lamp_latest").fetchall() == newest.fetchall()


def test_writing_into_the_view_stores_the_reading_once(db: Conn, db_url: str) -> None:
    """INSERT and COPY into lamp_readings convert; a stored key is refused; grants hold."""
    points = sorted(make_territory(db).point_ids.values())[:2]
    db.execute(
        "INSERT INTO lamp_readings (light_point_id, ts, power_w, voltage_v)"
        " VALUES (%s, %s, 60.04, 231)",
        (points[0], NOW),
    )
    with db.cursor().copy("COPY lamp_readings (light_point_id, ts, power_w) FROM STDIN") as copy:
        copy.write_row((points[1], NOW, 12.25))
    assert db.execute(
        "SELECT light_point_id, power_w, voltage_v, received_at >= %s - interval '1 minute'"
        " FROM lamp_readings ORDER BY 1",
        (NOW,),
    ).fetchall() == [(points[0], 60.0, 231.0, True), (points[1], 12.2, None, True)]
    with pytest.raises(psycopg.errors.UniqueViolation):
        db.execute(
            "INSERT INTO lamp_readings (light_point_id, ts, power_w) VALUES (%s, %s, 1)",
            (points[0], NOW),
        )
    with (
        psycopg.connect(login_url(db_url, "vigie_worker"), autocommit=True) as worker,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        worker.execute(
            "INSERT INTO lamp_readings (light_point_id, ts) VALUES (%s, %s)",
            (points[0], NOW + timedelta(minutes=10)),
        )
    with psycopg.connect(login_url(db_url, "vigie_collector"), autocommit=True) as collector:
        collector.execute(
            "INSERT INTO lamp_readings (light_point_id, ts) VALUES (%s, %s)",
            (points[0], NOW + timedelta(minutes=10)),
        )
        count = collector.execute("SELECT count(*) FROM lamp_readings").fetchone()
    assert count == (3,)
