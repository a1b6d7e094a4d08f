"""``python -m vigie collect`` as a real process of its own, with a test's servers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from servers import REPO


class CollectorProcess:
    """One collector process: ``start`` (again under the same client id), ``kill``, ``stop``."""

    def __init__(  # noqa: PLR0913 - every knob is a keyword with a default
        self,
        db_url: str,
        mqtt_url: str,
        prefix: str,
        log: Path,
        *,
        client_id: str | None = None,
        share_group: str | None = None,
    ) -> None:
        self.env = {
            **os.environ,
            "VIGIE_DATABASE_URL": db_url,
            "VIGIE_MQTT_URL": mqtt_url,
            "VIGIE_MQTT_TOPIC_PREFIX": prefix,
            "VIGIE_MQTT_CLIENT_ID": client_id or f"fault-{prefix.split('/', maxsplit=1)[0]}",
            "VIGIE_TERRITORY": "testville",
            "VIGIE_BATCH_MAX_ROWS": "200",
            "VIGIE_BATCH_MAX_DELAY_MS": "50",
            "VIGIE_LOG_FORMAT": "text",
        }
        self.args = ["--metrics-port", "0"]
        if share_group:
            self.args += ["--share-group", share_group]
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the collector."""
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "vigie", "collect", *self.args],
                env=self.env,
                cwd=REPO,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def connections(self) -> int:
        """How many times this collector has connected to the broker (its log says so)."""
        return self.log.read_text().count("connected to broker") if self.log.exists() else 0

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM kill would."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        """SIGTERM and wait for a clean exit."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
