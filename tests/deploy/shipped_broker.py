"""The shipped Mosquitto configuration, run as it is: only its paths and ports are moved.

``start_shipped_broker`` copies ``deploy/mosquitto`` into a folder of the test, points the
secrets, the data and the two listeners at that folder and at free loopback ports, writes the
two password files with generated passwords, and starts Mosquitto on it.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from servers import free_port, wait_for_port
from tls_certs import PrivateCA

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "deploy" / "mosquitto"


@dataclass
class ShippedBroker:
    """A running broker on the shipped configuration, and the accounts made for it."""

    root: Path
    ca: PrivateCA
    port: int
    tls_port: int
    passwords: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[bytes] | None = None

    def services_url(self, user: str) -> str:
        """The internal listener's URL with ``user``'s credentials."""
        return f"mqtt://{user}:{self.passwords[user]}@127.0.0.1:{self.port}"

    def stop(self) -> None:
        """Stop the broker."""
        if self.process is not None:
            self.process.terminate()
            self.process.wait(10)

    def log(self) -> str:
        """What the broker logged."""
        path = self.root / "mosquitto.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _moved(text: str, root: Path, port: int, tls_port: int) -> str:
    """The shipped text with its paths and ports moved; every move must apply."""
    moves = {
        "/mosquitto/config/": f"{root}/config/",
        "/run/secrets/": f"{root}/secrets/",
        "/mosquitto/data/": f"{root}/data/",
        "listener 8883\n": f"listener {tls_port} 127.0.0.1\n",
        "listener 1883\n": f"listener {port} 127.0.0.1\n",
        "log_dest stdout\n": f"log_dest file {root}/mosquitto.log\n",
    }
    for old, new in moves.items():
        assert old in text, f"the shipped mosquitto.conf no longer says {old!r}"
        text = text.replace(old, new)
    return text + ("user root\n" if os.geteuid() == 0 else "")


def _passwd(path: Path, accounts: dict[str, str]) -> None:
    binary = shutil.which("mosquitto_passwd") or "/usr/bin/mosquitto_passwd"
    path.touch()
    for user, password in accounts.items():
        subprocess.run([binary, "-b", str(path), user, password], check=True)


def start_shipped_broker(root: Path, devices: list[str]) -> ShippedBroker:
    """The shipped broker with accounts for the collector, the simulator and ``devices``."""
    config, data, secrets_dir = root / "config", root / "data", root / "secrets"
    shutil.copytree(SHIPPED, config)
    data.mkdir()
    ca = PrivateCA(secrets_dir / "ca")
    server = ca.server("broker", ["127.0.0.1", "localhost"])
    shutil.copy(ca.cert, secrets_dir / "mqtt_ca.crt")
    shutil.copy(server.cert, secrets_dir / "mqtt_server.crt")
    shutil.copy(server.key, secrets_dir / "mqtt_server.key")
    broker = ShippedBroker(root, ca, free_port(), free_port())
    services = {u: secrets.token_hex(12) for u in ("vigie-collector", "vigie-simulator")}
    things = {d: secrets.token_hex(12) for d in devices}
    _passwd(config / "passwd.services", services)
    _passwd(config / "passwd", things)
    broker.passwords = {**services, **things}
    conf = config / "mosquitto.conf"
    conf.write_text(_moved(conf.read_text(), root, broker.port, broker.tls_port))
    binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
    broker.process = subprocess.Popen(
        [binary, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    wait_for_port(broker.port)
    wait_for_port(broker.tls_port)
    return broker
