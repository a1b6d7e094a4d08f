"""A district's days and hours kept by the aggregation: always the sum of its points' rollups."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from aggregation_sim import Regime, copy_lamp_rows, lamp_rows
from factories import SmallTerritory, make_territory
from migrationkit import migrations_before

from aggregation import jobs
from core.migrations import migrate
from registry.files import read_light_points
from registry.importer import import_light_points

Conn = psycopg.Connection[tuple[object, ...]]
FIRST, END = date(2025, 1, 6), date(2025, 1, 9)
GAP = (datetime(2025, 1, 7, 18, 0, tzinfo=UTC), datetime(2025, 1, 7, 23, 0, tzinfo=UTC))
HEADER = (
    "code,district,cabinet,latitude,longitude,technology,nominal_power_w,lantern_installed_on,"
    "lamp_installed_on,rated_life_h,controller_id,remote_controlled,dimmable,valid_from"
)
# Each district's days summed from its current points' daily rollups, as the API once did.
FROM_POINTS = """
SELECT lp.district_id, r.day, sum(r.energy_wh), sum(r.coverage::float8), count(*)
FROM lamp_rollups_daily r JOIN light_points lp ON lp.id = r.light_point_id
GROUP BY 1, 2
"""
KEPT = "SELECT district_id, day, energy_wh, covered_point_days, points FROM district_lamp_daily"
HOURS_FROM_POINTS = """
SELECT lp.district_id, r.hour_start, sum(r.energy_wh), sum(r.coverage::float8), count(*)
FROM lamp_rollups_hourly r JOIN light_points lp ON lp.id = r.light_point_id
GROUP BY 1, 2
"""
HOURS_KEPT = (
    "SELECT district_id, hour_start, energy_wh, covered_point_hours, points"
    " FROM district_lamp_hourly"
)

Day = tuple[int, date]


def _days(db: Conn, query: str) -> dict[Day, tuple[float, float, int]]:
    rows = db.execute(query.encode()).fetchall()
    return {
        (int(str(r[0])), r[1]): (float(str(r[2])), float(str(r[3])), int(str(r[4])))  # type: ignore[misc]
        for r in rows
    }


def assert_districts_are_their_points(db: Conn) -> dict[Day, tuple[float, float, int]]:
    """The kept district days (and hours) equal the sums over their points; the days returned."""
    for kept_query, summed_query in ((HOURS_KEPT, HOURS_FROM_POINTS), (KEPT, FROM_POINTS)):
        kept = _days(db, kept_query)
        summed = _days(db, summed_query)
        assert kept.keys() == summed.keys()
        for key, (energy, covered, points) in summed.items():
            assert kept[key][0] == pytest.approx(energy, rel=1e-9, abs=1e-6), key
            assert kept[key][1] == pytest.approx(covered, rel=1e-9, abs=1e-6), key
            assert kept[key][2] == points, key
    return kept


def _readings(db: Conn, town: SmallTerritory, codes: list[str], *, skip_gap: bool = False) -> None:
    """Three days of readings of ``codes`` (without GAP when asked), declared as one batch."""
    rows = [
        row
        for n, code in enumerate(codes)
        for row in lamp_rows(town.point_ids[code], FIRST, END, lambda _: Regime(60.0), seed=n)
        if not (skip_gap and GAP[0] <= row[1] < GAP[1])
    ]
    copy_lamp_rows(db, iter(rows))
    _batch(db, rows[0][1], max(r[1] for r in rows))


def _batch(db: Conn, ts_min: datetime, ts_max: datetime) -> None:
    db.execute(
        "INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)"
        " VALUES ('test', 'lamp', %s, %s, 1)",
        (ts_min, ts_max),
    )


def test_collected_days_sum_into_their_districts(db: Conn) -> None:
    """After a rollup run each district's day is its points' sum; coverage counts every point."""
    town = make_territory(db, districts=2, points_per_cabinet=3)
    reporting = [c for c in town.point_codes if not c.endswith("002")]
    _readings(db, town, reporting)
    jobs.aggregate_pending(db)
    kept = assert_districts_are_their_points(db)
    assert {d for _, d in kept} == {date(2025, 1, n) for n in (6, 7, 8, 9)}
    assert {p for _, _, p in kept.values()} == {2}
    view = db.execute(
        "SELECT coverage FROM district_rollups_daily WHERE district_id = %s AND day = '2025-01-07'",
        (town.district_ids[0],),
    ).fetchone()
    assert view is not None
    assert float(str(view[0])) == pytest.approx(2 / 3, rel=1e-3)  # two points of three report


def test_a_late_batch_recomputes_the_district_days_it_touches(db: Conn) -> None:
    """Readings filling a gap raise the district's day with its point's, in the same run."""
    town = make_territory(db, districts=2, points_per_cabinet=2)
    _readings(db, town, town.point_codes[:1], skip_gap=True)
    _readings(db, town, town.point_codes[1:])
    jobs.aggregate_pending(db)
    key = (town.district_ids[0], date(2025, 1, 7))
    before = assert_districts_are_their_points(db)[key]
    late = [
        r
        for r in lamp_rows(town.point_ids[town.point_codes[0]], FIRST, END, lambda _: Regime(60.0))
        if GAP[0] <= r[1] < GAP[1]
    ]
    copy_lamp_rows(db, iter(late))
    _batch(db, late[0][1], late[-1][1])
    assert jobs.aggregate_pending(db).hours < 24
    after = assert_districts_are_their_points(db)[key]
    assert after[0] > before[0]
    assert before[1] < 1.9
    assert after[1] == pytest.approx(2.0, rel=1e-3)


def test_a_point_the_registry_moves_takes_its_days_along(db: Conn, tmp_path: Path) -> None:
    """Moved (and renovated) by an import, a point's days leave one district for the other."""
    town = make_territory(db, districts=2, points_per_cabinet=2)
    _readings(db, town, town.point_codes)
    jobs.aggregate_pending(db)
    d0, d1 = town.district_ids
    before = assert_districts_are_their_points(db)
    for n, code in enumerate(town.point_codes[:2]):
        path = tmp_path / f"move{n}.csv"
        path.write_text(
            f"{HEADER}\n{code},testville-D1,testville-C10,47.47,-0.55,LED,30,2025-01-08,"
            "2025-01-08,100000,,false,true,2025-01-08\n",
            encoding="utf-8",
        )
        moved = import_light_points(db, read_light_points(path), skip_invalid=False)
        assert (moved.moved, moved.re_equipped) == (1, 1)
        assert_districts_are_their_points(db)
    after = assert_districts_are_their_points(db)
    day = date(2025, 1, 7)
    assert not any(district == d0 for district, _ in after)
    assert after[d1, day][0] == pytest.approx(before[d0, day][0] + before[d1, day][0])
    assert after[d1, day][2] == 4


def test_the_migration_sums_the_daily_rollups_already_there(
    empty_db_url: str, tmp_path: Path
) -> None:
    """A database migrated before the district table gets it filled from its daily rollups."""
    migrate(empty_db_url, migrations_before(60, tmp_path / "migrations"))
    with psycopg.connect(empty_db_url, autocommit=True) as db:
        town = make_territory(db, districts=2, points_per_cabinet=2)
        db.execute(
            "INSERT INTO lamp_rollups_daily (light_point_id, day, energy_wh, coverage)"
            " SELECT p, DATE '2025-01-01' + d, 100.0 * p + d, 0.5 + d / 100.0"
            " FROM unnest(%s::int[]) p, generate_series(0, 30) d",
            (list(town.point_ids.values())[1:],),
        )
        migrate(empty_db_url)
        kept = assert_districts_are_their_points(db)
        assert len(kept) == 2 * 31


def test_the_migration_sums_the_hourly_rollups_and_recent_flags_already_there(
    empty_db_url: str, tmp_path: Path
) -> None:
    """A database migrated before 0145 gets its districts' hours from its hourly rollups.

    Their failing and day-burning points come from the recent raw readings.
    """
    migrate(empty_db_url, migrations_before(145, tmp_path / "migrations"))
    with psycopg.connect(empty_db_url, autocommit=True) as db:
        town = make_territory(db, districts=2, points_per_cabinet=2)
        points = list(town.point_ids.values())
        hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
        db.execute(
            "INSERT INTO lamp_rollups_hourly (light_point_id, hour_start, energy_wh, coverage)"
            " SELECT p, %s - h * interval '1 hour', 10.0 * p + h, 1.0"
            " FROM unnest(%s::int[]) p, generate_series(0, 47) h",
            (hour, points),
        )
        db.execute(
            "INSERT INTO lamp_readings (light_point_id, ts, power_w, lamp_failure, day_burner)"
            " VALUES (%s, %s, 0, true, false), (%s, %s, 0, true, false),"
            " (%s, %s, 50, false, true)",
            (points[0], hour, points[0], hour + timedelta(minutes=10), points[1], hour),
        )
        migrate(empty_db_url)
        assert_districts_are_their_points(db)
        flags = db.execute(
            "SELECT district_id, hour_start, failing_points, day_burner_points"
            " FROM district_lamp_hourly WHERE failing_points + day_burner_points > 0"
        ).fetchall()
        assert flags == [(town.district_ids[0], hour, 1, 1)]
