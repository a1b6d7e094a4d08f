"""Under load and attack the API sheds at once: 503 with Retry-After at its cap, 429 on guessing."""

from __future__ import annotations

import gc
import logging
import threading
import time

import httpx
import psycopg
import pytest
from api_world import bearer, make_world, running_api, settings_for

Conn = psycopg.Connection[tuple[object, ...]]


def _get_in_thread(url: str, token: str, path: str, answers: list[int]) -> threading.Thread:
    def get() -> None:
        with httpx.Client(base_url=url, timeout=30) as client:
            answers.append(client.get(path, headers=bearer(token)).status_code)

    thread = threading.Thread(target=get)
    thread.start()
    return thread


def _wait_in_flight(client: httpx.Client, count: int) -> None:
    deadline = time.monotonic() + 10
    while client.get("/health").json()["requests_in_flight"] < count:
        assert time.monotonic() < deadline, "the requests never got in flight"
        time.sleep(0.05)


def test_saturated_api_answers_503_with_retry_after_at_once(db: Conn, db_url: str) -> None:
    """Two requests held on a lock fill a cap of 2: the third gets 503 in under 100 ms."""
    token = make_world(db).tokens["viewer"]
    settings = settings_for(db_url, api_max_concurrent=2, api_lock_timeout_ms=10_000)
    answers: list[int] = []
    with (
        running_api(settings) as url,
        httpx.Client(base_url=url, timeout=30) as client,
        psycopg.connect(db_url) as holder,
    ):
        holder.execute("LOCK TABLE policies IN ACCESS EXCLUSIVE MODE")
        held = [_get_in_thread(url, token, "/v1/policy", answers) for _ in range(2)]
        _wait_in_flight(client, 2)
        started = time.perf_counter()
        shed = client.get("/v1/policy", headers=bearer(token))
        elapsed = time.perf_counter() - started
        health = client.get("/health")
        holder.rollback()
        for thread in held:
            thread.join(30)
        after = client.get("/health")
    assert shed.status_code == 503
    assert shed.headers["retry-after"] == "1"
    assert shed.headers["content-type"] == "application/problem+json"
    assert elapsed < 0.1
    assert health.status_code == 503
    assert health.json()["status"] == "saturated"
    assert health.json()["database"]["ok"] is True
    assert answers == [200, 200]
    assert after.json()["status"] in {"ok", "degraded"}


def test_a_lock_wait_ends_at_the_lock_timeout(db: Conn, db_url: str) -> None:
    """A request blocked on a locked table gets a 503 after lock_timeout, not an endless wait."""
    token = make_world(db).tokens["viewer"]
    settings = settings_for(db_url, api_lock_timeout_ms=300)
    with (
        running_api(settings) as url,
        httpx.Client(base_url=url, timeout=30) as client,
        psycopg.connect(db_url) as holder,
    ):
        holder.execute("LOCK TABLE policies IN ACCESS EXCLUSIVE MODE")
        started = time.perf_counter()
        blocked = client.get("/v1/policy", headers=bearer(token))
        elapsed = time.perf_counter() - started
        holder.rollback()
    assert blocked.status_code == 503
    assert blocked.headers["retry-after"] == "1"
    assert "took too long" in blocked.json()["detail"]
    assert elapsed < 2


def test_token_use_is_recorded_without_waiting_for_its_row(db: Conn, db_url: str) -> None:
    """A request whose token row is locked elsewhere is answered at once; its use lands later."""
    token = make_world(db).tokens["viewer"]
    with (
        running_api(settings_for(db_url, api_lock_timeout_ms=5_000)) as url,
        httpx.Client(base_url=url, timeout=30) as client,
        psycopg.connect(db_url) as holder,
    ):
        holder.execute("SELECT 1 FROM api_tokens FOR UPDATE")  # every token's row
        started = time.perf_counter()
        answer = client.get("/v1/policy", headers=bearer(token))
        elapsed = time.perf_counter() - started
        holder.rollback()
        assert answer.status_code == 200
        assert elapsed < 1
        deadline = time.monotonic() + 5
        used = "SELECT count(*) FROM api_tokens WHERE last_used_at IS NOT NULL"
        while db.execute(used).fetchone() == (0,):
            assert time.monotonic() < deadline, "the token's use was never recorded"
            time.sleep(0.05)


def test_token_guessing_is_braked_with_429_and_logged(
    db: Conn, db_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """After the allowed failures a client gets 429 with Retry-After, even with a good token."""
    token = make_world(db).tokens["viewer"]
    caplog.set_level(logging.WARNING, logger="api.limits")
    with (
        running_api(settings_for(db_url, api_auth_failures_per_min=5)) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        guesses = [
            client.get("/v1/policy", headers=bearer(f"vigie_guess{n}")).status_code
            for n in range(8)
        ]
        braked = client.get("/v1/policy", headers=bearer(token))
        health = client.get("/health")
    assert guesses == [401] * 5 + [429] * 3
    assert braked.status_code == 429
    assert int(braked.headers["retry-after"]) > 0
    assert health.status_code in {200, 503}
    warned = [
        r for r in caplog.records if r.getMessage() == "authentication failures over the limit"
    ]
    assert len(warned) == 1
    assert warned[0].client == "127.0.0.1"  # type: ignore[attr-defined]


def test_what_lives_as_long_as_the_api_is_kept_out_of_collections(db_url: str) -> None:
    """Started, the API freezes what is alive (a full collection skips it); stopped, it thaws."""
    with running_api(settings_for(db_url)) as url:
        frozen = gc.get_freeze_count()
        assert httpx.get(f"{url}/health").status_code == 200
    assert frozen > 10_000  # the modules, models and routes
    assert gc.get_freeze_count() == 0
