"""Benchmark of the API under bursts: main reads at 50 clients, then 300 requests at once.

Run by hand; prints the figures quoted in docs/performance.md ("API under load").

1. Seeds Angers (about 50,000 light points, the policy tree), one effect per action and
   20,000 alerts routed to the pilots, in a throw-away PostgreSQL.
2. Serves ``vigie api`` in its own processes with the settings the compose stack ships (two
   workers; ``--workers``, ``--max-concurrent``, ``--pool`` to change them).
3. Main reads from ``--clients`` concurrent clients (default 50): p50, p95, max per read.
4. Bursts of ``--burst`` requests sent at once (default 300), with a valid token, from four
   client processes of plain sockets: how many got 200, 503 (with ``Retry-After``) or anything
   else, how fast each kind was answered, and the slowest answer of all, which must stay under
   the API's own timeouts.

    .venv/bin/python bench/api_burst.py [--clients 50] [--burst 300] [--rounds 3] [--keep]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import socket
import statistics
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0:1] = [str(ROOT), str(ROOT / "tests")]

import httpx  # noqa: E402 - after the path is set
import psycopg  # noqa: E402 - after the path is set
from servers import PostgresServer, make_root  # noqa: E402 - after the path is set

from bench.api import ALERTS, EFFECTS, _one, _token, serve, timed  # noqa: E402 - after the path is set
from core.migrations import migrate  # noqa: E402 - after the path is set
from registry.seed import seed_angers  # noqa: E402 - after the path is set

Conn = psycopg.Connection[tuple[object, ...]]
CLIENT_PROCESSES = 4


def reads(conn: Conn) -> dict[str, tuple[str, str]]:
    """Name -> (role, path) of the main reads."""
    action = _one(conn, "SELECT code FROM actions ORDER BY code LIMIT 1")
    return {
        "policy tree": ("viewer", "/v1/policy"),
        "actions, first page": ("viewer", "/v1/actions?limit=100"),
        "action detail": ("pilot", f"/v1/actions/{action}"),
        "effects of an action": ("evaluator", f"/v1/actions/{action}/effects"),
        "open alerts, first page of 100": ("evaluator", "/v1/alerts?state=open&limit=100"),
        "a pilot's alerts, first page of 100": ("pilot", "/v1/alerts?limit=100"),
    }


FAILED: list[str] = []


def _head(head: bytes) -> tuple[int, dict[str, str]]:
    """The status and the headers (names in lower case) of an answer's head."""
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
    return int(lines[0].split()[1]), headers


def _read_answer(sock: socket.socket, pending: bytes) -> tuple[int, bool, bytes]:
    """Read one HTTP/1.1 answer (headers, then ``Content-Length`` bytes) from ``sock``.

    ``pending`` holds bytes already read; returns the status, whether ``Retry-After`` was given,
    and the bytes read past this answer.
    """
    data = pending
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return 0, False, b""
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    status, headers = _head(head)
    length = int(headers.get("content-length", "0"))
    while len(body) < length:
        chunk = sock.recv(max(65536, length - len(body)))
        if not chunk:
            break
        body += chunk
    return status, "retry-after" in headers, body[length:]


def _keepalive_client(port: int, request: bytes, each: int) -> list[tuple[int, float]]:
    """``each`` GETs one after the other on one kept-alive connection: (status, ms) of each."""
    answers = []
    with socket.create_connection(("127.0.0.1", port), timeout=60) as sock:
        pending = b""
        sock.sendall(request)  # warm the connection
        _status, _retry, pending = _read_answer(sock, pending)
        for _ in range(each):
            started = time.perf_counter()
            sock.sendall(request)
            status, _retry, pending = _read_answer(sock, pending)
            answers.append((status, (time.perf_counter() - started) * 1000))
    return answers


def _steady_share(port: int, request: bytes, clients: int, each: int) -> list[tuple[int, float]]:
    """``clients`` kept-alive clients, threads of this process, all started together."""
    with ThreadPoolExecutor(clients) as threads:
        done = threads.map(lambda _n: _keepalive_client(port, request, each), range(clients))
        return [answer for mine in done for answer in mine]


def steady(
    base: str, token: str, path: str, clients: int, each: int
) -> tuple[list[float], Counter[int]]:
    """Latencies in ms of ``each`` GETs of ``path`` by each of ``clients`` clients, statuses.

    Each client keeps its connection and sends its next request when the last is answered.
    The clients are threads of ``CLIENT_PROCESSES`` processes of plain sockets, so that the
    client's own work (a few tens of microseconds per request) does not delay what it times.
    """
    port = int(base.rsplit(":", 1)[1])
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n"
    ).encode()
    shares = [
        clients // CLIENT_PROCESSES + (i < clients % CLIENT_PROCESSES)
        for i in range(CLIENT_PROCESSES)
    ]
    with ProcessPoolExecutor(CLIENT_PROCESSES) as pool:
        done = pool.map(
            _steady_share, *zip(*[(port, request, n, each) for n in shares], strict=True)
        )
        answers = [answer for share in done for answer in share]
    statuses: Counter[int] = Counter(status for status, _ms in answers)
    for status, _ms in answers:
        if status not in {httpx.codes.OK, httpx.codes.SERVICE_UNAVAILABLE}:
            FAILED.append(f"{path}: {status}")
    return [ms for _status, ms in answers], statuses


async def _raw_get(port: int, request: bytes, at: float) -> tuple[int, float, bool]:
    """One GET on a connection of its own, sent at wall-clock ``at``: status, ms, Retry-After.

    The time is taken when the whole answer is in (its headers and ``Content-Length`` bytes).
    """
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        await asyncio.sleep(max(0.0, at - time.time()))
        started = time.perf_counter()
        writer.write(request)
        status, headers = _head(await reader.readuntil(b"\r\n\r\n"))
        await reader.readexactly(int(headers.get("content-length", "0")))
        elapsed = (time.perf_counter() - started) * 1000
    finally:
        writer.close()
    return status, elapsed, "retry-after" in headers


def _burst_share(port: int, request: bytes, count: int, at: float) -> list[tuple[int, float, bool]]:
    """``count`` GETs from one event loop of this process, all sent at ``at``."""

    async def share() -> list[tuple[int, float, bool]]:
        return list(await asyncio.gather(*(_raw_get(port, request, at) for _ in range(count))))

    return asyncio.run(share())


def burst(base: str, token: str, path: str, size: int) -> list[tuple[int, float, bool]]:
    """``size`` GETs of ``path`` sent at once, each on its own connection.

    They come from ``CLIENT_PROCESSES`` processes, each an event loop of plain sockets rather
    than a thread per request, so that the client's own work does not delay the answers it
    times.
    """
    port = int(base.rsplit(":", 1)[1])
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    at = time.time() + 2.0
    shares = [
        size // CLIENT_PROCESSES + (i < size % CLIENT_PROCESSES) for i in range(CLIENT_PROCESSES)
    ]
    with ProcessPoolExecutor(CLIENT_PROCESSES) as pool:
        done = pool.map(_burst_share, *zip(*[(port, request, n, at) for n in shares], strict=True))
        return [answer for share in done for answer in share]


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[int(share * (len(ordered) - 1))] if ordered else float("nan")


def report_bursts(base: str, token: str, size: int, rounds: int) -> None:
    """Print what each round of a burst got."""
    print(f"\n{size} requests at once on /v1/policy, {rounds} rounds")
    print(
        f"{'round':<6} {'200':>5} {'503':>5} {'other':>6} {'503 p95 ms':>11} {'503 max ms':>11}"
        f" {'200 p95 ms':>11} {'max ms':>8} {'Retry-After':>12}"
    )
    for n in range(1, rounds + 1):
        answers = burst(base, token, "/v1/policy", size)
        kinds = Counter(status for status, _ms, _r in answers)
        shed = [ms for status, ms, _r in answers if status == httpx.codes.SERVICE_UNAVAILABLE]
        served = [ms for status, ms, _r in answers if status == httpx.codes.OK]
        retry = all(r for status, _ms, r in answers if status == httpx.codes.SERVICE_UNAVAILABLE)
        other = size - kinds[200] - kinds[503]
        print(
            f"{n:<6} {kinds[200]:>5} {kinds[503]:>5} {other:>6} {percentile(shed, 0.95):>11.1f}"
            f" {max(shed, default=float('nan')):>11.1f} {percentile(served, 0.95):>11.1f}"
            f" {max(ms for _s, ms, _r in answers):>8.1f} {'all' if retry else 'MISSING':>12}"
        )
        time.sleep(1)


def main() -> None:
    """Start a server, fill it, serve the API, load it, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50, help="Clients of the main reads.")
    parser.add_argument("--each", type=int, default=20, help="Requests per client and read.")
    parser.add_argument("--burst", type=int, default=300, help="Requests sent at once.")
    parser.add_argument("--rounds", type=int, default=3, help="Bursts sent.")
    parser.add_argument("--workers", type=int, default=2, help="VIGIE_API_WORKERS.")
    parser.add_argument("--max-concurrent", type=int, help="VIGIE_API_MAX_CONCURRENT.")
    parser.add_argument("--pool", type=int, help="VIGIE_POOL_MAX_SIZE.")
    parser.add_argument("--keep", action="store_true", help="Leave the server's files behind.")
    args = parser.parse_args()
    extra = {"VIGIE_API_WORKERS": str(args.workers)}
    if args.max_concurrent:
        extra["VIGIE_API_MAX_CONCURRENT"] = str(args.max_concurrent)
    if args.pool:
        extra["VIGIE_POOL_MAX_SIZE"] = str(args.pool)
    root = make_root("vigie-bench-burst-")
    server = PostgresServer(root)
    server.start()
    process = None
    try:
        url = server.create_database("bench")
        migrate(url)
        with psycopg.connect(url, autocommit=True) as conn:
            timed("seed Angers", lambda: seed_angers(conn))
            timed(
                "effects and 20,000 alerts", lambda: (conn.execute(EFFECTS), conn.execute(ALERTS))
            )
            # The state autovacuum keeps a live table in: statistics and the visibility map
            # (the alert counts are read from an index alone only where it is set).
            conn.execute("VACUUM ANALYZE")
            pilot = int(_one(conn, "SELECT pilot_id FROM actions ORDER BY code LIMIT 1"))
            tokens = {r: _token(conn, r) for r in ("evaluator", "viewer")}
            tokens["pilot"] = _token(conn, "pilot", pilot)
            measured = reads(conn)
        process, base = serve(url, root, extra)
        print(f"\n{args.clients} clients, {args.each} requests each per read, loopback,")
        print(f"{args.workers} API workers")
        print(f"{'read':<40} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'not 200':>8}")
        for name, (role, path) in measured.items():
            ms, statuses = steady(base, tokens[role], path, args.clients, args.each)
            print(
                f"{name:<40} {statistics.median(ms):8.1f} {percentile(ms, 0.95):8.1f}"
                f" {max(ms):8.1f} {sum(statuses.values()) - statuses[200]:>8}"
            )
        report_bursts(base, tokens["viewer"], args.burst, args.rounds)
        for failure in FAILED[:5]:
            print("unexpected:", failure)
    finally:
        if process is not None:
            process.terminate()
            process.wait(10)
        server.stop()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
