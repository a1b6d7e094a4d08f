"""``vigie simulate`` from the command line: time options, a bounded run, clear usage errors."""

from __future__ import annotations

import psycopg
import pytest
import typer
from factories import make_territory
from ingest_helpers import unique_prefix
from servers import MosquittoServer
from typer.testing import CliRunner

from simulator.commands import register

Conn = psycopg.Connection[tuple[object, ...]]


@pytest.fixture
def app(db_url: str, broker: MosquittoServer, monkeypatch: pytest.MonkeyPatch) -> typer.Typer:
    """A command line with only the simulator, on the test database and broker."""
    monkeypatch.setenv("VIGIE_DATABASE_URL", db_url)
    monkeypatch.setenv("VIGIE_MQTT_URL", broker.url)
    monkeypatch.setenv("VIGIE_MQTT_TOPIC_PREFIX", unique_prefix())
    monkeypatch.setenv("VIGIE_TERRITORY", "testville")
    made = typer.Typer()
    register(made)
    return made


def test_an_hour_up_to_now_is_published_and_the_command_ends(app: typer.Typer, db: Conn) -> None:
    """``--from -1h --until now`` publishes the last hour as fast as it can, then returns."""
    make_territory(db, districts=1, points_per_cabinet=3)
    result = CliRunner().invoke(app, ["--from", "-1h", "--until", "now", "--speed", "0"])
    assert result.exit_code == 0, result.output
    assert "readings published" in result.output
    assert not result.output.startswith("0 messages")


@pytest.mark.parametrize(
    ("option", "value"), [("--from", "last week"), ("--until", "yesterday"), ("--until", "-3x")]
)
def test_a_time_it_cannot_read_is_a_usage_error(app: typer.Typer, option: str, value: str) -> None:
    """Exit code 2 and the option named with what it accepts; never a traceback."""
    result = CliRunner().invoke(app, [option, value])
    assert result.exit_code == 2, result.output
    assert option in result.output
    assert "ISO date" in result.output
    assert "Traceback" not in result.output
