"""Push the folders and dashboards of the repository to Grafana with grafana-client, idempotently.

For each folder: ``GET /api/folders/:uid``, then ``POST /api/folders`` when it is missing or
``PUT /api/folders/:uid`` when its title differs. For each dashboard: ``GET
/api/dashboards/uid/:uid``, then ``POST /api/dashboards/db`` (overwrite, in its folder) only when
the stored model or folder differs from the file. A second run sends no write.

Dashboards are pushed, never file-provisioned: Grafana refuses API saves of provisioned
dashboards. Errors are translated by ``grafana.client`` into ``GrafanaUnavailable``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from grafana_client.api import GrafanaApi
from grafana_client.client import GrafanaClientError

from grafana.client import translated
from grafana.dashboards import Dashboard, Folder

log = logging.getLogger(__name__)

SERVER_FIELDS = frozenset({"id", "version"})
NOT_FOUND = 404
T = TypeVar("T")


@dataclass
class SyncReport:
    """What a sync did, by uid."""

    folders_created: list[str] = field(default_factory=list)
    folders_renamed: list[str] = field(default_factory=list)
    dashboards_created: list[str] = field(default_factory=list)
    dashboards_updated: list[str] = field(default_factory=list)
    dashboards_unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether anything was written to Grafana."""
        return bool(
            self.folders_created
            or self.folders_renamed
            or self.dashboards_created
            or self.dashboards_updated
        )

    def summary(self) -> str:
        """One line for the command's output."""
        if not self.changed:
            return (
                f"nothing to change: {len(self.dashboards_unchanged)} dashboard(s) already "
                "up to date"
            )
        parts = [
            f"{len(self.folders_created)} folder(s) created",
            f"{len(self.folders_renamed)} renamed",
            f"{len(self.dashboards_created)} dashboard(s) created",
            f"{len(self.dashboards_updated)} updated",
            f"{len(self.dashboards_unchanged)} unchanged",
        ]
        return ", ".join(parts)


def sync(
    api: GrafanaApi, folders: list[Folder], dashboards: list[Dashboard], message: str
) -> SyncReport:
    """Make Grafana hold exactly these folders and dashboards; write only what differs."""
    report = SyncReport()
    with translated(api):
        api.client.GET("/health")
        for folder in folders:
            _sync_folder(api, folder, report)
        for dashboard in dashboards:
            _sync_dashboard(api, dashboard, message, report)
    log.info(
        "grafana synchronised",
        extra={
            "dashboards_created": len(report.dashboards_created),
            "dashboards_updated": len(report.dashboards_updated),
            "dashboards_unchanged": len(report.dashboards_unchanged),
        },
    )
    return report


def _sync_folder(api: GrafanaApi, folder: Folder, report: SyncReport) -> None:
    existing = _get_or_none(
        lambda: api.folder.get_folder(folder.uid)  # type: ignore[no-untyped-call]  # grafana-client is not annotated
    )
    if existing is None:
        api.folder.create_folder(folder.title, uid=folder.uid)  # type: ignore[no-untyped-call]  # grafana-client is not annotated
        report.folders_created.append(folder.uid)
    elif existing.get("title") != folder.title:
        api.folder.update_folder(folder.uid, title=folder.title, overwrite=True)  # type: ignore[no-untyped-call]  # grafana-client is not annotated
        report.folders_renamed.append(folder.uid)


def _sync_dashboard(
    api: GrafanaApi, dashboard: Dashboard, message: str, report: SyncReport
) -> None:
    existing = _get_or_none(
        lambda: api.dashboard.get_dashboard(dashboard.uid)  # type: ignore[no-untyped-call]  # grafana-client is not annotated
    )
    if existing is not None and _same(existing, dashboard):
        report.dashboards_unchanged.append(dashboard.uid)
        return
    api.dashboard.update_dashboard(  # type: ignore[no-untyped-call]  # grafana-client is not annotated
        {
            "dashboard": {**dashboard.model, "id": None},
            "folderUid": dashboard.folder_uid,
            "overwrite": True,
            "message": message,
        }
    )
    (report.dashboards_created if existing is None else report.dashboards_updated).append(
        dashboard.uid
    )


def _same(existing: dict[str, Any], dashboard: Dashboard) -> bool:
    """Whether Grafana's copy is the file's model in the file's folder (server fields aside)."""
    stored = {k: v for k, v in existing.get("dashboard", {}).items() if k not in SERVER_FIELDS}
    local = {k: v for k, v in dashboard.model.items() if k not in SERVER_FIELDS}
    folder = existing.get("meta", {}).get("folderUid") or ""
    return stored == local and folder == dashboard.folder_uid


def _get_or_none(fetch: Callable[[], T]) -> T | None:
    """The object, or None when Grafana answers 404."""
    try:
        return fetch()
    except GrafanaClientError as exc:
        if exc.status_code == NOT_FOUND:
            return None
        raise
