"""Ingest benchmark, run by hand: raw paho, raw COPY and the collector end to end, side by side.

    .venv/bin/python bench/ingest.py [--messages 60000] [--points 2000] [--soak-seconds 600]
                                     [--big 20000000]

Everything runs on this machine with its own PostgreSQL and its own Mosquitto (the shipped
``deploy/mosquitto/persistence.conf``): the publisher, the subscriber or collector, the broker
and the database share the cores, as they would on a small co-located server. It prints
messages and readings per second, publish-to-commit latency (p50/p99), the collector's CPU time
per message and the ratios to the raw limits. ``docs/performance.md`` quotes its figures.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import psycopg
from paho.mqtt.enums import CallbackAPIVersion
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from factories import make_territory  # noqa: E402 - the tests' helpers, found above
from servers import MosquittoServer, PostgresServer, free_port, make_root  # noqa: E402

from collector.mqtt_packets import RECEIVE_MAXIMUM, parse_properties, variable_integer  # noqa: E402
from core.migrations import migrate  # noqa: E402
from core.storage import partitions  # noqa: E402

PREFIX = "bench/v1"
POINTS_PER_CABINET = 40


def publish_worker(
    port: int,
    kind: str,
    codes: list[str],
    count: int,
    rate: float,
    out: Any,  # noqa: ANN401 - a queue
) -> None:
    """Publish ``count`` QoS 1 messages (at ``rate`` per second, 0 = flat out); report timings.

    A bare MQTT 5 publisher on a socket, so that it outpaces the collector it feeds: packets
    leave in writes of up to 64 kB, and the PUBACKs are read as they come, keeping at most
    the broker's Receive Maximum in flight. Each payload's ``ts`` is its time of sending.
    """
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        client_id = f"bench-pub-{os.getpid()}".encode()
        connect = (
            b"\x00\x04MQTT\x05\x02\x00\x3c\x00" + len(client_id).to_bytes(2, "big") + client_id
        )
        sock.sendall(b"\x10" + variable_integer(len(connect)) + connect)
        window = _connack_receive_maximum(sock)
        acks = Acks(sock)
        pending = bytearray()
        started = time.time()
        for i in range(count):
            if rate > 0:
                due = started + i / rate
                if due > time.time():
                    _flush(sock, pending)
                    time.sleep(max(0.0, due - time.time()))
            while i - acks.count >= window:
                _flush(sock, pending)
                acks.read(block=True)
            topic, body = _message(kind, codes, i)
            pending += _publish_packet(topic, body, i % 65_535 + 1)
            if len(pending) > 65_536:
                _flush(sock, pending)
                acks.read(block=False)
        _flush(sock, pending)
        while acks.count < count:
            acks.read(block=True)
        out.put((started, time.time()))
        sock.sendall(b"\xe0\x00")


def _message(kind: str, codes: list[str], i: int) -> tuple[str, bytes]:
    now = datetime.now(UTC)
    if kind == "single":
        code = codes[i % len(codes)]
        topic = f"{PREFIX}/bench/lighting/point/{code}/meas"
        body: dict[str, Any] = {
            "msgId": f"m{i}",
            "ts": now.isoformat(),
            "values": {"powerState": "on", "powerConsumption": 42.0, "illuminanceLevel": 1.0},
        }
    else:
        cabinet, points = codes[i % len(codes)].split("|", 1)
        topic = f"{PREFIX}/bench/lighting/cabinet/{cabinet}/meas"
        body = {
            "msgId": f"c{i}",
            "ts": now.isoformat(),
            "values": {"energyConsumed": float(i)},
            "points": [{"id": p, "values": {"powerConsumption": 42.0}} for p in points.split("|")],
        }
    return topic, json.dumps(body).encode()


def _publish_packet(topic: str, payload: bytes, mid: int) -> bytes:
    name = topic.encode()
    body = len(name).to_bytes(2, "big") + name + mid.to_bytes(2, "big") + b"\x00" + payload
    return b"\x32" + variable_integer(len(body)) + body


def _connack_receive_maximum(sock: socket.socket) -> int:
    header = sock.recv(2)
    body = sock.recv(header[1])
    if header[0] != 0x20 or body[1] != 0:
        raise RuntimeError(f"connection refused: {body!r}")
    properties, _ = parse_properties(body, 2)
    window = properties.get(RECEIVE_MAXIMUM, 65_535)
    return int(window) if isinstance(window, int) else 65_535


def _flush(sock: socket.socket, pending: bytearray) -> None:
    if pending:
        sock.sendall(pending)
        pending.clear()


class Acks:
    """PUBACKs counted on a QoS 1 publisher's connection (4 bytes each, nothing else comes)."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.count = 0
        self._partial = b""

    def read(self, *, block: bool) -> None:
        """Count the PUBACKs that arrived; wait for some when ``block``."""
        self.sock.setblocking(block)
        try:
            data = self._partial + self.sock.recv(65_536)
        except BlockingIOError:
            return
        finally:
            self.sock.setblocking(True)  # noqa: FBT003 - the socket API
        whole = len(data) // 4 * 4
        if any(data[j] != 0x40 for j in range(0, whole, 4)):
            raise RuntimeError("the broker sent something other than PUBACK")
        self.count += whole // 4
        self._partial = data[whole:]


def raw_subscriber(port: int, count: int, out: Any) -> None:  # noqa: ANN401 - a multiprocessing target
    """A paho subscriber that only counts (QoS 1, acknowledged by paho on return).

    It first creates its persistent session and leaves; once the broker holds ``count``
    messages for it, it comes back and drains them: the time is the consumer's alone.
    """
    seen = {"n": 0, "first": 0.0, "last": 0.0}

    def on_message(*_: object) -> None:
        seen["n"] += 1
        seen["last"] = time.time()

    client = mqtt.Client(CallbackAPIVersion.VERSION2, client_id="bench-raw", protocol=mqtt.MQTTv5)
    client.on_message = on_message
    props = Properties(PacketTypes.CONNECT)  # type: ignore[no-untyped-call] # paho leaves it untyped
    props.SessionExpiryInterval = 3600
    client.connect("127.0.0.1", port, clean_start=False, properties=props)
    client.subscribe(f"{PREFIX}/#", qos=1)
    client.loop(0.5)
    client.disconnect()
    out.put("ready")
    out_go = out.get()  # the publisher is done
    assert out_go == "go"
    cpu0 = time.process_time()
    started = time.time()
    client.connect("127.0.0.1", port, clean_start=False, properties=props)
    while seen["n"] < count:
        client.loop(0.1)
    out.put((started, seen["last"], time.process_time() - cpu0))
    client.disconnect()


def _process(target: Any, *args: object) -> tuple[Any, Any]:  # noqa: ANN401 - any target
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    process = ctx.Process(target=target, args=(*args, queue))
    process.start()
    return process, queue


def bench_raw_paho(broker: MosquittoServer, codes: list[str], count: int) -> dict[str, float]:
    """Messages per second a bare paho subscriber drains from the broker."""
    ctx = mp.get_context("spawn")
    to_sub, from_sub = ctx.Queue(), ctx.Queue()
    sub = ctx.Process(target=_raw_relay, args=(broker.port, count, to_sub, from_sub))
    sub.start()
    assert from_sub.get(timeout=30) == "ready"
    pub, pub_out = _process(publish_worker, broker.port, "single", codes, count, 0.0)
    pub_out.get(timeout=600)
    pub.join()
    to_sub.put("go")
    started, last, cpu = from_sub.get(timeout=600)
    sub.join()
    return {"msgs_s": count / (last - started), "cpu_us_msg": cpu / count * 1e6}


def _raw_relay(port: int, count: int, inbox: Any, outbox: Any) -> None:  # noqa: ANN401 - queues
    class Both:
        def put(self, item: object) -> None:
            outbox.put(item)

        def get(self) -> object:
            return inbox.get()

    raw_subscriber(port, count, Both())


def bench_raw_copy(url: str, point_ids: list[int], rows: int) -> dict[str, float]:
    """Rows per second COPY puts into lamp_readings_stored (5,000-row transactions)."""
    start = datetime.now(UTC) - timedelta(seconds=rows)  # one reading a second up to now
    with psycopg.connect(url) as conn:
        days = rows // 86_400 + 2
        partitions.cover(
            conn, "lamp_readings_stored", [start + timedelta(days=d) for d in range(days)]
        )
        conn.commit()
        began = time.perf_counter()
        for chunk in range(0, rows, 5_000):
            with conn.cursor().copy(
                "COPY lamp_readings_stored"
                " (light_point_id, ts, received_after_ms, power_state, power_dw)"
                " FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.set_types(["int4", "timestamptz", "int8", "text", "int4"])
                for i in range(chunk, min(rows, chunk + 5_000)):
                    copy.write_row(
                        (
                            point_ids[i % len(point_ids)],
                            start + timedelta(seconds=i),
                            900,
                            "on",
                            420,
                        )
                    )
            conn.commit()
        seconds = time.perf_counter() - began
        conn.execute("TRUNCATE lamp_readings_stored, ingest_batches")
        conn.commit()
    return {"rows_s": rows / seconds}


class Collector:
    """``vigie collect`` as a process; its CPU time read from /proc, its metrics over HTTP."""

    def __init__(self, url: str, broker: MosquittoServer, log: Path, *, wait: bool = True) -> None:
        self.port = free_port()
        env = {
            **os.environ,
            "VIGIE_DATABASE_URL": url,
            "VIGIE_MQTT_URL": broker.url,
            "VIGIE_MQTT_TOPIC_PREFIX": PREFIX,
            "VIGIE_TERRITORY": "bench",
            "VIGIE_MQTT_CLIENT_ID": "bench-collector",
            "VIGIE_LOG_FORMAT": "json",
            "VIGIE_LOG_LEVEL": "WARNING",
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "vigie", "collect", "--metrics-port", str(self.port)],
            env=env,
            cwd=REPO,
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        self.cpu_total = 0.0
        if wait:
            time.sleep(2.5)

    def cpu_s(self) -> float:
        """User plus system CPU seconds of every thread of the collector."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def mean_batch_s(self) -> float:
        """Mean time to write and commit a batch, from the collector's own metrics."""
        text = (
            urllib.request.urlopen(f"http://127.0.0.1:{self.port}/metrics", timeout=5)
            .read()
            .decode()
        )
        values = {
            line.split("{")[0]: float(line.rsplit(" ", 1)[1])
            for line in text.splitlines()
            if line.startswith("vigie_collector_batch_seconds_")
        }
        return values["vigie_collector_batch_seconds_sum"] / max(
            1.0, values["vigie_collector_batch_seconds_count"]
        )

    def stop(self) -> None:
        """Stop cleanly and keep the CPU time it used."""
        self.cpu_total = self.cpu_s()
        self.process.terminate()
        self.process.wait(30)


def _stored(url: str, after_batch: int) -> tuple[int, float]:
    """Lamp readings committed in batches after ``after_batch``, and the last commit's time."""
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT coalesce(sum(rows), 0), extract(epoch FROM max(committed_at))"
            " FROM ingest_batches WHERE id > %s AND kind = 'lamp'",
            (after_batch,),
        ).fetchone()
    assert row is not None
    return int(row[0]), float(row[1] or 0.0)


def _latencies(url: str) -> tuple[float, float]:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY l),"
            " percentile_cont(0.99) WITHIN GROUP (ORDER BY l)"
            " FROM (SELECT extract(epoch FROM received_at - ts) AS l FROM lamp_readings) x"
        ).fetchone()
    assert row is not None
    return float(row[0]), float(row[1])


def _truncate(url: str) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("TRUNCATE lamp_readings_stored, cabinet_readings, ingest_batches")
        conn.commit()


def _wait_stored(url: str, expected: int, after_batch: int) -> tuple[int, float]:
    deadline = time.time() + 900
    stored, last_commit = 0, 0.0
    while time.time() < deadline:
        stored, last_commit = _stored(url, after_batch)
        if stored >= expected:
            break
        time.sleep(0.2)
    return stored, last_commit


def _last_batch(url: str) -> int:
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT coalesce(max(id), 0) FROM ingest_batches").fetchone()
    assert row is not None
    return int(row[0])


def _drain_span(url: str, after_batch: int) -> tuple[float, int]:
    """Seconds from the first batch's commit to the last one's, and the rows in between.

    The rows of the first batch are left out with the time it took to fill them, which the
    database does not record: the rate is the pipeline's steady rate.
    """
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT extract(epoch FROM max(committed_at) - min(committed_at)),"
            " sum(rows) - (array_agg(rows ORDER BY committed_at))[1]"
            " FROM ingest_batches WHERE id > %s AND kind = 'lamp'",
            (after_batch,),
        ).fetchone()
    assert row is not None
    return float(row[0]), int(row[1])


def bench_collector_drain(
    url: str,
    broker: MosquittoServer,
    kind: str,
    codes: list[str],
    count: int,
    expected_rows: int,
    log: Path,
    *,
    keep: bool = False,
) -> dict[str, float]:
    """The collector's ceiling: it drains ``count`` messages queued for its session."""
    if not keep:
        _truncate(url)
    after_batch = _last_batch(url)
    idle = Collector(url, broker, log)  # creates the session; its CPU is the start-up cost
    idle.stop()
    baseline = idle.cpu_total
    pub, pub_out = _process(publish_worker, broker.port, kind, codes, count, 0.0)
    pub_out.get(timeout=1200)
    pub.join()
    collector = Collector(url, broker, log, wait=False)
    stored, _ = _wait_stored(url, expected_rows, after_batch)
    collector.stop()
    seconds, rows_after_first = _drain_span(url, after_batch)
    rows_per_message = expected_rows / count
    return {
        "msgs_s": rows_after_first / rows_per_message / seconds,
        "rows_s": rows_after_first / seconds,
        "lost": expected_rows - stored,
        "cpu_us_msg": (collector.cpu_total - baseline) / count * 1e6,
    }


def bench_collector_paced(
    url: str, broker: MosquittoServer, codes: list[str], count: int, rate: float, log: Path
) -> dict[str, float]:
    """The collector live at ``rate`` messages per second: latency and losses."""
    _truncate(url)
    collector = Collector(url, broker, log)
    pub, pub_out = _process(publish_worker, broker.port, "single", codes, count, rate)
    started, _ = pub_out.get(timeout=1200)
    pub.join()
    stored, last_commit = _wait_stored(url, count, 0)
    batch_s = collector.mean_batch_s()
    collector.stop()
    p50, p99 = _latencies(url)
    seconds = last_commit - started
    return {
        "msgs_s": count / seconds,
        "rows_s": stored / seconds,
        "lost": count - stored,
        "p50_ms": (p50 + batch_s) * 1000,
        "p99_ms": (p99 + batch_s) * 1000,
    }


def main() -> None:
    """Run every scenario and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=60_000)
    parser.add_argument("--cabinet-messages", type=int, default=4_000)
    parser.add_argument("--points", type=int, default=2_000)
    parser.add_argument("--latency-seconds", type=float, default=20.0)
    parser.add_argument("--big", type=int, default=0, help="also measure after this many readings")
    parser.add_argument(
        "--soak-seconds", type=float, default=0.0, help="also run this long at 80 %% of the ceiling"
    )
    args = parser.parse_args()
    root = make_root("vigie-bench-")
    pg = PostgresServer(root / "pg")
    pg.start()
    broker = MosquittoServer(root / "mqtt")
    broker.start()
    try:
        _run(args, pg, broker, root)
    finally:
        broker.stop()
        pg.stop()
        shutil.rmtree(root, ignore_errors=True)


def _run(args: argparse.Namespace, pg: PostgresServer, broker: MosquittoServer, root: Path) -> None:
    url = pg.create_database("bench")
    migrate(url)
    with psycopg.connect(url, autocommit=True) as conn:
        partitions.maintain(conn)  # as `vigie migrate` does: this week's partitions and ahead
    districts = max(1, args.points // (POINTS_PER_CABINET * 5))
    with psycopg.connect(url, autocommit=True) as conn:
        town = make_territory(
            conn,
            code="bench",
            districts=districts,
            cabinets_per_district=5,
            points_per_cabinet=POINTS_PER_CABINET,
            buildings=0,
        )
    codes = town.point_codes
    cabinets = [
        "|".join([c, *(p for p in codes if p.startswith(c.replace("-C", "-P")))])
        for c in town.cabinet_codes
    ]
    log = root / "collector.log"
    n, nc = args.messages, args.cabinet_messages
    report = Report()
    report.add("raw paho subscriber", bench_raw_paho(broker, codes, n))
    report.add("raw COPY", bench_raw_copy(url, list(town.point_ids.values()), 500_000))
    single = report.add(
        "collector, single readings", bench_collector_drain(url, broker, "single", codes, n, n, log)
    )
    report.add(
        "collector, cabinet batches",
        bench_collector_drain(url, broker, "cabinet", cabinets, nc, nc * POINTS_PER_CABINET, log),
    )
    ceiling = single["msgs_s"]
    for share in (0.5, 0.7, 0.8):
        count = int(ceiling * share * args.latency_seconds)
        report.add(
            f"collector live at {share:.0%} of its ceiling",
            bench_collector_paced(url, broker, codes, count, ceiling * share, log),
        )
    report.add(
        "collector live, 2x burst for 5 s",
        bench_collector_paced(url, broker, codes, int(ceiling * 2 * 5), ceiling * 2, log),
    )
    if args.soak_seconds:
        rate = ceiling * 0.8
        report.add(
            f"soak at 80% for {args.soak_seconds:.0f} s",
            bench_collector_paced(url, broker, codes, int(rate * args.soak_seconds), rate, log),
        )
    if args.big:
        _truncate(url)
        _preload(url, town.point_ids, args.big)
        big = report.add(
            f"collector after {args.big:,} readings",
            bench_collector_drain(url, broker, "single", codes, n, n, log, keep=True),
        )
        print(f"insert rate after {args.big:,} readings: {big['msgs_s'] / ceiling:.0%} of empty")


class Report:
    """The figures of each scenario, printed as soon as it ends, with the ratios to the raws."""

    def __init__(self) -> None:
        self.raw_msgs = self.raw_rows = 0.0
        print(
            f"{'scenario':42} {'msgs/s':>9} {'rows/s':>9} {'vs paho':>8} {'vs COPY':>8} "
            f"{'p50 ms':>8} {'p99 ms':>8} {'µs/msg':>7} {'lost':>5}",
            flush=True,
        )

    def add(self, name: str, r: dict[str, float]) -> dict[str, float]:
        """Print one scenario's line; return its figures."""
        msgs, rows = r.get("msgs_s", 0.0), r.get("rows_s", 0.0)
        self.raw_msgs = self.raw_msgs or msgs
        self.raw_rows = self.raw_rows or rows
        print(
            f"{name:42} {msgs:9.0f} {rows:9.0f} {msgs / self.raw_msgs:8.0%} "
            f"{rows / max(self.raw_rows, 1):8.0%} "
            f"{r.get('p50_ms', 0):8.0f} {r.get('p99_ms', 0):8.0f} "
            f"{r.get('cpu_us_msg', 0):7.1f} {r.get('lost', 0):5.0f}",
            flush=True,
        )
        return r


def _preload(url: str, point_ids: dict[str, int], rows: int) -> None:
    """Fill lamp_readings_stored with ``rows`` past readings (then the table is not truncated).

    The readings end a day ago, every point every 10 minutes: within the retention, in the
    partitions before the live ones on plain PostgreSQL (made here first, as the collector would).
    """
    ids = list(point_ids.values())
    step = timedelta(seconds=600)
    start = datetime.now(UTC) - timedelta(days=1) - step * (rows // len(ids) + 1)
    with psycopg.connect(url) as conn:
        days = (datetime.now(UTC) - start).days + 1
        partitions.cover(
            conn, "lamp_readings_stored", [start + timedelta(days=d) for d in range(days)]
        )
        with conn.cursor().copy(
            "COPY lamp_readings_stored (light_point_id, ts, received_after_ms, power_dw)"
            " FROM STDIN (FORMAT BINARY)"
        ) as copy:
            copy.set_types(["int4", "timestamptz", "int8", "int4"])
            for i in range(rows):
                copy.write_row((ids[i % len(ids)], start + step * (i // len(ids)), 900, 400))
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE lamp_readings_stored")


if __name__ == "__main__":
    main()
