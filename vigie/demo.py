"""``vigie demo``: the whole pipeline on the Angers territory, on this machine.

It migrates and seeds the database, starts the collector and the API as child programs, and
sets the simulated fleet going through the real broker: first years of daily cabinet-meter
readings for the actions' baselines and their last year (``vigie.demo_history``), then a
backfill of the last day from every device, then in real time, in one run with no hole between
them. Once the history is stored it rolls it up, starts the rules worker (which judges what
comes after the years of history) and the aggregation follower, shows what Vigie makes of it
(the saving of each renovation action with its interval and method, the sodium points left,
budgets and météo of every mission), then watches the live fleet until Ctrl-C, which stops
everything cleanly.

The history is published every ``backfill_every_s`` seconds (an hour) to stay fast, but its
last ``recent`` stretch, and everything after, at each device's registered period. The offline
rules judge a device by its registered period, as they must in production (a controller
reporting hourly where the registry says every 10 minutes has a problem), so a backfill that
ended at hourly spacing would look to them like a fleet-wide outage. The recent stretch is
longer than their look-back (3 periods of the slowest device: 45 minutes for a meter), so the
first scheduled pass finds every device reporting on time. The worker starts once the history
is stored: it catches up on the stored batches as after any stop (judging each subject by its
newest readings), and never judges silence while the collector is still hours behind the
simulated clock.
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
from registry.angers import PEOPLE, POLICY, RENOVATION_PILOTS
from registry.seed import seed_angers
from rules.readings import skip_history
from simulator.runner import SimulatorOptions, SimulatorResult, run_simulations
from vigie import reports
from vigie.demo_history import Stretch, history_plan, scoped_actions
from vigie.processes import Children

CATCH_UP_TIMEOUT_S = 600.0


@dataclass(frozen=True)
class DemoOptions:
    """How much history to backfill, how coarsely, and where the programs listen."""

    history: timedelta = timedelta(hours=6)
    backfill_every_s: int = 3600
    recent: timedelta = timedelta(hours=1)
    years: bool = True
    sample: int = 24
    api_port: int = 8000
    metrics_port: int = 9464
    seed: int = 49007


@dataclass
class Fleet:
    """The simulated fleet, run in its own thread: how far its clock has got, what it sent."""

    clock: datetime | None = None
    readings: int = 0
    runs_done: int = 0
    error: BaseException | None = None

    def progress(self, clock: datetime, result: SimulatorResult) -> None:
        """Called by the simulator at every step."""
        self.clock, self.readings, self.runs_done = clock, result.readings, result.runs_done


def history_options(options: DemoOptions, stretch: Stretch) -> SimulatorOptions:
    """A stretch of the years of history: its devices' meters, as fast as they go."""
    return SimulatorOptions(
        seed=options.seed,
        start=stretch.start,
        until=stretch.until,
        speed=0,
        every_s=stretch.every_s,
        client_id="vigie-demo-fleet",
        kinds=frozenset({"cabinet", "meter"}),
        codes=stretch.devices,
    )


def fleet_options(options: DemoOptions, until: datetime) -> SimulatorOptions:
    """The history up to ``until`` (coarse, then at the registered periods), then real time."""
    return SimulatorOptions(
        seed=options.seed,
        start=until - options.history,
        speed=0,
        every_s=options.backfill_every_s,
        registered_from=until - options.recent,
        client_id="vigie-demo-fleet",
    )


def run_demo(settings: Settings, options: DemoOptions, stop: threading.Event) -> None:
    """Run the demo until ``stop`` is set (it is set on the way out); children are stopped."""
    console = Console()
    started = time.monotonic()
    token = _prepare(settings, console)
    log_dir = Path(tempfile.mkdtemp(prefix="vigie-demo-"))
    children = Children(log_dir)
    fleet = Fleet()
    until = datetime.now(UTC).replace(microsecond=0)
    detailed_from = until - options.history
    plan = _plan(settings, options, detailed_from)
    runs = [history_options(options, s) for s in plan] + [fleet_options(options, until)]
    oldest = min((s.start for s in plan), default=detailed_from)
    thread = threading.Thread(
        target=_run_fleet, args=(settings, runs, fleet, stop), name="simulator", daemon=True
    )
    try:
        age_days = (until - oldest).days + 2
        children.start("collector", "collect", "--metrics-port", str(options.metrics_port),
                       env={"VIGIE_MAX_READING_AGE_DAYS": str(age_days)})  # fmt: skip
        children.start("api", "api", "--port", str(options.api_port))
        console.print(f"programs started; their logs are in {log_dir}")
        thread.start()
        _publish_history(fleet, plan, options, stop, console)
        published = _backfill(fleet, options, (detailed_from, until), stop, console)
        if stop.is_set():
            return
        _wait_for_collector(options, published, stop, console)
        _evaluate(settings, console, history_before=detailed_from)
        children.start("worker", "work")
        children.start("aggregation", "aggregate", "--follow")
        console.print(f"live after {time.monotonic() - started:.0f} s")
        _run_live(settings, options, token, fleet, stop=stop, console=console, children=children)
    finally:
        console.print("stopping…")
        stop.set()
        if thread.is_alive():
            thread.join(timeout=15)
        children.stop()
        console.print("stopped")


def _plan(settings: Settings, options: DemoOptions, detailed_from: datetime) -> list[Stretch]:
    if not options.years:
        return []
    with connect(settings.database_url) as conn:
        actions = scoped_actions(conn, settings.territory)
    return history_plan(actions, detailed_from, per_action=options.sample, seed=options.seed)


def _run_fleet(
    settings: Settings, runs: list[SimulatorOptions], fleet: Fleet, stop: threading.Event
) -> None:
    try:
        run_simulations(settings, stop, runs, fleet.progress)
    except Exception as exc:  # noqa: BLE001 - handed to the main thread, which reports it
        fleet.error = exc


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
            territories=[settings.territory],
            expires_at=datetime.now(UTC) + timedelta(days=7),
        )
    console.print(
        f"Angers: {seeded.light_points:,} light points ({seeded.sodium_points:,} sodium), "
        f"{seeded.buildings} buildings, {seeded.actions} actions"
        + ("" if seeded.created else " (already seeded)")
    )
    return token


def _publish_history(
    fleet: Fleet, plan: list[Stretch], options: DemoOptions, stop: threading.Event,
    console: Console,
) -> None:  # fmt: skip
    """Show the years of history going out, stretch by stretch."""
    if not plan:
        return
    total = sum(s.days for s in plan)
    devices = len(frozenset().union(*(s.devices for s in plan)))
    console.print(
        f"history: daily readings of {devices:,} cabinet and building meters, a sample of each"
        f" action's, over its baseline year and the last year ({len(plan)} stretches)"
    )
    with Progress(
        TextColumn("[bold]history"), BarColumn(), TextColumn("{task.fields[info]}"),
        TimeElapsedColumn(), console=console,
    ) as bar:  # fmt: skip
        task = bar.add_task("history", total=total, info="")
        while not stop.is_set() and fleet.runs_done < len(plan):
            if fleet.error is not None:
                raise fleet.error
            done = sum(s.days for s in plan[: fleet.runs_done])
            if fleet.clock is not None and fleet.runs_done < len(plan):
                stretch = plan[fleet.runs_done]
                into = (fleet.clock - stretch.start).total_seconds() / 86_400
                done += min(max(into, 0.0), stretch.days)
                bar.update(task, completed=done, info=_counts(stretch.label, fleet, options))
            stop.wait(0.5)
        bar.update(task, completed=total, info=_counts("done", fleet, options))


def _counts(label: str, fleet: Fleet, options: DemoOptions) -> str:
    stored = _stored_readings(options)
    return f"{label}: {fleet.readings:,} readings published, {stored:,.0f} stored"


def _backfill(
    fleet: Fleet,
    options: DemoOptions,
    span: tuple[datetime, datetime],
    stop: threading.Event,
    console: Console,
) -> int:
    """Show the fleet's clock until it reaches the end of the history; the readings sent."""
    start, until = span
    seconds = (until - start).total_seconds()
    with Progress(
        TextColumn("[bold]last day"), BarColumn(), TextColumn("{task.fields[info]}"),
        TimeElapsedColumn(), console=console,
    ) as bar:  # fmt: skip
        task = bar.add_task("backfill", total=seconds, info="")
        while not stop.is_set() and (fleet.clock is None or fleet.clock < until):
            if fleet.error is not None:
                raise fleet.error
            if fleet.clock is not None and fleet.clock >= start:
                bar.update(
                    task,
                    completed=min(seconds, (fleet.clock - start).total_seconds()),
                    info=_counts(f"{fleet.clock:%d/%m %H:%M} UTC", fleet, options),
                )
            stop.wait(0.5)
        published = fleet.readings
        bar.update(
            task, completed=seconds, info=_counts(f"{until:%d/%m %H:%M} UTC", fleet, options)
        )
    return published


def _wait_for_collector(
    options: DemoOptions, published: int, stop: threading.Event, console: Console
) -> None:
    deadline = time.monotonic() + CATCH_UP_TIMEOUT_S
    with console.status("waiting for the collector to commit the backfill…") as status:
        while not stop.is_set() and time.monotonic() < deadline:
            stored = _stored_readings(options)
            if stored >= published:
                console.print(f"stored: {stored:,.0f} of {published:,} readings published")
                return
            status.update(
                f"waiting for the collector: {stored:,.0f} of {published:,} readings stored…"
            )
            stop.wait(1.0)
    console.print(
        f"[yellow]the collector has stored {_stored_readings(options):,.0f} of {published:,}"
        " readings published; going on[/]"
    )


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


def _evaluate(settings: Settings, console: Console, *, history_before: datetime) -> None:
    """Roll up what is stored, then compute effects, indicators and météo.

    The reading rules will start after the years of history (``history_before``): they judge
    the last day and the live fleet.
    """
    with connect(settings.database_url, autocommit=True) as conn:
        skip_history(conn, history_before)
        with console.status("rollups of the history…"):
            rolled = jobs.aggregate_pending(conn)
        console.print(
            f"rollups: {rolled.windows} windows, {rolled.hours:,.0f} hours of readings,"
            f" {rolled.seconds:.0f} s"
        )
        with console.status("effects, indicators and météo…"):
            follower.evaluate(conn, datetime.now(UTC).date())
    with connect(settings.database_url) as conn:
        reports.print_summary(console, conn, settings.territory)


def _run_live(  # noqa: PLR0913 - the demo's whole context, by name
    settings: Settings,
    options: DemoOptions,
    token: str,
    fleet: Fleet,
    *,
    stop: threading.Event,
    console: Console,
    children: Children,
) -> None:
    console.print(
        f"live: the fleet publishes in real time; API on http://127.0.0.1:{options.api_port}"
        f" (OpenAPI at /openapi.json); collector metrics on :{options.metrics_port}/metrics."
        " Ctrl-C stops.\n"
        f"try: curl -H 'Authorization: Bearer {token}'"
        f" http://127.0.0.1:{options.api_port}/v1/policy",
        soft_wrap=True,
    )
    _print_sign_in_links(settings, options, console)
    with (
        Live(console=console, refresh_per_second=1) as screen,
        connect(settings.database_url, autocommit=True) as conn,
    ):
        while not stop.is_set():
            if fleet.error is not None:
                raise fleet.error
            screen.update(reports.status_line(conn, children.dead()))
            stop.wait(2.0)


def _print_sign_in_links(settings: Settings, options: DemoOptions, console: Console) -> None:
    """Give a renovation pilot and a mission lead their roles, and print a sign-in link each."""
    from api.web import store_people  # noqa: PLC0415 - the pages' store, once the API is up
    from api.web.links import new_sign_in_link  # noqa: PLC0415 - same

    local = settings.model_copy(update={"public_api_url": f"http://127.0.0.1:{options.api_port}"})
    people = {"pilot": PEOPLE[RENOVATION_PILOTS[0]], "evaluator": PEOPLE[0]}
    with connect(settings.database_url, autocommit=True) as conn:
        for role, (name, email, _) in people.items():
            person = store_people.person_by_email(conn, email)
            if person is None:
                continue
            store_people.grant_role(conn, person.id, role)
            link = new_sign_in_link(conn, local, person.id, lifetime=timedelta(hours=12))
            console.print(f"web pages, {role} {name}: {link}", soft_wrap=True)
