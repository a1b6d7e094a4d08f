"""The collector's MQTT session against real brokers: login, refusals, keep-alive, properties."""

from __future__ import annotations

import contextlib
import logging
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator

import paho.mqtt.client as mqtt
import pytest
from ingest_helpers import Publisher, make_settings, unique_prefix
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from servers import MosquittoServer, make_root

from collector.subscriber import Session

USER, PASSWORD = "collector", "s3cret"


@pytest.fixture
def locked_broker() -> Iterator[MosquittoServer]:
    """A broker that wants a login, lets ``collector`` use ``allowed/#`` only, keeps alive 10 s."""
    root = make_root("vigie-mq-locked-")
    passwords, acl = root / "passwords", root / "acl"
    root.mkdir(parents=True, exist_ok=True)
    passwords.touch()
    subprocess.run(["mosquitto_passwd", "-b", str(passwords), USER, PASSWORD], check=True)
    acl.write_text(f"user {USER}\ntopic readwrite allowed/#\n")
    server = MosquittoServer(
        root,
        extra_config=f"allow_anonymous false\npassword_file {passwords}\nacl_file {acl}\n"
        "max_keepalive 10\n",
    )
    server.start()
    yield server
    server.stop()
    shutil.rmtree(root, ignore_errors=True)


def _session(url: str, subscription: str) -> Session:
    settings = make_settings("postgresql://unused", url, unique_prefix())
    return Session(settings, f"session-{time.monotonic_ns()}", 100, subscription, threading.Event())


def _pump(session: Session, seconds: float) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        session.pump(0.05)


def _url(broker: MosquittoServer, user: str, password: str) -> str:
    return f"mqtt://{user}:{password}@127.0.0.1:{broker.port}"


def test_a_refused_login_is_logged_and_retried_without_ending_the_loop(
    locked_broker: MosquittoServer, caplog: pytest.LogCaptureFixture
) -> None:
    """Bad credentials: the broker's reason is logged, the session backs off and tries again."""
    session = _session(_url(locked_broker, USER, "wrong"), "allowed/#")
    with caplog.at_level(logging.WARNING, logger="collector.subscriber"):
        _pump(session, 2.0)
    assert not session.connected
    refusals = [r for r in caplog.records if r.getMessage() == "broker refused the connection"]
    assert refusals
    # Mosquitto 2.0 answers NOT_AUTHORIZED (0x87) where the standard suggests 0x86
    reason = refusals[0].reason_code  # type: ignore[attr-defined] # set by extra=
    assert reason in {"BAD_USER_NAME_OR_PASSWORD", "NOT_AUTHORIZED"}
    retried = [r for r in caplog.records if r.getMessage() == "broker unreachable"]
    assert retried[0].reason == f"connection refused ({reason})"  # type: ignore[attr-defined]
    assert "connected to broker" not in [r.getMessage() for r in caplog.records]


def test_the_session_keeps_the_brokers_keep_alive_and_reads_properties(
    locked_broker: MosquittoServer,
) -> None:
    """With a 10 s Server Keep Alive (ours is 30 s) the idle session lives on; properties skip."""
    session = _session(_url(locked_broker, USER, PASSWORD), "allowed/#")
    _pump(session, 1.0)
    assert session.connected
    _pump(session, 16.0)  # the broker drops a client silent for 1.5 keep-alives: 15 s
    assert session.connected
    assert session.generation == 0  # the first connection, never dropped
    publisher = mqtt.Client(CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    publisher.username_pw_set(USER, PASSWORD)
    publisher.connect("127.0.0.1", locked_broker.port)
    publisher.loop_start()
    properties = Properties(PacketTypes.PUBLISH)  # type: ignore[no-untyped-call] # paho leaves it untyped
    properties.ContentType = "application/json"
    properties.UserProperty = [("site", "angers"), ("gateway", "gw-12")]
    properties.MessageExpiryInterval = 3600
    publisher.publish("allowed/x", b'{"a": 1}', qos=1, properties=properties).wait_for_publish(5)
    publisher.loop_stop()
    publisher.disconnect()
    _pump(session, 1.0)
    assert [(m.topic, m.payload, m.qos) for m in session.inbox] == [(b"allowed/x", b'{"a": 1}', 1)]
    session.ack([session.inbox[0].mid])
    session.close()


def test_an_unreachable_broker_is_retried_with_back_off() -> None:
    """Nothing listens: the session is not connected and waits before trying again."""
    session = _session("mqtt://127.0.0.1:9", "a/#")
    session.pump(0.1)
    first = session._next_attempt
    session.pump(0.1)
    assert not session.connected
    assert session._next_attempt == first
    assert first > time.monotonic()


class ScriptedBroker:
    """A loopback TCP server answering each connection with the next script's bytes.

    For the broker behaviours Mosquitto does not produce on demand: a refused subscription,
    a DISCONNECT with a reason, a QoS 2 delivery, a QoS 0 grant.
    """

    def __init__(self, scripts: list[bytes]) -> None:
        self.scripts = scripts
        self.received: list[bytes] = []
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        for script in self.scripts:
            conn, _ = self.server.accept()
            with conn:
                conn.settimeout(2)
                self.received.append(conn.recv(65_536))  # CONNECT
                conn.sendall(script[:5])  # CONNACK
                with contextlib.suppress(OSError):
                    self.received.append(conn.recv(65_536))  # SUBSCRIBE
                    conn.sendall(script[5:])
                    while conn.recv(65_536):  # until the client closes the connection
                        pass
        self.server.close()


CONNACK_OK = b"\x20\x03\x00\x00\x00"
SUBACK_QOS1 = b"\x90\x04\x00\x01\x00\x01"


@pytest.mark.parametrize(
    ("script", "logged"),
    [
        (CONNACK_OK + b"\x90\x04\x00\x01\x00\x87", "the broker refused the subscription"),
        (CONNACK_OK + SUBACK_QOS1 + b"\xe0\x02\x8b\x00", "disconnected from broker"),
        (CONNACK_OK + SUBACK_QOS1 + b"\x34\x06\x00\x01a\x00\x01\x00", "disconnected from broker"),
        (CONNACK_OK + SUBACK_QOS1 + b"\x50\x02\x00\x01", "disconnected from broker"),
    ],
    ids=["subscription refused", "server shutting down", "qos 2 delivery", "unexpected pubrec"],
)
def test_broker_misbehaviour_ends_the_connection_never_the_loop(
    script: bytes, logged: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Each is logged, the connection is dropped, and the session connects again after it."""
    broker = ScriptedBroker([script, CONNACK_OK + SUBACK_QOS1])
    session = _session(f"mqtt://127.0.0.1:{broker.port}", "a/#")
    with caplog.at_level(logging.INFO, logger="collector.subscriber"):
        _pump(session, 0.5)
        session._next_attempt = 0.0
        _pump(session, 0.5)
    assert logged in [r.getMessage() for r in caplog.records]
    assert session.connected
    assert session.generation == 1  # the second connection
    assert broker.received[0].startswith(b"\x10")
    assert b"a/#" in broker.received[1]
    assert not session.inbox
    session.close()


def test_a_qos_0_grant_is_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    """A broker capping the subscription at QoS 0 voids redelivery: the collector says so."""
    broker = ScriptedBroker([CONNACK_OK + b"\x90\x04\x00\x01\x00\x00"])
    session = _session(f"mqtt://127.0.0.1:{broker.port}", "a/#")
    with caplog.at_level(logging.WARNING, logger="collector.subscriber"):
        _pump(session, 0.3)
    assert session.connected
    assert any("QoS 0" in r.getMessage() for r in caplog.records)
    session.close()


def test_a_session_taken_over_names_the_client_id_clash(caplog: pytest.LogCaptureFixture) -> None:
    """DISCONNECT 0x8E (EMQX, HiveMQ; Mosquitto 2.0 just closes): two collectors, one id."""
    broker = ScriptedBroker([CONNACK_OK + SUBACK_QOS1 + b"\xe0\x02\x8e\x00"])
    session = _session(f"mqtt://127.0.0.1:{broker.port}", "a/#")
    with caplog.at_level(logging.ERROR, logger="collector.subscriber"):
        _pump(session, 0.3)
    assert not session.connected
    assert any("client id" in r.getMessage() for r in caplog.records)


def test_acknowledged_messages_are_gone_and_the_others_come_back(broker: MosquittoServer) -> None:
    """After a reconnect exactly the unacknowledged messages come back, on the new connection."""
    settings = make_settings("postgresql://unused", broker.url, unique_prefix())
    topic = f"{settings.mqtt_topic_prefix}/redelivery"
    session = Session(settings, f"redelivery-{time.monotonic_ns()}", 100, topic, threading.Event())
    _pump(session, 0.3)
    publisher = Publisher(broker.url)
    publisher.publish_all([(topic, f"m{i}".encode()) for i in range(6)])
    _pump(session, 0.5)
    first = list(session.inbox)
    assert [m.payload for m in first] == [f"m{i}".encode() for i in range(6)]
    session.ack([m.mid for m in first[:3]])
    session.close()  # m3, m4, m5 were never acknowledged
    session.inbox.clear()
    session._next_attempt = 0.0
    _pump(session, 0.5)
    again = list(session.inbox)
    assert [m.payload for m in again] == [b"m3", b"m4", b"m5"]
    assert {m.generation for m in again} == {first[0].generation + 1}
    session.ack([m.mid for m in again])
    session.close()
    session.inbox.clear()
    _pump(session, 0.5)
    assert not session.inbox
    session.close()
    publisher.close()
