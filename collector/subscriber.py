"""The MQTT side: a persistent MQTT v5 session, driven from the collector's one thread.

The session survives restarts of the collector and of the broker: a stable client id, never
Clean Start, and a Session Expiry longer than the outages to ride out. Messages are
acknowledged by the batch loop after their batch is committed, all the PUBACKs of a batch in
one write, so the broker keeps redelivering anything not yet stored. The broker sends at most
``receive_maximum`` unacknowledged messages: that bounds the collector's memory while the
database is down.

The session runs in the batch loop's thread (``pump``): reading the socket, cutting it into
messages (``collector.mqtt_packets``), keeping the connection alive and reconnecting with a
jittered back-off. Any failure of the connection, including bytes that are not MQTT, ends
that connection and starts the back-off; it never ends the loop. A broker that refuses the
connection or the subscription is retried the same way, and logged, so that a collector never
runs connected but subscribed to nothing.
"""

from __future__ import annotations

import logging
import random
import select
import socket
import ssl
import threading
import time
from collections import deque

from collector.metrics import SessionEvents
from collector.mqtt_packets import (
    CONNACK,
    DISCONNECT,
    DISCONNECT_PACKET,
    PINGREQ_PACKET,
    PINGRESP,
    SERVER_KEEP_ALIVE,
    SUBACK,
    Message,
    Packet,
    PacketReader,
    ProtocolError,
    connect_packet,
    parse_connack,
    parse_disconnect,
    parse_suback,
    puback_packets,
    subscribe_packet,
)
from collector.reason_codes import ReasonCode, reason_name
from core.mqtt_tls import mqtt_tls_context
from core.settings import Settings

log = logging.getLogger(__name__)

RECONNECT_MIN_S = 0.5
RECONNECT_MAX_S = 30.0
KEEPALIVE_S = 30
SOCKET_TIMEOUT_S = 10.0
CLOSE_WAIT_S = 1.0
READ_BYTES = 256 * 1024


class ConnectionLost(Exception):  # noqa: N818 - the event, as ConnectionError names it
    """The connection to the broker cannot go on; the session reconnects."""


class Session:
    """One client id's persistent session: ``pump`` the network, take ``inbox``, ``ack``."""

    def __init__(  # noqa: PLR0913 - the session's identity, window, topic, stop and its record
        self,
        settings: Settings,
        client_id: str,
        receive_maximum: int,
        subscription: str,
        stop: threading.Event,
        *,
        events: SessionEvents | None = None,
    ) -> None:
        self.inbox: deque[Message] = deque()
        self.events = events or SessionEvents()
        self._had_session = False
        self.subscription = subscription
        self.stop = stop
        self.generation = 0
        self.connected = False
        self.target = settings.mqtt
        self._tls = mqtt_tls_context(settings) if self.target.tls else None
        self._connect = connect_packet(
            client_id,
            keepalive_s=KEEPALIVE_S,
            session_expiry_s=settings.mqtt_session_expiry_s,
            receive_maximum=receive_maximum,
            username=self.target.username,
            password=self.target.password,
        )
        self._inbox_limit = 2 * receive_maximum  # QoS 0 deliveries are not bounded by the broker
        self._sock: socket.socket | None = None
        self._reader = PacketReader()
        self._keepalive = KEEPALIVE_S
        self._last_sent = self._last_heard = 0.0
        self._failures = 0
        self._next_attempt = 0.0

    def pump(self, timeout: float) -> None:
        """Run the network for up to ``timeout`` s: read, keep alive, reconnect."""
        if self._sock is None and not self._open(timeout):
            return
        try:
            if len(self.inbox) < self._inbox_limit:
                self._read(timeout)
            else:  # the socket waits (TCP holds the broker) until the batch loop takes messages
                self.stop.wait(min(timeout, 0.05))
                self._last_heard = time.monotonic()
            self._keep_alive()
        except (OSError, ProtocolError, ConnectionLost) as exc:
            self._lost(str(exc) or type(exc).__name__)

    def ack(self, mids: list[int]) -> None:
        """Acknowledge messages of the current connection, in the order they arrived."""
        if not mids or self._sock is None:
            return
        try:
            self._send(puback_packets(mids))
        except OSError as exc:
            self._lost(str(exc) or type(exc).__name__)

    def close(self) -> None:
        """Leave the broker; the session and its queue stay there until they expire.

        After DISCONNECT the broker closes the connection; reading until it has (at most
        ``CLOSE_WAIT_S``) means no unread byte makes our close a reset, which could make the
        broker drop the acknowledgements just sent.
        """
        if self._sock is not None:
            try:
                self._send(DISCONNECT_PACKET)
                self._sock.settimeout(CLOSE_WAIT_S)
                while self._sock.recv(READ_BYTES):
                    pass
            except OSError:
                log.debug("the broker was gone before DISCONNECT")
            self._drop()

    def _open(self, timeout: float) -> bool:
        wait = self._next_attempt - time.monotonic()
        if wait > 0:
            self.stop.wait(min(wait, timeout))
            return False
        try:
            sock = socket.create_connection(
                (self.target.host, self.target.port), timeout=SOCKET_TIMEOUT_S
            )
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self._tls is not None:
                sock = self._tls.wrap_socket(sock, server_hostname=self.target.host)
            self._sock = sock
            self._keepalive = KEEPALIVE_S
            self._last_heard = time.monotonic()
            self._send(self._connect)
        except ssl.SSLCertVerificationError as exc:
            self._lost(f"the broker's TLS certificate is refused: {exc.verify_message}")
            return False
        except OSError as exc:
            self._lost(str(exc) or type(exc).__name__)
            return False
        return True

    def _read(self, timeout: float) -> None:
        sock = self._sock
        assert sock is not None  # noqa: S101 - pump opened it
        if not (isinstance(sock, ssl.SSLSocket) and sock.pending()):
            readable, _, _ = select.select([sock], [], [], max(0.0, timeout))
            if not readable:
                return
        data = sock.recv(READ_BYTES)
        if not data:
            raise ConnectionLost("the broker closed the connection")
        while isinstance(sock, ssl.SSLSocket) and sock.pending():  # TLS: one record per recv
            data += sock.recv(READ_BYTES)
        self._last_heard = time.monotonic()
        packet = self._reader.feed(data, self.inbox, self.generation)
        while packet is not None:
            self._handle(packet)  # in stream order: what follows a DISCONNECT is not read
            packet = self._reader.feed(b"", self.inbox, self.generation)

    def _handle(self, packet: Packet) -> None:
        if packet.kind == CONNACK:
            self._connected(packet.body)
        elif packet.kind == SUBACK:
            self._subscribed(parse_suback(packet.body))
        elif packet.kind == DISCONNECT:
            code, reason = parse_disconnect(packet.body)
            if code == ReasonCode.SESSION_TAKEN_OVER:
                self._failures = 10  # the next attempt after the longest back-off
                self.events.record("taken_over", "taken over by another client with its id")
                log.error(
                    "another client connected with this collector's client id: give each"
                    " collector its own (vigie collect --client-id, VIGIE_MQTT_CLIENT_ID), and"
                    " bind devices' client ids to their user names on the broker",
                    extra={"subscription": self.subscription},
                )
            raise ConnectionLost(
                f"disconnected by the broker ({reason_name(code)}) {reason}".rstrip()
            )
        elif packet.kind != PINGRESP:
            raise ProtocolError(f"unexpected packet type {packet.kind}")

    def _connected(self, body: bytes) -> None:
        connack = parse_connack(body)
        if connack.refused:
            name = reason_name(connack.reason)
            log.warning("broker refused the connection", extra={"reason_code": name})
            raise ConnectionLost(f"connection refused ({name})")
        keepalive = connack.properties.get(SERVER_KEEP_ALIVE)
        if isinstance(keepalive, int) and keepalive > 0:
            self._keepalive = keepalive
        self._send(subscribe_packet(1, self.subscription))
        extra = {"session_present": connack.session_present, "subscription": self.subscription}
        if connack.session_present:
            log.info("connected to broker", extra=extra)
        elif self._had_session:
            # The broker forgot the session it held (a crash before saving it, an expiry, a
            # takeover): what devices published meanwhile for it is gone.
            self.events.record("lost", "the broker no longer held the session")
            log.warning("connected to broker: the session was lost, messages may be", extra=extra)
        else:
            log.warning(
                "connected to broker without a session: a new one starts (if this client id"
                " ran before, the messages queued for it are lost)",
                extra=extra,
            )
        self._had_session = True

    def _subscribed(self, codes: list[int]) -> None:
        refused = [code for code in codes if code >= 0x80]  # noqa: PLR2004 - MQTT 5.0, 3.9.3
        if refused:
            log.error(
                "the broker refused the subscription",
                extra={"subscription": self.subscription, "reason_code": reason_name(refused[0])},
            )
            raise ConnectionLost(f"subscription refused ({reason_name(refused[0])})")
        if codes == [0]:
            log.warning(
                "the broker granted QoS 0 only: messages in flight when the collector stops"
                " are not redelivered",
                extra={"subscription": self.subscription},
            )
        self.connected = True
        self._failures = 0

    def _keep_alive(self) -> None:
        now = time.monotonic()
        if now - self._last_heard > 1.5 * self._keepalive:
            raise ConnectionLost("no answer from the broker within the keep-alive")
        if now - self._last_sent >= self._keepalive / 2:
            self._send(PINGREQ_PACKET)

    def _send(self, data: bytes) -> None:
        assert self._sock is not None  # noqa: S101 - only called while connected
        self._sock.sendall(data)
        self._last_sent = time.monotonic()

    def _drop(self) -> None:
        if self._sock is not None:
            try:
                self._sock.close()
            except OSError:
                log.debug("closing the broker socket failed")
        self._sock = None
        self._reader.clear()
        self.connected = False
        # Messages of the connection just closed are never acknowledged on the next one.
        self.generation += 1

    def _lost(self, reason: str) -> None:
        """Close the connection; schedule the next attempt after a jittered back-off."""
        was_connected = self.connected
        self._drop()
        self._failures += 1
        ceiling = min(RECONNECT_MAX_S, RECONNECT_MIN_S * 2 ** min(self._failures, 10))
        delay = random.uniform(ceiling / 2, ceiling)
        self._next_attempt = time.monotonic() + delay
        if not self.stop.is_set():
            log.warning(
                "disconnected from broker" if was_connected else "broker unreachable",
                extra={"reason": reason, "retry_in_s": round(delay, 1)},
            )
