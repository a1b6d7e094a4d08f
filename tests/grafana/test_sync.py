"""``vigie grafana sync`` and ``smoke`` through grafana-client against a strict fake Grafana."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

import pytest
from fake_grafana import FakeGrafana, Request
from servers import free_port
from typer.testing import CliRunner

from core.errors import ConfigurationError
from grafana.client import GrafanaUnavailable, connect
from grafana.commands import grafana_app
from grafana.dashboards import Dashboard, load_dashboards, load_folders
from grafana.smoke import smoke
from grafana.sync import sync

TOKEN = "glsa_test_token"  # noqa: S105 - the fake's token
BEARER = f"Bearer {TOKEN}"
FOLDERS = load_folders()
DASHBOARDS = load_dashboards()


@pytest.fixture
def grafana() -> Iterator[FakeGrafana]:
    """A fresh fake Grafana on loopback."""
    fake = FakeGrafana(TOKEN)
    yield fake
    fake.close()


def first_sync_requests() -> list[Request]:
    """What a sync must send to an empty Grafana, in order."""
    expected = [Request("GET", "/api/health", None, BEARER)]
    for folder in FOLDERS:
        expected += [
            Request("GET", f"/api/folders/{folder.uid}", None, BEARER),
            Request("POST", "/api/folders", {"title": folder.title, "uid": folder.uid}, BEARER),
        ]
    for dashboard in DASHBOARDS:
        body = {
            "dashboard": {**dashboard.model, "id": None},
            "folderUid": dashboard.folder_uid,
            "overwrite": True,
            "message": "vigie test",
        }
        expected += [
            Request("GET", f"/api/dashboards/uid/{dashboard.uid}", None, BEARER),
            Request("POST", "/api/dashboards/db", body, BEARER),
        ]
    return expected


def test_first_sync_creates_folders_then_dashboards(grafana: FakeGrafana) -> None:
    """On an empty Grafana: each folder then each dashboard, looked up then created, exactly."""
    report = sync(connect(grafana.url, TOKEN), FOLDERS, DASHBOARDS, "vigie test")
    assert grafana.state.requests == first_sync_requests()
    assert not grafana.state.unexpected
    assert report.folders_created == [f.uid for f in FOLDERS]
    assert report.dashboards_created == [d.uid for d in DASHBOARDS]
    assert grafana.state.dashboards["vigie-alertes"]["folderUid"] == "vigie-pilotage"


def test_second_sync_changes_nothing_and_says_so(grafana: FakeGrafana) -> None:
    """A second run only reads: no write, and the summary says nothing changed."""
    api = connect(grafana.url, TOKEN)
    sync(api, FOLDERS, DASHBOARDS, "vigie test")
    grafana.state.requests.clear()
    report = sync(api, FOLDERS, DASHBOARDS, "vigie test")
    assert grafana.writes() == []
    assert [r.method for r in grafana.state.requests] == ["GET"] * (
        1 + len(FOLDERS) + len(DASHBOARDS)
    )
    assert not report.changed
    assert (
        report.summary() == f"nothing to change: {len(DASHBOARDS)} dashboard(s) already up to date"
    )


def test_only_the_changed_dashboard_is_pushed(grafana: FakeGrafana) -> None:
    """After one file changes, only that dashboard is saved, with overwrite, in its folder."""
    api = connect(grafana.url, TOKEN)
    sync(api, FOLDERS, DASHBOARDS, "vigie test")
    changed = [copy.deepcopy(d) for d in DASHBOARDS]
    changed[1].model["title"] = "Renamed"
    grafana.state.requests.clear()
    report = sync(api, FOLDERS, changed, "vigie 2")
    assert grafana.writes() == [
        Request(
            "POST",
            "/api/dashboards/db",
            {
                "dashboard": {**changed[1].model, "id": None},
                "folderUid": changed[1].folder_uid,
                "overwrite": True,
                "message": "vigie 2",
            },
            BEARER,
        )
    ]
    assert report.dashboards_updated == [changed[1].uid]
    assert grafana.state.dashboards[changed[1].uid]["dashboard"]["version"] == 2


def test_dashboard_moved_to_another_folder_is_pushed(grafana: FakeGrafana) -> None:
    """A dashboard found in another folder is saved again into its own folder."""
    api = connect(grafana.url, TOKEN)
    sync(api, FOLDERS, DASHBOARDS, "vigie test")
    grafana.state.dashboards["vigie-collecte"]["folderUid"] = "vigie-pilotage"
    report = sync(api, FOLDERS, DASHBOARDS, "vigie test")
    assert report.dashboards_updated == ["vigie-collecte"]
    assert grafana.state.dashboards["vigie-collecte"]["folderUid"] == "vigie-exploitation"


def test_renamed_folder_is_updated_in_place(grafana: FakeGrafana) -> None:
    """A folder whose title differs is renamed with PUT, not created again."""
    api = connect(grafana.url, TOKEN)
    sync(api, FOLDERS, DASHBOARDS, "vigie test")
    grafana.state.folders["vigie-pilotage"]["title"] = "Old title"
    grafana.state.requests.clear()
    report = sync(api, FOLDERS, DASHBOARDS, "vigie test")
    title = next(f.title for f in FOLDERS if f.uid == "vigie-pilotage")
    assert grafana.writes() == [
        Request("PUT", "/api/folders/vigie-pilotage", {"title": title, "overwrite": True}, BEARER)
    ]
    assert report.folders_renamed == ["vigie-pilotage"]


def test_wrong_token_is_named_in_the_error(grafana: FakeGrafana) -> None:
    """A refused token stops the sync with a message naming the setting."""
    with pytest.raises(GrafanaUnavailable, match=r"refused the token.*VIGIE_GRAFANA_TOKEN"):
        sync(connect(grafana.url, "wrong"), FOLDERS, DASHBOARDS, "vigie test")
    assert grafana.writes() == []


def test_unreachable_grafana_is_named_in_the_error() -> None:
    """Nothing listening: the address and "connection refused", nothing of the HTTP client's."""
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(GrafanaUnavailable) as caught:
        sync(connect(url, TOKEN, timeout_s=2), FOLDERS, DASHBOARDS, "vigie test")
    assert str(caught.value) == (
        f"Grafana is unreachable at {url}: connection refused (is Grafana running on that"
        " port?); check VIGIE_GRAFANA_URL"
    )


def test_a_host_that_does_not_resolve_is_said_so() -> None:
    """A name no resolver knows reads "does not resolve", without urllib3's objects."""
    url = "http://grafana.invalid:3000"
    with pytest.raises(GrafanaUnavailable) as caught:
        sync(connect(url, TOKEN, timeout_s=2), FOLDERS, DASHBOARDS, "vigie test")
    assert str(caught.value) == (
        f"Grafana is unreachable at {url}: the host name does not resolve; check VIGIE_GRAFANA_URL"
    )


@pytest.mark.parametrize("url", ["not-a-url", "grafana:3000", "ftp://grafana", "http://:3000"])
def test_a_url_that_is_not_http_is_refused_before_any_request(url: str) -> None:
    """``--url not-a-url`` is a configuration error quoting the URL and the expected form."""
    runner = CliRunner()
    result = runner.invoke(grafana_app, ["sync", "--url", url, "--token", TOKEN])
    assert isinstance(result.exception, ConfigurationError)
    assert str(result.exception) == (
        f"VIGIE_GRAFANA_URL (or --url) must be http(s)://host[:port][/prefix], got {url!r}"
    )


def test_a_path_prefix_is_kept_before_api() -> None:
    """Grafana served under /grafana is asked at /grafana/api/..., with or without a slash."""
    for url in ("https://example.org/grafana", "https://example.org/grafana/"):
        assert connect(url, TOKEN).client.url == "https://example.org/grafana/api"
    assert connect("http://127.0.0.1:3000", TOKEN).client.url == "http://127.0.0.1:3000/api"


def test_cli_reads_grafana_settings_from_the_env_file(
    grafana: FakeGrafana, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """VIGIE_GRAFANA_URL and VIGIE_GRAFANA_TOKEN in .env are used like every other setting."""
    monkeypatch.delenv("VIGIE_GRAFANA_URL", raising=False)
    monkeypatch.delenv("VIGIE_GRAFANA_TOKEN", raising=False)
    (tmp_path / ".env").write_text(
        f"VIGIE_GRAFANA_URL={grafana.url}\nVIGIE_GRAFANA_TOKEN={TOKEN}\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(grafana_app, ["sync"])
    assert result.exit_code == 0, result.output
    assert "created vigie-eclairage" in result.output


def test_provisioned_dashboard_refusal_is_reported(grafana: FakeGrafana) -> None:
    """Grafana's 'Cannot save provisioned dashboard' surfaces as the error's message."""
    grafana.state.provisioned.add(DASHBOARDS[0].uid)
    with pytest.raises(GrafanaUnavailable, match="Cannot save provisioned dashboard"):
        sync(connect(grafana.url, TOKEN), FOLDERS, DASHBOARDS, "vigie test")


def test_cli_sync_twice(grafana: FakeGrafana, monkeypatch: pytest.MonkeyPatch) -> None:
    """The command prints what it created, then that there is nothing to change."""
    monkeypatch.setenv("VIGIE_GRAFANA_URL", grafana.url)
    monkeypatch.setenv("VIGIE_GRAFANA_TOKEN", TOKEN)
    runner = CliRunner()
    first = runner.invoke(grafana_app, ["sync"])
    assert first.exit_code == 0, first.output
    assert "created vigie-eclairage" in first.output
    second = runner.invoke(grafana_app, ["sync"])
    assert second.exit_code == 0, second.output
    assert second.output.strip().endswith("already up to date")


def test_smoke_runs_every_query_and_reports_the_failing_panel(grafana: FakeGrafana) -> None:
    """Every query goes through /api/ds/query; a failing one is reported with its panel."""
    grafana.state.query_errors["reporting.dead_letters"] = 'relation "x" does not exist'
    report = smoke(connect(grafana.url, TOKEN), DASHBOARDS)
    sent = [r for r in grafana.state.requests if r.path == "/api/ds/query"]
    total = sum(1 for d in DASHBOARDS for _ in _queries(d))
    assert report.queries == total == len(sent)
    assert {where.split(" / ")[0] for where, _ in report.failures} == {"vigie-collecte"}
    assert all("does not exist" in error for _, error in report.failures)
    assert all("$district" not in r.body["queries"][0]["rawSql"] for r in sent)
    assert "'opt-a','opt-b'" in next(
        r.body["queries"][0]["rawSql"]
        for r in sent
        if "district_code IN" in r.body["queries"][0]["rawSql"]
    )


def test_smoke_stops_at_an_unhealthy_datasource(grafana: FakeGrafana) -> None:
    """A datasource health error is reported and no query is sent."""
    grafana.state.datasource_health = (400, {"status": "ERROR", "message": "password refused"})
    report = smoke(connect(grafana.url, TOKEN), DASHBOARDS)
    assert report.failures == [("datasource vigie-timescaledb", "400: password refused")]
    assert not [r for r in grafana.state.requests if r.path == "/api/ds/query"]


def _queries(dashboard: Dashboard) -> list[object]:
    from grafana.dashboards import queries  # noqa: PLC0415 - local to the count

    return list(queries(dashboard))
