"""``vigie api --workers 2``: two processes serve one port, and /metrics sums what both served."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import psycopg
import pytest
from api_world import bearer, make_token, make_world
from prometheus_text import labels, parse_samples
from servers import free_port, wait_for_port

Conn = psycopg.Connection[tuple[object, ...]]
REQUESTS = 60


def workers_of(pid: int) -> set[int]:
    """The worker processes uvicorn started for ``pid`` (not multiprocessing's own helpers)."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == pid and b"spawn_main" in command:
            found.add(int(status.parent.name))
    return found


def environment_of(pid: int) -> dict[str, str]:
    """The environment a process started with."""
    text = Path(f"/proc/{pid}/environ").read_bytes().decode()
    return dict(item.split("=", 1) for item in text.split("\0") if "=" in item)


@pytest.fixture
def two_workers(db_url: str) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``vigie api --workers 2`` on a free port of the loopback."""
    port = free_port()
    env = {
        **os.environ,
        "VIGIE_DATABASE_URL": db_url,
        "VIGIE_TERRITORY": "testville",
        "VIGIE_LOG_LEVEL": "WARNING",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "vigie", "api", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, timeout=60)
        yield f"http://127.0.0.1:{port}", process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


def test_two_workers_serve_and_their_metrics_are_summed(
    db: Conn, two_workers: tuple[str, subprocess.Popen[bytes]]
) -> None:
    """Requests on fresh connections reach both workers; every /metrics answer counts them all."""
    make_world(db)
    token = bearer(make_token(db, "viewer"))
    base, process = two_workers
    deadline = time.monotonic() + 30
    while len(workers := workers_of(process.pid)) < 2:
        assert time.monotonic() < deadline, "two worker processes did not start"
        time.sleep(0.1)
    metrics_dir = Path(environment_of(min(workers))["PROMETHEUS_MULTIPROC_DIR"])
    for _ in range(REQUESTS):
        with httpx.Client(base_url=base, timeout=30) as client:  # a connection each
            assert client.get("/v1/policy", headers=token).status_code == httpx.codes.OK
    served = labels(method="GET", route="/v1/policy", status="200")
    for _ in range(6):  # whichever worker answers /metrics
        with httpx.Client(base_url=base, timeout=30) as client:
            samples = parse_samples(client.get("/metrics").text)
        assert samples["vigie_api_requests_total", served] == REQUESTS
        assert samples["vigie_api_requests_in_flight", labels()] == 0
    counted_by = {int(path.stem.rsplit("_", 1)[1]) for path in metrics_dir.glob("counter_*.db")}
    assert counted_by == workers, "both workers served requests and counted them"
    process.send_signal(signal.SIGINT)
    process.wait(30)
    assert not metrics_dir.exists(), "the metrics' directory outlived the API"
