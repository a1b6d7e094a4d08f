"""The dashboards kept as JSON in ``grafana/dashboards/``, their folders and every SQL they hold.

A dashboard file is exactly what Grafana stores: a fixed ``uid`` (the file's stem), no numeric
``id``, the datasource referenced by its fixed uid. ``grafana/folders.json`` places each
dashboard in a folder.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from core.errors import InvalidInput

HERE = Path(__file__).parent
DASHBOARDS = HERE / "dashboards"
FOLDERS = HERE / "folders.json"
DATASOURCE_UID = "vigie-timescaledb"
DATASOURCE_TYPE = "grafana-postgresql-datasource"

QueryKind = Literal["panel", "variable", "annotation"]


@dataclass(frozen=True)
class Dashboard:
    """One dashboard file and the folder it belongs in."""

    uid: str
    title: str
    folder_uid: str
    model: dict[str, Any]


@dataclass(frozen=True)
class Folder:
    """A Grafana folder and the dashboards it holds, in order."""

    uid: str
    title: str
    dashboards: tuple[str, ...]


@dataclass(frozen=True)
class Query:
    """One SQL a dashboard sends: a panel target, a variable query or an annotation query."""

    dashboard: str
    kind: QueryKind
    name: str
    ref_id: str
    sql: str
    format: Literal["time_series", "table"]
    panel_type: str | None = None
    min_interval: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """Where the query is, for messages: ``vigie-alertes / panel 'Alertes' / A``."""
        return f"{self.dashboard} / {self.kind} {self.name!r} / {self.ref_id}"


def load_folders(path: Path = FOLDERS) -> list[Folder]:
    """The folders of ``folders.json``."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Folder(uid=f["uid"], title=f["title"], dashboards=tuple(f["dashboards"]))
        for f in data["folders"]
    ]


def load_dashboards(
    folder: Path = DASHBOARDS, folders: list[Folder] | None = None
) -> list[Dashboard]:
    """Every ``*.json`` dashboard, in folder order; a dashboard without a folder is an error."""
    placement = {uid: f.uid for f in folders or load_folders() for uid in f.dashboards}
    found: dict[str, Dashboard] = {}
    for path in sorted(folder.glob("*.json")):
        model = json.loads(path.read_text(encoding="utf-8"))
        uid = model.get("uid")
        if uid != path.stem:
            raise InvalidInput(f"{path.name}: uid {uid!r} differs from the file name")
        if uid not in placement:
            raise InvalidInput(f"{path.name}: no folder in folders.json lists {uid}")
        found[uid] = Dashboard(uid, model["title"], placement[uid], model)
    if missing := sorted(set(placement) - set(found)):
        raise InvalidInput(f"folders.json lists dashboards with no file: {missing}")
    return [found[uid] for uid in placement]


def queries(dashboard: Dashboard) -> Iterator[Query]:
    """Every SQL of a dashboard: variables first (panels need their values), then the rest."""
    model = dashboard.model
    for variable in model.get("templating", {}).get("list", []):
        if variable.get("type") == "query":
            yield Query(
                dashboard.uid,
                "variable",
                variable["name"],
                "Var",
                _text(variable.get("query")),
                "table",
                extra={"multi": variable.get("multi", False)}
                | {"includeAll": variable.get("includeAll", False)},
            )
    for annotation in model.get("annotations", {}).get("list", []):
        target = annotation.get("target")
        if annotation.get("builtIn") or not target:
            continue
        yield Query(
            dashboard.uid,
            "annotation",
            annotation["name"],
            target["refId"],
            target["rawSql"],
            "table",
        )
    for panel in panels(model):
        for target in panel.get("targets", []):
            yield Query(
                dashboard.uid,
                "panel",
                panel["title"],
                target["refId"],
                target["rawSql"],
                target.get("format", "time_series"),
                panel_type=panel["type"],
                min_interval=panel.get("interval"),
            )


def panels(model: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every panel, including those inside collapsed rows; rows themselves excluded."""
    for panel in model.get("panels", []):
        if panel.get("type") == "row":
            yield from panel.get("panels", [])
        else:
            yield panel


def _text(query: object) -> str:
    """A variable's query: a string, or an object with a ``rawSql`` (newer Grafana)."""
    if isinstance(query, dict):
        return str(query.get("rawSql", ""))
    return str(query or "")
