"""MQTT over TLS with a private CA: client certificates, readings stored, mismatches refused.

The collector and the simulator connect with a client certificate and the readings are stored;
a broker whose certificate does not match (host name, CA) is refused.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from factories import make_territory
from ingest_helpers import (
    collector_thread,
    encode,
    lamp_payload,
    make_settings,
    stamp,
    unique_prefix,
    wait_until,
)
from servers import MosquittoServer, TlsListener, make_root
from tls_certs import Issued, PrivateCA

from collector.subscriber import Session
from core.errors import ConfigurationError
from core.mqtt_tls import mqtt_tls_context
from core.settings import Settings, load_settings
from simulator.publisher import Publisher

Conn = psycopg.Connection[tuple[object, ...]]


@dataclass(frozen=True)
class Pki:
    """The test's private CA, the broker's pair and a collector's pair."""

    ca: PrivateCA
    client: Issued
    folder: Path


@pytest.fixture(scope="module")
def pki() -> Iterator[Pki]:
    """A CA made for this module, a client certificate it signed."""
    folder = make_root("vigie-pki-")
    ca = PrivateCA(folder / "ca")
    yield Pki(ca, ca.client("vigie-collector-1"), folder)
    shutil.rmtree(folder, ignore_errors=True)


def _broker(pki: Pki, server: Issued) -> MosquittoServer:
    root = make_root("vigie-mq-tls-")
    broker = MosquittoServer(root, tls=TlsListener(pki.ca.cert, server.cert, server.key))
    broker.start()
    return broker


@pytest.fixture(scope="module")
def tls_broker(pki: Pki) -> Iterator[MosquittoServer]:
    """A broker whose TLS listener has a certificate for 127.0.0.1 and wants client ones."""
    broker = _broker(pki, pki.ca.server("broker", ["127.0.0.1", "localhost"]))
    yield broker
    broker.stop()
    shutil.rmtree(broker.root, ignore_errors=True)


def _tls_settings(pki: Pki, url: str, db_url: str = "postgresql://unused", **over: Any) -> Settings:  # noqa: ANN401 - settings fields
    values: dict[str, Any] = {
        "mqtt_ca_file": pki.ca.cert,
        "mqtt_cert_file": pki.client.cert,
        "mqtt_key_file": pki.client.key,
        **over,
    }
    return make_settings(db_url, url, unique_prefix(), **values)


def _pump(session: Session, seconds: float) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until and not session.connected:
        session.pump(0.05)


def test_readings_go_over_tls_from_simulator_to_database(
    db: Conn, db_url: str, pki: Pki, tls_broker: MosquittoServer
) -> None:
    """The simulator's publisher and the collector, each with a client certificate, over TLS."""
    town = make_territory(db)
    settings = _tls_settings(pki, tls_broker.tls_url, db_url)
    prefix = settings.mqtt_topic_prefix
    publisher = Publisher(settings, "simulator-tls")
    with collector_thread(settings):
        for k, code in enumerate(town.point_codes[:5]):
            topic = f"{prefix}/testville/lighting/point/{code}/meas"
            publisher.publish(topic, encode(lamp_payload(ts=stamp(20, second=k))))
        publisher.flush(timeout=20)

        def stored() -> int:
            row = db.execute("SELECT count(*) FROM lamp_readings").fetchone()
            return int(str(row[0])) if row else 0

        wait_until(lambda: stored() == 5, what="five readings over TLS")
    publisher.close()


@pytest.mark.parametrize(
    ("case", "refusal"),
    [
        ("wrong host name", "mismatch, certificate is not valid for '127.0.0.1'"),
        ("unknown CA", "unable to get local issuer certificate"),
    ],
)
def test_a_broker_whose_certificate_does_not_match_is_refused(
    pki: Pki, case: str, refusal: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The session never connects; the log says the certificate was refused and why."""
    if case == "wrong host name":
        server = pki.ca.server("elsewhere", ["broker.example.org"])
    else:
        server = PrivateCA(pki.folder / "rogue", "Rogue CA").server("rogue", ["127.0.0.1"])
    broker = _broker(pki, server)
    try:
        settings = _tls_settings(pki, broker.tls_url)
        session = Session(settings, "tls-refused", 100, "a/#", threading.Event())
        with caplog.at_level(logging.WARNING, logger="collector.subscriber"):
            _pump(session, 1.0)
        assert not session.connected
        reasons = [str(getattr(r, "reason", "")) for r in caplog.records]
        assert any(
            r.startswith("the broker's TLS certificate is refused: ") and refusal in r
            for r in reasons
        ), reasons
    finally:
        broker.stop()
        shutil.rmtree(broker.root, ignore_errors=True)


def test_a_client_without_certificate_is_refused_by_the_broker(
    pki: Pki, tls_broker: MosquittoServer, caplog: pytest.LogCaptureFixture
) -> None:
    """The broker requires a client certificate: without one the session stays unconnected."""
    settings = _tls_settings(pki, tls_broker.tls_url, mqtt_cert_file=None, mqtt_key_file=None)
    session = Session(settings, "tls-no-cert", 100, "a/#", threading.Event())
    with caplog.at_level(logging.WARNING, logger="collector.subscriber"):
        _pump(session, 1.0)
    assert not session.connected
    assert any(
        r.getMessage() in {"broker unreachable", "disconnected from broker"} for r in caplog.records
    )


def test_tls_settings_are_checked(
    pki: Pki, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A certificate without its key, or CA files with mqtt://, or an unreadable CA, say so."""
    monkeypatch.setenv("VIGIE_MQTT_URL", "mqtts://broker.example.org:8883")
    monkeypatch.setenv("VIGIE_MQTT_CERT_FILE", str(pki.client.cert))
    with pytest.raises(ConfigurationError, match="VIGIE_MQTT_CERT_FILE and VIGIE_MQTT_KEY_FILE"):
        load_settings()
    monkeypatch.delenv("VIGIE_MQTT_CERT_FILE")
    monkeypatch.setenv("VIGIE_MQTT_URL", "mqtt://broker.example.org:1883")
    monkeypatch.setenv("VIGIE_MQTT_CA_FILE", str(pki.ca.cert))
    with pytest.raises(ConfigurationError, match="need a TLS broker: mqtts://"):
        load_settings()
    not_pem = tmp_path / "ca.crt"
    not_pem.write_text("not a certificate\n")
    settings = _tls_settings(pki, "mqtts://127.0.0.1:8883", mqtt_ca_file=not_pem)
    with pytest.raises(ConfigurationError, match=f"VIGIE_MQTT_CA_FILE {not_pem}: not a readable"):
        mqtt_tls_context(settings)
