"""The collector's /metrics is valid Prometheus text whatever its client id; /health says why."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

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
from prometheus_text import labels, parse_samples
from servers import MosquittoServer, free_port

from collector.service import CollectorOptions

Conn = psycopg.Connection[tuple[object, ...]]
HOSTILE_ID = 'collector "north" \\ 1'


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - http on loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_metrics_parse_with_a_hostile_client_id(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """A client id with quotes and a backslash is escaped; the parsed counters match the input."""
    town = make_territory(db)
    prefix = unique_prefix()
    settings = make_settings(db_url, broker.url, prefix, mqtt_client_id=HOSTILE_ID)
    port = free_port()
    topic = f"{prefix}/testville/lighting/point/{town.point_codes[0]}/meas"
    messages = [(topic, encode(lamp_payload(ts=stamp(30, second=k)))) for k in range(3)]
    messages.append((topic, b"not json"))
    publisher = Publisher(broker.url)
    me = labels(collector=HOSTILE_ID)
    with collector_thread(settings, CollectorOptions(metrics_port=port)):
        url = f"http://127.0.0.1:{port}"
        wait_until(lambda: _get(f"{url}/health")[0] == 200, what="a healthy collector")
        publisher.publish_all(messages)
        wait_until(
            lambda: (
                parse_samples(_get(f"{url}/metrics")[1]).get(
                    ("vigie_collector_messages_received_total", me)
                )
                == 4
            ),
            what="four messages counted",
        )
        samples = parse_samples(_get(f"{url}/metrics")[1])
        health = json.loads(_get(f"{url}/health")[1])
    publisher.close()
    assert samples["vigie_collector_readings_stored_total", me | {("kind", "lamp")}] == 3
    assert samples["vigie_collector_dead_letters_total", me | {("reason", "json_invalid")}] == 1
    assert samples["vigie_collector_up", me | {("dependency", "database")}] == 1
    assert samples["vigie_collector_batch_seconds_count", me] >= 1
    assert health == {"mqtt": "up", "database": "up", "session": "ok", "upstream": "ok"}


def test_health_is_503_naming_the_dependency_that_is_down(db_url: str) -> None:
    """With no broker to reach, /health answers 503 and says MQTT is down."""
    settings = make_settings(db_url, f"mqtt://127.0.0.1:{free_port()}", unique_prefix())
    port = free_port()
    with collector_thread(settings, CollectorOptions(metrics_port=port)):
        status, body = _get(f"http://127.0.0.1:{port}/health")
        missing, _ = _get(f"http://127.0.0.1:{port}/nothing")
    assert status == 503
    assert json.loads(body)["mqtt"] == "down"
    assert missing == 404
