"""Two collectors in one MQTT v5 shared group, one killed under load: each reading stored once.

Both collectors run as real processes against a broker with the shipped configuration. On
Mosquitto the messages in flight to (and queued for) a dead member wait in its persistent session
until it comes back under its own client id, as a supervisor restarts it; the test restarts it so.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from collectorkit import CollectorProcess
from factories import make_territory
from ingest_helpers import Publisher, encode, lamp_payload, stamp, unique_prefix, wait_until
from servers import MosquittoServer, make_root

from collector.topics import Kind, topic_of

log = logging.getLogger(__name__)

PER_POINT = 150
GROUP = "vigie"


@pytest.fixture
def own_broker() -> Iterator[MosquittoServer]:
    """A broker for this test alone, with the shipped persistence and queue settings."""
    root = make_root("vigie-share-mqtt-")
    server = MosquittoServer(root)
    server.start()
    yield server
    server.kill()
    shutil.rmtree(root, ignore_errors=True)


def _messages(prefix: str, codes: list[str]) -> list[tuple[str, bytes]]:
    """``PER_POINT`` readings of every point, ten seconds apart, interleaved across points."""
    return [
        (
            topic_of(prefix, "testville", Kind.LAMP, code),
            encode(lamp_payload(ts=stamp(240, second=k * 10 + i))),
        )
        for k in range(PER_POINT)
        for i, code in enumerate(codes)
    ]


def _stored(db_url: str) -> int:
    with psycopg.connect(db_url) as conn:
        row = conn.execute("SELECT count(*) FROM lamp_readings").fetchone()
    assert row is not None
    return int(row[0])


def _settled(db_url: str, quiet_s: float = 3.0) -> int:
    """The stored count once it has not moved for ``quiet_s`` seconds."""
    last, since = _stored(db_url), 0.0
    while since < quiet_s:
        threading.Event().wait(0.5)
        now = _stored(db_url)
        since = since + 0.5 if now == last else 0.0
        last = now
    return last


def test_shared_group_member_killed_under_load_loses_and_duplicates_nothing(
    db_url: str, own_broker: MosquittoServer, tmp_path: Path
) -> None:
    """SIGKILL one of two shared-group collectors mid-stream; every reading is stored once."""
    with psycopg.connect(db_url, autocommit=True) as conn:
        codes = make_territory(
            conn, districts=4, cabinets_per_district=5, points_per_cabinet=10
        ).point_codes
    prefix = unique_prefix()
    messages = _messages(prefix, codes)
    total = len(messages)
    members = [
        CollectorProcess(
            db_url,
            own_broker.url,
            prefix,
            tmp_path / f"collector-{n}.log",
            client_id=f"vigie-collector-{n}",
            share_group=GROUP,
        )
        for n in (1, 2)
    ]
    survivor, victim = members
    publisher = Publisher(own_broker.url)
    try:
        for member in members:
            member.start()
        wait_until(lambda: all(m.connections() == 1 for m in members), what="both connected")
        sender = threading.Thread(target=publisher.publish_all, args=(messages, 300.0))
        sender.start()
        wait_until(lambda: _stored(db_url) > total // 4, timeout=60, what="a quarter stored")
        victim.kill()
        killed_at = _stored(db_url)
        assert killed_at < total, "the kill came after the stream: make it longer"
        sender.join(300)
        held = total - _settled(db_url)
        log.info("held by the dead member", extra={"killed_at": killed_at, "held": held})
        assert survivor.process is not None
        assert survivor.process.poll() is None
        victim.start()  # under its own client id: its session and what it holds come back
        wait_until(lambda: victim.connections() == 2, what="the victim back")
        wait_until(lambda: _stored(db_url) >= total, timeout=120, what="every reading")
        _settled(db_url)
    finally:
        for member in members:
            member.stop()
        publisher.close()
    with psycopg.connect(db_url) as conn:
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM lamp_readings),"
            " (SELECT count(DISTINCT (light_point_id, ts)) FROM lamp_readings),"
            " (SELECT coalesce(sum(rows), 0) FROM ingest_batches),"
            " (SELECT count(*) FROM dead_letters)"
        ).fetchone()
        by_member: dict[object, object] = dict(
            conn.execute(
                "SELECT collector, sum(rows)::int FROM ingest_batches GROUP BY collector"
            ).fetchall()
        )
    assert counts == (total, total, total, 0)
    assert set(by_member) == {"vigie-collector-1", "vigie-collector-2"}, by_member
