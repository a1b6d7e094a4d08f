"""``vigie demo``: the whole pipeline on the Angers territory, on this machine.

It migrates and seeds the database, starts the collector, the rules worker, the aggregation
follower and the API as child programs, backfills some history through the real broker with the
simulator, shows what Vigie makes of it (the savings of each renovation action, the sodium points
left, budgets and météo of every mission), then keeps the simulated fleet running in real time
until Ctrl-C, which stops everything cleanly.
"""

from __future__ import annotations

import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from aggregation import follower, jobs
from aggregation.builtin_indicators import define_builtin_indicators
from api import store as api_store
from api.tokens import display_prefix, hash_token, new_token
from core.database import connect, ensure_database
from core.migrations import migrate
from core.settings import Settings
from registry.angers import POLICY
from registry.seed import seed_angers
from simulator.runner import SimulatorOptions, SimulatorResult, run_simulator
from vigie import reports
from vigie.processes import Children

CATCH_UP_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class DemoOptions:
    """How much history to backfill and where the programs listen."""

    history: timedelta = timedelta(hours=24)
    backfill_every_s: int = 3600
    api_port: int = 8000
    metrics_port: int = 9464
    seed: int = 49007


def run_demo(settings: Settings, options: DemoOptions, stop: threading.Event) -> None:
    """Run the demo until ``stop`` is set; children are stopped whatever happens."""
    console = Console()
    token = _prepare(settings, console)
    log_dir = Path(tempfile.mkdtemp(prefix="vigie-demo-"))
    children = Children(log_dir)
    try:
        _start_children(children, options)
        console.print(f"programs started; their logs are in {log_dir}")
        until = datetime.now(UTC).replace(microsecond=0)
        start = until - options.history
        published = _backfill(settings, options, (start, until), stop, console)
        if stop.is_set():
            return
        _wait_for_collector(options, published, stop, console)
        _evaluate(settings, start, console)
        _run_live(settings, options, token, stop=stop, console=console, children=children)
    finally:
        console.print("stopping…")
        children.stop()
        console.print("stopped")


def _prepare(settings: Settings, console: Console) -> str:
    """Migrate and seed; return a new evaluator token for trying the API."""
    ensure_database(settings.database_url)
    applied = migrate(settings.database_url)
    console.print(f"database ready ({len(applied)} migration(s) applied)")
    with connect(settings.database_url, autocommit=True) as conn:
        seeded = seed_angers(conn)
        define_builtin_indicators(conn, POLICY[0])
        token = new_token()
        api_store.insert_token(
            conn,
            token_sha256=hash_token(token),
            prefix=display_prefix(token),
            role="evaluator",
            person_id=None,
            label="vigie demo",
        )
    console.print(
        f"Angers: {seeded.light_points:,} light points ({seeded.sodium_points:,} sodium), "
        f"{seeded.buildings} buildings, {seeded.actions} actions"
        + ("" if seeded.created else " (already seeded)")
    )
    return token


def _start_children(children: Children, options: DemoOptions) -> None:
    children.start("collector", "collect", "--metrics-port", str(options.metrics_port))
    children.start("worker", "work")
    children.start("aggregation", "aggregate", "--follow")
    children.start("api", "api", "--port", str(options.api_port))


def _backfill(
    settings: Settings,
    options: DemoOptions,
    span: tuple[datetime, datetime],
    stop: threading.Event,
    console: Console,
) -> SimulatorResult:
    start, until = span
    simulation = SimulatorOptions(
        seed=options.seed, start=start, until=until, speed=0, every_s=options.backfill_every_s,
        client_id="vigie-demo-backfill",
    )  # fmt: skip
    seconds = (until - start).total_seconds()
    with Progress(
        TextColumn("[bold]backfill"), BarColumn(), TextColumn("{task.fields[info]}"),
        TimeElapsedColumn(), console=console,
    ) as bar:  # fmt: skip
        task = bar.add_task("backfill", total=seconds, info="")

        def show(clock: datetime, result: SimulatorResult) -> None:
            bar.update(
                task,
                completed=min(seconds, (clock - start).total_seconds()),
                info=f"{clock:%d/%m %H:%M} UTC, {result.readings:,} readings published",
            )

        return run_simulator(settings, stop, simulation, show)


def _wait_for_collector(
    options: DemoOptions, published: SimulatorResult, stop: threading.Event, console: Console
) -> None:
    deadline = time.monotonic() + CATCH_UP_TIMEOUT_S
    with console.status("waiting for the collector to commit the backfill…"):
        while not stop.is_set() and time.monotonic() < deadline:
            if _stored_readings(options) >= published.readings:
                return
            stop.wait(1.0)
    console.print("[yellow]the collector is still catching up; going on[/]")


def _stored_readings(options: DemoOptions) -> float:
    """Readings stored and duplicates seen, from the collector's own /metrics."""
    url = f"http://127.0.0.1:{options.metrics_port}/metrics"
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            text = response.read().decode()
    except OSError:
        return 0.0
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith(("vigie_collector_readings_stored_total",
                            "vigie_collector_readings_duplicate_total"))
    )  # fmt: skip


def _evaluate(settings: Settings, since: datetime, console: Console) -> None:
    """Roll up the backfilled history, then compute effects, indicators and météo."""
    with (
        console.status("rollups, indicators, effects and météo…"),
        connect(settings.database_url, autocommit=True) as conn,
    ):
        jobs.aggregate_all(conn, since)
        follower.evaluate(conn, datetime.now(UTC).date())
    with connect(settings.database_url) as conn:
        reports.print_summary(console, conn, settings.territory)


def _run_live(  # noqa: PLR0913 - the demo's whole context, by name
    settings: Settings,
    options: DemoOptions,
    token: str,
    *,
    stop: threading.Event,
    console: Console,
    children: Children,
) -> None:
    live = SimulatorOptions(seed=options.seed, speed=1.0, client_id="vigie-demo-live")
    thread = threading.Thread(
        target=run_simulator, args=(settings, stop, live), name="simulator", daemon=True
    )
    thread.start()
    console.print(
        f"live: the fleet publishes in real time; API on http://127.0.0.1:{options.api_port}"
        f" (docs at /docs); collector metrics on :{options.metrics_port}/metrics. Ctrl-C stops.\n"
        f"try: curl -H 'Authorization: Bearer {token}'"
        f" http://127.0.0.1:{options.api_port}/v1/policy",
        soft_wrap=True,
    )
    with (
        Live(console=console, refresh_per_second=1) as screen,
        connect(settings.database_url, autocommit=True) as conn,
    ):
        while not stop.is_set():
            screen.update(reports.status_line(conn, children.dead()))
            stop.wait(2.0)
    thread.join(timeout=15)
