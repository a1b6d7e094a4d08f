"""Sub-commands of the collector: ``collect``, ``dead-letters list|replay``, ``import readings``."""

from __future__ import annotations

import signal
import sys
import threading
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from collector.history_import import FileResult

dead_letters_app = typer.Typer(
    help="Messages that could not become readings.", no_args_is_help=True
)


def collect(
    client_id: Annotated[
        str | None,
        typer.Option(help="MQTT client id, stable and unique per collector (default: setting)."),
    ] = None,
    share_group: Annotated[
        str | None,
        typer.Option(help="Share the load with other collectors of this MQTT v5 shared group."),
    ] = None,
    metrics_port: Annotated[
        int, typer.Option(help="Port of /metrics and /health; 0 to serve none.")
    ] = 9464,
    metrics_host: Annotated[str, typer.Option(help="Address /metrics listens on.")] = "127.0.0.1",
) -> None:
    """Store every MQTT reading of the territory in the database, once; until Ctrl-C."""
    from collector.service import CollectorOptions, run_collector
    from core.runtime import start_program

    settings = start_program()
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    options = CollectorOptions(
        client_id=client_id,
        share_group=share_group,
        metrics_host=metrics_host,
        metrics_port=metrics_port or None,
    )
    metrics = run_collector(settings, stop, options)
    typer.echo(
        f"{metrics.received} messages, {sum(metrics.stored.values())} readings stored, "
        f"{sum(metrics.dead_letters.values())} dead-lettered"
    )


@dead_letters_app.command("list")
def list_dead_letters(
    kind: Annotated[str | None, typer.Option(help="Only this error kind.")] = None,
    limit: Annotated[int, typer.Option(help="At most this many.")] = 50,
) -> None:
    """Pending dead letters, oldest first, and a count per error kind."""
    from collector import store
    from core.database import connect
    from core.runtime import start_program

    settings = start_program()
    with connect(settings.database_url) as conn:
        for error_kind, pending, replayed in store.count_dead_letters(conn):
            typer.echo(f"{error_kind}: {pending} pending, {replayed} replayed")
        for letter in store.pending_dead_letters(conn, kind=kind, after_id=0, limit=limit):
            typer.echo(
                f"#{letter.id} {letter.received_at:%Y-%m-%d %H:%M:%S} {letter.error_kind} "
                f"{letter.topic} ({len(letter.payload)} bytes): {letter.reason}"
            )


@dead_letters_app.command("replay")
def replay(
    kind: Annotated[str | None, typer.Option(help="Only this error kind.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many.")] = None,
    max_age_days: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Accept messages this many days old for this replay "
            "(default: VIGIE_MAX_READING_AGE_DAYS; file rows have no age limit).",
        ),
    ] = None,
) -> None:
    """Classify pending dead letters again and store those that are now valid."""
    from collector.replays import replay_dead_letters
    from collector.service import reading_max_age, reading_max_ahead
    from core.database import connect
    from core.runtime import start_program

    settings = start_program()
    max_age = reading_max_age(settings) if max_age_days is None else timedelta(days=max_age_days)
    with connect(settings.database_url) as conn:
        result = replay_dead_letters(
            conn,
            prefix=settings.mqtt_topic_prefix,
            territory=settings.territory,
            collector="vigie-replay",
            kind=kind,
            limit=limit,
            max_age=max_age,
            max_ahead=reading_max_ahead(settings),
        )
    refused = ", ".join(f"{k}: {v}" for k, v in sorted((result.refused or {}).items()))
    typer.echo(
        f"{result.stored} replayed ({result.inserted_rows} new readings); "
        f"refused again: {refused or 'none'}"
    )


def import_readings_command(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="FILE", help="CSV files of readings (docs/history-import.md)."),
    ],
    timezone: Annotated[
        str | None,
        typer.Option(help="IANA zone of the times written without UTC offset (Europe/Paris)."),
    ] = None,
    batch_rows: Annotated[
        int, typer.Option(min=100, max=1_000_000, help="Readings committed per transaction.")
    ] = 20_000,
) -> None:
    """Store years of readings from files, checked and kept as the collector does; rerun safely."""
    import psycopg

    from collector.history_import import ImportOptions, import_readings
    from collector.history_times import zone_named
    from collector.service import reading_max_ahead
    from core.database import connect
    from core.errors import DatabaseUnavailable, InvalidInput
    from core.runtime import start_program

    settings = start_program()
    options = ImportOptions(
        max_ahead=reading_max_ahead(settings),
        timezone=zone_named(timezone) if timezone else None,
        batch_rows=batch_rows,
    )
    progress = _show_progress if sys.stderr.isatty() else None
    try:
        with connect(settings.database_url) as conn:
            for result in import_readings(conn, paths, settings.territory, options, progress):
                _summarise(result)
    except InvalidInput as exc:
        for problem in exc.problems:
            typer.echo(str(problem), err=True)
        raise
    except psycopg.OperationalError as exc:
        raise DatabaseUnavailable(
            f"the database went away ({exc}); run the same import again to store the rest"
        ) from exc
    except (psycopg.DataError, psycopg.IntegrityError) as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise InvalidInput(
            f"the database refused a batch ({first}); the batches before it are stored"
        ) from exc
    except KeyboardInterrupt:
        typer.echo(
            "\ninterrupted: the batches committed are kept; run it again to resume", err=True
        )
        raise typer.Exit(130) from None


def _show_progress(result: FileResult) -> None:
    if result.fraction >= 1.0:
        sys.stderr.write("\r\x1b[K")  # the file is done: its summary follows
        return
    refused = sum(result.refused.values())
    sys.stderr.write(
        f"\r{result.name}: {result.fraction:4.0%}  {result.read:,} rows read, "
        f"{result.stored:,} stored, {result.repeated:,} already stored, {refused:,} refused "
    )
    sys.stderr.flush()


def _summarise(result: FileResult) -> None:
    refused = sum(result.refused.values())
    kinds = ", ".join(f"{k} {n:,}" for k, n in sorted(result.refused.items()))
    typer.echo(
        f"{result.name}: {result.read:,} {result.kind} rows read, {result.stored:,} readings "
        f"stored, {result.repeated:,} already stored, {refused:,} refused"
        + (f" ({kinds}; {_letters(result.new_letters)})" if refused else "")
        + f" in {result.seconds:.1f} s"
    )
    for problem in result.problems:
        typer.echo(f"  {problem}", err=True)
    if refused > len(result.problems):
        typer.echo(
            f"  … and {refused - len(result.problems):,} more: vigie dead-letters list", err=True
        )


def _letters(count: int) -> str:
    return f"{count:,} new dead letter" + ("" if count == 1 else "s")


def register(app: typer.Typer) -> None:
    """Add the collector's sub-commands to ``app``."""
    app.command("collect")(collect)
    app.add_typer(dead_letters_app, name="dead-letters")


def register_imports(import_app: typer.Typer) -> None:
    """Add ``readings`` to the ``vigie import`` group."""
    import_app.command("readings")(import_readings_command)
