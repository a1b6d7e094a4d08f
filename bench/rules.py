"""Benchmark of the rules catalogue over the Angers fleet (run by hand, prints figures).

1. Seeds Angers (about 50,000 light points, 300 buildings) in a throw-away PostgreSQL.
2. Writes ``--days`` of 10-minute readings for every light point and cabinet (lit from sunset
   to sunrise, dimmed at night), 15-minute readings for every meter, and a year of 10-minute
   readings for a sample of ``--sample`` points; then breaks things: the lamps of one cabinet
   go dark, a few burn by day.
3. Event-driven pass: each reading rule over the last 10-minute batch of the whole fleet.
4. Scheduled pass: every scheduled rule over the whole fleet (target: under a minute).
5. The year of the sample: the lamp rules at one instant per night, and the cycling rule
   once per night, through the year.
6. Notifications: queuing the burst of lamp failures.

    .venv/bin/python bench/rules.py [--days 2] [--sample 100]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]

import psycopg  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from core.migrations import migrate  # noqa: E402 - after the path is set
from registry.seed import seed_angers  # noqa: E402 - after the path is set
from rules import catalogue, notify, store  # noqa: E402 - after the path is set
from rules.engine import run_rule  # noqa: E402 - after the path is set
from rules.model import Territory  # noqa: E402 - after the path is set
from rules.sun import as_multirange, nights  # noqa: E402 - after the path is set

LAMPS = """
INSERT INTO lamp_readings_stored (light_point_id, ts, received_after_ms, power_dw, dimming_pct,
                                  power_state)
SELECT lp.id, ts, 1000,
       round(10 * CASE WHEN ts <@ %(nights)s::tstzmultirange
            THEN lp.nominal_power_w * (1 + lp.ballast_loss_pct / 100.0)
                 * CASE WHEN lp.dimmable AND extract(hour FROM ts) NOT BETWEEN 4 AND 21
                        THEN 0.5 ELSE 1 END * (0.98 + random() * 0.04)
            ELSE 0.4 END),
       CASE WHEN NOT ts <@ %(nights)s::tstzmultirange THEN 0
            WHEN lp.dimmable AND extract(hour FROM ts) NOT BETWEEN 4 AND 21 THEN 50
            ELSE 100 END,
       CASE WHEN ts <@ %(nights)s::tstzmultirange THEN 'on' ELSE 'off' END
FROM light_points_current lp
CROSS JOIN generate_series(%(start)s::timestamptz, %(end)s::timestamptz, interval '10 minutes') ts
WHERE %(sample)s::integer IS NULL OR lp.id <= %(sample)s
ON CONFLICT DO NOTHING
"""
CABINETS = """
INSERT INTO cabinet_readings (cabinet_id, ts, energy_kwh)
SELECT c.id, ts, extract(epoch FROM ts - %(start)s) / 3600.0
FROM control_cabinets c
CROSS JOIN generate_series(%(start)s::timestamptz, %(end)s::timestamptz, interval '10 minutes') ts
"""
METERS = """
INSERT INTO meter_readings (meter_id, ts, value)
SELECT m.id, ts,
       CASE m.quantity
           WHEN 'indoor_temperature' THEN 19 + random()
           WHEN 'electricity' THEN 1000 + extract(epoch FROM ts - %(start)s) / 900.0
           ELSE 2 + random() END
FROM meters m
CROSS JOIN generate_series(%(start)s::timestamptz, %(end)s::timestamptz, interval '15 minutes') ts
WHERE m.reading_kind <> 'cumulative' OR m.quantity = 'electricity'
"""
DARK_CABINET = """
UPDATE lamp_readings_stored r SET power_dw = 5
FROM light_points lp
WHERE lp.id = r.light_point_id AND lp.cabinet_id = (SELECT min(id) FROM control_cabinets)
  AND r.ts >= %(since)s
"""
FLEET = """
SELECT 'light_point', count(*) FROM light_points
UNION ALL SELECT 'cabinet', count(*) FROM control_cabinets
UNION ALL SELECT 'meter', count(*) FROM meters
UNION ALL SELECT 'building', count(*) FROM buildings
UNION ALL SELECT 'fleet', 1
"""
# Each point's latest reading, as the collector keeps it with the readings it writes.
LATEST = """
INSERT INTO lamp_latest
SELECT DISTINCT ON (light_point_id) *
FROM lamp_readings
WHERE ts > %(since)s
ORDER BY light_point_id, ts DESC
"""
DAY_BURNERS = """
UPDATE lamp_readings_stored SET power_dw = 800
WHERE light_point_id BETWEEN 1000 AND 1019 AND ts >= %(since)s AND power_state = 'off'
"""


def timed(label: str, work: object) -> float:
    """Run ``work()`` and print how long it took."""
    started = time.perf_counter()
    work()  # type: ignore[operator]
    seconds = time.perf_counter() - started
    print(f"  {label:<46} {seconds:8.2f} s")
    return seconds


def load(
    conn: psycopg.Connection[tuple[object, ...]], t: Territory, days: int, sample: int
) -> datetime:
    """Readings for the whole fleet over ``days`` and a year for ``sample`` points."""
    end = datetime.now(UTC).replace(second=0, microsecond=0)
    end -= timedelta(minutes=end.minute % 10)
    start = end - timedelta(days=days)
    year = end - timedelta(days=365)
    night_spans = as_multirange(nights(t.latitude, t.longitude, year, end, timedelta(0)))
    fleet = {"nights": night_spans, "start": start, "end": end, "sample": None}
    timed(f"lamp readings, {days} days, whole fleet", lambda: conn.execute(LAMPS, fleet))
    timed(
        f"lamp readings, a year, {sample} points",
        lambda: conn.execute(LAMPS, {**fleet, "start": year, "end": start, "sample": sample}),
    )
    timed("cabinet readings", lambda: conn.execute(CABINETS, {"start": start, "end": end}))
    timed("meter readings", lambda: conn.execute(METERS, {"start": start, "end": end}))
    since = end - timedelta(minutes=30)
    conn.execute(DARK_CABINET, {"since": since})
    conn.execute(DAY_BURNERS, {"since": start})
    timed("latest readings", lambda: conn.execute(LATEST, {"since": start}))
    timed("analyze", lambda: conn.execute("ANALYZE"))
    count = conn.execute("SELECT count(*) FROM lamp_readings").fetchone()
    print(f"  lamp readings stored: {count[0] if count else 0:,}")
    return end


def event_pass(conn: psycopg.Connection[tuple[object, ...]], t: Territory, end: datetime) -> None:
    """Each reading rule over the last 10-minute batch of the whole fleet."""
    print("event-driven pass (one 10-minute batch of the whole fleet):")
    for kind in ("lamp", "meter"):
        for rule in catalogue.reading(kind):
            window = (end - timedelta(minutes=10), end)
            result = run_rule(conn, rule, t, now=end, window=window)
            per = result.duration_ms / max(result.subjects, 1) * 1000
            print(
                f"  {rule.id:<24} {result.duration_ms:7d} ms  {result.subjects:6d} subjects"
                f"  {per:7.1f} µs/subject  {len(result.opened):5d} opened"
            )


def scheduled_pass(
    conn: psycopg.Connection[tuple[object, ...]], t: Territory, end: datetime
) -> None:
    """Every scheduled rule over the whole fleet."""
    print("scheduled pass (whole fleet; whole-fleet rules return only the subjects that fire):")
    fleet = {str(kind): int(str(n)) for kind, n in conn.execute(FLEET).fetchall()}
    total = 0
    for rule in catalogue.scheduled():
        result = run_rule(conn, rule, t, now=end + timedelta(minutes=1))
        total += result.duration_ms
        judged = fleet[rule.subject] if rule.whole_fleet else result.subjects
        per = result.duration_ms / max(judged, 1) * 1000
        print(
            f"  {rule.id:<24} {result.duration_ms:7d} ms  {judged:6d} subjects"
            f"  {per:7.1f} µs/subject  {len(result.opened):5d} opened"
        )
    print(f"  {'whole scheduled pass':<24} {total:7d} ms")


def sample_year(conn: psycopg.Connection[tuple[object, ...]], t: Territory, end: datetime) -> None:
    """The lamp rules at 02:00 UTC and the cycling rule at 10:00 UTC, every day of the year."""
    rules = [catalogue.RULES[r] for r in ("lamp_failure", "power_too_low", "day_burner")]
    runs, started = 0, time.perf_counter()
    first = end.date() - timedelta(days=365)
    for offset in range(360):
        day = datetime.combine(first + timedelta(days=offset), datetime.min.time(), tzinfo=UTC)
        instant = day + timedelta(hours=2)
        for rule in rules:
            run_rule(conn, rule, t, now=instant, window=(instant - timedelta(minutes=10), instant))
        run_rule(conn, catalogue.RULES["cycling_lamp"], t, now=day + timedelta(hours=10))
        runs += len(rules) + 1
    seconds = time.perf_counter() - started
    print(f"sample year: {runs} rule runs in {seconds:.1f} s ({seconds / runs * 1000:.1f} ms/run)")


def main() -> None:
    """Seed, load, break, evaluate, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=2)
    parser.add_argument("--sample", type=int, default=100)
    args = parser.parse_args()
    root = make_root("vigie-bench-rules-")
    server = PostgresServer(root)
    server.start()
    try:
        url = server.create_database("bench")
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            print("setup:")
            timed("seed angers", lambda: seed_angers(conn))
            (territory,) = store.territories(conn, "angers")
            end = load(conn, territory, args.days, args.sample)
            event_pass(conn, territory, end)
            scheduled_pass(conn, territory, end)
            timed(
                "queue notifications of the burst",
                lambda: notify.queue(
                    conn, "alert", notify.Channels(), now=end + timedelta(hours=1)
                ),
            )
            rows = conn.execute(
                "SELECT count(*), count(DISTINCT recipient) FROM notifications"
            ).fetchone()
            alerts = conn.execute("SELECT count(*) FROM alerts").fetchone()
            print(
                f"  {alerts[0] if alerts else 0} alerts -> {rows[0] if rows else 0} notifications"
            )
            sample_year(conn, territory, end)
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
