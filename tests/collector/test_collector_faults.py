"""Faults during ingest lose nothing and duplicate nothing.

The collector killed, PostgreSQL stopped, Mosquitto restarted: each test has its own servers and
runs the collector as a real process.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from collectorkit import CollectorProcess
from factories import make_territory
from ingest_helpers import Publisher, encode, lamp_payload, stamp, unique_prefix, wait_until
from servers import MosquittoServer, PostgresServer, make_root

from collector.topics import Kind, topic_of
from core.migrations import migrate

POINTS = 40
PER_POINT = 50
TOTAL = POINTS * PER_POINT


@pytest.fixture
def own_broker() -> Iterator[MosquittoServer]:
    """A broker for one test, which the test may stop, restart or kill."""
    root = make_root("vigie-fault-mqtt-")
    server = MosquittoServer(root)
    server.start()
    yield server
    server.kill()
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def own_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL cluster for one test, which the test may stop and restart."""
    root = make_root("vigie-fault-pg-")
    server = PostgresServer(root)
    server.start()
    yield server
    try:
        server.stop()
    except RuntimeError:
        server.kill()
    shutil.rmtree(root, ignore_errors=True)


def _messages(prefix: str, codes: list[str]) -> list[tuple[str, bytes]]:
    return [
        (
            topic_of(prefix, "testville", Kind.LAMP, code),
            encode(lamp_payload(ts=stamp(120, second=k * 10 + i))),
        )
        for k in range(PER_POINT)
        for i, code in enumerate(codes[:POINTS])
    ]


def _counts(db_url: str) -> tuple[int, int, int]:
    with psycopg.connect(db_url, connect_timeout=2) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM lamp_readings),"
            " (SELECT count(DISTINCT (light_point_id, ts)) FROM lamp_readings),"
            " (SELECT coalesce(sum(rows), 0) FROM ingest_batches)"
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def _stored(db_url: str) -> int:
    try:
        return _counts(db_url)[0]
    except psycopg.OperationalError:
        return -1


def _territory(db_url: str) -> list[str]:
    with psycopg.connect(db_url, autocommit=True) as conn:
        return make_territory(
            conn, districts=4, cabinets_per_district=2, points_per_cabinet=5
        ).point_codes


def _publish_in_background(
    publisher: Publisher, messages: list[tuple[str, bytes]]
) -> threading.Thread:
    thread = threading.Thread(target=publisher.publish_all, args=(messages, 120.0), daemon=True)
    thread.start()
    return thread


def test_collector_killed_mid_stream_loses_and_duplicates_nothing(
    db_url: str, own_broker: MosquittoServer, tmp_path: Path
) -> None:
    """SIGKILL while messages flow; the restarted collector resumes its session: no loss, no dup."""
    prefix = unique_prefix()
    messages = _messages(prefix, _territory(db_url))
    collector = CollectorProcess(db_url, own_broker.url, prefix, tmp_path / "collector.log")
    collector.start()
    publisher = Publisher(own_broker.url)
    try:
        wait_until(lambda: "connected to broker" in collector.log.read_text(), what="collector up")
        sender = _publish_in_background(publisher, messages)
        wait_until(lambda: _stored(db_url) > TOTAL // 4, what="a quarter stored")
        collector.kill()
        assert _stored(db_url) < TOTAL
        sender.join(120)
        collector.start()
        wait_until(lambda: _stored(db_url) >= TOTAL, timeout=60, what="every reading")
    finally:
        collector.stop()
        publisher.close()
    assert _counts(db_url) == (TOTAL, TOTAL, TOTAL)


def test_postgres_stopped_during_ingest_loses_nothing(
    own_postgres: PostgresServer, own_broker: MosquittoServer, tmp_path: Path
) -> None:
    """The database stops mid-stream for a few seconds; the collector waits, then catches up."""
    db_url = own_postgres.create_database("faults")
    migrate(db_url)
    prefix = unique_prefix()
    messages = _messages(prefix, _territory(db_url))
    collector = CollectorProcess(db_url, own_broker.url, prefix, tmp_path / "collector.log")
    collector.start()
    publisher = Publisher(own_broker.url)
    try:
        wait_until(lambda: "connected to broker" in collector.log.read_text(), what="collector up")
        sender = _publish_in_background(publisher, messages)
        wait_until(lambda: _stored(db_url) > TOTAL // 5, what="a fifth stored")
        own_postgres.stop()
        wait_until(lambda: "database unavailable" in collector.log.read_text(), what="retries")
        sender.join(120)
        own_postgres.start()
        wait_until(lambda: _stored(db_url) >= TOTAL, timeout=90, what="every reading")
        assert collector.process is not None
        assert collector.process.poll() is None
    finally:
        collector.stop()
        publisher.close()
    assert _counts(db_url) == (TOTAL, TOTAL, TOTAL)


def test_mosquitto_restarted_during_ingest_loses_nothing(
    db_url: str, own_broker: MosquittoServer, tmp_path: Path
) -> None:
    """The broker restarts (shipped persistence) with messages queued; all of them are stored."""
    prefix = unique_prefix()
    messages = _messages(prefix, _territory(db_url))
    half = len(messages) // 2
    collector = CollectorProcess(db_url, own_broker.url, prefix, tmp_path / "collector.log")
    collector.start()
    try:
        wait_until(lambda: "connected to broker" in collector.log.read_text(), what="collector up")
        collector.stop()  # the session stays on the broker: the first half queues there
        publisher = Publisher(own_broker.url)
        publisher.publish_all(messages[:half])
        publisher.close()
        own_broker.stop()
        own_broker.start()
        collector.start()
        publisher = Publisher(own_broker.url)
        sender = _publish_in_background(publisher, messages[half:])
        wait_until(lambda: _stored(db_url) > half // 2, what="ingest resumed")
        own_broker.stop()  # and once more while messages flow
        own_broker.start()
        sender.join(120)
        publisher.close()
        publisher = Publisher(own_broker.url)
        publisher.publish_all(messages[half:])  # what the publisher could not hand over is resent
        publisher.close()
        wait_until(lambda: _stored(db_url) >= TOTAL, timeout=60, what="every reading")
    finally:
        collector.stop()
    assert _counts(db_url)[:2] == (TOTAL, TOTAL)
