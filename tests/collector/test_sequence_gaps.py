"""Loss upstream is seen: holes in devices' message numbers are recorded, counted and alerted."""

from __future__ import annotations

import json
import logging
import shutil
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from factories import make_territory
from ingest_helpers import (
    Publisher,
    collector_thread,
    encode,
    lamp_payload,
    make_settings,
    stamp,
    unique_prefix,
    wait_until,
)
from prometheus_text import labels, parse_samples
from servers import MosquittoServer, free_port, make_root

from collector.sequences import Gap, gaps
from collector.service import CollectorOptions
from collector.topics import Kind, topic_of
from rules.catalogue import RULES
from rules.engine import run_rule
from rules.store import territories

Conn = psycopg.Connection[tuple[object, ...]]


def test_gaps_skip_redeliveries_and_restarted_counts() -> None:
    """A hole is a gap; a repeat or a late number is nothing; 0 or a big drop restarts."""
    lamp = ("lamp", 1)
    found, newest = gaps({lamp: [5, 3, 9, 10, 10]}, {lamp: 4})
    assert found == [Gap("lamp", 1, 5, 9)]
    assert found[0].missing == 3
    assert newest == {lamp: 10}
    assert gaps({lamp: [0, 1, 2]}, {lamp: 50}) == ([], {lamp: 2})
    assert gaps({lamp: [7]}, {lamp: 5_000}) == ([], {lamp: 7})
    assert gaps({lamp: [3]}, {}) == ([], {lamp: 3})
    assert gaps({lamp: [2, 3]}, {lamp: 3}) == ([], {})


@pytest.fixture
def small_queue_broker() -> Iterator[MosquittoServer]:
    """A broker that queues at most 5 messages for a client that is away, and drops the rest."""
    root = make_root("vigie-mqtt-drop-")
    server = MosquittoServer(root, extra_config="max_queued_messages 5\nsys_interval 1\n")
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


def _health(port: int) -> dict[str, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as answer:
        body: dict[str, str] = json.loads(answer.read())
        return body


def _dropped(port: int, client_id: str) -> float | None:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as answer:
        samples = parse_samples(answer.read().decode())
    return samples.get(("vigie_collector_broker_dropped_messages", labels(collector=client_id)))


def test_a_broker_that_drops_messages_is_seen(
    db: Conn,
    db_url: str,
    small_queue_broker: MosquittoServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """20 numbered messages while the collector is away, 5 queued: 15 missing, named, alerted.

    The broker's own count of dropped messages ($SYS) says 15 too.
    """
    town = make_territory(db)
    point = town.point_codes[0]
    prefix = unique_prefix()
    settings = make_settings(db_url, small_queue_broker.url, prefix)
    topic = topic_of(prefix, "testville", Kind.LAMP, point)

    def numbered(seq: int) -> tuple[str, bytes]:
        return topic, encode(lamp_payload(seq=seq, ts=stamp(60, second=seq)))

    publisher = Publisher(small_queue_broker.url)
    with collector_thread(settings):  # the session is made, and the first number stored
        publisher.publish_all([numbered(1)])
        wait_until(lambda: db.execute("SELECT count(*) FROM lamp_readings").fetchone() == (1,))
    publisher.publish_all([numbered(seq) for seq in range(2, 22)])  # the collector is away
    caplog.set_level(logging.WARNING, logger="collector.batches")
    port = free_port()
    with collector_thread(settings, CollectorOptions(metrics_port=port)) as result:
        wait_until(lambda: db.execute("SELECT count(*) FROM lamp_readings").fetchone() == (6,))
        publisher.publish_all([numbered(22)])
        wait_until(lambda: db.execute("SELECT count(*) FROM sequence_gaps").fetchone() == (1,))
        wait_until(lambda: _dropped(port, settings.mqtt_client_id) == 15, what="$SYS dropped")
        health = _health(port)
    publisher.close()
    assert db.execute("SELECT after_seq, before_seq, missing FROM sequence_gaps").fetchall() == [
        (6, 22, 15)
    ]
    assert result["metrics"].readings_missing == 15
    assert health["upstream"] in {
        "15 message(s) missing from 1 device(s)",
        "the broker dropped 15 message(s)",
    }
    lost = [
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("collector.b") and r.levelno >= logging.WARNING
    ]
    assert sorted(lost) == ["messages lost upstream", "the broker dropped messages"]
    territory = territories(db, "testville")[0]
    run_rule(db, RULES["readings_lost"], territory, now=datetime.now(UTC))
    summary = db.execute("SELECT summary FROM alerts WHERE rule_id = 'readings_lost'").fetchone()
    assert summary == (f"15 messages lost upstream from 1 device(s): {point} (15)",)


def test_a_numbered_message_refused_for_its_time_is_no_hole(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """Numbers 1, 2 (too old, dead-lettered) and 3 arrive: no gap is recorded."""
    town = make_territory(db)
    prefix = unique_prefix()
    topic = topic_of(prefix, "testville", Kind.LAMP, town.point_codes[0])
    messages = [
        (topic, encode(lamp_payload(seq=1, ts=stamp(30)))),
        (topic, encode(lamp_payload(seq=2, ts="2001-01-01T00:00:00Z"))),
        (topic, encode(lamp_payload(seq=3, ts=stamp(20)))),
    ]
    publisher = Publisher(broker.url)
    with collector_thread(make_settings(db_url, broker.url, prefix)):
        publisher.publish_all(messages)
        wait_until(lambda: db.execute("SELECT last_seq FROM device_sequences").fetchone() == (3,))
    publisher.close()
    assert db.execute("SELECT count(*) FROM dead_letters").fetchone() == (1,)
    assert db.execute("SELECT count(*) FROM sequence_gaps").fetchone() == (0,)
