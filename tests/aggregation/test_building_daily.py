"""A building's UTC days kept by the aggregation: always what its meters' hourly rollups give."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import psycopg
import pytest
from factories import SmallTerritory, make_territory
from migrationkit import migrations_before

from aggregation import jobs
from core.migrations import migrate

Conn = psycopg.Connection[tuple[object, ...]]
START = datetime(2025, 3, 27, 22, 0, tzinfo=UTC)  # a Thursday; Paris moves to UTC+2 on the 30th
HOURS = 24 * 6
# Each building's UTC days from its meters' hours, occupancy as the buildings dashboard counts it
# (on the clock of the building's territory).
FROM_HOURS = """
SELECT m.building_id, date_trunc('day', h.hour_start, 'UTC'),
       coalesce(sum(h.value) FILTER (WHERE m.quantity = 'electricity'), 0),
       coalesce(sum(h.value) FILTER (WHERE m.quantity = 'electricity' AND NOT (
           extract(isodow FROM h.hour_start AT TIME ZONE t.timezone) <= 5
           AND extract(hour FROM h.hour_start AT TIME ZONE t.timezone) BETWEEN 7 AND 18)), 0),
       count(*) FILTER (WHERE m.quantity = 'electricity'),
       count(*) FILTER (WHERE m.quantity = 'indoor_temperature'),
       count(*) FILTER (WHERE m.quantity = 'indoor_temperature' AND h.value > 19
           AND extract(isodow FROM h.hour_start AT TIME ZONE t.timezone) <= 5
           AND extract(hour FROM h.hour_start AT TIME ZONE t.timezone) BETWEEN 7 AND 18),
       coalesce(sum(h.value) FILTER (WHERE m.quantity = 'indoor_temperature'), 0)
FROM meter_rollups_hourly h JOIN meters m ON m.id = h.meter_id
JOIN buildings b ON b.id = m.building_id JOIN communes c ON c.id = b.commune_id
JOIN territories t ON t.id = c.territory_id
WHERE m.quantity IN ('electricity', 'indoor_temperature')
GROUP BY 1, 2
"""
KEPT = (
    "SELECT building_id, day_start, electricity_kwh, out_of_hours_kwh, electricity_hours,"
    " temperature_hours, occupied_hours_above_19, temperature_sum FROM building_daily"
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
    migrate(empty_db_url, migrations_before(152, tmp_path / "migrations"))
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


def occupied_above_19(db: Conn, building: str, zone: str) -> dict[datetime, int]:
    """Per UTC day, the building's occupied indoor hours above 19 °C on the clock of ``zone``.

    Occupied: the hour starts on a weekday between 07:00 and 18:59 there, judged here in Python.
    """
    rows = db.execute(
        "SELECT h.hour_start, h.value FROM meter_rollups_hourly h JOIN meters m"
        " ON m.id = h.meter_id JOIN buildings b ON b.id = m.building_id"
        " WHERE b.code = %s AND m.quantity = 'indoor_temperature'",
        (building,),
    ).fetchall()
    days: dict[datetime, int] = {}
    for start, value in rows:
        assert isinstance(start, datetime)
        assert isinstance(value, float)
        local = start.astimezone(ZoneInfo(zone))
        day = start.replace(hour=0)
        days.setdefault(day, 0)
        days[day] += local.isoweekday() <= 5 and 7 <= local.hour <= 18 and value > 19
    return days


def kept_above_19(db: Conn, building: str) -> dict[datetime, int]:
    """The building's occupied hours above 19 °C per day as building_daily keeps them."""
    rows = db.execute(
        "SELECT day_start, occupied_hours_above_19 FROM building_daily d"
        " JOIN buildings b ON b.id = d.building_id WHERE b.code = %s",
        (building,),
    ).fetchall()
    return dict(rows)  # type: ignore[arg-type]


def test_occupancy_follows_the_clock_of_the_buildings_territory(db: Conn) -> None:
    """A territory in Montreal counts its occupied hours on its own clock; Angers' on Paris'.

    Both receive the same readings, warm from 10:00 to 16:00 UTC: on a weekday in Paris all the
    warm hours are occupied, in Montreal (UTC-4) only those from 11:00 UTC, so their counts
    differ. Moved to Tokyo (UTC+9), where the warm hours fall in the evening, it counts none.
    """
    paris = make_territory(db, districts=1, points_per_cabinet=1)
    away = make_territory(db, code="montrealville", districts=1, points_per_cabinet=1)
    zone = "UPDATE territories SET timezone = %s WHERE id = %s"
    db.execute(zone, ("America/Montreal", away.territory_id))
    store(db, readings(paris, 0, HOURS) + readings(away, 0, HOURS))
    jobs.aggregate_pending(db)
    assert_days_are_their_hours(db)
    in_paris, in_away = (f"{t.code}-B0" for t in (paris, away))
    paris_days = kept_above_19(db, in_paris)
    assert paris_days == occupied_above_19(db, in_paris, "Europe/Paris")
    assert kept_above_19(db, in_away) == occupied_above_19(db, in_away, "America/Montreal")
    assert 0 < sum(kept_above_19(db, in_away).values()) < sum(paris_days.values())
    db.execute(zone, ("Asia/Tokyo", away.territory_id))
    assert kept_above_19(db, in_away) == occupied_above_19(db, in_away, "Asia/Tokyo")
    assert sum(kept_above_19(db, in_away).values()) == 0
    assert kept_above_19(db, in_paris) == paris_days
    assert_days_are_their_hours(db)


def test_the_zones_migration_sums_temperatures_on_each_territorys_clock(
    empty_db_url: str, tmp_path: Path
) -> None:
    """A database migrated before 0162 gets its days again: temperature sums, local occupancy."""
    migrate(empty_db_url, migrations_before(162, tmp_path / "migrations"))
    with psycopg.connect(empty_db_url, autocommit=True) as db:
        town = make_territory(db, code="tokyoville", districts=1, points_per_cabinet=1)
        db.execute("UPDATE territories SET timezone = 'Asia/Tokyo'")
        db.execute(
            "INSERT INTO meter_rollups_hourly (meter_id, hour_start, value, coverage)"
            " SELECT m, %s + h * interval '1 hour', 17.0 + (h %% 5) + m / 10.0, 1.0"
            " FROM unnest(%s::int[]) m, generate_series(0, 95) h",
            (START, list(town.meter_ids.values())),
        )
        migrate(empty_db_url)
        kept = assert_days_are_their_hours(db)
        assert len(kept) == 5
        assert all(float(str(r[7])) > 0 for r in kept)
        building = f"{town.code}-B0"
        assert kept_above_19(db, building) == occupied_above_19(db, building, "Asia/Tokyo")
