"""A building's UTC days kept by the aggregation: always what its meters' hourly rollups give."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from factories import SmallTerritory, make_territory

from aggregation import jobs
from core.migrations import FOLDER, migrate

Conn = psycopg.Connection[tuple[object, ...]]
START = datetime(2025, 3, 27, 22, 0, tzinfo=UTC)  # a Thursday; Paris moves to UTC+2 on the 30th
HOURS = 24 * 6
# Each building's UTC days from its meters' hours, occupancy as the buildings dashboard counts it.
FROM_HOURS = """
SELECT m.building_id, date_trunc('day', h.hour_start, 'UTC'),
       coalesce(sum(h.value) FILTER (WHERE m.quantity = 'electricity'), 0),
       coalesce(sum(h.value) FILTER (WHERE m.quantity = 'electricity' AND NOT (
           extract(isodow FROM h.hour_start AT TIME ZONE 'Europe/Paris') <= 5
           AND extract(hour FROM h.hour_start AT TIME ZONE 'Europe/Paris') BETWEEN 7 AND 18)), 0),
       count(*) FILTER (WHERE m.quantity = 'electricity'),
       count(*) FILTER (WHERE m.quantity = 'indoor_temperature'),
       count(*) FILTER (WHERE m.quantity = 'indoor_temperature' AND h.value > 19
           AND extract(isodow FROM h.hour_start AT TIME ZONE 'Europe/Paris') <= 5
           AND extract(hour FROM h.hour_start AT TIME ZONE 'Europe/Paris') BETWEEN 7 AND 18)
FROM meter_rollups_hourly h JOIN meters m ON m.id = h.meter_id
WHERE m.quantity IN ('electricity', 'indoor_temperature')
GROUP BY 1, 2
"""
KEPT = (
    "SELECT building_id, day_start, electricity_kwh, out_of_hours_kwh, electricity_hours,"
    " temperature_hours, occupied_hours_above_19 FROM building_daily"
)


def assert_days_are_their_hours(db: Conn) -> list[tuple[object, ...]]:
    """The kept days equal the days summed from the hours; the kept days, sorted."""
    expected = sorted(db.execute(FROM_HOURS).fetchall(), key=str)
    kept = sorted(db.execute(KEPT).fetchall(), key=str)
    assert [r[:2] for r in kept] == [r[:2] for r in expected]
    for got, want in zip(kept, expected, strict=True):
        assert got[2:] == pytest.approx(want[2:]), got[:2]
    return kept


def readings(town: SmallTerritory, first: int, last: int) -> list[tuple[int, datetime, float]]:
    """Every 15 minutes from hour ``first`` to ``last``: a rising index and a warm afternoon."""
    elec = town.meter_ids[f"{town.code}-B0-ELEC"]
    indoor = town.meter_ids[f"{town.code}-B0-INDO"]
    rows = []
    for quarter in range(4 * first, 4 * last + 1):
        ts = START + timedelta(minutes=15 * quarter)
        rows.append((elec, ts, 1000.0 + 0.5 * quarter + (0.25 if ts.hour >= 12 else 0.0)))
        rows.append((indoor, ts, 20.5 if 10 <= ts.hour < 16 else 18.0))
    return rows


def store(db: Conn, rows: list[tuple[int, datetime, float]]) -> None:
    """The rows as one committed batch of meter readings."""
    with db.cursor() as cur, cur.copy("COPY meter_readings (meter_id, ts, value) FROM STDIN") as c:
        for row in rows:
            c.write_row(row)
    db.execute(
        "INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)"
        " VALUES ('test', 'meter', %s, %s, %s)",
        (min(r[1] for r in rows), max(r[1] for r in rows), len(rows)),
    )


def test_the_job_keeps_each_building_day_and_a_late_batch_changes_its_days(db: Conn) -> None:
    """Across the spring change, and after a late batch fills a gap, days equal their hours."""
    town = make_territory(db, districts=1, points_per_cabinet=1)
    rows = readings(town, 0, HOURS)
    gap = [r for r in rows if START + timedelta(hours=50) <= r[1] < START + timedelta(hours=60)]
    store(db, [r for r in rows if r not in gap])
    jobs.aggregate_pending(db)
    before = {r[1]: r for r in assert_days_are_their_hours(db)}
    assert len(before) == 7
    assert sum(int(str(r[6])) for r in before.values()) > 0
    store(db, gap)
    jobs.aggregate_pending(db)
    after = {r[1]: r for r in assert_days_are_their_hours(db)}
    changed = [day for day in after if after[day] != before[day]]
    assert changed == [START.replace(hour=0) + timedelta(days=d) for d in (2, 3)]


def test_a_meter_moved_to_another_building_takes_its_days_along(db: Conn) -> None:
    """The registry moving meters sums both buildings' days again at once; a rebuild agrees."""
    town = make_territory(db, districts=1, points_per_cabinet=1, buildings=2)
    store(db, readings(town, 0, 30))
    jobs.aggregate_pending(db)
    ids = {str(r[0]): r[1] for r in db.execute("SELECT code, id FROM buildings").fetchall()}
    db.execute(
        "UPDATE meters SET building_id = %s WHERE code = %s",
        (ids[f"{town.code}-B1"], f"{town.code}-B0-ELEC"),
    )
    moved = assert_days_are_their_hours(db)
    assert {(r[0], r[4] > 0, r[5] > 0) for r in moved} == {  # type: ignore[operator]
        (ids[f"{town.code}-B0"], False, True),
        (ids[f"{town.code}-B1"], True, False),
    }
    db.execute(
        "UPDATE meters SET building_id = %s WHERE code = %s",
        (ids[f"{town.code}-B1"], f"{town.code}-B0-INDO"),
    )
    both = assert_days_are_their_hours(db)
    assert {r[0] for r in both} == {ids[f"{town.code}-B1"]}
    jobs.aggregate_all(db)
    assert assert_days_are_their_hours(db) == both


def test_the_migration_sums_the_hourly_rollups_already_there(
    empty_db_url: str, tmp_path: Path
) -> None:
    """A database migrated before 0152 gets its buildings' days from its meters' hours."""
    for path in FOLDER.glob("*.sql"):
        if int(path.name[:4]) < 152:
            shutil.copy(path, tmp_path / path.name)
    migrate(empty_db_url, tmp_path)
    with psycopg.connect(empty_db_url, autocommit=True) as db:
        town = make_territory(db, districts=1, points_per_cabinet=1, buildings=2)
        db.execute(
            "INSERT INTO meter_rollups_hourly (meter_id, hour_start, value, coverage)"
            " SELECT m, %s + h * interval '1 hour', 17.0 + (h %% 5) + m / 10.0, 1.0"
            " FROM unnest(%s::int[]) m, generate_series(0, 95) h",
            (START, list(town.meter_ids.values())),
        )
        migrate(empty_db_url)
        kept = assert_days_are_their_hours(db)
        assert len(kept) == 2 * 5
