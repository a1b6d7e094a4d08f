"""Readings go from the broker through a running collector into the database, exactly once."""

from __future__ import annotations

import json

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

from collector.replays import replay_dead_letters
from collector.service import CollectorOptions, reading_max_age, reading_max_ahead
from collector.topics import Kind, topic_of
from core.database import connect

Conn = psycopg.Connection[tuple[object, ...]]


def _count(db: Conn, table: str) -> int:
    row = db.execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608 - test table names
    assert row is not None
    return int(str(row[0]))


def test_every_reading_arrives_exactly_once(db: Conn, db_url: str, broker: MosquittoServer) -> None:
    """Lamp, cabinet and meter messages, some sent twice, give one row per reading and a NOTIFY."""
    town = make_territory(db, points_per_cabinet=4)
    prefix = unique_prefix()
    settings = make_settings(db_url, broker.url, prefix)
    messages: list[tuple[str, bytes]] = []
    for i, code in enumerate(town.point_codes):
        for k in range(10):
            body = encode(lamp_payload(ts=stamp(60, second=i * 100 + k)))
            messages.append((topic_of(prefix, "testville", Kind.LAMP, code), body))
    cabinet = town.cabinet_codes[0]
    points = [c for c in town.point_codes if c.startswith("testville-P00")]
    for k in range(5):
        body = encode(
            {
                "msgId": f"cab-{k}",
                "ts": stamp(30, second=k),
                "values": {"energyConsumed": 100.0 + k, "totalActivePower": 240.0},
                "points": [{"id": p, "values": {"powerConsumption": 55.0}} for p in points],
            }
        )
        messages.append((topic_of(prefix, "testville", Kind.CABINET, cabinet), body))
    meter = next(c for c in town.meter_codes if c.endswith("ELEC"))
    for k in range(7):
        body = encode(
            {
                "msgId": f"m{k}",
                "ts": stamp(20, second=k),
                "values": {"totalActiveEnergyImport": 10.0 + k},
            }
        )
        messages.append((topic_of(prefix, "testville", Kind.METER, meter), body))
    duplicated = messages + messages[::7]
    listener = psycopg.connect(db_url, autocommit=True)
    listener.execute("LISTEN vigie_ingest")
    publisher = Publisher(broker.url)
    with collector_thread(settings) as result:
        publisher.publish_all(duplicated)
        expected_lamps = len(town.point_codes) * 10 + 5 * len(points)
        wait_until(lambda: _count(db, "lamp_readings") >= expected_lamps, what="lamp readings")
        wait_until(lambda: _count(db, "meter_readings") >= 7, what="meter readings")
        wait_until(lambda: _count(db, "cabinet_readings") >= 5, what="cabinet readings")
    publisher.close()
    assert _count(db, "lamp_readings") == expected_lamps
    assert _count(db, "cabinet_readings") == 5
    assert _count(db, "meter_readings") == 7
    assert _count(db, "dead_letters") == 0
    stored = db.execute("SELECT sum(rows) FROM ingest_batches").fetchone()
    assert stored == (expected_lamps + 5 + 7,)
    notices = list(listener.notifies(timeout=1.0, stop_after=1))
    assert notices
    assert json.loads(notices[0].payload)["batches"]
    assert result["metrics"].received == len(duplicated)
    listener.close()


def test_lamp_values_are_stored_in_canonical_units(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """IlluminanceLevel becomes a percentage and kWh become Wh in lamp_readings."""
    town = make_territory(db)
    prefix = unique_prefix()
    code = town.point_codes[0]
    publisher = Publisher(broker.url)
    with collector_thread(make_settings(db_url, broker.url, prefix)):
        publisher.publish_all(
            [(topic_of(prefix, "testville", Kind.LAMP, code), encode(lamp_payload()))]
        )
        wait_until(lambda: _count(db, "lamp_readings") == 1)
    publisher.close()
    row = db.execute(
        "SELECT power_state, power_w, dimming_pct, energy_wh FROM lamp_readings"
    ).fetchone()
    assert row == ("on", 42.5, 70, 1_234_500.0)


def test_device_registered_later_is_stored_after_refresh_and_replay(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """An unknown point is dead-lettered; once registered it is stored; replay stores the old."""
    town = make_territory(db)
    prefix = unique_prefix()
    settings = make_settings(db_url, broker.url, prefix)
    topic = topic_of(prefix, "testville", Kind.LAMP, "NEW-POINT-1")
    publisher = Publisher(broker.url)
    options = CollectorOptions(metrics_port=None, registry_refresh_s=0.0)
    with collector_thread(settings, options):
        publisher.publish_all([(topic, encode(lamp_payload(ts=stamp(5))))])
        wait_until(lambda: _count(db, "dead_letters") == 1)
        db.execute(
            "INSERT INTO light_points (code, district_id, latitude, longitude)"
            " VALUES ('NEW-POINT-1', %s, 47.47, -0.55)",
            (town.district_ids[0],),
        )
        publisher.publish_all([(topic, encode(lamp_payload(ts=stamp(4))))])
        wait_until(lambda: _count(db, "lamp_readings") == 1)
    publisher.close()
    assert db.execute("SELECT error_kind FROM dead_letters").fetchall() == [("unknown_device",)]
    with connect(db_url) as conn:
        result = replay_dead_letters(
            conn,
            prefix=prefix,
            territory="testville",
            collector="t",
            max_age=reading_max_age(settings),
            max_ahead=reading_max_ahead(settings),
        )
    assert (result.stored, result.inserted_rows) == (1, 1)
    assert _count(db, "lamp_readings") == 2
    pending = db.execute("SELECT count(*) FROM dead_letters WHERE replayed_at IS NULL").fetchone()
    assert pending == (0,)
