"""The MQTT side: a persistent MQTT v5 session whose callbacks only hand messages over.

The session survives restarts of the collector and of the broker: a stable client id,
``clean_start=False`` on every connect (paho's default wipes the session on the first connect
of each process) and a Session Expiry longer than the outages to ride out. Messages are
acknowledged by the batch loop after their batch is committed (``manual_ack``), so the broker
keeps redelivering anything not yet stored. The broker sends at most ``receive_maximum``
unacknowledged messages: that bounds the collector's memory while the database is down.
"""

from __future__ import annotations

import logging
import random
import threading
from dataclasses import dataclass, field
from queue import SimpleQueue
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.subscribeoptions import SubscribeOptions

from core.settings import Settings

log = logging.getLogger(__name__)

RECONNECT_MIN_S = 1
RECONNECT_MAX_S = 30
KEEPALIVE_S = 30

Inbox = SimpleQueue[tuple[mqtt.MQTTMessage, int]]


@dataclass
class Link:
    """The state of the broker connection, shared by the network thread and the batch loop."""

    subscription: str
    stop: threading.Event
    generation: int = 0
    connected: bool = False
    failures: int = 0
    fatal: list[BaseException] = field(default_factory=list)


def open_session(
    settings: Settings,
    client_id: str,
    receive_maximum: int,
    inbox: Inbox,
    link: Link,
) -> mqtt.Client:
    """Connect (in the background, retrying) and start paho's network thread."""
    client = mqtt.Client(
        CallbackAPIVersion.VERSION2,
        client_id=client_id,
        protocol=mqtt.MQTTv5,
        manual_ack=True,
    )
    target = settings.mqtt
    if target.username:
        client.username_pw_set(target.username, target.password)
    if target.tls:
        client.tls_set()
    client.reconnect_delay_set(RECONNECT_MIN_S, RECONNECT_MAX_S)
    client.user_data_set(link)
    client.on_connect = _on_connect
    client.on_disconnect = _on_disconnect
    client.on_connect_fail = _on_connect_fail
    client.on_message = _handover(inbox, link)
    properties = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call] # paho leaves it untyped
    properties.SessionExpiryInterval = settings.mqtt_session_expiry_s
    properties.ReceiveMaximum = receive_maximum
    client.connect_async(
        target.host, target.port, KEEPALIVE_S, clean_start=False, properties=properties
    )
    client.loop_start()
    return client


def network_alive(client: mqtt.Client) -> bool:
    """Whether paho's network thread still runs (it dies if a callback ever raises)."""
    return client._thread is not None  # noqa: SLF001 - paho has no public liveness check


def _handover(inbox: Inbox, link: Link) -> Any:  # noqa: ANN401 - paho's callback type
    put = inbox.put

    def on_message(_client: mqtt.Client, _userdata: object, message: mqtt.MQTTMessage) -> None:
        try:
            put((message, link.generation))
        except BaseException as exc:  # noqa: BLE001 - a callback must never raise into paho's thread
            link.fatal.append(exc)
            link.stop.set()

    return on_message


def _on_connect(
    client: mqtt.Client,
    link: Link,
    flags: mqtt.ConnectFlags,
    reason: Any,  # noqa: ANN401 - paho's ReasonCode
    _properties: Properties | None,
) -> None:
    try:
        if reason.is_failure:
            log.warning("broker refused the connection", extra={"reason": str(reason)})
            return
        link.generation += 1
        link.connected = True
        link.failures = 0
        client.subscribe(link.subscription, options=SubscribeOptions(qos=1))
        log.info(
            "connected to broker",
            extra={"session_present": flags.session_present, "subscription": link.subscription},
        )
    except Exception:
        log.exception("connect callback failed")


def _on_disconnect(
    _client: mqtt.Client,
    link: Link,
    _flags: mqtt.DisconnectFlags,
    reason: Any,  # noqa: ANN401 - paho's ReasonCode
    _properties: Properties | None,
) -> None:
    link.connected = False
    if not link.stop.is_set():
        log.warning("disconnected from broker", extra={"reason": str(reason)})
        _jitter(link)


def _on_connect_fail(_client: mqtt.Client, link: Link) -> None:
    link.connected = False
    log.warning("cannot reach broker", extra={"failures": link.failures + 1})
    _jitter(link)


def _jitter(link: Link) -> None:
    """Wait a random part of the current back-off so that collectors do not reconnect together.

    paho then waits its own exponential delay (1 s doubling to 30 s).
    """
    link.failures += 1
    ceiling = min(RECONNECT_MAX_S, RECONNECT_MIN_S * 2 ** min(link.failures, 8))
    link.stop.wait(random.uniform(0, ceiling / 2))
