"""Child programs of ``vigie demo``: started as ``python -m vigie ...``, stopped with SIGTERM."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

STOP_TIMEOUT_S = 20.0


@dataclass
class Children:
    """The programs a demo runs beside itself, each logging to its own file."""

    log_dir: Path
    running: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, *args: str, env: dict[str, str] | None = None) -> None:
        """Start ``vigie ARGS`` with JSON logs to ``<log_dir>/<name>.log`` (``env``: settings)."""
        env = {**os.environ, **(env or {}), "VIGIE_LOG_FORMAT": "json"}
        with (self.log_dir / f"{name}.log").open("ab") as out:
            self.running[name] = subprocess.Popen(  # noqa: S603 - our own interpreter and program
                [sys.executable, "-m", "vigie", *args],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )

    def dead(self) -> list[str]:
        """Names of the children that have exited."""
        return [name for name, child in self.running.items() if child.poll() is not None]

    def stop(self) -> None:
        """SIGTERM every child, then wait; SIGKILL what is still running after the timeout."""
        for child in self.running.values():
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT_S
        for name, child in self.running.items():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log.warning("child killed", extra={"child": name})
                child.kill()
                child.wait()
