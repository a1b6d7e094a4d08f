"""Benchmark of scopes and policy files on the Angers territory (run by hand, prints figures).

1. Seeds Angers (about 50,000 light points, the policy) in a throw-away PostgreSQL, gives every
   light point one of 40 streets of its district and defines the built-in indicators.
2. Scope kinds: one action per kind on the largest district — the district, the district as of
   a date, a street, a drawn area (a 64-sided polygon around the district's points) and a list
   of 2,000 light points. Times the read every computation makes, the light points of an
   action's treated scope (``action_scope_light_points``), against the raw limit of listing the
   district's light points by their index.
3. Policy files: exports the Angers policy, imports it again (every row unchanged) and into
   the same registry without a policy; against the raw limit of reading the files.

    .venv/bin/python bench/scopes.py [--repeat 30]
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]

import psycopg  # noqa: E402 - after the path is set
from psycopg.types.json import Jsonb  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from aggregation.builtin_indicators import define_builtin_indicators  # noqa: E402 - after the path is set
from core.migrations import migrate  # noqa: E402 - after the path is set
from core.tabular import read_table  # noqa: E402 - after the path is set
from registry.policy_export import export_policy  # noqa: E402 - after the path is set
from registry.policy_files import read_policy_folder  # noqa: E402 - after the path is set
from registry.policy_import import import_policy  # noqa: E402 - after the path is set
from registry.seed import seed_angers  # noqa: E402 - after the path is set

Conn = psycopg.Connection[tuple[object, ...]]
SCOPE = "SELECT count(*) FROM action_scope_light_points WHERE action_id = %s AND role = 'treated'"
RAW = "SELECT count(*) FROM light_points WHERE district_id = %s"
SCOPE_COLUMNS = ("district_id", "in_district_id", "street", "existed_on", "area_id")
INSERT_SCOPE = (
    b"INSERT INTO action_scopes (action_id, district_id, in_district_id, street, existed_on,"
    b" area_id) VALUES (%(action_id)s, %(district_id)s, %(in_district_id)s, %(street)s,"
    b" %(existed_on)s, %(area_id)s)"
)
TRUNCATE_POLICY = (
    b"TRUNCATE indicator_targets, indicators, budget_lines, action_scopes, scope_areas, analyses,"
    b" alert_recipients, actions, missions, policies CASCADE"
)


def median_ms(run: Callable[[], object], repeat: int) -> float:
    """The median wall time of ``run`` over ``repeat`` runs, in milliseconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def _one(conn: Conn, query: str, params: tuple[object, ...] = ()) -> object:
    row = conn.execute(query.encode(), params).fetchone()
    assert row is not None
    return row[0]


def _action(conn: Conn, code: str, mission: object) -> int:
    return int(
        str(
            _one(
                conn,
                "INSERT INTO actions (mission_id, code, title) VALUES (%s, %s, %s) RETURNING id",
                (mission, code, f"Bench {code}"),
            )
        )
    )


def _polygon(conn: Conn, district: object) -> dict[str, object]:
    """A 64-gon around the district's light points (their centre, their farthest distance)."""
    row = conn.execute(
        b"SELECT avg(longitude), avg(latitude), max(greatest(abs(longitude - c.x),"
        b" abs(latitude - c.y))) FROM light_points, LATERAL (SELECT avg(longitude) x,"
        b" avg(latitude) y FROM light_points WHERE district_id = %s) c WHERE district_id = %s",
        (district, district),
    ).fetchone()
    assert row is not None
    x, y, radius = (float(str(v)) for v in row)
    ring = [
        [x + radius * math.cos(2 * math.pi * k / 64), y + radius * math.sin(2 * math.pi * k / 64)]
        for k in range(64)
    ]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


def scopes(conn: Conn, repeat: int) -> None:
    """Each kind of scope on the largest district, against listing its points."""
    district = _one(
        conn, "SELECT district_id FROM light_points GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    )
    mission = _one(conn, "SELECT id FROM missions WHERE code = '03'")
    conn.execute(b"UPDATE light_points SET street = 'Rue ' || (id % 40)")
    territory = _one(conn, "SELECT id FROM territories WHERE code = 'angers'")
    area = _one(
        conn,
        "INSERT INTO scope_areas (territory_id, name, geometry) VALUES (%s, 'bench', %s)"
        " RETURNING id",
        (territory, Jsonb(_polygon(conn, district))),
    )
    kinds: dict[str, int] = {}
    for kind, row in (
        ("district", {"district_id": district}),
        ("district as of 2022-01-01", {"in_district_id": district, "existed_on": "2022-01-01"}),
        ("street", {"in_district_id": district, "street": "Rue 7"}),
        ("drawn area (64 sides)", {"area_id": area}),
    ):
        action = _action(conn, f"BENCH-{len(kinds)}", mission)
        conn.execute(INSERT_SCOPE, dict.fromkeys(SCOPE_COLUMNS) | row | {"action_id": action})
        kinds[kind] = action
    listed = _action(conn, "BENCH-LIST", mission)
    conn.execute(
        b"INSERT INTO action_scopes (action_id, light_point_id)"
        b" SELECT %s, id FROM light_points ORDER BY id LIMIT 2000",
        (listed,),
    )
    kinds["list of 2,000 points"] = listed
    conn.execute(b"ANALYZE")
    points = _one(conn, RAW, (district,))
    raw = median_ms(lambda: conn.execute(RAW.encode(), (district,)).fetchone(), repeat)
    print(f"scopes ({points} light points in the district; raw limit {raw:.2f} ms):")
    for kind, action in kinds.items():
        count = _one(conn, SCOPE, (action,))
        ms = median_ms(lambda a=action: conn.execute(SCOPE.encode(), (a,)).fetchone(), repeat)  # type: ignore[misc]
        print(f"  {kind:<28} {count!s:>6} points  {ms:8.2f} ms  x{ms / raw:6.1f}")


def policy_files(conn: Conn, folder: Path) -> None:
    """Export, import unchanged, import into an empty policy; against reading the files."""
    started = time.perf_counter()
    counts = export_policy(conn, "angers", folder)
    exported = time.perf_counter() - started
    rows = sum(counts.values())
    started = time.perf_counter()
    for path in folder.glob("*.csv"):
        read_table(path)
    read = time.perf_counter() - started
    roundtrip = median_ms(lambda: conn.execute(b"SELECT 1").fetchone(), 200) / 1000
    started = time.perf_counter()
    import_policy(conn, read_policy_folder(folder), skip_invalid=False)
    unchanged = time.perf_counter() - started
    conn.execute(TRUNCATE_POLICY)
    started = time.perf_counter()
    import_policy(conn, read_policy_folder(folder), skip_invalid=False)
    fresh = time.perf_counter() - started
    print(
        f"policy files ({rows} rows; raw limits: reading them {read * 1000:.1f} ms,"
        f" one round trip to the database {roundtrip * 1000:.2f} ms):"
    )
    for label, seconds in (
        ("export", exported),
        ("import, nothing changed", unchanged),
        ("import into an empty policy", fresh),
    ):
        print(
            f"  {label:<28} {seconds * 1000:8.1f} ms  x{seconds / read:6.1f} of reading,"
            f" {seconds / rows / roundtrip:5.1f} round trips a row"
        )


def main() -> None:
    """Seed, measure, print."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    root = make_root("vigie-bench-scopes-")
    server = PostgresServer(root)
    server.start()
    try:
        url = server.create_database("bench")
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            seed_angers(conn)
            define_builtin_indicators(conn, "TI")
            scopes(conn, args.repeat)
            policy_files(conn, root / "policy")
    finally:
        server.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
