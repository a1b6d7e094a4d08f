"""Dead letters are bounded: an oversized payload keeps a prefix, size and digest; old ones go."""

from __future__ import annotations

import hashlib

import psycopg
from factories import make_territory
from ingest_helpers import (
    Publisher,
    collector_thread,
    encode,
    lamp_payload,
    make_settings,
    unique_prefix,
    wait_until,
)
from servers import MosquittoServer

from collector import store
from collector.ingest import MAX_PAYLOAD_BYTES
from collector.store import KEPT_PREFIX_BYTES
from collector.topics import Kind, topic_of

Conn = psycopg.Connection[tuple[object, ...]]


def test_an_oversized_payload_keeps_a_prefix_its_size_and_digest(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """A payload over the limit keeps 4 KiB, its size and SHA-256; a small one is kept whole."""
    town = make_territory(db)
    prefix = unique_prefix()
    topic = topic_of(prefix, "testville", Kind.LAMP, town.point_codes[0])
    big = encode(lamp_payload(msgId="big", pad="x" * 262_200))
    small = b"not json"
    assert len(big) > MAX_PAYLOAD_BYTES
    publisher = Publisher(broker.url)
    with collector_thread(make_settings(db_url, broker.url, prefix)):
        publisher.publish_all([(topic, big), (topic, small)])
        wait_until(
            lambda: db.execute("SELECT count(*) FROM dead_letters").fetchone() == (2,),
            what="two dead letters",
        )
    publisher.close()
    rows = db.execute(
        "SELECT error_kind, payload, payload_bytes, payload_sha256 FROM dead_letters ORDER BY id"
    ).fetchall()
    assert rows == [
        ("too_large", big[:KEPT_PREFIX_BYTES], len(big), hashlib.sha256(big).hexdigest()),
        ("json_invalid", small, len(small), hashlib.sha256(small).hexdigest()),
    ]


def test_dead_letters_older_than_the_retention_are_pruned(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """With a 30-day retention, the collector forgets a 40-day-old letter and keeps a 20-day one."""
    make_territory(db)
    for days in (40, 20):
        db.execute(
            "INSERT INTO dead_letters (received_at, topic, payload, error_kind, reason)"
            " VALUES (now() - %s * interval '1 day', 't', 'x', 'schema', 'old')",
            (days,),
        )
    settings = make_settings(db_url, broker.url, unique_prefix(), dead_letter_retention_days=30)
    with collector_thread(settings):
        wait_until(
            lambda: db.execute("SELECT count(*) FROM dead_letters").fetchone() == (1,),
            what="the old letter pruned",
        )
    left = db.execute("SELECT extract(day FROM now() - received_at) FROM dead_letters")
    assert [int(str(d)) for (d,) in left] == [20]


def test_a_kept_prefix_is_never_replayed(db: Conn) -> None:
    """A letter holding only a prefix of its payload is not among the pending ones to replay."""
    db.execute(
        "INSERT INTO dead_letters (topic, payload, error_kind, reason, payload_bytes)"
        " VALUES ('t', 'abc', 'too_large', 'big', 300000), ('t', 'xyz', 'schema', 'bad', 3)"
    )
    pending = store.pending_dead_letters(db, kind=None, after_id=0, limit=10)
    assert [letter.payload for letter in pending] == [b"xyz"]
