"""Helpers of tests through the broker: payloads, a publisher, a collector and a rules worker."""

from __future__ import annotations

import itertools
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from collector.metrics import Metrics
from collector.service import CollectorOptions, run_collector
from core.settings import Settings
from rules.worker import Worker

_prefixes = itertools.count()


def unique_prefix() -> str:
    """A topic prefix no other test uses, so that tests sharing a broker never mix."""
    return f"t{next(_prefixes)}{uuid.uuid4().hex[:6]}/v1"


def make_settings(db_url: str, mqtt_url: str, prefix: str, **overrides: Any) -> Settings:  # noqa: ANN401 - settings fields
    """Settings for one test's collector."""
    values: dict[str, Any] = {
        "database_url": db_url,
        "mqtt_url": mqtt_url,
        "mqtt_topic_prefix": prefix,
        "mqtt_client_id": f"collector-{prefix.split('/', maxsplit=1)[0]}",
        "territory": "testville",
        "batch_max_rows": 500,
        "batch_max_delay_ms": 50,
        **overrides,
    }
    return Settings(**values)


def stamp(minutes_ago: float = 10.0, second: int = 0) -> str:
    """An ISO timestamp ``minutes_ago`` before now, plus ``second`` seconds."""
    ts = datetime.now(UTC).replace(microsecond=0) - timedelta(minutes=minutes_ago)
    return (ts + timedelta(seconds=second)).isoformat()


def lamp_payload(**overrides: Any) -> dict[str, Any]:  # noqa: ANN401 - JSON values
    """A valid light-point message; ``values`` can be overridden as a whole."""
    payload: dict[str, Any] = {
        "msgId": uuid.uuid4().hex,
        "ts": stamp(),
        "values": {
            "powerState": "on",
            "powerConsumption": 42.5,
            "illuminanceLevel": 0.7,
            "totalActiveEnergyImport": 1234.5,
            "lampOperatingHours": 10_000.0,
            "lampSwitchCounter": 3_000,
        },
    }
    payload.update(overrides)
    return payload


def encode(payload: dict[str, Any]) -> bytes:
    """The JSON bytes of a payload."""
    return json.dumps(payload).encode()


class Publisher:
    """A QoS 1 publisher that waits for the broker's PUBACK of every message."""

    def __init__(self, mqtt_url: str, client_id: str | None = None) -> None:
        port = int(mqtt_url.rsplit(":", 1)[1])
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2,
            client_id=client_id or f"pub-{uuid.uuid4().hex[:8]}",
            protocol=mqtt.MQTTv5,
        )
        self.client.max_inflight_messages_set(1000)
        self.client.connect("127.0.0.1", port)
        self.client.loop_start()

    def publish(self, topic: str, payload: bytes, qos: int = 1) -> mqtt.MQTTMessageInfo:
        """Publish one message (not waiting)."""
        return self.client.publish(topic, payload, qos=qos)

    def publish_all(self, messages: list[tuple[str, bytes]], timeout: float = 30.0) -> None:
        """Publish every message and wait until the broker acknowledged each one."""
        infos = [self.publish(topic, payload) for topic, payload in messages]
        for info in infos:
            info.wait_for_publish(timeout)

    def close(self) -> None:
        """Disconnect."""
        self.client.disconnect()
        self.client.loop_stop()


@contextmanager
def collector_thread(
    settings: Settings, options: CollectorOptions | None = None
) -> Iterator[dict[str, Metrics]]:
    """Run a collector in a thread for the block; the dict holds its metrics once stopped."""
    stop = threading.Event()
    result: dict[str, Metrics] = {}
    errors: list[BaseException] = []

    def target() -> None:
        try:
            result["metrics"] = run_collector(
                settings, stop, options or CollectorOptions(metrics_port=None)
            )
        except BaseException as exc:  # noqa: BLE001 - reported by the test below
            errors.append(exc)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    try:
        time.sleep(0.5)
        yield result
    finally:
        stop.set()
        thread.join(30)
    assert not errors, errors


def wait_until(condition: Callable[[], bool], timeout: float = 20.0, what: str = "") -> None:
    """Poll ``condition`` until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what or condition}")


@contextmanager
def worker_listening(settings: Settings) -> Iterator[Worker]:
    """The worker's event path (LISTEN vigie_ingest, catch-up cursor) in a thread."""
    worker = Worker(settings, poll_s=0.5)
    thread = threading.Thread(target=worker._listen, daemon=True)
    thread.start()
    try:
        yield worker
    finally:
        worker.stop()
        thread.join(10)
        worker.pool.close()
