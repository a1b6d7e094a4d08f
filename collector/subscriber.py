"""The MQTT side: a persistent MQTT v5 session, driven from the collector's one thread.

The session survives restarts of the collector and of the broker: a stable client id,
``clean_start=False`` on every connect (paho's default wipes the session on the first connect
of each process) and a Session Expiry longer than the outages to ride out. Messages are
acknowledged by the batch loop after their batch is committed (``manual_ack``), so the broker
keeps redelivering anything not yet stored. The broker sends at most ``receive_maximum``
unacknowledged messages: that bounds the collector's memory while the database is down.

paho runs in the batch loop's thread (``pump``), not in a thread of its own: acknowledging a
message is then one socket write, with no hand-over between threads, and an exception raised
inside paho reaches the loop instead of silently ending a network thread.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import deque
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion, MQTTErrorCode
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from core.settings import Settings

log = logging.getLogger(__name__)

RECONNECT_MIN_S = 0.5
RECONNECT_MAX_S = 30.0
KEEPALIVE_S = 30


class Session:
    """One client id's persistent session: ``pump`` the network, take ``inbox``, ``ack``."""

    def __init__(
        self,
        settings: Settings,
        client_id: str,
        receive_maximum: int,
        subscription: str,
        stop: threading.Event,
    ) -> None:
        self.inbox: deque[tuple[mqtt.MQTTMessage, int]] = deque()
        self.subscription = subscription
        self.stop = stop
        self.generation = 0
        self.connected = False
        self._open = False
        self._started = False
        self._failures = 0
        self._next_attempt = 0.0
        self.target = settings.mqtt
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5, manual_ack=True
        )
        if self.target.username:
            self.client.username_pw_set(self.target.username, self.target.password)
        if self.target.tls:
            self.client.tls_set()
        self.client.on_connect = self._on_connect
        self.client.on_disconnect = self._on_disconnect
        self.client.on_message = self._on_message
        self._properties = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call] # paho leaves it untyped
        self._properties.SessionExpiryInterval = settings.mqtt_session_expiry_s
        self._properties.ReceiveMaximum = receive_maximum

    def pump(self, timeout: float) -> None:
        """Run the network for up to ``timeout`` s: read, write, keep alive, reconnect."""
        if not self._open and not self._reopen(timeout):
            return
        try:
            rc = self.client.loop(timeout)
        except Exception:
            log.exception("MQTT client failed; reconnecting")
            rc = MQTTErrorCode.MQTT_ERR_UNKNOWN
        if rc != MQTTErrorCode.MQTT_ERR_SUCCESS:
            self._lost(str(rc))

    def ack(self, mid: int, qos: int) -> None:
        """Acknowledge one message of the current connection."""
        self.client.ack(mid, qos)

    def close(self) -> None:
        """Leave the broker; the session and its queue stay there until they expire."""
        if self._open:
            self.client.disconnect()
            self.client.loop(0.1)
        self._open = self.connected = False

    def _reopen(self, timeout: float) -> bool:
        wait = self._next_attempt - time.monotonic()
        if wait > 0:
            self.stop.wait(min(wait, timeout))
            return False
        try:
            if self._started:
                self.client.reconnect()
            else:
                self.client.connect(
                    self.target.host, self.target.port, KEEPALIVE_S,
                    clean_start=False, properties=self._properties,
                )  # fmt: skip
                self._started = True
        except OSError as exc:
            self._lost(str(exc))
            return False
        self._open = True
        return True

    def _lost(self, reason: str) -> None:
        """Schedule the next attempt after a jittered exponential back-off."""
        self._open = self.connected = False
        self._failures += 1
        ceiling = min(RECONNECT_MAX_S, RECONNECT_MIN_S * 2 ** min(self._failures, 10))
        delay = random.uniform(ceiling / 2, ceiling)
        self._next_attempt = time.monotonic() + delay
        if not self.stop.is_set():
            log.warning(
                "broker unreachable", extra={"reason": reason, "retry_in_s": round(delay, 1)}
            )

    def _on_message(
        self, _client: mqtt.Client, _userdata: object, message: mqtt.MQTTMessage
    ) -> None:
        self.inbox.append((message, self.generation))

    def _on_connect(
        self,
        client: mqtt.Client,
        _userdata: object,
        flags: mqtt.ConnectFlags,
        reason: Any,  # noqa: ANN401 - paho's ReasonCode
        _properties: Properties | None,
    ) -> None:
        if reason.is_failure:
            log.warning("broker refused the connection", extra={"reason": str(reason)})
            return
        self.generation += 1
        self.connected = True
        self._failures = 0
        client.subscribe(self.subscription, options=SubscribeOptions(qos=1))
        log.info(
            "connected to broker",
            extra={"session_present": flags.session_present, "subscription": self.subscription},
        )

    def _on_disconnect(
        self,
        _client: mqtt.Client,
        _userdata: object,
        _flags: mqtt.DisconnectFlags,
        reason: Any,  # noqa: ANN401 - paho's ReasonCode
        _properties: Properties | None,
    ) -> None:
        self.connected = False
        if not self.stop.is_set():
            log.warning("disconnected from broker", extra={"reason": str(reason)})
