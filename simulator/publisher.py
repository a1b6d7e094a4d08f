"""The simulator's MQTT client: QoS 1 publishes with a bounded number awaiting the broker."""

from __future__ import annotations

import logging
import threading

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from core.mqtt_tls import mqtt_tls_context
from core.settings import Settings

log = logging.getLogger(__name__)

WINDOW = 2_000


class Publisher:
    """Publish and wait for PUBACKs, never more than ``WINDOW`` outstanding."""

    def __init__(self, settings: Settings, client_id: str) -> None:
        self._slots = threading.BoundedSemaphore(WINDOW)
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5
        )
        target = settings.mqtt
        if target.username:
            self.client.username_pw_set(target.username, target.password)
        if target.tls:
            self.client.tls_set_context(mqtt_tls_context(settings))
        self.client.max_inflight_messages_set(WINDOW)
        self.client.on_publish = self._on_publish
        self.client.reconnect_delay_set(1, 30)
        self.client.connect_async(target.host, target.port, keepalive=30)
        self.client.loop_start()

    def _on_publish(self, *_: object) -> None:
        self._slots.release()

    def publish(self, topic: str, payload: bytes, *, retain: bool = False) -> None:
        """Publish with QoS 1; block while ``WINDOW`` messages await their PUBACK."""
        self._slots.acquire()
        self.client.publish(topic, payload, qos=1, retain=retain)

    def announce(self, topics: list[str]) -> None:
        """Publish a retained birth ("online") on each status topic."""
        for topic in topics:
            self.publish(topic, b'{"state":"online"}', retain=True)

    def flush(self, timeout: float = 60.0) -> None:
        """Wait until the broker acknowledged every message."""
        for _ in range(WINDOW):
            if not self._slots.acquire(timeout=timeout):
                log.warning("broker did not acknowledge every message in time")
                return
        for _ in range(WINDOW):
            self._slots.release()

    def close(self) -> None:
        """Disconnect."""
        self.client.disconnect()
        self.client.loop_stop()
