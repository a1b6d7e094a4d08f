"""A strict Grafana on loopback: only the documented HTTP API endpoints sync and smoke use.

Shapes follow Grafana's HTTP API documentation (``docs/sources/developers/http_api/
dashboard.md``, ``folder.md``, ``data_source.md``, ``query_and_resource_caching``/``ds/query``).
Every request is recorded; anything else is answered 404 and recorded as unexpected. A request
without the expected bearer token gets 401, as Grafana answers an invalid API key.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

VERSION = "12.1.1"
MAX_UID = 40


@dataclass(frozen=True)
class Request:
    """One request as the server saw it."""

    method: str
    path: str
    body: Any
    authorization: str | None


@dataclass
class State:
    """What the fake Grafana holds, and how it should misbehave."""

    token: str
    folders: dict[str, dict[str, Any]] = field(default_factory=dict)
    dashboards: dict[str, dict[str, Any]] = field(default_factory=dict)
    provisioned: set[str] = field(default_factory=set)
    datasource_health: tuple[int, dict[str, Any]] = (
        200,
        {"status": "OK", "message": "Database Connection OK"},
    )
    query_errors: dict[str, str] = field(default_factory=dict)  # SQL fragment -> error
    requests: list[Request] = field(default_factory=list)
    unexpected: list[Request] = field(default_factory=list)
    next_id: int = 1


Reply = tuple[int, Any]


class FakeGrafana:
    """The server, its state and its URL; ``close()`` stops it."""

    def __init__(self, token: str) -> None:
        self.state = State(token)
        self.lock = threading.Lock()
        handler = type("Handler", (_Handler,), {"fake": self})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        """Stop serving."""
        self.server.shutdown()
        self.server.server_close()

    def writes(self) -> list[Request]:
        """The requests that change something."""
        return [r for r in self.state.requests if r.method != "GET" and r.path != "/api/ds/query"]

    def handle(self, method: str, path: str, body: Any, authorization: str | None) -> Reply:  # noqa: ANN401 - JSON
        """Route one request."""
        request = Request(method, path, body, authorization)
        with self.lock:
            self.state.requests.append(request)
            if (method, path) == ("GET", "/api/health"):
                return 200, {"commit": "fake", "database": "ok", "version": VERSION}
            if authorization != f"Bearer {self.state.token}":
                return 401, {"message": "invalid API key"}
            for pattern, verb, route in _ROUTES:
                match = re.fullmatch(pattern, path)
                if match and verb == method:
                    return route(self, body, *match.groups())
            self.state.unexpected.append(request)
            return 404, {"message": "Not found"}

    def get_folder(self, _: Any, uid: str) -> Reply:  # noqa: ANN401 - JSON
        """``GET /api/folders/:uid``."""
        folder = self.state.folders.get(uid)
        return (200, folder) if folder else (404, {"message": "folder not found"})

    def create_folder(self, body: Any) -> Reply:  # noqa: ANN401 - JSON
        """``POST /api/folders``: ``title`` required, ``uid`` and ``parentUid`` optional."""
        if (
            not isinstance(body, dict)
            or "title" not in body
            or set(body)
            - {
                "title",
                "uid",
                "parentUid",
            }
        ):
            return 400, {"message": "bad request data"}
        uid = body.get("uid") or f"f{self.state.next_id}"
        if uid in self.state.folders:
            return 409, {"message": "a folder with the same uid already exists"}
        folder = {"id": self._id(), "uid": uid, "title": body["title"], "version": 1}
        folder["url"] = f"/dashboards/f/{uid}/"
        self.state.folders[uid] = folder
        return 200, folder

    def update_folder(self, body: Any, uid: str) -> Reply:  # noqa: ANN401 - JSON
        """``PUT /api/folders/:uid``: a new ``title``, ``version`` or ``overwrite``."""
        folder = self.state.folders.get(uid)
        if folder is None:
            return 404, {"message": "folder not found"}
        if not isinstance(body, dict) or set(body) - {"title", "version", "overwrite", "uid"}:
            return 400, {"message": "bad request data"}
        if not body.get("overwrite") and body.get("version") != folder["version"]:
            return 412, {"message": "the folder has been changed by someone else"}
        folder.update(title=body.get("title", folder["title"]), version=folder["version"] + 1)
        return 200, folder

    def get_dashboard(self, _: Any, uid: str) -> Reply:  # noqa: ANN401 - JSON
        """``GET /api/dashboards/uid/:uid``."""
        stored = self.state.dashboards.get(uid)
        if stored is None:
            return 404, {"message": "Dashboard not found"}
        meta = {
            "folderUid": stored["folderUid"],
            "provisioned": uid in self.state.provisioned,
            "url": f"/d/{uid}/",
            "version": stored["dashboard"]["version"],
        }
        return 200, {"dashboard": stored["dashboard"], "meta": meta}

    def save_dashboard(self, body: Any) -> Reply:  # noqa: ANN401, PLR0911 - JSON; one return per refusal
        """``POST /api/dashboards/db``, with Grafana's refusals."""
        allowed = {"dashboard", "folderUid", "folderId", "overwrite", "message"}
        if not isinstance(body, dict) or not isinstance(body.get("dashboard"), dict):
            return 400, {"message": "bad request data"}
        if set(body) - allowed:
            return 400, {"message": f"unknown fields {sorted(set(body) - allowed)}"}
        model = dict(body["dashboard"])
        uid = model.get("uid") or ""
        if not uid or len(uid) > MAX_UID:
            return 400, {"message": "uid too long, max 40 characters"}
        if uid in self.state.provisioned:
            return 400, {"message": "Cannot save provisioned dashboard"}
        folder_uid = body.get("folderUid") or ""
        if folder_uid and folder_uid not in self.state.folders:
            return 400, {"message": "folder not found"}
        existing = self.state.dashboards.get(uid)
        stale = existing and model.get("version") != existing["dashboard"]["version"]
        if stale and not body.get("overwrite"):
            return 412, {"status": "version-mismatch", "message": "version-mismatch"}
        version = existing["dashboard"]["version"] + 1 if existing else 1
        model["id"] = existing["dashboard"]["id"] if existing else self._id()
        model["version"] = version
        self.state.dashboards[uid] = {"dashboard": model, "folderUid": folder_uid}
        return 200, {
            "id": model["id"],
            "uid": uid,
            "url": f"/d/{uid}/",
            "status": "success",
            "version": version,
            "slug": uid,
        }

    def datasource_health(self, _: Any, uid: str) -> Reply:  # noqa: ANN401 - JSON
        """``GET /api/datasources/uid/:uid/health``."""
        if uid != "vigie-timescaledb":
            return 404, {"message": "Data source not found"}
        return self.state.datasource_health

    def query(self, body: Any) -> Reply:  # noqa: ANN401 - JSON
        """``POST /api/ds/query``: one result per refId, an error where configured."""
        if not isinstance(body, dict) or not body.get("queries") or "from" not in body:
            return 400, {"message": "bad request data"}
        results: dict[str, Any] = {}
        status = 200
        for query in body["queries"]:
            sql = query.get("rawSql", "")
            errors = [e for fragment, e in self.state.query_errors.items() if fragment in sql]
            if errors:
                status = 400
                results[query["refId"]] = {"error": errors[0], "status": 400, "frames": []}
            else:
                results[query["refId"]] = {"status": 200, "frames": _frames(sql)}
        return status, {"results": results}

    def _id(self) -> int:
        self.state.next_id += 1
        return self.state.next_id - 1


def _frames(sql: str) -> list[dict[str, Any]]:
    """A one-field frame; a variable query gets two options."""
    values = ["opt-a", "opt-b"] if "__value" in sql else [1.0]
    name = "__value" if "__value" in sql else "value"
    return [
        {
            "schema": {"fields": [{"name": name}], "meta": {"executedQueryString": sql}},
            "data": {"values": [values]},
        }
    ]


_ROUTES = (
    (r"/api/folders/([^/]+)", "GET", FakeGrafana.get_folder),
    (r"/api/folders", "POST", FakeGrafana.create_folder),
    (r"/api/folders/([^/]+)", "PUT", FakeGrafana.update_folder),
    (r"/api/dashboards/uid/([^/]+)", "GET", FakeGrafana.get_dashboard),
    (r"/api/dashboards/db", "POST", FakeGrafana.save_dashboard),
    (r"/api/datasources/uid/([^/]+)/health", "GET", FakeGrafana.datasource_health),
    (r"/api/ds/query", "POST", FakeGrafana.query),
)


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGrafana

    def _serve(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except json.JSONDecodeError:
            status, reply = 400, {"message": "bad request data"}
        else:
            path = urlsplit(self.path).path
            status, reply = self.fake.handle(
                self.command, path, body, self.headers.get("Authorization")
            )
        data = json.dumps(reply).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve  # noqa: N815 - http.server names

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002, ANN401 - stdlib signature
        """Quiet: the requests are recorded instead."""
