"""Benchmark of the API's reads of effects when every computation is kept (run by hand).

1. A throw-away PostgreSQL with one territory, 60 actions and, for each, four methods computed
   every day for two years: 175,200 effects, each with its fit, parameters and adjustments.
2. Measures the API's query (``api/sql/effects.sql``, through ``api.store_data.effects``) for
   an action's latest figures, a page of every action's latest, the series of one method, and
   the export of every latest figure and of every computation; each beside a raw read of the
   same rows by the shortest path, and prints both and their ratio (medians).

    .venv/bin/python bench/effects_reads.py [--actions 60] [--days 730] [--runs 7] [--keep]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

# Run as a script, this file's folder comes first on the path: put the repository root there
# instead, and the test servers after it.
ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]

import psycopg  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from api import store_data  # noqa: E402 - after the path is set
from core.migrations import migrate  # noqa: E402 - after the path is set

FIRST = date(2024, 1, 1)
METHODS = (
    "lighting_cabinet_metered",
    "lighting_burning_hours",
    "lighting_difference_in_differences",
    "lighting_nameplate_baseline",
)
TREE = """
WITH t AS (
    INSERT INTO territories (code, name, latitude, longitude)
    VALUES ('bench', 'Bench', 47.47, -0.55) RETURNING id
), p AS (
    INSERT INTO policies (territory_id, code, title) SELECT id, 'P', 'P' FROM t RETURNING id
), m AS (
    INSERT INTO missions (policy_id, code, title) SELECT id, '03', 'Lighting' FROM p RETURNING id
)
INSERT INTO actions (mission_id, code, title)
SELECT m.id, 'A' || lpad(n::text, 3, '0'), 'Renovation ' || n
FROM m, generate_series(1, %(actions)s) AS n
"""
EFFECTS = """
INSERT INTO effects (action_id, method, method_version, baseline_start, baseline_end,
                     reporting_start, reporting_end, counterfactual_kwh, actual_kwh, saved_kwh,
                     saved_kwh_low, saved_kwh_high, saved_pct, saved_pct_low, saved_pct_high,
                     coverage_baseline, coverage_reporting, sufficient, warnings, fit,
                     boundary, ipmvp_option, measured, stipulated, parameters, adjustments,
                     adjustments_kwh, annual_saved_kwh, annual_saved_kwh_low,
                     annual_saved_kwh_high, reliable, headline)
SELECT a.id, m.method, '2.0', %(first)s::date - 400, %(first)s::date - 35, %(first)s::date,
       d::date + 1, 10000, 6000, 4000, 3500, 4500, 40, 35, 45, 0.98, 0.95, true,
       ARRAY['extrapolated_from_measured_units'],
       '{"cv_rmse": 0.08, "autocorrelation": 0.21, "units": 12, "population": 14,
         "measured_share": 0.86, "reporting_burning_hours": 3912.5}',
       'cabinet_meters', 'B', ARRAY['baseline_energy', 'reporting_energy', 'burning_hours'],
       '{}', '{"points_changed": 140, "points_added": 2, "works_start": "2023-11-20"}',
       '[{"id": null, "kind": "points_added", "source": "equipment_history",
          "starts_on": "2024-01-01", "kwh": 812.5, "kwh_per_year": null, "note": "2 points"}]',
       812.5, 5000, 4400, 5600, true, m.method = 'lighting_cabinet_metered'
FROM actions a
CROSS JOIN unnest(%(methods)s::text[]) AS m(method)
CROSS JOIN generate_series(%(first)s::date, %(last)s::date, interval '1 day') AS d
"""


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """The median wall time of ``runs`` calls of ``action``."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _measures(
    conn: psycopg.Connection, territory: int, last: date
) -> dict[str, tuple[Callable[[], object], Callable[[], object]]]:
    """Each read the API makes, with the raw read of the same rows by the shortest path."""
    action = conn.execute("SELECT id FROM actions WHERE code = 'A001'").fetchone()
    assert action is not None
    as_of = last + timedelta(days=1)

    def raw(query: str, params: dict[str, object] | None = None) -> Callable[[], object]:
        return lambda: conn.execute(query.encode(), params or {}).fetchall()

    def ours(**filters: object) -> Callable[[], object]:
        return lambda: store_data.effects(conn, territory, **filters)

    one = {"action_id": action[0], "as_of": as_of}
    return {
        "an action's latest figures (4)": (
            ours(action="A001"),
            raw("SELECT * FROM effects WHERE action_id = %(action_id)s"
                " AND method = ANY(%(methods)s) AND reporting_end = %(as_of)s",
                {**one, "methods": list(METHODS)}),
        ),
        "a page of every action's latest (100)": (
            ours(limit=100),
            raw("SELECT * FROM effects WHERE reporting_end = %(as_of)s LIMIT 100", one),
        ),
        "one method's series, a page (500)": (
            ours(action="A001", method=METHODS[0], history=True, limit=500),
            raw("SELECT * FROM effects WHERE action_id = %(action_id)s AND method = %(method)s"
                " ORDER BY reporting_end LIMIT 500", {**one, "method": METHODS[0]}),
        ),
        "export: every action's latest": (
            ours(limit=10_000_000),
            raw("SELECT * FROM effects WHERE reporting_end = %(as_of)s", one),
        ),
        "export: every computation": (
            ours(history=True, limit=10_000_000),
            raw("SELECT * FROM effects"),
        ),
    }  # fmt: skip


def main() -> None:
    """Start a server, write the effects, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--actions", type=int, default=60, help="Actions with effects.")
    parser.add_argument("--days", type=int, default=730, help="Days of computations kept.")
    parser.add_argument("--runs", type=int, default=7, help="Runs per measure (median).")
    parser.add_argument("--keep", action="store_true", help="Leave the server's files behind.")
    parser.add_argument("--plain", action="store_true", help="PostgreSQL without TimescaleDB.")
    args = parser.parse_args()
    root = make_root("vigie-bench-effects-")
    server = PostgresServer(root, timescaledb=False if args.plain else None)
    server.start()
    try:
        url = server.create_database("bench")
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(TREE.encode(), {"actions": args.actions})
            last = FIRST + timedelta(days=args.days - 1)
            params = {"first": FIRST, "last": last, "methods": list(METHODS)}
            written = conn.execute(EFFECTS.encode(), params).rowcount
            conn.execute("VACUUM ANALYZE effects")
            territory = conn.execute("SELECT id FROM territories").fetchone()
            assert territory is not None
            print(f"{'effects kept':<40} {written:>10,}")
            for label, (read, shortest) in _measures(conn, territory[0], last).items():
                rows = len(read())  # type: ignore[arg-type]
                seconds = median_seconds(read, args.runs)
                floor = median_seconds(shortest, args.runs)
                print(
                    f"{label:<40} {rows:>7,} rows {1000 * seconds:9.2f} ms"
                    f"   raw {1000 * floor:8.2f} ms {seconds / floor:6.1f} x"
                )
    finally:
        server.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
