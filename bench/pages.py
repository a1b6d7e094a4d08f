"""Benchmark of the web pages on the whole Angers territory with a year of daily values.

Run by hand; prints p50/p95 per page and its ratio to a raw limit measured in the same run
(figures quoted in docs/performance.md).

1. Seeds Angers (about 50,000 light points, the policy tree, its people) in a throw-away
   PostgreSQL; the built-in indicators with a value for every day of a year; one effect per
   action; 20,000 alerts routed to the pilots (the data of ``bench/api.py``, without the
   rollups, which no page reads).
2. Serves ``vigie api`` in its own process; a pilot and an evaluator sign in by following a
   sign-in link, as a person does.
3. Loads each page over loopback from ``--clients`` threads with the person's session; the raw
   limit is the same server's answer for a static file (the framework, the session-less path
   and the network, nothing of the page's own work).

    .venv/bin/python bench/pages.py [--clients 4] [--requests 200] [--keep]
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import shutil
import statistics
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]

import httpx  # noqa: E402 - after the path is set
import psycopg  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from aggregation.builtin_indicators import define_builtin_indicators  # noqa: E402 - after the path is set
from api.web import store_people  # noqa: E402 - after the path is set
from api.web.links import new_sign_in_link  # noqa: E402 - after the path is set
from core.migrations import migrate  # noqa: E402 - after the path is set
from core.settings import Settings  # noqa: E402 - after the path is set
from registry.seed import seed_angers  # noqa: E402 - after the path is set

Conn = psycopg.Connection[tuple[object, ...]]
FORM_TOKEN = re.compile(r'name="csrf" value="([^"]+)"')


def _bench_api() -> ModuleType:
    """``bench/api.py``, whose data and server this benchmark shares (its name is taken)."""
    spec = importlib.util.spec_from_file_location("bench_api", ROOT / "bench" / "api.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fill(conn: Conn, shared: ModuleType) -> None:
    """Angers, a year of daily indicator values, effects, alerts."""
    seeded = shared.timed("seed Angers", lambda: seed_angers(conn))
    print(f"{'  light points':<58} {seeded.light_points:>10,}")
    shared.timed("define the built-in indicators", lambda: define_builtin_indicators(conn, "TI"))
    days = {"period": "day", "first": f"{shared.YEAR}-01-01", "last": f"{shared.YEAR}-12-31"}
    made = shared.timed(
        f"indicator values by day, {shared.YEAR}", lambda: conn.execute(shared.VALUES, days)
    )
    print(f"{'  values':<58} {made.rowcount:>10,}")
    shared.timed(
        "effects and 20,000 alerts",
        lambda: (conn.execute(shared.EFFECTS), conn.execute(shared.ALERTS)),
    )
    conn.execute("ANALYZE")


def _one(conn: Conn, query: str) -> str:
    row = conn.execute(query.encode()).fetchone()
    assert row is not None
    return str(row[0])


def pages(conn: Conn) -> dict[str, tuple[str, str]]:
    """Name -> (who, path) of the pages measured."""
    action = _one(
        conn,
        "SELECT a.code FROM actions a JOIN action_scope_light_points s ON s.action_id = a.id"
        " GROUP BY a.code ORDER BY count(*) DESC, a.code LIMIT 1",
    )
    mission = _one(conn, "SELECT code FROM missions ORDER BY code DESC LIMIT 1")
    indicator = _one(
        conn,
        "SELECT i.code FROM indicators i JOIN indicator_values v ON v.indicator_id = i.id"
        " GROUP BY i.code ORDER BY count(*) DESC, i.code LIMIT 1",
    )
    alert = _one(conn, "SELECT min(id) FROM alerts WHERE state = 'open'")
    return {
        "inbox (a pilot's live alerts)": ("pilot", "/web/alerts"),
        "inbox (every live alert)": ("evaluator", "/web/alerts"),
        "an alert": ("evaluator", f"/web/alerts/{alert}"),
        "an alert's map": ("evaluator", f"/web/charts/alerts/{alert}/map.svg"),
        "the plan": ("evaluator", "/web/plan"),
        "a mission": ("evaluator", f"/web/missions/{mission}"),
        "an action (largest scope)": ("pilot", f"/web/actions/{action}"),
        "an indicator's chart, a year by day": (
            "evaluator",
            f"/web/charts/indicators/{indicator}.svg",
        ),
        "an action's scope map": ("evaluator", f"/web/charts/actions/{action}/scope.svg"),
        "an action's savings chart": ("evaluator", f"/web/charts/actions/{action}/savings.svg"),
        "reports": ("evaluator", "/web/reports"),
        "download: indicator values (CSV)": (
            "evaluator",
            f"/web/downloads/indicators/{indicator}.csv",
        ),
    }


def sign_in(conn: Conn, base: str, email: str, role: str) -> dict[str, str]:
    """The session cookie of a person who follows a sign-in link and picks ``role``."""
    person = store_people.person_by_email(conn, email)
    assert person is not None
    store_people.grant_role(conn, person.id, role)
    link = new_sign_in_link(conn, Settings(public_api_url=base), person.id)
    with httpx.Client(base_url=base, timeout=60) as client:
        path = "/web/" + link.split("/web/", 1)[1]
        page = client.get(path)
        token = FORM_TOKEN.search(page.text)
        assert token is not None
        answer = client.post(path, data={"role": role, "csrf": token.group(1)})
        assert answer.status_code == 303, answer.text
        return dict(client.cookies)


def _quantiles(ms: list[float]) -> tuple[float, float]:
    ordered = sorted(ms)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main() -> None:
    """Start a server, fill it, serve the API, sign in, load each page, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=4, help="Concurrent clients.")
    parser.add_argument("--requests", type=int, default=200, help="Requests per page.")
    parser.add_argument("--keep", action="store_true", help="Leave the server's files behind.")
    args = parser.parse_args()
    shared = _bench_api()
    root = make_root("vigie-bench-pages-")
    server = PostgresServer(root)
    server.start()
    process = None
    try:
        url = server.create_database("bench")
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            fill(conn, shared)
            measured = pages(conn)
            process, base = shared.serve(url, root)
            pilot = _one(
                conn,
                "SELECT p.email FROM actions a JOIN people p ON p.id = a.pilot_id"
                " ORDER BY a.code LIMIT 1",
            )
            lead = _one(conn, "SELECT p.email FROM missions m JOIN people p ON p.id = m.lead_id"
                              " ORDER BY m.code LIMIT 1")  # fmt: skip
            sessions = {
                "pilot": sign_in(conn, base, pilot, "pilot"),
                "evaluator": sign_in(conn, base, lead, "evaluator"),
            }
        floor = shared.latencies(base, "/web/static/vigie.css", args.clients, args.requests)
        floor_p50, floor_p95 = _quantiles(floor)
        print(f"\n{args.clients} clients, {args.requests} requests per page, loopback")
        print(f"raw limit, a static file: p50 {floor_p50:.1f} ms, p95 {floor_p95:.1f} ms")
        print(f"{'page':<40} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95/raw':>8}")
        for name, (who, path) in measured.items():
            ms = shared.latencies(base, path, args.clients, args.requests, cookies=sessions[who])
            p50, p95 = _quantiles(ms)
            print(f"{name:<40} {p50:8.1f} {p95:8.1f} {max(ms):8.1f} {p95 / floor_p95:8.1f}")
    finally:
        if process is not None:
            process.terminate()
            process.wait(10)
        server.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
