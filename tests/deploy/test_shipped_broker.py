"""The shipped broker configuration binds a device's client id to its user and bounds sizes.

The broker runs ``deploy/mosquitto/mosquitto.conf`` with its ACL and password files (the
passwords generated here), and the real collector reads from it.
"""

from __future__ import annotations

import re
import shutil
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import paho.mqtt.client as mqtt
import psycopg
import pytest
from factories import make_territory
from ingest_helpers import collector_thread, encode, lamp_payload, make_settings, stamp, wait_until
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.reasoncodes import ReasonCode
from servers import make_root
from shipped_broker import SHIPPED, ShippedBroker, start_shipped_broker

from collector.ingest import MAX_PAYLOAD_BYTES
from collector.topics import Kind, topic_of

Conn = psycopg.Connection[tuple[object, ...]]
COLLECTOR_ID = "vigie-collector-1"
POINT = "testville-P00000"


@pytest.fixture
def shipped() -> Iterator[ShippedBroker]:
    """The shipped broker with the collector's account and one device's."""
    root = make_root("vigie-shipped-broker-")
    broker = start_shipped_broker(root, [POINT])
    yield broker
    broker.stop()
    shutil.rmtree(root, ignore_errors=True)


class Device:
    """A device's MQTT v5 client over TLS, with whatever client id it claims."""

    def __init__(self, broker: ShippedBroker, user: str, client_id: str, *, tls: bool) -> None:
        self.connected = threading.Event()
        self.reason: ReasonCode | None = None
        self.client = mqtt.Client(
            CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5
        )
        self.client.username_pw_set(user, broker.passwords[user])
        if tls:
            self.client.tls_set(ca_certs=str(broker.ca.cert), cert_reqs=ssl.CERT_REQUIRED)
        self.client.on_connect = self._on_connect
        self.client.connect("127.0.0.1", broker.tls_port if tls else broker.port)
        self.client.loop_start()

    def _on_connect(self, *args: object) -> None:
        reason = args[3]
        assert isinstance(reason, ReasonCode)
        self.reason = reason
        self.connected.set()

    def close(self) -> None:
        """Disconnect."""
        self.client.disconnect()
        self.client.loop_stop()


def test_a_device_with_the_collectors_client_id_takes_nothing(
    db: Conn, db_url: str, shipped: ShippedBroker
) -> None:
    """Ten connections of a device claiming the collector's id: all 60 readings stored, once."""
    make_territory(db)
    settings = make_settings(
        db_url,
        shipped.services_url("vigie-collector"),
        "vigie/v1",
        mqtt_client_id=COLLECTOR_ID,
    )
    topic = topic_of("vigie/v1", "testville", Kind.LAMP, POINT)
    with collector_thread(settings) as result:
        for round_ in range(10):
            device = Device(shipped, POINT, COLLECTOR_ID, tls=True)
            assert device.connected.wait(10)
            assert device.reason is not None
            assert not device.reason.is_failure
            infos = [
                device.client.publish(
                    topic, encode(lamp_payload(ts=stamp(30, second=6 * round_ + k))), qos=1
                )
                for k in range(6)
            ]
            for info in infos:
                info.wait_for_publish(10)
            device.close()
        wait_until(
            lambda: db.execute("SELECT count(*) FROM lamp_readings").fetchone() == (60,),
            what="60 readings",
        )
    metrics = result["metrics"]
    assert metrics.session.taken_over == 0
    assert metrics.session.lost == 0
    assert metrics.dead_letters == {}
    connected = re.findall(r"New client connected from \S+ as (\S+) ", shipped.log())
    sessions = [c for c in connected if c != f"{COLLECTOR_ID}-sys"]  # its $SYS watch
    assert sessions == [COLLECTOR_ID] + [POINT] * 10


def test_device_credentials_are_refused_on_the_internal_listener(shipped: ShippedBroker) -> None:
    """A device's user and password open nothing on 1883, the collector's listener."""
    device = Device(shipped, POINT, COLLECTOR_ID, tls=False)
    assert device.connected.wait(10)
    assert device.reason is not None
    assert device.reason.is_failure
    device.close()


def test_a_packet_over_the_collectors_limit_never_enters_the_broker(
    shipped: ShippedBroker,
) -> None:
    """A 300 KB message is refused to its publisher: the broker closes its connection."""
    device = Device(shipped, POINT, POINT, tls=True)
    assert device.connected.wait(10)
    gone = threading.Event()
    device.client.on_disconnect = lambda *_args: gone.set()
    topic = topic_of("vigie/v1", "testville", Kind.LAMP, POINT)
    device.client.publish(topic, b"x" * 300_000, qos=1)
    assert gone.wait(10)
    device.client.loop_stop()


def test_the_shipped_limits_match_the_collectors() -> None:
    """The packet limit is the collector's plus 1 KiB for the header; queues have a byte bound."""
    for path in (SHIPPED / "persistence.conf", SHIPPED / "conf.d" / "persistence.conf"):
        text = path.read_text()
        packet = re.search(r"^max_packet_size (\d+)$", text, re.MULTILINE)
        assert packet is not None
        assert int(packet.group(1)) == MAX_PAYLOAD_BYTES + 1024
        queued = re.search(r"^max_queued_bytes (\d+)$", text, re.MULTILINE)
        assert queued is not None
        assert 0 < int(queued.group(1)) <= 4_000_000_000
    conf = (SHIPPED / "mosquitto.conf").read_text()
    assert "per_listener_settings true" in conf
    device_listener = conf.split("listener 8883", 1)[1].split("listener 1883", 1)[0]
    assert "use_username_as_clientid true" in device_listener
    assert (
        Path(SHIPPED / "conf.d" / "persistence.conf").read_text()
        == Path(SHIPPED / "persistence.conf").read_text()
    )
