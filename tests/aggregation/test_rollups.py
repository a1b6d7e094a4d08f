"""Rollups from counters: known energy, resets, gaps, late batches, rollovers, local days."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import psycopg
import pytest
from aggregation_sim import Regime, copy_lamp_rows, lamp_rows, true_kwh
from factories import make_territory

from aggregation import jobs

Conn = psycopg.Connection[tuple[object, ...]]
HPS = Regime(172.5)
FIRST, END = date(2025, 1, 6), date(2025, 1, 9)


def _daily(db: Conn, point_id: int) -> dict[date, tuple[float, float]]:
    rows = db.execute(
        "SELECT day, energy_wh, coverage FROM lamp_rollups_daily WHERE light_point_id = %s",
        (point_id,),
    ).fetchall()
    return {r[0]: (float(str(r[1])), float(str(r[2]))) for r in rows}  # type: ignore[misc]


def _one_point(db: Conn) -> int:
    territory = make_territory(db, districts=1, points_per_cabinet=1)
    return int(next(iter(territory.point_ids.values())))


def test_daily_energy_matches_the_simulated_truth(db: Conn) -> None:
    """A lamp burning all night gets its true energy, conserved from counter to hours to days."""
    point = _one_point(db)
    rows = list(lamp_rows(point, FIRST, END, lambda _: HPS, noise=0.0))
    copy_lamp_rows(db, iter(rows))
    jobs.aggregate_all(db)
    hourly = db.execute(
        "SELECT sum(energy_wh) FROM lamp_rollups_hourly WHERE light_point_id = %s", (point,)
    ).fetchone()
    assert hourly is not None
    assert float(str(hourly[0])) == pytest.approx(rows[-1][2] - rows[0][2])
    daily = _daily(db, point)
    assert sum(e for e, _ in daily.values()) == pytest.approx(rows[-1][2] - rows[0][2])
    jan7 = daily[date(2025, 1, 7)]
    # The local day 7 January holds the end of the night of the 6th and the start of the 7th.
    assert jan7[1] == pytest.approx(1.0)
    one_night = true_kwh(FIRST, END - timedelta(days=1), HPS) * 1000 / 2
    assert jan7[0] == pytest.approx(one_night, rel=0.05)


def test_counter_reset_makes_no_spike(db: Conn) -> None:
    """A counter that restarts from zero mid-night loses one interval, never shows a spike."""
    point = _one_point(db)
    rows = list(lamp_rows(point, FIRST, END, lambda _: HPS, noise=0.0))
    reset_at = datetime(2025, 1, 7, 22, 0, tzinfo=UTC)
    offset = next(e for _, ts, e, _ in rows if ts == reset_at)
    shifted = [(p, ts, e - offset if ts >= reset_at else e, w) for p, ts, e, w in rows]
    copy_lamp_rows(db, iter(shifted))
    jobs.aggregate_all(db)
    hourly = db.execute(
        "SELECT max(energy_wh), min(energy_wh) FROM lamp_rollups_hourly WHERE light_point_id = %s",
        (point,),
    ).fetchone()
    assert hourly is not None
    assert float(str(hourly[0])) <= 172.5 * 1.01
    assert float(str(hourly[1])) >= 0
    day = _daily(db, point)[date(2025, 1, 7)]
    assert day[1] < 1.0


def test_a_one_reading_glitch_on_a_lamp_counter_changes_nothing(db: Conn) -> None:
    """A counter reading 5 Wh for one sample mid-night: skipped, the night's energy is whole."""
    point = _one_point(db)
    rows = list(lamp_rows(point, FIRST, END, lambda _: HPS, noise=0.0))
    glitch_at = datetime(2025, 1, 7, 22, 0, tzinfo=UTC)
    copy_lamp_rows(db, iter([(p, ts, 5.0 if ts == glitch_at else e, w) for p, ts, e, w in rows]))
    jobs.aggregate_all(db)
    hourly = db.execute(
        "SELECT sum(energy_wh) FROM lamp_rollups_hourly WHERE light_point_id = %s", (point,)
    ).fetchone()
    assert hourly is not None
    assert float(str(hourly[0])) == pytest.approx(rows[-1][2] - rows[0][2])
    assert _daily(db, point)[date(2025, 1, 7)][1] == pytest.approx(1.0)


def test_late_batch_fills_a_gap_and_its_buckets_are_recomputed(db: Conn) -> None:
    """A gap lowers coverage; the late batch that fills it re-aggregates those days only."""
    point = _one_point(db)
    rows = list(lamp_rows(point, FIRST, END, lambda _: HPS, noise=0.0))
    gap_start = datetime(2025, 1, 7, 18, 0, tzinfo=UTC)
    gap_end = datetime(2025, 1, 7, 23, 0, tzinfo=UTC)
    late = [r for r in rows if gap_start <= r[1] < gap_end]
    copy_lamp_rows(db, iter([r for r in rows if r not in late]))
    db.execute(
        "INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)"
        " VALUES ('test', 'lamp', %s, %s, %s)",
        (rows[0][1], rows[-1][1], len(rows) - len(late)),
    )
    jobs.aggregate_pending(db)
    before = _daily(db, point)[date(2025, 1, 7)]
    assert before[1] < 0.9
    copy_lamp_rows(db, iter(reversed(late)))
    db.execute(
        "INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)"
        " VALUES ('test', 'lamp', %s, %s, %s)",
        (late[0][1], late[-1][1], len(late)),
    )
    result = jobs.aggregate_pending(db)
    assert result.batches >= 1
    assert result.hours < 24
    after = _daily(db, point)[date(2025, 1, 7)]
    assert after[1] == pytest.approx(1.0)
    assert after[0] > before[0]
    assert jobs.aggregate_pending(db).rows == 0


def test_meter_rollover_is_counted_and_a_reset_is_not(db: Conn) -> None:
    """An index passing its register maximum keeps counting; a fall to zero is no consumption."""
    territory = make_territory(db, districts=1, points_per_cabinet=1)
    meter = territory.meter_ids[f"{territory.code}-B0-ELEC"]
    start = datetime(2025, 1, 7, 0, 0, tzinfo=UTC)
    # The index passes 1,000,000 at the 10th reading; the meter is swapped at the 61st.
    rows = [
        (
            meter,
            start + timedelta(minutes=15 * (i + 1)),
            (999_900.0 + 10 * (i + 1)) % 1_000_000 if i < 60 else 10.0 * (i - 60),
        )
        for i in range(96)
    ]
    with db.cursor() as cur, cur.copy("COPY meter_readings (meter_id, ts, value) FROM STDIN") as c:
        for row in rows:
            c.write_row(row)
    jobs.aggregate_all(db)
    hourly = db.execute(
        "SELECT max(value), sum(value) FROM meter_rollups_hourly WHERE meter_id = %s", (meter,)
    ).fetchone()
    assert hourly is not None
    assert float(str(hourly[0])) <= 40.0 + 1e-6
    assert float(str(hourly[1])) == pytest.approx(10.0 * 94, abs=1e-6)


def test_a_local_day_across_the_spring_change_has_23_hours(db: Conn) -> None:
    """On the day clocks go forward, 23 hours of readings make full coverage."""
    point = _one_point(db)
    copy_lamp_rows(db, lamp_rows(point, date(2025, 3, 29), date(2025, 4, 1), lambda _: HPS))
    jobs.aggregate_all(db)
    assert _daily(db, point)[date(2025, 3, 30)][1] == pytest.approx(1.0)


def test_one_reading_glitches_on_a_meter_index_are_skipped(db: Conn) -> None:
    """An index that reads 3 once, or 500,000 once, between two good readings: no spike."""
    territory = make_territory(db, districts=1, points_per_cabinet=1)
    meter = territory.meter_ids[f"{territory.code}-B0-ELEC"]
    start = datetime(2025, 1, 7, 0, 0, tzinfo=UTC)
    glitches = {20: 3.0, 50: 500_000.0}
    rows = [
        (meter, start + timedelta(minutes=15 * i), glitches.get(i, 1_000.0 + 10.0 * i))
        for i in range(96)
    ]
    with db.cursor() as cur, cur.copy("COPY meter_readings (meter_id, ts, value) FROM STDIN") as c:
        for row in rows:
            c.write_row(row)
    jobs.aggregate_all(db)
    hourly = db.execute(
        "SELECT max(value), sum(value), min(coverage) FILTER (WHERE hour_start < %s)"
        " FROM meter_rollups_hourly WHERE meter_id = %s",
        (start + timedelta(hours=23), meter),  # the last hour ends at its last reading
    ).fetchone()
    assert hourly is not None
    assert float(str(hourly[0])) == pytest.approx(40.0)
    assert float(str(hourly[1])) == pytest.approx(10.0 * 95)
    assert float(str(hourly[2])) == pytest.approx(1.0)


def test_daily_interval_readings_in_separate_batches_keep_their_whole_day(db: Conn) -> None:
    """Three daily gas readings of 240 kWh, each in its own batch, roll up to 720 kWh."""
    made = make_territory(db, districts=1, points_per_cabinet=1)
    meter = made.meter_ids[f"{made.code}-B0-GAS"]
    db.execute("UPDATE meters SET reporting_period_s = 86400 WHERE id = %s", (meter,))
    for day in (2, 3, 4):
        ts = datetime(2025, 3, day, 6, tzinfo=UTC)
        db.execute(
            "INSERT INTO meter_readings (meter_id, ts, value) VALUES (%s, %s, 240)", (meter, ts)
        )
        db.execute(
            "INSERT INTO ingest_batches (collector, kind, ts_min, ts_max, rows)"
            " VALUES ('test', 'meter', %s, %s, 1)",
            (ts, ts),
        )
        jobs.aggregate_pending(db)
    row = db.execute(
        "SELECT sum(value) FROM meter_rollups_hourly WHERE meter_id = %s", (meter,)
    ).fetchone()
    assert row is not None
    assert float(str(row[0])) == pytest.approx(720.0)


def test_a_rebuild_finds_a_territory_that_only_has_cabinet_readings(db: Conn) -> None:
    """`vigie aggregate --rebuild` rolls up cabinets' readings when nothing else reported."""
    made = make_territory(db, districts=1, points_per_cabinet=1)
    start = datetime(2025, 3, 2, tzinfo=UTC)
    db.execute(
        "INSERT INTO cabinet_readings (cabinet_id, ts, energy_kwh)"
        " SELECT c.id, %s + n * interval '1 hour', 10 + n FROM control_cabinets c,"
        " generate_series(0, 48) n WHERE c.code = %s",
        (start, made.cabinet_codes[0]),
    )
    jobs.aggregate_all(db)
    row = db.execute("SELECT count(*) FROM cabinet_rollups_daily").fetchone()
    assert row is not None
    assert int(str(row[0])) >= 2
