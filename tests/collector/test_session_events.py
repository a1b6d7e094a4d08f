"""The collector says when its broker session is taken over or lost: WARNING, /health, a metric."""

from __future__ import annotations

import json
import logging
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator

import paho.mqtt.client as mqtt
import psycopg
import pytest
from factories import make_territory
from ingest_helpers import collector_thread, make_settings, unique_prefix, wait_until
from paho.mqtt.enums import CallbackAPIVersion
from prometheus_text import labels, parse_samples
from servers import MosquittoServer, free_port, make_root

from collector.service import CollectorOptions

Conn = psycopg.Connection[tuple[object, ...]]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - http on loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


@pytest.fixture
def own_broker() -> Iterator[MosquittoServer]:
    """A broker of the test's own, to be crashed and wiped."""
    root = make_root("vigie-mqtt-lost-")
    server = MosquittoServer(root)
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


def _event(metrics_url: str, client_id: str, event: str) -> float | None:
    samples = parse_samples(_get(f"{metrics_url}/metrics")[1])
    key = labels(collector=client_id) | {("event", event)}
    return samples.get(("vigie_collector_mqtt_session_events_total", key))


def test_a_taken_over_session_degrades_health_and_counts(
    db: Conn, db_url: str, broker: MosquittoServer
) -> None:
    """Another client with the collector's id: /health 503 saying so, and a metric.

    A broker that says so (DISCONNECT 0x8E) counts ``taken_over``; Mosquitto 2.0.11 only closes
    the connection, and the intruder's clean start wiped the session: the collector finds it
    gone when it reconnects, and counts ``lost``.
    """
    make_territory(db)
    prefix = unique_prefix()
    settings = make_settings(db_url, broker.url, prefix)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with collector_thread(settings, CollectorOptions(metrics_port=port)):
        wait_until(lambda: _get(f"{url}/health")[0] == 200, what="a healthy collector")
        intruder = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=settings.mqtt_client_id, protocol=mqtt.MQTTv5
        )
        intruder.connect("127.0.0.1", broker.port)
        intruder.loop_start()
        wait_until(
            lambda: json.loads(_get(f"{url}/health")[1])["session"] != "ok",
            timeout=30,
            what="the session event said",
        )
        status, body = _get(f"{url}/health")
        events = [_event(url, settings.mqtt_client_id, e) or 0 for e in ("taken_over", "lost")]
        intruder.disconnect()
        intruder.loop_stop()
    assert status == 503
    assert json.loads(body)["session"] in {
        "taken over by another client with its id",
        "the broker no longer held the session",
    }
    assert sum(events) >= 1


def test_a_session_the_broker_lost_is_a_warning_and_counts(
    db: Conn, db_url: str, own_broker: MosquittoServer, caplog: pytest.LogCaptureFixture
) -> None:
    """A broker crashed and wiped comes back without the session: WARNING, 503, metric 1."""
    make_territory(db)
    settings = make_settings(db_url, own_broker.url, unique_prefix())
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    caplog.set_level(logging.WARNING, logger="collector.subscriber")
    with collector_thread(settings, CollectorOptions(metrics_port=port)):
        wait_until(lambda: _get(f"{url}/health")[0] == 200, what="a healthy collector")
        own_broker.kill()
        (own_broker.root / "mosquitto.db").unlink(missing_ok=True)
        own_broker.start()
        wait_until(
            lambda: _event(url, settings.mqtt_client_id, "lost") == 1,
            timeout=30,
            what="the lost session counted",
        )
        status, body = _get(f"{url}/health")
    assert status == 503
    assert json.loads(body)["session"] == "the broker no longer held the session"
    lost = [r for r in caplog.records if "the session was lost" in r.getMessage()]
    assert [r.levelno for r in lost] == [logging.WARNING]
