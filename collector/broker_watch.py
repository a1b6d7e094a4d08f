"""The broker's own count of the messages it dropped (``$SYS``), watched beside the session.

Mosquitto publishes ``$SYS/broker/publish/messages/dropped``: QoS 1 messages it acknowledged
to a publisher and then dropped (a client's queue full, bounded by ``max_queued_messages`` or
``max_queued_bytes``). Devices that do not number their messages leave no hole to find; this
counter still tells that something was lost. A second, light connection (QoS 0, no session)
reads it; a rise is a WARNING, counted, and said on ``/health``. The first value read counts
too: drops while the collector was away are the ones that matter most. A broker that does not
publish it, or an ACL that does not allow it, leaves the count at zero.
"""

from __future__ import annotations

import logging
from typing import Any, Final

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion

from collector.metrics import Metrics
from core.mqtt_tls import mqtt_tls_context
from core.settings import Settings

log = logging.getLogger(__name__)

DROPPED: Final = "$SYS/broker/publish/messages/dropped"


class BrokerWatch:
    """Reads the broker's dropped count into ``metrics`` from a thread of paho's own."""

    def __init__(self, settings: Settings, client_id: str, metrics: Metrics) -> None:
        self.metrics = metrics
        self.last: int | None = None
        target = settings.mqtt
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=f"{client_id}-sys", protocol=mqtt.MQTTv5
        )
        if target.username:
            self.client.username_pw_set(target.username, target.password)
        if target.tls:
            self.client.tls_set_context(mqtt_tls_context(settings))
        self.client.on_connect = self._on_connect
        self.client.on_message = self._on_message
        self.target = target

    def start(self) -> None:
        """Connect in the background; paho reconnects by itself."""
        self.client.connect_async(self.target.host, self.target.port, keepalive=60)
        self.client.loop_start()

    def stop(self) -> None:
        """Disconnect."""
        self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(self, client: mqtt.Client, *_args: Any) -> None:  # noqa: ANN401 - paho's
        client.subscribe(DROPPED, qos=0)

    def _on_message(self, _client: mqtt.Client, _data: object, message: mqtt.MQTTMessage) -> None:
        try:
            total = int(message.payload)
        except ValueError:
            return
        rise = total - (self.last or 0) if self.last is None or total >= self.last else total
        self.last = total
        self.metrics.broker_dropped = total
        if rise > 0:
            self.metrics.losses.record("lost", f"the broker dropped {rise} message(s)")
            log.warning("the broker dropped messages", extra={"dropped": rise, "total": total})
