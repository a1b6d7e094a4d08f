"""The command line: help without loading any service, alerts listed with their filters."""

from __future__ import annotations

import json
import subprocess
import sys

import psycopg
import pytest
from factories import make_territory
from typer.testing import CliRunner

from vigie.cli import app as cli

Conn = psycopg.Connection[tuple[object, ...]]
SERVICES = ("registry", "collector", "simulator", "rules", "aggregation", "api", "grafana")
# api.tokens names the roles `vigie token create --role` offers; it imports the standard
# library only. api.web is the package of `vigie web`'s commands: its __init__ is a docstring.
LIGHT = {"api.tokens", "api.web"}
# Not pydantic: typer itself converts option values with it.
HEAVY = (
    "psycopg",
    "psycopg_pool",
    "pydantic_settings",
    "fastapi",
    "starlette",
    "uvicorn",
    "paho",
    "grafana_client",
    "apscheduler",
    "prometheus_client",
    "niquests",
    "urllib3",
    "core.settings",
    "core.database",
)
EVERY_HELP = """
import json, sys
import typer.main
from vigie.cli import app

def paths(command, prefix):
    yield prefix
    for name, sub in getattr(command, "commands", {}).items():
        yield from paths(sub, [*prefix, name])

root = typer.main.get_command(app)
ran = []
for path in paths(root, []):
    try:
        root.main([*path, "--help"], prog_name="vigie", standalone_mode=False)
    except SystemExit:
        pass
    ran.append(" ".join(path))
print(json.dumps({"ran": ran, "modules": sorted(sys.modules)}))
"""


def test_every_help_loads_no_service() -> None:
    """`vigie … --help` of every command imports only the commands modules, no driver or web."""
    done = subprocess.run(
        [sys.executable, "-c", EVERY_HELP], capture_output=True, text=True, check=True
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"", "collect", "alerts list", "token create", "grafana sync"} <= set(report["ran"])
    modules = set(report["modules"])
    loaded = {
        m
        for m in modules
        if m.split(".")[0] in SERVICES and m not in LIGHT and not m.endswith("commands")
    }
    assert loaded == set(SERVICES) & modules
    assert {h for h in HEAVY if h in modules} == set()


def _alert(db: Conn, territory_id: int, rule: str, severity: str, state: str) -> None:
    db.execute(
        "INSERT INTO alerts (territory_id, rule_id, domain, subject_kind, subject_id, severity,"
        " state, summary, group_key, acknowledged_at, resolved_at, closed_at)"
        " SELECT %(t)s, %(rule)s, 'lighting', 'light_point', min(id), %(severity)s, %(state)s,"
        " %(rule)s || ' ' || %(severity)s, 'g', now(), "
        " CASE WHEN %(state)s IN ('resolved', 'closed') THEN now() END,"
        " CASE WHEN %(state)s = 'closed' THEN now() END FROM light_points",
        {"t": territory_id, "rule": rule, "severity": severity, "state": state},
    )


@pytest.fixture
def alerts_cli(db: Conn, db_url: str, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A territory with four alerts in different states; the CLI pointed at its database."""
    town = make_territory(db, districts=1, points_per_cabinet=2)
    _alert(db, town.territory_id, "day_burner", "high", "open")
    _alert(db, town.territory_id, "lamp_power", "low", "acknowledged")
    _alert(db, town.territory_id, "day_burner", "medium", "resolved")
    _alert(db, town.territory_id, "cycling_lamp", "low", "closed")
    monkeypatch.setenv("VIGIE_DATABASE_URL", db_url)
    monkeypatch.setenv("VIGIE_TERRITORY", "testville")
    return CliRunner()


def _summaries(runner: CliRunner, *options: str) -> list[str]:
    result = runner.invoke(cli, ["alerts", "list", *options])
    assert result.exit_code == 0, result.output
    header, *lines = result.output.splitlines()
    assert header.split()[:6] == ["id", "state", "severity", "rule", "subject", "action"]
    return [" ".join(line.split()[-2:]) for line in lines]


def test_alerts_list_shows_live_alerts_by_default_and_filters(alerts_cli: CliRunner) -> None:
    """Live alerts by default, newest first; state, severity and rule filters narrow the list."""
    assert _summaries(alerts_cli) == ["lamp_power low", "day_burner high"]
    assert _summaries(alerts_cli, "--state", "all", "--severity", "low") == [
        "cycling_lamp low",
        "lamp_power low",
    ]
    assert _summaries(alerts_cli, "--state", "all", "--rule", "day_burner") == [
        "day_burner medium",
        "day_burner high",
    ]
    assert _summaries(alerts_cli, "--state", "closed") == ["cycling_lamp low"]


def test_alerts_list_says_when_nothing_matches_and_refuses_a_bad_state(
    alerts_cli: CliRunner,
) -> None:
    """An action with no alert prints one sentence; an unknown state is a usage error."""
    none = alerts_cli.invoke(cli, ["alerts", "list", "--action", "NO-SUCH"])
    assert none.exit_code == 0
    assert none.output == "no live alert matches in testville\n"
    bad = alerts_cli.invoke(cli, ["alerts", "list", "--state", "done"])
    assert bad.exit_code == 2
    assert "'done' is not one of live, open" in bad.output
