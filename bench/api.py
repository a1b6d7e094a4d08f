"""Benchmark of the API's main reads on the whole Angers territory with a year of history.

Run by hand; prints p50/p95 per endpoint (figures quoted in docs/performance.md).

1. Seeds Angers (about 50,000 light points, the policy tree) in a throw-away PostgreSQL.
2. A year of daily rollups for every light point (18 M rows), summed into the districts' days
   as the aggregation does; a year of hourly rollups for 50 light points; the built-in
   indicators and their daily values for the year; one effect per action; 20,000 alerts
   routed to the pilots.
3. Serves the API with ``vigie api`` in its own process and loads it over loopback from
   ``--clients`` threads; latencies are measured by the clients, connection reuse included.

    .venv/bin/python bench/api.py [--clients 4] [--requests 300] [--period day] [--keep]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

# Run as a script, this file's folder comes first on the path: put the repository root there
# instead, and the test servers after it.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]

import httpx  # noqa: E402 - after the path is set
import psycopg  # noqa: E402 - after the path is set
from servers import PostgresServer, free_port, make_root, wait_for_port  # noqa: E402 - after the path is set

from aggregation import store as aggregation_store  # noqa: E402 - after the path is set
from aggregation.builtin_indicators import define_builtin_indicators  # noqa: E402 - after the path is set
from api import store as api_store  # noqa: E402 - after the path is set
from api.tokens import display_prefix, hash_token, new_token  # noqa: E402 - after the path is set
from core.migrations import migrate  # noqa: E402 - after the path is set
from registry.seed import seed_angers  # noqa: E402 - after the path is set

T = TypeVar("T")
YEAR = 2025
Conn = psycopg.Connection[tuple[object, ...]]

DAILY_ROLLUPS = """
INSERT INTO lamp_rollups_daily (light_point_id, day, energy_wh, coverage)
SELECT lp.id, d::date,
       lp.nominal_power_w * (1 + lp.ballast_loss_pct / 100.0)
           * (12 + 4 * cos(2 * pi() * extract(doy FROM d) / 365.0)),
       0.98
FROM light_points_current lp
CROSS JOIN generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS d
"""
HOURLY_ROLLUPS = """
INSERT INTO lamp_rollups_hourly (light_point_id, hour_start, energy_wh, coverage)
SELECT lp.id, h, CASE WHEN extract(hour FROM h) BETWEEN 7 AND 17 THEN 0 ELSE lp.nominal_power_w END,
       1.0
FROM (SELECT id, nominal_power_w FROM light_points_current ORDER BY id LIMIT 50) lp
CROSS JOIN generate_series(%(first)s::timestamptz, %(last)s::timestamptz, interval '1 hour') h
"""
# Values are written directly (the aggregation's own benchmark measures computing them).
VALUES = """
INSERT INTO indicator_values (indicator_id, period, period_start, value, source, method,
                              method_version, coverage, warnings)
SELECT i.id, %(period)s, d::date, 100 + 10 * sin(extract(doy FROM d) / 58.0), 'computed',
       'bench', '1', 0.97, '{}'
FROM indicators i
CROSS JOIN generate_series(%(first)s::date, %(last)s::date, ('1 ' || %(period)s)::interval) d
ON CONFLICT DO NOTHING
"""
EFFECTS = """
INSERT INTO effects (action_id, method, method_version, baseline_start, baseline_end,
    reporting_start, reporting_end, counterfactual_kwh, actual_kwh, saved_kwh, saved_kwh_low,
    saved_kwh_high, saved_pct, saved_pct_low, saved_pct_high, coverage_baseline,
    coverage_reporting, sufficient, warnings)
SELECT id, 'lighting_burning_hours', '1.0', DATE '2023-01-01', DATE '2024-01-01',
       DATE '2025-01-01', DATE '2026-01-01', 1.0e6, 4.0e5, 6.0e5, 5.5e5, 6.5e5, 60, 55, 65,
       0.97, 0.95, true, '{}'
FROM actions
"""
ALERTS = """
WITH piloted AS (
    SELECT array_agg(id ORDER BY id) AS ids, array_agg(pilot_id ORDER BY id) AS pilots
    FROM actions WHERE pilot_id IS NOT NULL
),
made AS (
    SELECT n, (ARRAY['open', 'acknowledged', 'resolved', 'closed'])[1 + (n / 7) % 4] AS state,
           1 + n % cardinality(p.ids) AS k, p.ids, p.pilots
    FROM generate_series(1, 20000) n CROSS JOIN piloted p
)
INSERT INTO alerts (territory_id, rule_id, domain, subject_kind, subject_id, severity, state,
    summary, group_key, routed_to, routed_via, action_id, first_seen, last_seen,
    acknowledged_at, resolved_at, closed_at)
SELECT t.id, (ARRAY['lamp_power', 'day_burner', 'controller_offline', 'cycling_lamp'])[1 + n % 4],
       'lighting', 'light_point', (SELECT min(id) FROM light_points) + 2 * n,
       (ARRAY['low', 'medium', 'high', 'critical'])[1 + n % 4], state, 'bench alert', 'bench',
       pilots[k], 'action_pilot', ids[k], now() - n * interval '20 minutes',
       now() - n * interval '10 minutes',
       CASE WHEN state <> 'open' THEN now() END,
       CASE WHEN state IN ('resolved', 'closed') THEN now() END,
       CASE WHEN state = 'closed' THEN now() END
FROM made CROSS JOIN territories t
WHERE t.code = 'angers'
"""


def timed(label: str, action: Callable[[], T]) -> T:
    """Run ``action`` and print how long it took."""
    started = time.perf_counter()
    result = action()
    print(f"{label:<58} {time.perf_counter() - started:8.2f} s")
    return result


def _token(conn: Conn, role: str, person_id: int | None = None) -> str:
    token = new_token()
    api_store.insert_token(
        conn,
        token_sha256=hash_token(token),
        prefix=display_prefix(token),
        role=role,
        person_id=person_id,
        label="bench",
        territories=[str(code) for (code,) in conn.execute("SELECT code FROM territories")],
    )
    return token


def role_tokens(conn: Conn) -> dict[str, str]:
    """A token per role the reads are measured as (the pilot's is the first action's pilot)."""
    pilot = int(_one(conn, "SELECT pilot_id FROM actions ORDER BY code LIMIT 1"))
    tokens = {r: _token(conn, r) for r in ("evaluator", "viewer")}
    tokens["pilot"] = _token(conn, "pilot", pilot)
    return tokens


def fill(conn: Conn, period: str) -> None:
    """Angers, a year of rollups, indicator values of ``period``, effects and alerts."""
    seeded = timed("seed Angers", lambda: seed_angers(conn))
    print(f"{'  light points':<58} {seeded.light_points:>10,}")
    fill_history(conn, period)


def fill_history(conn: Conn, period: str) -> None:
    """Angers' year of rollups, indicator values of ``period``, effects and alerts."""
    days = {"first": date(YEAR, 1, 1), "last": date(YEAR, 12, 31)}
    made = timed(
        f"daily rollups of every light point, {YEAR}", lambda: conn.execute(DAILY_ROLLUPS, days)
    )
    print(f"{'  rows':<58} {made.rowcount:>10,}")
    timed("the districts' days, summed by the aggregation", lambda: _districts(conn))
    hours = {"first": f"{YEAR}-01-01T00:00Z", "last": f"{YEAR}-12-31T23:00Z"}
    timed("hourly rollups of 50 light points, a year", lambda: conn.execute(HOURLY_ROLLUPS, hours))
    timed("define the built-in indicators", lambda: define_builtin_indicators(conn, "TI"))
    made = timed(
        f"indicator values by {period}, {YEAR}",
        lambda: conn.execute(VALUES, {"period": period, **days}),
    )
    print(f"{'  values':<58} {made.rowcount:>10,}")
    timed("effects and 20,000 alerts", lambda: (conn.execute(EFFECTS), conn.execute(ALERTS)))
    conn.execute("ANALYZE")


def _districts(conn: Conn) -> int:
    """Sum the year's daily rollups into the districts' days, as the rollup job does."""
    angers = aggregation_store.territories(conn, "angers")[0]
    zone = ZoneInfo(angers.timezone)
    year = aggregation_store.Window(
        datetime(YEAR, 1, 1, tzinfo=zone), datetime(YEAR + 1, 1, 1, tzinfo=zone), frozenset()
    )
    return aggregation_store.recompute_districts(conn, angers, year)


def _one(conn: Conn, query: str, params: tuple[object, ...] = ()) -> str:
    row = conn.execute(query.encode(), params).fetchone()
    assert row is not None
    return str(row[0])


def endpoints(conn: Conn, period: str) -> dict[str, tuple[str, str]]:
    """Name -> (role, path) of the reads measured."""
    indicator = _one(
        conn,
        "SELECT i.code FROM indicators i JOIN indicator_values v ON v.indicator_id = i.id"
        " WHERE v.period = %s GROUP BY i.code ORDER BY count(*) DESC, i.code LIMIT 1",
        (period,),
    )
    action = _one(conn, "SELECT code FROM actions ORDER BY code LIMIT 1")
    point = _one(conn, "SELECT lp.code FROM light_points lp ORDER BY lp.id LIMIT 1")
    district = _one(conn, "SELECT code FROM districts ORDER BY code LIMIT 1")
    year = f"from={YEAR}-01-01&to={YEAR + 1}-01-01"
    instants = f"from={YEAR}-01-01T00:00:00%2B01:00&to={YEAR + 1}-01-01T00:00:00%2B01:00"
    return {
        f"indicator values, a year by {period}": (
            "evaluator",
            f"/v1/indicators/{indicator}/values?period={period}&{year}&limit=366",
        ),
        "effects of an action": ("evaluator", f"/v1/actions/{action}/effects"),
        "open alerts, first page of 100": ("evaluator", "/v1/alerts?state=open&limit=100"),
        "a pilot's alerts, first page of 100": ("pilot", "/v1/alerts?limit=100"),
        "light point daily rollup, a year": (
            "viewer",
            f"/v1/assets/light_point/{point}/rollups?bucket=day&{instants}&limit=366",
        ),
        "light point monthly rollup, a year": (
            "viewer",
            f"/v1/assets/light_point/{point}/rollups?bucket=month&{instants}",
        ),
        "light point hourly rollup, a week": (
            "viewer",
            (
                f"/v1/assets/light_point/{point}/rollups?bucket=hour"
                f"&from={YEAR}-03-02T00:00:00Z&to={YEAR}-03-09T00:00:00Z&limit=200"
            ),
        ),
        "district monthly rollup, a year": (
            "viewer",
            f"/v1/assets/district/{district}/rollups?bucket=month&{instants}",
        ),
        "policy tree": ("viewer", "/v1/policy"),
        "action detail": ("pilot", f"/v1/actions/{action}"),
    }


def load(base: str, token: str, path: str, clients: int, requests: int) -> list[float]:
    """Latencies in ms of ``requests`` GETs of ``path`` from ``clients`` threads, with a token."""
    headers = {"Authorization": f"Bearer {token}"}
    return latencies(base, path, clients, requests, headers=headers)


def latencies(
    base: str,
    path: str,
    clients: int,
    requests: int,
    *,
    headers: dict[str, str] | None = None,
    cookies: dict[str, str] | None = None,
) -> list[float]:
    """Latencies in ms of ``requests`` GETs of ``path`` from ``clients`` threads.

    Each thread's client sends ``headers`` and ``cookies`` with every request.
    """
    found: list[float] = []
    lock = threading.Lock()

    def one() -> None:
        with httpx.Client(base_url=base, headers=headers, cookies=cookies, timeout=120) as http:
            http.get(path).raise_for_status()  # warm the connection and the caches
            mine = []
            for _ in range(requests // clients):
                started = time.perf_counter()
                http.get(path).raise_for_status()
                mine.append((time.perf_counter() - started) * 1000)
            with lock:
                found.extend(mine)

    threads = [threading.Thread(target=one) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return found


def serve(
    url: str, root: Path, extra: dict[str, str] | None = None
) -> tuple[subprocess.Popen[bytes], str]:
    """``vigie api`` of this checkout in its own process, with ``extra`` settings in its env.

    ``PYTHONPATH`` names this checkout, so that the code served is the code measured even when
    the virtualenv's ``vigie`` was installed from another one.
    """
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "VIGIE_DATABASE_URL": url,
        "VIGIE_TERRITORY": "angers",
        "VIGIE_LOG_LEVEL": "WARNING",
        **(extra or {}),
    }
    log = (root / "api.log").open("wb")
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "vigie"), "api", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_port(port, timeout=90)  # a loaded machine takes its time to start two workers
    except TimeoutError:
        process.terminate()
        process.wait(10)
        raise
    return process, f"http://127.0.0.1:{port}"


def main() -> None:
    """Start a server, fill it, serve the API, load it, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=4, help="Concurrent clients.")
    parser.add_argument("--requests", type=int, default=300, help="Requests per endpoint.")
    parser.add_argument(
        "--period", choices=["day", "month"], default="day", help="Indicator values computed."
    )
    parser.add_argument("--keep", action="store_true", help="Leave the server's files behind.")
    args = parser.parse_args()
    root = make_root("vigie-bench-api-")
    server = PostgresServer(root)
    server.start()
    process = None
    try:
        url = server.create_database("bench")
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            fill(conn, args.period)
            tokens = role_tokens(conn)
            measured = endpoints(conn, args.period)
        process, base = serve(url, root)
        print(f"\n{args.clients} clients, {args.requests} requests per endpoint, loopback")
        print(f"{'endpoint':<40} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        for name, (role, path) in measured.items():
            ms = sorted(load(base, tokens[role], path, args.clients, args.requests))
            p95 = ms[int(0.95 * (len(ms) - 1))]
            print(f"{name:<40} {statistics.median(ms):8.1f} {p95:8.1f} {ms[-1]:8.1f}")
    finally:
        if process is not None:
            process.terminate()
            process.wait(10)
        server.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
