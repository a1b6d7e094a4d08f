"""Throwaway PostgreSQL clusters and Mosquitto brokers for tests and benchmarks.

Each server runs from the machine's Debian binaries in a temporary folder, on a free loopback
port, and can be stopped, restarted or killed by the test that owns it. When the process runs
as root, PostgreSQL runs as the ``postgres`` user (it refuses root).
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg import sql

REPO = Path(__file__).resolve().parent.parent
MOSQUITTO_CONF = REPO / "deploy" / "mosquitto" / "persistence.conf"


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float = 10.0) -> None:
    """Return once something accepts connections on ``port``; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


def pg_bindir() -> Path:
    """The newest PostgreSQL server binaries installed from Debian (or VIGIE_PG_BINDIR)."""
    if env := os.environ.get("VIGIE_PG_BINDIR"):
        return Path(env)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/postgres"), key=_version_key)
    if not found:
        raise RuntimeError("no PostgreSQL server binaries under /usr/lib/postgresql; run .ci/run")
    return Path(found[-1]).parent


def _version_key(path: str) -> int:
    return int(Path(path).parent.parent.name)


def timescaledb_installed(bindir: Path) -> bool:
    """Whether the TimescaleDB extension can be preloaded by this PostgreSQL."""
    pkglibdir = subprocess.run(
        [str(bindir / "pg_config"), "--pkglibdir"], capture_output=True, text=True, check=False
    ).stdout.strip()
    if not pkglibdir:
        pkglibdir = str(bindir.parent / "lib")
    return bool(glob.glob(f"{pkglibdir}/timescaledb*.so"))


class PostgresServer:
    """A PostgreSQL cluster of its own: ``start``, ``stop``, ``kill``, ``url(dbname)``.

    With ``primary``, the cluster is a streaming replica of that running server: a base backup
    (``pg_basebackup -R``) that starts as a hot standby and replays the primary's WAL.
    ``settings`` are server settings given at start, over the defaults of a test cluster. A
    ``root`` that already holds a cluster (a kept benchmark's) starts that cluster.
    """

    def __init__(
        self,
        root: Path,
        *,
        timescaledb: bool | None = None,
        primary: PostgresServer | None = None,
        settings: dict[str, str] | None = None,
    ) -> None:
        self.bindir = pg_bindir()
        self.settings = settings or {}
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        wanted = os.environ.get("VIGIE_TEST_TIMESCALEDB", "auto")
        if timescaledb is None:
            timescaledb = wanted == "1" or (wanted == "auto" and timescaledb_installed(self.bindir))
        self.timescaledb = timescaledb
        self._user = "postgres" if os.geteuid() == 0 else None
        root.mkdir(parents=True, exist_ok=True)
        if self._user:
            entry = pwd.getpwnam(self._user)
            os.chown(root, entry.pw_uid, entry.pw_gid)
        if primary is not None:
            self.timescaledb = primary.timescaledb
            self._run(
                "pg_basebackup",
                f"--dbname={primary.url()}",
                f"--pgdata={self.data}",
                "--write-recovery-conf",
                "--wal-method=stream",
                "--checkpoint=fast",
                "--no-sync",
            )
            return
        if (self.data / "PG_VERSION").exists():
            return  # a cluster left behind by an earlier run: started as it is
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )

    def url(self, dbname: str = "postgres") -> str:
        """A connection URL for ``dbname`` on this cluster."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def start(self) -> None:
        """Start the cluster and wait until it accepts connections."""
        options = [
            f"-p {self.port}",
            f"-k {self.root}",
            "-c listen_addresses=127.0.0.1",
            "-c fsync=off",
            "-c full_page_writes=off",
            "-c max_connections=200",
            "-c shared_buffers=256MB",
        ]
        options += [f"-c {name}={value}" for name, value in self.settings.items()]  # the last wins
        if self.timescaledb:
            # No background jobs: a test's rows are compressed or dropped only when it says so.
            options += [
                "-c shared_preload_libraries=timescaledb",
                "-c timescaledb.telemetry_level=off",
                "-c timescaledb.max_background_workers=0",
            ]
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.root / "server.log"),
            "-o",
            " ".join(options),
            "-w",
            "-t",
            "60",
            "start",
        )

    def stop(self) -> None:
        """Stop the cluster cleanly (fast mode: sessions are disconnected)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def kill(self) -> None:
        """Kill the postmaster with SIGKILL, as a crash would."""
        pid = int((self.data / "postmaster.pid").read_text().splitlines()[0])
        os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        (self.data / "postmaster.pid").unlink(missing_ok=True)

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create ``name`` (from ``template`` if given) and return its URL."""
        query = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            query = sql.SQL("{} TEMPLATE {}").format(query, sql.Identifier(template))
        for attempt in range(50):
            try:
                with psycopg.connect(self.url(), autocommit=True) as conn:
                    conn.execute(query)
                break
            except psycopg.errors.ObjectInUse:
                # A session on the template (autovacuum, a finishing test) blocks the copy.
                if attempt == 49:
                    raise
                time.sleep(0.1)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name``, ending the sessions still on it; a stopped server is left alone."""
        with (
            contextlib.suppress(psycopg.OperationalError),
            psycopg.connect(self.url(), autocommit=True) as conn,
        ):
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )

    def freeze_template(self, name: str) -> None:
        """Mark ``name`` as a template nobody connects to, so copies of it never wait.

        Sessions already on it are ended: TimescaleDB's scheduler keeps one per database.
        """
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("ALTER DATABASE {} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false").format(
                    sql.Identifier(name)
                )
            )
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )

    def _run(self, tool: str, *args: str) -> None:
        command = [str(self.bindir / tool), *args]
        if self._user:
            command = ["runuser", "-u", self._user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False, cwd="/")
        if result.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{tool} failed: {result.stderr.strip()}\n{tail}")


@dataclass(frozen=True)
class TlsListener:
    """A TLS listener's files: the CA that signs client certificates, the server's own pair."""

    ca: Path
    cert: Path
    key: Path
    require_certificate: bool = True


class MosquittoServer:
    """A Mosquitto broker of its own with the persistence settings the project ships.

    With ``tls``, a second listener on ``tls_port`` speaks MQTT over TLS (and, by default,
    requires a client certificate signed by ``tls.ca``), as the shipped stack's port 8883 does.
    """

    def __init__(
        self, root: Path, *, extra_config: str = "", tls: TlsListener | None = None
    ) -> None:
        self.binary = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
        self.root = root
        self.port = free_port()
        self.tls_port = free_port() if tls else None
        root.mkdir(parents=True, exist_ok=True)
        shipped = MOSQUITTO_CONF.read_text() if MOSQUITTO_CONF.exists() else ""
        lines = [
            f"listener {self.port} 127.0.0.1",
            "allow_anonymous true",
            f"persistence_location {root}/",
            f"log_dest file {root}/mosquitto.log",
            shipped,
            extra_config,
        ]
        if tls:
            lines += [
                f"listener {self.tls_port} 127.0.0.1",
                f"cafile {tls.ca}",
                f"certfile {tls.cert}",
                f"keyfile {tls.key}",
                f"require_certificate {'true' if tls.require_certificate else 'false'}",
                "tls_version tlsv1.2",
            ]
        if os.geteuid() == 0:
            lines.append("user root")
        self.config = root / "mosquitto.conf"
        self.config.write_text("\n".join(lines) + "\n")
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        """The broker as ``mqtt://127.0.0.1:PORT``."""
        return f"mqtt://127.0.0.1:{self.port}"

    @property
    def tls_url(self) -> str:
        """The TLS listener as ``mqtts://127.0.0.1:PORT``."""
        assert self.tls_port is not None, "this broker has no TLS listener"
        return f"mqtts://127.0.0.1:{self.tls_port}"

    def start(self) -> None:
        """Start the broker and wait until it accepts connections."""
        self.process = subprocess.Popen(
            [self.binary, "-c", str(self.config)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)
        if self.tls_port is not None:
            wait_for_port(self.tls_port)

    def stop(self) -> None:
        """Stop the broker with SIGTERM (it writes its persistence file) and wait for it."""
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    def kill(self) -> None:
        """Kill the broker with SIGKILL, as a crash would."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=20)


def make_root(prefix: str) -> Path:
    """A fresh temporary folder anyone can enter (the postgres user needs to)."""
    root = Path(tempfile.mkdtemp(prefix=prefix))
    root.chmod(0o755)
    return root
