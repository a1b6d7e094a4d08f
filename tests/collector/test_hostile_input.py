"""Hostile and broken messages are dead-lettered with their reason; good ones keep flowing."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
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
from servers import MosquittoServer

from collector.ingest import MAX_PAYLOAD_BYTES
from collector.store import KEPT_PREFIX_BYTES
from collector.topics import Kind, topic_of

Conn = psycopg.Connection[tuple[object, ...]]


def _raw(msg_id: str, ts: str, values: str) -> bytes:
    return b'{"msgId": "%s", "ts": "%s", "values": %s}' % (
        msg_id.encode(),
        ts.encode(),
        values.encode(),
    )


def _cases(
    prefix: str, point: str, cabinet: str, other_point: str
) -> list[tuple[str, str, bytes, str]]:
    """(name, topic, payload, expected error kind), at least 25 kinds of bad message."""
    lamp = topic_of(prefix, "testville", Kind.LAMP, point)
    cab = topic_of(prefix, "testville", Kind.CABINET, cabinet)
    elec = topic_of(prefix, "testville", Kind.METER, "testville-B0-ELEC")
    ts = stamp(15)
    future = (datetime.now(UTC) + timedelta(days=1)).isoformat()

    def values(name: str, **v: Any) -> bytes:  # noqa: ANN401 - JSON values
        return encode(lamp_payload(msgId=name, ts=ts, values=v))

    return [
        ("empty", lamp, b"", "empty"),
        ("not utf-8", lamp, b"\xff\xfe{\x00not json", "json_invalid"),
        ("truncated", lamp, b'{"msgId": "t", "ts": ', "json_invalid"),
        ("byte order mark", lamp, b"\xef\xbb\xbf" + values("bom"), "json_invalid"),
        ("array", lamp, b"[1, 2, 3]", "schema"),
        ("scalar", lamp, b"42", "schema"),
        ("null", lamp, b"null", "schema"),
        ("deep nesting", lamp, b"[" * 5000 + b"]" * 5000, "json_invalid"),
        ("oversized", lamp, encode(lamp_payload(msgId="big", pad="x" * 262_200)), "too_large"),
        ("NaN token", lamp, _raw("nan", ts, '{"powerConsumption": NaN}'), "non_finite"),
        ("Infinity token", lamp, _raw("inf", ts, '{"powerConsumption": Infinity}'), "non_finite"),
        ("1e400", lamp, _raw("e400", ts, '{"powerConsumption": 1e400}'), "non_finite"),
        ("NaN string", lamp, values("nans", powerConsumption="NaN"), "type"),
        ("number as string", lamp, values("str", powerConsumption="12.5"), "type"),
        ("bool as number", lamp, values("bool", powerConsumption=True), "type"),
        ("object as number", lamp, values("obj", powerConsumption={"v": 1}), "type"),
        ("unknown field", lamp, values("unk", brightness=3), "unknown_field"),
        ("missing ts", lamp, encode({"msgId": "nots", "values": {}}), "missing_field"),
        (
            "naive ts",
            lamp,
            encode(lamp_payload(msgId="naive", ts="2026-01-01T10:00:00")),
            "ts_naive",
        ),
        (
            "impossible date",
            lamp,
            encode(lamp_payload(msgId="feb30", ts="2024-02-30T00:00:00Z")),
            "ts_invalid",
        ),
        (
            "leap second",
            lamp,
            encode(lamp_payload(msgId="leap", ts="2016-12-31T23:59:60Z")),
            "ts_invalid",
        ),
        (
            "epoch number ts",
            lamp,
            encode(lamp_payload(msgId="epoch", ts=1_700_000_000)),
            "ts_invalid",
        ),
        ("ts in the future", lamp, encode(lamp_payload(msgId="fut", ts=future)), "ts_future"),
        (
            "ts far in the past",
            lamp,
            encode(lamp_payload(msgId="old", ts="2001-01-01T00:00:00Z")),
            "ts_too_old",
        ),
        ("negative power", lamp, values("neg", powerConsumption=-5.0), "out_of_range"),
        ("illuminance above 1", lamp, values("ill", illuminanceLevel=1.5), "out_of_range"),
        ("power state not in the enum", lamp, values("enum", powerState="dim"), "enum"),
        ("NUL in msgId", lamp, encode(lamp_payload(msgId="a\u0000b")), "pattern"),
        (
            "unknown device",
            topic_of(prefix, "testville", Kind.LAMP, "GHOST-1"),
            values("ghost"),
            "unknown_device",
        ),
        (
            "payload id of another device",
            lamp,
            encode(lamp_payload(msgId="spoof", id="testville-P10000")),
            "device_mismatch",
        ),
        (
            "point of another cabinet",
            cab,
            encode({"msgId": "cab", "ts": ts, "points": [{"id": other_point, "values": {}}]}),
            "device_mismatch",
        ),
        ("empty cabinet message", cab, encode({"msgId": "cabempty", "ts": ts}), "schema"),
        (
            "gas value on an electricity meter",
            elec,
            encode({"msgId": "gas", "ts": ts, "values": {"gasEnergyImport": 3.0}}),
            "quantity_mismatch",
        ),
        (
            "two values on a meter",
            elec,
            encode(
                {
                    "msgId": "two",
                    "ts": ts,
                    "values": {"totalActiveEnergyImport": 1.0, "temperature": 20.0},
                }
            ),
            "schema",
        ),
        (
            "unknown asset type",
            f"{prefix}/testville/lighting/lamp/{point}/meas",
            values("asset"),
            "topic_invalid",
        ),
        (
            "SQL in the device code",
            f"{prefix}/testville/lighting/point/P1'; DROP TABLE lamp_readings;--/meas",
            values("sql"),
            "topic_invalid",
        ),
    ]


def test_hostile_messages_are_dead_lettered_and_good_ones_stored(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """Each bad message gives one dead letter with its reason and raw bytes; none is a reading."""
    town = make_territory(db)
    prefix = unique_prefix()
    point, other = town.point_codes[0], town.point_codes[-1]
    cases = _cases(prefix, point, town.cabinet_codes[0], other)
    assert len({kind for *_, kind in cases}) >= 18
    assert len(cases) >= 25
    good_topic = topic_of(prefix, "testville", Kind.LAMP, point)
    messages: list[tuple[str, bytes]] = []
    for i, (_, topic, payload, _) in enumerate(cases):
        messages.append((topic, payload))
        messages.append((good_topic, encode(lamp_payload(ts=stamp(30, second=i)))))
    publisher = Publisher(broker.url)
    with collector_thread(make_settings(db_url, broker.url, prefix)) as result:
        publisher.publish_all(messages)
        wait_until(lambda: _count(db, "dead_letters") >= len(cases), what="dead letters")
        wait_until(lambda: _count(db, "lamp_readings") >= len(cases), what="good readings")
    publisher.close()
    stored = {
        _bytes(payload): (topic, kind, reason)
        for topic, payload, kind, reason in db.execute(
            "SELECT topic, payload, error_kind, reason FROM dead_letters"
        )
    }
    wrong = {
        name: stored.get(_kept(payload))
        for name, _, payload, kind in cases
        if (stored.get(_kept(payload)) or ("", "", ""))[1] != kind
    }
    assert wrong == {}
    assert all(reason for _, _, reason in stored.values())
    assert _count(db, "lamp_readings") == len(cases)
    assert sum(result["metrics"].dead_letters.values()) == len(cases)


def _kept(payload: bytes) -> bytes:
    """What a dead letter keeps of a payload: a prefix of one over the collector's limit."""
    return payload if len(payload) <= MAX_PAYLOAD_BYTES else payload[:KEPT_PREFIX_BYTES]


def _bytes(value: object) -> bytes:
    assert isinstance(value, bytes)
    return value


def _count(db: Conn, table: str) -> int:
    row = db.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - test table names
    assert row is not None
    return int(str(row[0]))


def test_duplicate_keys_in_json_keep_the_last_value() -> None:
    """Duplicate JSON keys are not refused: the last one wins, as the contract documents."""
    from collector.assets import Assets  # noqa: PLC0415 - local to this contract check
    from collector.ingest import Accepted, Window, classify  # noqa: PLC0415 - same

    now = datetime.now(UTC)
    body = _raw("dup", stamp(1), '{"powerConsumption": 1.0, "powerConsumption": 2.0}')
    outcome = classify(
        "p/v1", "p/v1/t/lighting/point/P/meas", body,
        Window.around(now, max_age=timedelta(days=1), max_ahead=timedelta(minutes=5)),
        Assets(points={"P": 1}),
    )  # fmt: skip
    assert isinstance(outcome, Accepted)
    assert outcome.lamps[0][3] == 2.0
    assert json.loads(body)["values"]["powerConsumption"] == 2.0
