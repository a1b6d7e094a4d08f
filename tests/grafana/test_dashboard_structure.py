"""The dashboard files are what Grafana stores and what the panels need (no database here)."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest
import yaml
from macros import MACRO

from grafana.dashboards import (
    DASHBOARDS,
    DATASOURCE_TYPE,
    DATASOURCE_UID,
    HERE,
    Dashboard,
    load_dashboards,
    load_folders,
    panels,
    queries,
)
from grafana.variables import VARIABLE

SCHEMA_VERSION = 41  # what Grafana 12.1 saves (docker-compose.yml pins grafana/grafana:12.1.1)
PANEL_TYPES = {"timeseries", "stat", "table", "geomap", "bargauge", "state-timeline", "text"}
KNOWN_MACROS = {
    "__time",
    "__timeEpoch",
    "__timeFilter",
    "__timeFrom",
    "__timeTo",
    "__timeGroup",
    "__timeGroupAlias",
    "__unixEpochFilter",
    "__unixEpochNanoFilter",
    "__unixEpochNanoFrom",
    "__unixEpochNanoTo",
    "__unixEpochGroup",
    "__unixEpochGroupAlias",
    "__unixEpochFrom",
    "__unixEpochTo",
}
GLOBALS = {"__interval", "__interval_ms", "__from", "__to"}
DATASOURCE = {"type": DATASOURCE_TYPE, "uid": DATASOURCE_UID}
ALL = load_dashboards()
ENERGY_UNITS = {"kwatth", "watth", "kwatt", "watt"}
TERRITORY = "territory"


@pytest.fixture(params=ALL, ids=[d.uid for d in ALL])
def dashboard(request: pytest.FixtureRequest) -> Dashboard:
    """Each dashboard in turn."""
    board: Dashboard = request.param
    return board


def test_every_file_is_in_a_folder_once() -> None:
    """folders.json places every file exactly once; uids are unique, short and the file stems."""
    placed = [uid for f in load_folders() for uid in f.dashboards]
    assert sorted(placed) == sorted(p.stem for p in DASHBOARDS.glob("*.json"))
    assert len(set(placed)) == len(placed)
    assert all(len(uid) <= 40 for uid in placed)  # Grafana's uid limit


def test_dashboard_is_a_stored_model(dashboard: Dashboard) -> None:
    """No numeric id, no export placeholders, the pinned schema version, the vigie tag, links."""
    model = dashboard.model
    assert "id" not in model or model["id"] is None
    assert "__inputs" not in model
    assert "${DS_" not in (DASHBOARDS / f"{dashboard.uid}.json").read_text()
    assert model["schemaVersion"] == SCHEMA_VERSION
    assert "vigie" in model["tags"]
    assert {"type": "dashboards", "tags": ["vigie"]}.items() <= model["links"][0].items()


def test_panels_fit_the_grid_with_unique_ids_and_titles(dashboard: Dashboard) -> None:
    """Panel ids and titles are unique, every panel fits the 24 columns, types are known."""
    everything = list(dashboard.model["panels"])
    ids = Counter(p["id"] for p in everything)
    assert max(ids.values()) == 1
    titles = Counter(p["title"] for p in panels(dashboard.model))
    assert max(titles.values()) == 1, titles
    for panel in everything:
        grid = panel["gridPos"]
        assert grid["x"] + grid["w"] <= 24, panel["title"]  # the grid's width
        assert panel["title"]
    assert {p["type"] for p in panels(dashboard.model)} <= PANEL_TYPES


def test_every_query_uses_the_provisioned_datasource(dashboard: Dashboard) -> None:
    """Panels, targets, variables and annotations reference the datasource by its fixed uid."""
    for panel in panels(dashboard.model):
        assert panel["datasource"] == DATASOURCE
        ref_ids = [t["refId"] for t in panel["targets"]]
        assert len(set(ref_ids)) == len(ref_ids)
        for target in panel["targets"]:
            assert target["datasource"] == DATASOURCE
            assert target["format"] in {"time_series", "table"}
            assert target["rawSql"].strip()
            assert target["rawQuery"] is True
    for variable in dashboard.model["templating"]["list"]:
        assert variable["datasource"] == DATASOURCE
    for annotation in dashboard.model["annotations"]["list"]:
        if not annotation.get("builtIn"):
            assert annotation["datasource"] == DATASOURCE


def test_variables_and_macros_in_sql_are_known(dashboard: Dashboard) -> None:
    """Every $variable is defined (or a global) and every $__macro( is one Grafana knows."""
    defined = {v["name"] for v in dashboard.model["templating"]["list"]} | GLOBALS
    for query in queries(dashboard):
        macros = {m[1] for m in MACRO.finditer(query.sql)}
        assert macros <= KNOWN_MACROS, query.label
        names = {m[1] or m[2] or m[4] for m in VARIABLE.finditer(MACRO.sub("", query.sql))}
        assert names <= defined, f"{query.label}: {names - defined}"
        assert "--" not in query.sql, "no comments: Grafana strips them"
        assert "/*" not in query.sql, "no comments: Grafana strips them"


def test_variables_are_multi_with_all(dashboard: Dashboard) -> None:
    """Variables are multi-value with All and no custom all value; SQL uses them in IN (...).

    The territory is the exception: one territory at a time, the first by default, written
    ``'$territory'``.
    """
    for variable in dashboard.model["templating"]["list"]:
        assert variable["refresh"] in {1, 2}
        if variable["name"] == TERRITORY:
            continue
        assert variable["multi"] is True
        assert variable["includeAll"] is True
        assert not variable.get("allValue")
    for query in queries(dashboard):
        for match in re.finditer(r"\$(\w+)", MACRO.sub("", query.sql)):
            if match[1] == TERRITORY:
                assert f"'${TERRITORY}'" in query.sql, query.label
            elif match[1] not in GLOBALS:
                assert re.search(rf"IN \(\${match[1]}\)", query.sql), query.label


def test_every_dashboard_chooses_one_territory_first(dashboard: Dashboard) -> None:
    """The first variable is the territory: one of the territories the reader may read."""
    first = dashboard.model["templating"]["list"][0]
    assert first["name"] == TERRITORY
    assert (first["multi"], first["includeAll"], first["current"]) == (False, False, {})
    assert "FROM reporting.territories" in first["query"]


WITHOUT_TERRITORY = {"ingest_batches", "whole_days_start", "whole_days_end"}


def test_every_query_of_territory_data_filters_by_territory(dashboard: Dashboard) -> None:
    """Each reporting view a query reads is filtered by the territory variable.

    Ingest batches carry no territory (the installation's collectors): the views show them only
    to readers of every territory. The functions that bound a range's whole days read no data.
    """
    for query in queries(dashboard):
        if query.name == TERRITORY:
            continue
        views = re.findall(r"reporting\.(\w+)", query.sql)
        filters = query.sql.count(f"'${TERRITORY}'") + query.sql.count("territory = e.territory")
        expected = len([v for v in views if v not in WITHOUT_TERRITORY])
        assert filters == expected, f"{query.label}: {views}, {filters} territory filters"


def test_energy_panels_carry_the_policy_milestones(dashboard: Dashboard) -> None:
    """A dashboard drawing energy over time has the policy milestone annotation query."""
    energy = [
        p for p in panels(dashboard.model) if p["type"] == "timeseries" and _units(p) & ENERGY_UNITS
    ]
    names = [a["name"] for a in dashboard.model["annotations"]["list"] if not a.get("builtIn")]
    if energy:
        assert any("action" in name.lower() or "jalon" in name.lower() for name in names)
        annotation = next(a for a in dashboard.model["annotations"]["list"] if not a.get("builtIn"))
        assert "reporting.action_milestones" in annotation["target"]["rawSql"]


def test_every_data_panel_has_a_unit(dashboard: Dashboard) -> None:
    """The linter's unit rule: every panel showing numbers states their unit (maps show none)."""
    for panel in panels(dashboard.model):
        if panel["type"] == "geomap":
            continue
        assert _units(panel), panel["title"]


def test_datasource_is_provisioned_with_the_uid_the_dashboards_use() -> None:
    """The provisioning file declares the PostgreSQL datasource the dashboards reference."""
    path = HERE / "provisioning" / "datasources" / "vigie.yaml"
    provisioning = yaml.safe_load(path.read_text(encoding="utf-8"))
    (source,) = provisioning["datasources"]
    assert (source["type"], source["uid"]) == (DATASOURCE_TYPE, DATASOURCE_UID)
    assert source["jsonData"]["timescaledb"] is True
    assert source["editable"] is False
    assert not (HERE / "provisioning" / "dashboards").exists(), "dashboards are pushed, not files"


def _units(panel: dict[str, Any]) -> set[str]:
    defaults = panel.get("fieldConfig", {}).get("defaults", {})
    units = {defaults["unit"]} if defaults.get("unit") else set()
    for override in panel.get("fieldConfig", {}).get("overrides", []):
        units |= {p["value"] for p in override["properties"] if p["id"] == "unit"}
    return units
