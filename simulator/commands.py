"""Sub-command of the simulator: ``vigie simulate``."""

from __future__ import annotations

import signal
import threading
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from simulator.runner import SimulatorResult


def simulate(
    start: Annotated[
        str | None,
        typer.Option(
            "--from", help="Start of simulated time: -7d, -12h, now or an ISO date (default now)."
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(help="End of simulated time, as --from (default: run on in real time)."),
    ] = None,
    speed: Annotated[
        float, typer.Option(help="Simulated seconds per wall second; 0 = as fast as possible.")
    ] = 1.0,
    every: Annotated[
        int | None, typer.Option(help="Report every N seconds instead of each device's period.")
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed of every random draw.")] = 49007,
) -> None:
    """Publish the territory's light points, cabinets and meters over MQTT like real devices."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from core.runtime import start_program
    from simulator.runner import SimulatorOptions, run_simulator

    settings = start_program()
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    first = _moment(start, "--from")
    last = _moment(until, "--until")
    options = SimulatorOptions(seed=seed, start=first, until=last, speed=speed, every_s=every)
    with Progress(
        TextColumn("[bold]{task.description}"), BarColumn(), TextColumn("{task.fields[info]}"),
        TimeElapsedColumn(), transient=False,
    ) as bar:  # fmt: skip
        origin = (first or datetime.now().astimezone()).timestamp()
        span = (
            (last.timestamp() if last else datetime.now().astimezone().timestamp()) - origin
        ) or 1
        task = bar.add_task("simulating", total=span, info="")

        def show(clock: datetime, result: SimulatorResult) -> None:
            bar.update(
                task,
                completed=min(span, clock.timestamp() - origin),
                info=f"{clock:%Y-%m-%d %H:%M} UTC, {result.messages} messages, "
                f"{result.readings} readings",
            )

        result = run_simulator(settings, stop, options, show)
    typer.echo(f"{result.messages} messages, {result.readings} readings published")


def register(app: typer.Typer) -> None:
    """Add the simulator's sub-command to ``app``."""
    app.command("simulate")(simulate)


def _moment(text: str | None, option: str) -> datetime | None:
    """The instant an option names, or a usage error saying what is accepted."""
    if text is None:
        return None
    if text == "now":
        return datetime.now(UTC)
    from simulator.runner import parse_start

    try:
        return parse_start(text)
    except ValueError:
        raise typer.BadParameter(
            f"{text!r} is not -Nd, -Nh, now or an ISO date such as 2026-01-31T18:00",
            param_hint=option,
        ) from None
